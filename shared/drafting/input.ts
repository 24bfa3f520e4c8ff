// The JSON description of a recovery-transaction draft (CLI stdin, the bridge) and its one parser:
// numbers stay decimal strings (so a parsed draft is still plain JSON to store), addresses become EIP-55.
import { z } from 'zod';
import { AirlockError, isAirlockError } from '../errors';
import { parseAddress, type Address } from '../evm/address';

const UINT256_MAX = (1n << 256n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** Reads a JSON number field: decimal digits or 0x hex, within 0..max. */
export function parseUint(text: string, max: bigint = UINT256_MAX): bigint | null {
  if (!/^(0|[1-9][0-9]*|0x[0-9a-fA-F]+)$/.test(text) || text.length > 80) return null;
  const value = BigInt(text);
  return value <= max ? value : null;
}

const uint = (max: bigint, what: string) =>
  z.string().transform((text, ctx) => {
    const value = parseUint(text.trim(), max);
    if (value === null) {
      ctx.addIssue({ code: 'custom', message: `must be ${what}: a whole number from 0 to ${max === UINT256_MAX ? '2^256-1' : max.toString()} as a decimal string (or 0x hex)` });
      return z.NEVER;
    }
    return value.toString();
  });

const amount = uint(UINT256_MAX, 'an amount in the smallest unit (wei, raw token units)');
const uint64 = uint(UINT64_MAX, 'a 64-bit number');

const address = z.string().transform((text, ctx): Address => {
  try {
    return parseAddress(text);
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    ctx.addIssue({ code: 'custom', message: `is not a valid address: ${error.message}` });
    return z.NEVER;
  }
});

const threshold = z.union([z.number(), z.string().regex(/^[0-9]{1,3}$/).transform(Number)]).pipe(z.number().int().min(1).max(255));
const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be 0x followed by 64 hex digits (32 bytes)');
const hexBytes = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, 'must be 0x followed by hex digits, two per byte');

type ArgJson = string | boolean | ArgJson[];
const argSchema: z.ZodType<ArgJson> = z.lazy(() =>
  z.union([z.string().max(200_000), z.boolean(), z.array(argSchema).max(1024)], {
    error: 'must be a string (numbers, addresses and bytes are written as strings), true/false, or a list',
  }),
);

const eoaExecutor = z
  .object({
    kind: z.literal('eoa'),
    from: address,
    nonce: uint64,
    gasLimit: uint64.optional(),
    maxFeePerGas: amount.optional(),
    maxPriorityFeePerGas: amount.optional(),
    gasPrice: amount.optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const eip1559 = e.maxFeePerGas !== undefined || e.maxPriorityFeePerGas !== undefined;
    if (eip1559 && e.gasPrice !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['gasPrice'], message: 'cannot be given with maxFeePerGas/maxPriorityFeePerGas: give gasPrice for a legacy transaction, or both EIP-1559 fees' });
    } else if (eip1559 && (e.maxFeePerGas === undefined || e.maxPriorityFeePerGas === undefined)) {
      ctx.addIssue({ code: 'custom', path: [e.maxFeePerGas === undefined ? 'maxFeePerGas' : 'maxPriorityFeePerGas'], message: 'is missing: an EIP-1559 transaction needs both maxFeePerGas and maxPriorityFeePerGas' });
    } else if (!eip1559 && e.gasPrice === undefined) {
      ctx.addIssue({ code: 'custom', path: ['maxFeePerGas'], message: 'is missing: give maxFeePerGas and maxPriorityFeePerGas (EIP-1559), or gasPrice (legacy)' });
    }
  });

const safeExecutor = z
  .object({
    kind: z.literal('safe'),
    safe: address,
    version: z.string().max(20),
    owners: z.array(address).min(1).max(100),
    threshold,
    nonce: amount,
    multiSendCallOnly: address.optional(),
  })
  .strict();

const executor = z.discriminatedUnion('kind', [eoaExecutor, safeExecutor]);

const safeTx = z
  .object({
    to: address,
    value: amount,
    data: hexBytes,
    operation: z.union([z.literal(0), z.literal(1)]),
    safeTxGas: amount,
    baseGas: amount,
    gasPrice: amount,
    gasToken: address,
    refundReceiver: address,
    nonce: amount,
  })
  .strict();

const actionSchemas = [
  z.object({ type: z.literal('native-sweep'), to: address }).strict(),
  z.object({ type: z.literal('native-transfer'), to: address, value: amount }).strict(),
  z.object({ type: z.literal('erc20-sweep'), token: address, to: address, amount: amount.optional() }).strict(),
  z.object({ type: z.literal('revoke-approval'), token: address, spender: address }).strict(),
  z
    .object({
      type: z.literal('contract-call'),
      to: address,
      value: amount.optional(),
      signature: z.string().max(4096).optional(),
      abi: z.array(z.unknown()).max(2000).optional(),
      function: z.string().max(4096).optional(),
      args: z.array(argSchema).max(256),
    })
    .strict()
    .superRefine((a, ctx) => {
      if ((a.signature === undefined) === (a.abi === undefined)) {
        const message = a.signature === undefined ? 'is missing: give "signature" (e.g. "setFee(uint256 fee)") or "abi" with "function"' : 'and "abi" cannot both be given; keep one of them';
        ctx.addIssue({ code: 'custom', path: ['signature'], message });
      } else if (a.abi !== undefined && a.function === undefined) {
        ctx.addIssue({ code: 'custom', path: ['function'], message: 'is missing: with "abi", name the function to call' });
      } else if (a.signature !== undefined && a.function !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['function'], message: 'goes with "abi" only; "signature" already names the function' });
      }
    }),
  z.object({ type: z.literal('safe-add-owner'), owner: address, threshold }).strict(),
  z.object({ type: z.literal('safe-remove-owner'), owner: address, threshold }).strict(),
  z.object({ type: z.literal('safe-swap-owner'), oldOwner: address, newOwner: address }).strict(),
  z.object({ type: z.literal('safe-change-threshold'), threshold }).strict(),
  z.object({ type: z.literal('pause'), target: address }).strict(),
  z.object({ type: z.literal('unpause'), target: address }).strict(),
  z.object({ type: z.literal('timelock-cancel'), timelock: address, operationId: bytes32 }).strict(),
  z.object({ type: z.literal('revoke-role'), target: address, role: z.string().max(200), account: address }).strict(),
  z.object({ type: z.literal('renounce-role'), target: address, role: z.string().max(200), account: address }).strict(),
  z
    .object({
      type: z.literal('safe-exec'),
      safe: address,
      safeTx,
      signatures: hexBytes,
      // With these three the review recomputes the safeTxHash and checks every signature against the owners.
      version: z.string().max(20).optional(),
      owners: z.array(address).min(1).max(100).optional(),
      threshold: threshold.optional(),
    })
    .strict(),
] as const;

export const ACTION_TYPES = actionSchemas.map((s) => s.shape.type.value);
export type ActionType = (typeof ACTION_TYPES)[number];

/** Each action's fields (besides "type") and whether the description must give it: the vocabulary every writer of drafts shares. */
export const ACTION_FIELDS = Object.fromEntries(
  actionSchemas.map((s) => [
    s.shape.type.value,
    Object.fromEntries(Object.entries(s.shape as Record<string, z.ZodType>).filter(([key]) => key !== 'type').map(([key, field]) => [key, { required: !field.safeParse(undefined).success }])),
  ]),
) as { readonly [T in ActionType]: Readonly<Record<string, { required: boolean }>> };

const action = z.discriminatedUnion('type', [...actionSchemas]);

/** A map keyed by token address (any case). */
function byToken<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value).superRefine((map, ctx) => {
    for (const key of Object.keys(map)) {
      if (!/^0x[0-9a-fA-F]{40}$/.test(key.trim())) ctx.addIssue({ code: 'custom', path: [key], message: 'is not a token address (0x followed by 40 hex digits)' });
    }
  });
}

const context = z
  .object({
    chainId: uint64.optional(),
    balance: amount.optional(),
    tokenBalances: byToken(amount).optional(),
    nonce: amount.optional(),
    tokens: byToken(z.object({ symbol: z.string().min(1).max(20), decimals: z.number().int().min(0).max(77) }).strict()).optional(),
    /** The treasury's policy for this draft; requireSimulation comes from its runbook (a report from the relay before signing). */
    policy: z.object({ maxFeePerGas: amount.optional(), maxGasRefund: amount.optional(), requireSimulation: z.boolean().optional() }).strict().optional(),
    snapshotAt: z.string().max(40).optional(),
    /** Where the values above came from, when the vault filled them from a verified relay snapshot. */
    snapshot: z.object({ id: z.number().int().positive(), blockNumber: uint64, merkleRoot: bytes32 }).strict().optional(),
    /** The Safe's owners (getOwners() order) and threshold in that snapshot. */
    safeOwners: z.array(address).max(256).optional(),
    safeThreshold: threshold.optional(),
  })
  .strict();

export const draftInputSchema = z
  .object({
    title: z.string().max(120).optional(),
    chainId: uint64,
    executor,
    actions: z.array(action).min(1, 'must list at least one action').max(50, 'may list at most 50 actions'),
    context: context.optional(),
  })
  .strict();

export type DraftInput = z.infer<typeof draftInputSchema>;

type DescribedInput = z.input<typeof draftInputSchema>;
type DescribedExecutor<K> = Extract<DescribedInput['executor'], { kind: K }>;
/** The fields a verified relay snapshot fills when the description leaves them out (prefill.ts). */
type FromSnapshot<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/**
 * A draft description as it is written before the vault reads it (the app's Build form over the bridge, the CLI, a
 * runbook step): the schema's own input type, except that with a snapshot chosen, the chain id, the executor's nonce
 * and fees and a Safe's owners, threshold and version may be left for the vault to fill. parseDraftInput, after the
 * snapshot prefill, is still its one parser.
 */
export type DraftDescription = FromSnapshot<Omit<DescribedInput, 'executor'>, 'chainId'> & {
  executor:
    | FromSnapshot<DescribedExecutor<'eoa'>, 'nonce' | 'maxFeePerGas' | 'maxPriorityFeePerGas'>
    | FromSnapshot<DescribedExecutor<'safe'>, 'owners' | 'threshold' | 'nonce' | 'version'>;
};
export type DescribedAction = DescribedInput['actions'][number];
export type DraftAction = DraftInput['actions'][number];
export type DraftExecutor = DraftInput['executor'];
export type DraftContext = NonNullable<DraftInput['context']>;

/** The one parser of a draft description. Every failure is `draft-invalid` with a sentence naming the field. */
export function parseDraftInput(json: unknown): DraftInput {
  const result = draftInputSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw draftInvalid(`In the draft description, ${fieldName(issue.path)} ${issueText(issue).replace(/\.+$/, '')}.`);
}

/** "actions[0].to" for zod's path ["actions", 0, "to"]; "the description" for the root. */
export function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the description';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function issueText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `has a field Airlock does not know (${issue.keys.map((k) => `"${k.slice(0, 40)}"`).join(', ')}); check its spelling`;
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator) {
        const options = 'options' in issue && Array.isArray(issue.options) ? (issue.options as unknown[]).join(', ') : '';
        return `is missing or not one Airlock knows; it must be one of: ${options}`;
      }
      return issue.message.replace(/^Invalid input: /, 'is not valid: ');
    case 'invalid_type':
      // zod leaves the input out of issues; its message ends "received undefined" for a missing field.
      return /received undefined$/.test(issue.message)
        ? `is missing (expected ${issue.expected})`
        : issue.expected === 'string'
          ? 'must be a string (numbers are written as decimal strings, e.g. "21000")'
          : `must be ${issue.expected === 'object' ? 'an object' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
    case 'too_big':
    case 'too_small':
      // zod's own wording starts "Too big:"/"Too small:"; ours is already a phrase.
      return /^Too (big|small): /.test(issue.message)
        ? `is too ${issue.code === 'too_big' ? 'long or large' : 'short or small'} (${issue.message.replace(/^Too (big|small): /, '')})`
        : issue.message;
    default:
      return issue.message.replace(/^Invalid input: /, 'is not valid: ');
  }
}

export function draftInvalid(message: string): AirlockError {
  return new AirlockError('draft-invalid', message);
}

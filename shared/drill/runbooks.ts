// Runbooks: named recovery plans, each a sequence of steps whose transactions are draft templates (the draft
// contract's vocabulary, shared/drafting/input.ts) with placeholders, and a target recovery time (RTO).
// Placeholders: "{{param:NAME}}" (a value the treasury sets for this runbook, e.g. the fallback Safe) and
// "{{account:ROLE}}" (the vault's first registered account with that role). Built-ins ship here; the vault
// stores them on first use, and they are edited there. A Bitcoin step's template is {"kind":"bitcoin-psbt",
// "outputsOnlyTo": wallet}: its PSBT comes from the coordinator, and its review requires every output to pay that
// registered wallet (rehearsed in a drill with a coin that does not exist). A runbook may act on several chains: `chains` lists each
// with its own parameters (its Safe, its target), every step runs on each chain unless it names one (`chain`), and
// each chain's drafts are built against that chain's own snapshot. `policy.requireSimulation` asks for the relay's
// simulation of every draft before signing.
import { z } from 'zod';
import { AirlockError } from '../errors';

const PLACEHOLDER = /\{\{(param|account):([A-Za-z][A-Za-z0-9_-]{0,39})\}\}/g;

const chainIdText = z.string().regex(/^[1-9][0-9]{0,19}$/, 'is a chain id such as "1" or "8453"');
const paramsSchema = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/), z.string().max(200));

const stepSchema = z
  .object({
    title: z.string().min(1).max(120),
    /** A draft description without chainId, nonce or fees: those come from the latest snapshot. */
    draft: z.record(z.string(), z.unknown()),
    /** Run this step on one chain only (its chain id); without it the step runs on every chain of the runbook. */
    chain: chainIdText.optional(),
  })
  .strict();

/** One chain a runbook acts on: its chain id and the parameters that differ there (they override the runbook's). */
const chainSchema = z.object({ chainId: chainIdText, params: paramsSchema.default({}) }).strict();

export const runbookSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'is a short name in lower case with dashes, e.g. "rotate-safe-owner"'),
    title: z.string().min(1).max(120),
    description: z.string().max(1000),
    rtoMinutes: z.number().int().min(1).max(10_080),
    params: paramsSchema,
    steps: z.array(stepSchema).min(1).max(20),
    chains: z.array(chainSchema).min(1).max(16).optional(),
    policy: z.object({ requireSimulation: z.boolean().optional() }).strict().optional(),
  })
  .strict()
  .superRefine((runbook, ctx) => {
    const ids = (runbook.chains ?? []).map((c) => c.chainId);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['chains'], message: 'lists a chain twice' });
    runbook.steps.forEach((step, i) => {
      if (step.chain !== undefined && runbook.chains && !ids.includes(step.chain)) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'chain'], message: `names chain ${step.chain}, which is not in the runbook's chains` });
      }
    });
  });

export type Runbook = z.infer<typeof runbookSchema>;

export function parseRunbook(value: unknown): Runbook {
  const parsed = runbookSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AirlockError('runbook-invalid', `The runbook is not right at "${issue?.path.join('.') || 'the top'}": ${issue?.message ?? 'invalid'}.`);
  }
  return parsed.data;
}

export const BUILTIN_RUNBOOKS: readonly Runbook[] = [
  {
    name: 'sweep-leaked-eoa',
    title: 'Sweep a leaked EOA to the fallback Safe',
    description: 'A treasury account key may have leaked: move all of its ETH to the fallback Safe before anyone else does.',
    rtoMinutes: 30,
    params: { fallbackSafe: '' },
    steps: [
      {
        title: 'Sweep the ETH to the fallback Safe',
        draft: { executor: { kind: 'eoa', from: '{{account:eoa-treasury}}' }, actions: [{ type: 'native-sweep', to: '{{param:fallbackSafe}}' }] },
      },
    ],
  },
  {
    name: 'rotate-safe-owner',
    title: 'Rotate a compromised Safe owner',
    description: 'Replace an owner whose key is compromised with a fresh one; the Safe keeps its threshold.',
    rtoMinutes: 120,
    params: { safe: '', compromisedOwner: '', newOwner: '' },
    steps: [
      {
        title: 'Swap the compromised owner for the new one',
        draft: { executor: { kind: 'safe', safe: '{{param:safe}}' }, actions: [{ type: 'safe-swap-owner', oldOwner: '{{param:compromisedOwner}}', newOwner: '{{param:newOwner}}' }] },
      },
    ],
  },
  {
    name: 'emergency-pause',
    title: 'Emergency pause through the Safe',
    description: 'Pause the protocol contract whose pauser role the Safe holds.',
    rtoMinutes: 15,
    params: { safe: '', target: '' },
    steps: [{ title: 'Pause the protocol', draft: { executor: { kind: 'safe', safe: '{{param:safe}}' }, actions: [{ type: 'pause', target: '{{param:target}}' }] } }],
  },
  {
    name: 'revoke-approvals',
    title: 'Revoke approvals',
    description: 'Set a risky spender\'s allowance on a treasury token to zero.',
    rtoMinutes: 30,
    params: { token: '', spender: '' },
    steps: [
      {
        title: 'Revoke the spender\'s allowance',
        draft: { executor: { kind: 'eoa', from: '{{account:eoa-treasury}}', gasLimit: '80000' }, actions: [{ type: 'revoke-approval', token: '{{param:token}}', spender: '{{param:spender}}' }] },
      },
    ],
  },
  {
    name: 'sweep-btc-to-fallback',
    title: "Sign the coordinator's Bitcoin sweep to the fallback multisig",
    description:
      'The watch-only coordinator (Sparrow, Specter, Nunchuk, Caravan) builds a PSBT that moves the Bitcoin treasury to the fallback multisig; the vault signs it only if every output pays that registered wallet.',
    rtoMinutes: 60,
    params: { fallbackWallet: '' },
    steps: [{ title: 'Sign the sweep to the fallback multisig', draft: { kind: 'bitcoin-psbt', outputsOnlyTo: '{{param:fallbackWallet}}' } }],
  },
];

/** A resolved step that signs a coordinator's PSBT rather than building a draft. */
export interface BitcoinStep {
  kind: 'bitcoin-psbt';
  /** The registered wallet every output must pay. */
  outputsOnlyTo: string;
}

export function isBitcoinStep(description: Record<string, unknown>): description is Record<string, unknown> & BitcoinStep {
  return description['kind'] === 'bitcoin-psbt';
}

/** One draft a runbook asks for: its step, the chain it is for (null: the chain of the newest snapshot) and its template's parameters. */
export interface PlannedStep {
  index: number;
  title: string;
  chainId: string | null;
  draft: Record<string, unknown>;
  params: Readonly<Record<string, string>>;
}

/** The runbook's drafts in order: each step on each of its chains (or once, on the newest snapshot's chain, when it lists none). */
export function runbookPlan(runbook: Runbook): PlannedStep[] {
  return runbook.steps.flatMap((step, index) => {
    const chains = runbook.chains?.filter((c) => step.chain === undefined || c.chainId === step.chain) ?? [{ chainId: step.chain ?? null, params: {} }];
    return chains.map((chain) => ({ index, title: step.title, chainId: chain.chainId, draft: step.draft, params: { ...runbook.params, ...chain.params } }));
  });
}

/**
 * The description of a planned step's draft: placeholders resolved, its chain set, and the runbook's policy added to
 * the draft's own (so a draft from a runbook that requires simulation says so in its review).
 */
export function plannedDescription(runbook: Runbook, step: PlannedStep, accountFor: (role: string) => string | undefined): Record<string, unknown> {
  const description = resolveStep(step.draft, step.params, accountFor);
  const context = isRecord(description.context) ? description.context : {};
  const policy = { ...(isRecord(context.policy) ? context.policy : {}), ...(runbook.policy?.requireSimulation ? { requireSimulation: true } : {}) };
  return {
    ...description,
    ...(step.chainId !== null ? { chainId: step.chainId } : {}),
    ...(Object.keys(policy).length > 0 ? { context: { ...context, policy } } : {}),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Replaces every placeholder in a step's draft template. A parameter left empty or an account role the vault
 * does not have is refused with a sentence naming it, so the drill reports what the runbook is missing.
 */
export function resolveStep(template: Record<string, unknown>, params: Readonly<Record<string, string>>, accountFor: (role: string) => string | undefined): Record<string, unknown> {
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(PLACEHOLDER, (_, kind: string, name: string) => {
        const resolved = kind === 'param' ? params[name] : accountFor(name);
        if (!resolved) {
          throw new AirlockError(
            'runbook-incomplete',
            kind === 'param'
              ? `The runbook parameter "${name}" is not set. Set it in the runbook before drilling it.`
              : `The vault has no registered account with the role "${name}" that this runbook needs.`,
          );
        }
        return resolved;
      });
    }
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  return replace(template) as Record<string, unknown>;
}

// The relay's simulation report (relay → vault, UR airlock-simulation-report): what one unsigned draft did when the
// relay ran it at one block — success or revert with the reason, gas used, balance changes of every address, approvals,
// Safe control changes, code and proxy changes, storage touched, events — and where its endpoints disagreed. Its type
// and its one strict parser. Every number is a decimal string and every hex value lower case, so one report has one
// canonical text (signature.ts signs that text).
import { z } from 'zod';
import { SIMULATION_REPORT_UR_TYPE } from '../airgap/airlock-types';
import { airlockJsonText } from '../airgap/payload-text';
import { AirlockError } from '../errors';
import { checksummedAddress } from '../snapshot/schema';

export const SIMULATION_REPORT_VERSION = 1;
/** Caps so a hostile report cannot make the vault allocate without bound (H-19). */
export const SIMULATION_LIMITS = { overrides: 16, balances: 512, approvals: 128, safeChanges: 64, codeChanges: 64, storage: 512, events: 1024, disagreements: 256, text: 512, returnBytes: 1024 } as const;

const decimal = z.string().max(80).regex(/^(0|[1-9][0-9]*)$/, 'a decimal number without leading zeros');
/** A change in a balance: never "-0", never a leading zero. */
const signedDecimal = z.string().max(81).regex(/^(0|-?[1-9][0-9]*)$/, 'a signed decimal number without leading zeros');
const hash32 = z.string().regex(/^0x[0-9a-f]{64}$/, 'a 32-byte lower-case hex value');
const hexBytes = (max: number) => z.string().max(2 + max * 2).regex(/^0x([0-9a-f]{2})*$/, 'lower-case hex');
/** Exactly the EIP-55 spelling, as in a snapshot: one report has one text. */
const address = checksummedAddress;
const text = z.string().max(SIMULATION_LIMITS.text);

const outcome = z
  .object({
    status: z.enum(['success', 'reverted']),
    /** Why it reverted, decoded where Airlock knows the error ("GS013", "EnforcedPause()"), else the selector. */
    reason: text.nullable(),
    gasUsed: decimal,
    returnData: hexBytes(SIMULATION_LIMITS.returnBytes),
    /** Safe drafts: the safeTxHash the Safe reported executing (ExecutionSuccess), null when it reported none. */
    safeTxHash: hash32.nullable(),
  })
  .strict();

const balanceChange = z.object({ address, asset: z.union([z.literal('native'), address]), delta: signedDecimal }).strict();
/** amount: the allowance set (decimal), "all" / "none" for an operator approval, or "token N" for one NFT. */
const approval = z.object({ token: address, owner: address, spender: address, amount: text }).strict();
const safeChange = z.object({ safe: address, field: z.enum(['owners', 'threshold', 'modules', 'guard', 'fallbackHandler', 'singleton']), before: text, after: text }).strict();
const codeChange = z.object({ address, kind: z.enum(['created', 'destroyed', 'implementation', 'beacon', 'admin']), before: text, after: text }).strict();
const storageChange = z.object({ address, slots: decimal }).strict();
const event = z.object({ address, name: z.string().max(64), args: text }).strict();
const disagreement = z.object({ endpoint: decimal, path: text, expected: text, observed: text }).strict();

/** Everything the relay signs. */
export const simulationBodySchema = z
  .object({
    version: z.literal(SIMULATION_REPORT_VERSION),
    chainId: decimal,
    blockNumber: decimal,
    blockHash: hash32,
    simulatedAt: decimal,
    /** The draft digest, recomputed by the relay from what it simulated. */
    digest: hash32,
    kind: z.enum(['eoa', 'safe']),
    /** The account that sends it, or the Safe that executes it. */
    executor: address,
    /** True when the node traced the effects (debug_traceCall); false when it could only run the call (eth_call). */
    traced: z.boolean(),
    /** The state the relay changed to run a not-yet-signed transaction, one sentence each. */
    overrides: z.array(text).max(SIMULATION_LIMITS.overrides),
    outcome,
    balanceChanges: z.array(balanceChange).max(SIMULATION_LIMITS.balances),
    approvals: z.array(approval).max(SIMULATION_LIMITS.approvals),
    safeChanges: z.array(safeChange).max(SIMULATION_LIMITS.safeChanges),
    codeChanges: z.array(codeChange).max(SIMULATION_LIMITS.codeChanges),
    storageChanges: z.array(storageChange).max(SIMULATION_LIMITS.storage),
    events: z.array(event).max(SIMULATION_LIMITS.events),
    crossCheck: z.object({ endpoints: decimal, disagreements: z.array(disagreement).max(SIMULATION_LIMITS.disagreements) }).strict(),
  })
  .strict();

export const signedSimulationReportSchema = simulationBodySchema
  .extend({
    /** 64-byte compact secp256k1 signature (r || s, low-s) by the relay's device key, hex. */
    signature: hexBytes(64).refine((s) => s.length === 130, '64 bytes'),
    /** 33-byte compressed public key of the relay's device key, hex. */
    relayKey: hexBytes(33).refine((s) => s.length === 68, '33 bytes'),
  })
  .strict();

export type SimulationBody = z.infer<typeof simulationBodySchema>;
export type SignedSimulationReport = z.infer<typeof signedSimulationReportSchema>;
export type SimulationEffects = Pick<SimulationBody, 'outcome' | 'balanceChanges' | 'approvals' | 'safeChanges' | 'codeChanges' | 'storageChanges' | 'events'>;

/** The one parser of a report from outside (QR, stdin, the database): names the first bad field. */
export function parseSimulationReport(value: unknown): SignedSimulationReport {
  const parsed = signedSimulationReportSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'the report';
    throw new AirlockError('simulation-report-malformed', `This is not a valid Airlock simulation report: ${field} is not right (${issue?.message ?? 'invalid'}). Simulate the draft on the relay again.`, {
      field,
    });
  }
  return parsed.data;
}

/** Longest report text looked at (JSON or UR parts). */
export const MAX_SIMULATION_REPORT_CHARS = 2 * 1024 * 1024;

/** A report pasted or read as text: its JSON, or its ur:airlock-simulation-report parts separated by white space. */
export function parseSimulationReportText(text: string): SignedSimulationReport {
  return parseSimulationReport(airlockJsonText(text, { type: SIMULATION_REPORT_UR_TYPE, maxChars: MAX_SIMULATION_REPORT_CHARS, what: 'simulation report', code: 'simulation-report-malformed' }));
}

/**
 * The canonical text of a value made of strings, booleans, null, the version number, arrays and objects: object keys
 * sorted by code unit, no white space. The schema leaves no other value in a report, so one report has one text.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new TypeError('expected only whole numbers in a canonical value');
  return JSON.stringify(value);
}

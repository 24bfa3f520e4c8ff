// The Bitcoin section's state apart from its view (tested in Node): the PSBT review read from the bridge's reply
// into rows a key holder reads (amounts in BTC beside sats, who owns each input, which output is verified change),
// failing closed when the reply cannot be read, and the account and wallet forms turned into bridge requests.
import { z } from 'zod';
import { warningSchema, type RequestOf } from '../../shared/bridge';

const SATS_PER_BTC = 100_000_000;

const inputSchema = z.object({
  index: z.number(),
  outpoint: z.string(),
  value: z.number().nullable(),
  address: z.string().nullable(),
  type: z.string(),
  ours: z.boolean(),
  wallet: z.string().nullable(),
  path: z.string().nullable(),
  sighash: z.string(),
  previousTx: z.boolean(),
});
const outputSchema = z.object({ index: z.number(), address: z.string().nullable(), value: z.number(), type: z.string(), change: z.boolean(), wallet: z.string().nullable(), path: z.string().nullable() });
const reviewSchema = z.object({
  network: z.enum(['mainnet', 'testnet']),
  txid: z.string(),
  locktimeText: z.string(),
  rbf: z.boolean(),
  inputs: z.array(inputSchema),
  outputs: z.array(outputSchema),
  inputValue: z.number().nullable(),
  outputValue: z.number(),
  fee: z.number().nullable(),
  feeRate: z.number().nullable(),
  vsize: z.number(),
  signing: z.number(),
  warnings: z.array(warningSchema),
  blocking: z.array(warningSchema),
  acknowledgementsRequired: z.array(z.string()),
});

export type PsbtReviewModel = z.infer<typeof reviewSchema>;
export type InputRow = z.infer<typeof inputSchema>;
export type OutputRow = z.infer<typeof outputSchema>;

/** "0.00070000 BTC (70,000 sats)": exact, from whole sats, never through floating BTC. */
export function formatSats(sats: number): string {
  const negative = sats < 0;
  const whole = Math.abs(Math.trunc(sats));
  const btc = `${Math.floor(whole / SATS_PER_BTC)}.${String(whole % SATS_PER_BTC).padStart(8, '0')}`;
  return `${negative ? '-' : ''}${btc} BTC (${whole.toLocaleString('en-US')} sats)`;
}

/**
 * The review as the page shows it. SECURITY(H-23): a reply that does not read as a review blocks (fail closed), so
 * nothing is signed unseen; main enforces the policy again whatever the page shows.
 */
export function readReview(review: unknown): { review: PsbtReviewModel | null; blocking: PsbtReviewModel['blocking'] } {
  const parsed = reviewSchema.safeParse(review);
  if (parsed.success) return { review: parsed.data, blocking: parsed.data.blocking };
  return { review: null, blocking: [{ code: 'malformed-call', severity: 'critical', message: 'The PSBT review could not be read; nothing can be signed.' }] };
}

export function inputLine(input: InputRow): string {
  if (!input.ours) return "Not the vault's to sign: shown, left to its own signer";
  return `The vault signs it · ${input.wallet ?? ''} · ${input.path ?? ''}${input.previousTx ? '' : ' · previous transaction not given'}`;
}

export function outputLine(output: OutputRow): string {
  if (output.change) return `Change, verified: pays the vault's ${output.wallet ?? 'wallet'} at ${output.path ?? '?'}`;
  return output.type === 'op-return' ? 'Data (OP_RETURN), no payment' : 'Payment out of the vault';
}

/** "2,000 sats · 10.2 sat/vB · 141 vB (estimated)", or why the fee cannot be shown. */
export function feeLine(review: PsbtReviewModel): string {
  if (review.fee === null) return 'Unknown: an input does not state its amount.';
  return `${formatSats(review.fee)} · ${review.feeRate ?? '?'} sat/vB · ${review.vsize} vB (estimated)`;
}

export function summaryLine(review: PsbtReviewModel): string {
  const out = review.outputs.filter((o) => !o.change).reduce((sum, o) => sum + o.value, 0);
  return `Signs ${review.signing} of ${review.inputs.length} inputs · pays out ${formatSats(out)} · ${review.rbf ? 'replaceable (RBF)' : 'final (no RBF)'} · locktime ${review.locktimeText}`;
}

export interface AccountForm {
  kind: 'p2wpkh' | 'p2tr' | 'p2wsh-cosigner';
  network: 'mainnet' | 'testnet';
  index: string;
  label: string;
}

export const ACCOUNT_KINDS: ReadonlyArray<readonly [AccountForm['kind'], string]> = [
  ['p2wpkh', "Native segwit, BIP-84 (m/84'/coin'/n')"],
  ['p2tr', "Taproot, BIP-86 (m/86'/coin'/n')"],
  ['p2wsh-cosigner', "Multisig cosigner key, BIP-48 (m/48'/coin'/n'/2')"],
];

export type FormResult<T> = { ok: true; request: T } | { ok: false; message: string };

export function accountRequest(form: AccountForm): FormResult<RequestOf<'bitcoin.addAccount'>> {
  const label = form.label.trim();
  if (!label) return { ok: false, message: 'Give the account a label, e.g. "BTC treasury".' };
  if (!/^(0|[1-9][0-9]{0,9})$/.test(form.index.trim()) || Number(form.index) > 0x7fffffff) return { ok: false, message: 'The account number is a whole number, 0 for the first account.' };
  return { ok: true, request: { kind: form.kind, network: form.network, index: Number(form.index), label } };
}

export interface WalletForm {
  name: string;
  network: 'mainnet' | 'testnet';
  descriptor: string;
}

export function walletRequest(form: WalletForm): FormResult<RequestOf<'bitcoin.importWallet'>> {
  const name = form.name.trim();
  const descriptor = form.descriptor.trim();
  if (!name) return { ok: false, message: 'Give the wallet a name, e.g. "Fallback 2-of-3".' };
  if (!/^wsh\(sortedmulti\(/.test(descriptor)) return { ok: false, message: 'Paste the multisig descriptor as the coordinator exports it: wsh(sortedmulti(k,[fingerprint/48\'/…]xpub…/<0;1>/*,…)).' };
  return { ok: true, request: { name, network: form.network, descriptor } };
}

/** The runbook rules a PSBT may be reviewed under: none, or every output paying one known wallet (a fallback sweep). */
export function ruleOptions(wallets: readonly string[]): Array<readonly [string, string]> {
  return [['', 'No runbook rule'], ...wallets.map((w) => [w, `Every output must pay "${w}" (fallback sweep)`] as const)];
}

/** The psbt.review request for the scanned parts, under the chosen rule ('' for none). */
export function psbtReviewRequest(parts: string[], rule: string): RequestOf<'psbt.review'> {
  return { parts, ...(rule ? { outputsOnlyTo: rule } : {}) };
}

/** Signing goes straight on with an unlocked vault; otherwise a quorum unlocks it first. */
export function signingStep(unlock: { state: string }): 'sign' | 'unlock-first' {
  return unlock.state === 'unlocked' ? 'sign' : 'unlock-first';
}

export function signedInputsTitle(signedInputs: readonly number[]): string {
  return `Signed ${signedInputs.length} input${signedInputs.length === 1 ? '' : 's'}`;
}

// SECURITY(H-23): the review of a PSBT, as a key holder reads it before signing: every input (the vault's or
// not, amount, path), every output (address, amount, verified change or a payment out), the fee in sats and
// sat/vB, locktime and RBF; and its warnings, raised only through the one rules table, so the one signing policy
// decides. Change is "verified" only when the vault derives that very script itself (shared/btc/ownership.ts).
import { Address, OutScript, SigHash, type Transaction } from '@scure/btc-signer';
import { hex } from '@scure/base';
import { bySeverity, warning, type Warning } from '../drafting/rules';
import { policyJson } from '../drafting/policy';
import { addressParams, type BtcNetwork } from './network';
import { derivationsOf, prepareClaims, resolveClaim, type Claim, type Ownership, type Wallet } from './ownership';
import { checkedAmount, prevoutOf, psbtInvalid, scriptKind, type ScriptKind } from './psbt';
import { estimateVsize } from './size';

/** SECURITY(H-23): above this rate, or above a tenth of the inputs (and at least FEE_SHARE_FLOOR sats), the fee is acknowledged. */
export const MAX_FEE_RATE = 1000;
export const MAX_FEE_SHARE = 0.1;
export const FEE_SHARE_FLOOR = 100_000;

export interface InputReview {
  index: number;
  /** txid:vout of the coin spent. */
  outpoint: string;
  /** Sats, or null when the PSBT does not say. */
  value: number | null;
  address: string | null;
  type: ScriptKind | 'unknown';
  /** True only when the vault derives this input's script itself: it will sign it. */
  ours: boolean;
  wallet: string | null;
  path: string | null;
  sighash: string;
  /** Whether the previous transaction came with it (segwit v0 amounts are otherwise the coordinator's word). */
  previousTx: boolean;
}

export interface OutputReview {
  index: number;
  address: string | null;
  /** Sats. */
  value: number;
  type: ScriptKind;
  /** True only when the vault derives this output's script itself (verified change, or a receive address of its own). */
  change: boolean;
  wallet: string | null;
  path: string | null;
}

export interface PsbtReview {
  network: BtcNetwork;
  /** The unsigned transaction's id (it changes only if inputs or outputs change). */
  txid: string;
  version: number;
  locktime: number;
  locktimeText: string;
  rbf: boolean;
  inputs: InputReview[];
  outputs: OutputReview[];
  inputValue: number | null;
  outputValue: number;
  /** Sats; null when an input's amount is unknown. */
  fee: number | null;
  /** sat/vB over the estimated signed size, one decimal. */
  feeRate: number | null;
  vsize: number;
  /** How many inputs the vault will sign. */
  signing: number;
  warnings: Warning[];
}

export interface ReviewOptions {
  /** A runbook's rule: every output must pay this wallet (its name is the one the vault registered). */
  outputsOnlyTo?: Wallet;
}

/** Reviews a decoded PSBT against what the vault owns. Nothing here needs a private key. */
export function reviewPsbt(tx: Transaction, network: BtcNetwork, own: Ownership, options: ReviewOptions = {}): { review: PsbtReview; claims: Claim[] } {
  const warnings: Warning[] = [];
  const params = addressParams(network);
  const claims: Claim[] = [];
  const inputs: InputReview[] = [];
  const spends: Array<{ input: ReturnType<Transaction['getInput']>; kind: InputReview['type'] }> = [];
  let rbf = false;
  // Each input and output is read once (btc-signer hands out deep copies), and every key they name is derived in
  // one batch before the checks below, which still run for each of them.
  const raws = Array.from({ length: tx.inputsLength }, (_, i) => tx.getInput(i));
  const rawOutputs = Array.from({ length: tx.outputsLength }, (_, i) => tx.getOutput(i));
  raws.forEach((field, i) => refuseRepeatedClaims(field, own, `input ${i}`));
  rawOutputs.forEach((field, i) => refuseRepeatedClaims(field, own, `output ${i}`));
  prepareClaims([...raws, ...rawOutputs], own);
  for (const [i, raw] of raws.entries()) {
    const { input, claim } = reviewInput(raw, i, network, own, warnings);
    inputs.push(input);
    claims.push(claim);
    spends.push({ input: raw, kind: input.type });
    rbf ||= (raw.sequence ?? 0xffffffff) < 0xfffffffe;
  }
  const outputs = rawOutputs.map((output, i) => reviewOutput(output, i, params, own, warnings, options.outputsOnlyTo));
  const known = inputs.every((i) => i.value !== null);
  const inputValue = known ? Number(checkedAmount(inputs.reduce((sum, i) => sum + BigInt(i.value!), 0n), 'the inputs together')) : null;
  const outputValue = outputs.reduce((sum, o) => sum + o.value, 0);
  const vsize = estimateVsize(tx, spends);
  const fee = inputValue === null ? null : inputValue - outputValue;
  if (fee !== null && fee < 0) warnings.push(warning('psbt-input-amount-unknown', `The outputs (${outputValue} sats) are more than the inputs hold (${inputValue} sats): the stated input amounts are wrong.`));
  const feeRate = fee === null ? null : Math.round((fee / vsize) * 10) / 10;
  if (fee !== null && feeRate !== null && (feeRate > MAX_FEE_RATE || (fee >= FEE_SHARE_FLOOR && fee > inputValue! * MAX_FEE_SHARE))) {
    warnings.push(warning('fee-above-bound', `The fee is ${fee} sats (${feeRate} sat/vB) of ${inputValue} sats spent.`));
  }
  const signing = inputs.filter((i) => i.ours).length;
  if (signing < inputs.length) warnings.push(warning('inputs-not-ours', `${inputs.length - signing} of ${inputs.length} inputs are not the vault's to sign.`));
  const locktime = tx.lockTime;
  return {
    claims,
    review: {
      network,
      txid: tx.id,
      version: tx.version,
      locktime,
      locktimeText: locktime === 0 ? 'none' : locktime < 500_000_000 ? `block ${locktime}` : `time ${new Date(locktime * 1000).toISOString()}`,
      rbf,
      inputs,
      outputs,
      inputValue,
      outputValue,
      fee,
      feeRate,
      vsize,
      signing,
      warnings: bySeverity(warnings),
    },
  };
}

function reviewInput(input: ReturnType<Transaction['getInput']>, i: number, network: BtcNetwork, own: Ownership, warnings: Warning[]): { input: InputReview; claim: Claim } {
  const outpoint = `${input.txid ? hex.encode(input.txid) : '?'}:${input.index ?? '?'}`;
  const prevout = prevoutOf(input, i);
  const sighash = input.sighashType;
  const base = { index: i, outpoint, sighash: sighashName(sighash) };
  if (prevout.kind !== 'known') {
    warnings.push(warning('psbt-input-amount-unknown', `Input ${i} (${outpoint}) states neither its previous output nor its previous transaction.`));
    return { input: { ...base, value: null, address: null, type: 'unknown', ours: false, wallet: null, path: null, previousTx: false }, claim: { kind: 'none' } };
  }
  const type = scriptKind(prevout.script);
  const resolved = resolveClaim(prevout.script, derivationsOf(input), own);
  const ours = resolved.kind === 'ours' && !input.finalScriptWitness && !input.finalScriptSig;
  if (ours && (type === 'p2wpkh' || type === 'p2wsh') && !prevout.previousTx) {
    warnings.push(warning('segwit-input-without-previous-tx', `Input ${i} (${outpoint}, ${prevout.amount} sats) is segwit v0 and comes without its previous transaction.`));
  }
  const defaultSighash = type === 'p2tr' ? SigHash.DEFAULT : SigHash.ALL;
  // A sighash no signer can make is refused now, before a quorum unlocks for a signature that cannot be made.
  if (ours && sighash !== undefined && sighash !== defaultSighash && !SIGNABLE_SIGHASHES.has(sighash)) {
    throw psbtInvalid(`input ${i} asks for the sighash type ${sighashName(sighash)}, which is not a Bitcoin sighash type`);
  }
  if (ours && sighash !== undefined && sighash !== defaultSighash && sighash !== SigHash.ALL) {
    warnings.push(warning('sighash-not-all', `Input ${i} (${outpoint}) asks for ${sighashName(sighash)}.`));
  }
  const claim: Claim = ours ? resolved : { kind: 'none' };
  return {
    claim,
    input: {
      ...base,
      value: Number(prevout.amount),
      address: addressOf(prevout.script, network),
      type,
      ours,
      wallet: claim.kind === 'ours' ? claim.wallet.name : null,
      path: claim.kind === 'ours' ? claim.path : null,
      previousTx: prevout.previousTx,
    },
  };
}

function reviewOutput(output: ReturnType<Transaction['getOutput']>, i: number, params: ReturnType<typeof addressParams>, own: Ownership, warnings: Warning[], fallback: Wallet | undefined): OutputReview {
  const script = output.script!;
  const value = Number(output.amount ?? 0n);
  const address = addressOf(script, params);
  const claim = resolveClaim(script, derivationsOf(output), own);
  const shown = address ?? `script ${hex.encode(script).slice(0, 40)}`;
  if (claim.kind === 'not-ours') warnings.push(warning('change-not-ours', `Output ${i} (${value} sats to ${shown}) claims ${claim.path}, but ${claim.why}.`));
  if (claim.kind === 'unverified') warnings.push(warning('change-unverified', `Output ${i} (${value} sats to ${shown}) names the vault's key at ${claim.path}.`));
  if (value > 0 && unspendable(script)) warnings.push(warning('output-burns', `Output ${i} sends ${value} sats to ${shown}, which no one can ever spend.`));
  if (fallback && !paysWallet(script, derivationsOf(output), fallback)) {
    warnings.push(warning('output-not-fallback-wallet', `Output ${i} (${value} sats to ${shown}) does not pay ${fallback.name}.`));
  }
  const ours = claim.kind === 'ours';
  return { index: i, address, value, type: scriptKind(script), change: ours, wallet: ours ? claim.wallet.name : null, path: ours ? claim.path : null };
}

/**
 * A field names the vault's master key once per key it holds: once, or twice for a taproot key given both as a BIP-32
 * and a BIP-371 derivation (a wallet holds one key of the vault). More is no coordinator's PSBT, and each such claim
 * costs a key derivation, so thousands of them would hold the vault: refused before any is derived.
 */
export const MAX_OWN_DERIVATIONS_PER_FIELD = 2;

function refuseRepeatedClaims(field: Parameters<typeof derivationsOf>[0], own: Ownership, what: string): void {
  const named = derivationsOf(field).filter((d) => d.fingerprint === own.masterFingerprint).length;
  if (named > MAX_OWN_DERIVATIONS_PER_FIELD) {
    throw psbtInvalid(`${what} names the vault's master key ${named} times, where a coordinator names each key of a wallet once`);
  }
}

/** Consensus's longest spendable script, in bytes. */
const MAX_SCRIPT_SIZE = 10_000;

/** Provably unspendable, as Bitcoin Core judges an output (CScript::IsUnspendable): OP_RETURN first, or too long. */
function unspendable(script: Uint8Array): boolean {
  return scriptKind(script) === 'op-return' || script.length > MAX_SCRIPT_SIZE;
}

/** How far a runbook's check looks for an output of the fallback wallet that names none of its keys' paths. */
export const FALLBACK_SCAN = 100;

/** Whether the script is one of the wallet's addresses: at the paths its keys' derivations name, else among the first addresses. */
export function paysWallet(script: Uint8Array, derivations: ReturnType<typeof derivationsOf>, wallet: Wallet): boolean {
  const same = (b: number, i: number) => hex.encode(wallet.scripts.at(b, i).script) === hex.encode(script);
  for (const d of derivations) {
    for (const key of wallet.descriptor.keys) {
      if (key.fingerprint !== d.fingerprint || d.path.length !== key.origin.length + 2 || !key.origin.every((s, j) => d.path[j] === s)) continue;
      const [branch, index] = d.path.slice(key.origin.length) as [number, number];
      if (branch <= 1 && index < 0x80000000 && same(branch, index)) return true;
    }
  }
  for (let index = 0; index < FALLBACK_SCAN; index++) if (same(0, index) || same(1, index)) return true;
  return false;
}

function addressOf(script: Uint8Array, network: BtcNetwork | ReturnType<typeof addressParams>): string | null {
  const params = typeof network === 'string' ? addressParams(network) : network;
  try {
    return Address(params).encode(OutScript.decode(script));
  } catch {
    return null;
  }
}

/** ALL, NONE, SINGLE, each with or without ANYONECANPAY (and DEFAULT for taproot, checked beside it). */
const SIGNABLE_SIGHASHES = new Set([0x01, 0x02, 0x03, 0x81, 0x82, 0x83]);

function sighashName(value: number | undefined): string {
  if (value === undefined) return 'default (ALL)';
  const names: Record<number, string> = { 0: 'DEFAULT', 1: 'ALL', 2: 'NONE', 3: 'SINGLE', 0x81: 'ALL|ANYONECANPAY', 0x82: 'NONE|ANYONECANPAY', 0x83: 'SINGLE|ANYONECANPAY' };
  return names[value] ?? `0x${value.toString(16)}`;
}

/** The review as the CLI and the bridge carry it, with the policy's reading of its warnings. */
export function psbtReviewJson(review: PsbtReview) {
  return { ...review, ...policyJson(review.warnings) };
}
export type PsbtReviewJson = ReturnType<typeof psbtReviewJson>;

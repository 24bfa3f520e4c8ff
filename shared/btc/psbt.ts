// The one parser of a PSBT from outside (a coordinator's QR code or base64): size caps, @scure/btc-signer's
// strict decoder, and every failure turned into a typed error a key holder can act on (SECURITY H-19).
import { base64, hex } from '@scure/base';
import { OutScript, RawTx, Transaction } from '@scure/btc-signer';
import { RawPSBTV2 } from '@scure/btc-signer/psbt.js';
import { equalBytes, sha256x2 } from '@scure/btc-signer/utils.js';
import { AirlockError } from '../errors';

/** A PSBT of 500 P2WPKH inputs with their previous transactions fits well inside this. */
export const MAX_PSBT_BYTES = 4 << 20;
export const MAX_PSBT_INPUTS = 1000;
export const MAX_PSBT_OUTPUTS = 1000;
/**
 * Map entries whose key holds a public key (derivations, partial signatures, xpubs, taproot keys): a 1,000-input
 * 3-of-5 multisig with three signatures each names 8,000. The decoder checks each such key on the curve, about a
 * third of a millisecond apiece, so 4 MiB of them (some 68,000) would hold the vault for a minute.
 */
export const MAX_PSBT_KEYED_ENTRIES = 10_000;
/** 21 million bitcoin in sats: consensus refuses any amount, and any transaction's total, above it. */
export const MAX_MONEY = 2_100_000_000_000_000n;

/** Options every PSBT is opened with: low-R signatures like Bitcoin Core, OP_RETURN and other outputs shown. */
const OPTIONS = { allowUnknownOutputs: true, lowR: true, unknown: 'ignore' as const };

export function psbtInvalid(why: string): AirlockError {
  return new AirlockError('psbt-invalid', `This PSBT cannot be used: ${why}. Export it again from the coordinator.`);
}

/** Base64 text (the CLI, a file) to bytes; whitespace is ignored. */
export function psbtBytesFromBase64(text: string): Uint8Array {
  if (typeof text !== 'string' || text.length === 0) throw psbtInvalid('it is empty');
  const compact = text.replace(/\s+/g, '');
  if (compact.length > Math.ceil(MAX_PSBT_BYTES / 3) * 4) throw psbtInvalid(`it is larger than ${MAX_PSBT_BYTES >> 20} MiB`);
  let bytes: Uint8Array;
  try {
    bytes = base64.decode(compact);
  } catch {
    throw psbtInvalid('it is not base64');
  }
  return bytes;
}

/** Opens a PSBT (v0 or v2) for review; nothing in it is trusted yet. */
export function decodePsbt(bytes: Uint8Array): Transaction {
  if (!(bytes instanceof Uint8Array) || bytes.length < 5) throw psbtInvalid('it is empty');
  if (bytes.length > MAX_PSBT_BYTES) throw psbtInvalid(`it is larger than ${MAX_PSBT_BYTES >> 20} MiB`);
  if (hex.encode(bytes.subarray(0, 5)) !== '70736274ff') throw psbtInvalid('it does not start with the PSBT magic bytes (psbt\\xff)');
  const keyed = countKeyedEntries(bytes);
  if (keyed > MAX_PSBT_KEYED_ENTRIES) {
    throw psbtInvalid(`it names ${keyed} public keys (derivations, signatures, xpubs); Airlock reads at most ${MAX_PSBT_KEYED_ENTRIES.toLocaleString('en-US')}, more than a 1,000-input 3-of-5 multisig names`);
  }
  let tx: Transaction;
  try {
    tx = Transaction.fromPSBT(bytes, OPTIONS);
  } catch (error) {
    throw psbtInvalid(decodeFailure(bytes, error));
  }
  if (tx.inputsLength < 1 || tx.inputsLength > MAX_PSBT_INPUTS) throw psbtInvalid(`it has ${tx.inputsLength} inputs; Airlock signs 1 to ${MAX_PSBT_INPUTS}`);
  if (tx.outputsLength < 1 || tx.outputsLength > MAX_PSBT_OUTPUTS) throw psbtInvalid(`it has ${tx.outputsLength} outputs; Airlock signs 1 to ${MAX_PSBT_OUTPUTS}`);
  refuseCoinSpentTwice(tx);
  let total = 0n;
  for (let i = 0; i < tx.outputsLength; i++) total += checkedAmount(tx.getOutput(i).amount ?? 0n, `output ${i}`);
  checkedAmount(total, 'the outputs together');
  return tx;
}

/**
 * SECURITY(H-19): how many entries of the PSBT's key-value maps have a key of 33 bytes or more (type byte and public
 * key: every derivation, partial signature, xpub and taproot key), counted over BIP-174's framing alone before
 * the decoder checks each key on the curve. Framing that does not hold stops the count; the decoder then names the
 * fault. Map boundaries do not matter here: the count is of the whole PSBT.
 */
export function countKeyedEntries(bytes: Uint8Array): number {
  let at = 5;
  let keyed = 0;
  const size = (): number | null => {
    if (at >= bytes.length) return null;
    const first = bytes[at]!;
    const width = first < 0xfd ? 0 : first === 0xfd ? 2 : first === 0xfe ? 4 : 8;
    if (at + 1 + width > bytes.length) return null;
    let value = width === 0 ? first : 0;
    for (let i = width; i >= 1; i--) value = value * 256 + bytes[at + i]!;
    at += 1 + width;
    return value;
  };
  while (at < bytes.length) {
    const keyLength = size();
    if (keyLength === null) break;
    if (keyLength === 0) continue; // the end of one map
    if (keyLength > bytes.length - at) break;
    at += keyLength;
    if (keyLength >= 33) keyed++;
    const valueLength = size();
    if (valueLength === null || valueLength > bytes.length - at) break;
    at += valueLength;
  }
  return keyed;
}

/**
 * SECURITY(H-19): one coin spent by two inputs. No chain accepts such a transaction (Bitcoin Core: bad-txns-inputs-
 * duplicate), yet its review would count the coin twice: more spent than the vault holds, a fee that is not the fee.
 */
function refuseCoinSpentTwice(tx: Transaction): void {
  const seen = new Map<string, number>();
  // The outpoints as the unsigned transaction holds them, in one decode: getInput would deep-copy every input with
  // its previous transaction, several times the work for a PSBT of hundreds of inputs.
  let inputs: ReturnType<typeof RawTx.decode>['inputs'];
  try {
    inputs = RawTx.decode(tx.unsignedTx).inputs;
  } catch (error) {
    throw psbtInvalid(`its unsigned transaction cannot be formed (${errorDetail(error)})`);
  }
  for (const [i, { txid, index }] of inputs.entries()) {
    const outpoint = `${hex.encode(txid)}:${index}`;
    const first = seen.get(outpoint);
    if (first !== undefined) throw psbtInvalid(`inputs ${first} and ${i} spend the same coin (${outpoint}), which no chain accepts`);
    seen.set(outpoint, i);
  }
}

/**
 * Why btc-signer refused the bytes, as a reason. It reports its PSBT version 0 reading's error even for a version 2
 * PSBT, where that error only says there is no unsigned transaction; the version 2 reading names the missing or
 * wrong field (BIP-370's invalid vectors).
 */
function decodeFailure(bytes: Uint8Array, error: unknown): string {
  let detail = errorDetail(error);
  if (/arrayLen\): Wrong length: undefined/.test(detail)) {
    try {
      RawPSBTV2.decode(bytes);
    } catch (v2Error) {
      detail = errorDetail(v2Error);
    }
  }
  const count = /(input|output)s\/arrayLen\): Wrong length: undefined/.exec(detail);
  if (count) return `it has neither an unsigned transaction (PSBT version 0) nor an ${count[1]} count (PSBT version 2)`;
  return `its encoding is wrong (${detail})`;
}

function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message.replace(/[^\x20-\x7e]/g, '').slice(0, 120) : 'unreadable';
}

/**
 * SECURITY(H-23): an amount no chain can hold (above 21 million bitcoin) is a coordinator's lie, not a review to
 * sign; refusing it here also keeps every sum the review shows exact in a JavaScript number.
 */
export function checkedAmount(amount: bigint, what: string): bigint {
  if (amount < 0n || amount > MAX_MONEY) throw psbtInvalid(`${what} states ${amount} sats, more than 21 million bitcoin`);
  return amount;
}

export function psbtBase64(tx: Transaction): string {
  return base64.encode(tx.toPSBT());
}

export type PrevoutCheck = { kind: 'known'; amount: bigint; script: Uint8Array; previousTx: boolean } | { kind: 'unknown' };

/**
 * What an input spends, from its previous transaction when given (then its txid and output must agree with the
 * witness UTXO the coordinator states; btc-signer's decoder checks this too, and this check stays as the second
 * wall) or from its witness UTXO alone.
 */
export function prevoutOf(input: ReturnType<Transaction['getInput']>, index: number): PrevoutCheck {
  const witness = input.witnessUtxo;
  const previous = input.nonWitnessUtxo;
  if (!previous) {
    if (!witness) return { kind: 'unknown' };
    // A P2PKH output has no witness, so nothing proves the amount its witness UTXO states (BIP-174's signer checks
    // refuse this input; the review would otherwise show a fee built on it).
    if (scriptKind(witness.script) === 'p2pkh') {
      throw psbtInvalid(`input ${index} spends a legacy P2PKH output but states only a witness UTXO for it; the coordinator must include that input's previous transaction`);
    }
    return { kind: 'known', amount: checkedAmount(witness.amount, `input ${index}`), script: witness.script, previousTx: false };
  }
  const stripped = RawTx.encode({ ...previous, segwitFlag: false, witnesses: undefined });
  const txid = sha256x2(stripped).reverse();
  if (!input.txid || !equalBytes(txid, input.txid)) throw psbtInvalid(`input ${index}'s previous transaction is not the one it spends (another txid)`);
  const output = previous.outputs[input.index ?? -1];
  if (!output) throw psbtInvalid(`input ${index}'s previous transaction has no output ${input.index}`);
  if (witness && (witness.amount !== output.amount || !equalBytes(witness.script, output.script))) {
    throw psbtInvalid(`the amount or script stated for input ${index} differs from its previous transaction`);
  }
  return { kind: 'known', amount: checkedAmount(output.amount, `input ${index}`), script: output.script, previousTx: true };
}

export type ScriptKind = 'p2wpkh' | 'p2wsh' | 'p2tr' | 'p2pkh' | 'p2sh' | 'op-return' | 'other';

export function scriptKind(script: Uint8Array): ScriptKind {
  if (script[0] === 0x6a) return 'op-return';
  try {
    const type = OutScript.decode(script).type;
    const kinds: Record<string, ScriptKind> = { wpkh: 'p2wpkh', wsh: 'p2wsh', tr: 'p2tr', pkh: 'p2pkh', sh: 'p2sh' };
    return kinds[type] ?? 'other';
  } catch {
    return 'other';
  }
}

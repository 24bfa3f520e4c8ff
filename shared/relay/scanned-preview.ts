// What the relay shows before it acts on something a vault signed: a signed transaction decoded to "send X ETH to Y on
// chain Z, fee ≤ F, nonce N, fingerprint W" (recipient, amount with the raw wei, most the fee can be, the four words the
// vault showed with its QR), and a Safe owner signature decoded to its owner, Safe, chain and safeTxHash. Pure, so the
// relay's view decodes before anything is sent, and the same parser feeds the broadcast.
import { RAW_TX_UR_TYPE } from '../airgap/airlock-types';
import { fingerprintText } from '../airgap/fingerprint';
import { MAX_SAFE_PAYLOAD_CHARS, parseSafeAirgapBytes, parseSafeAirgapText, SAFE_BUNDLE_UR_TYPE, SAFE_SIGNATURE_UR_TYPE } from '../airgap/safe-signature';
import { decodeUrParts } from '../airgap/ur';
import { parseHex, toHex } from '../bytes';
import { AirlockError, isAirlockError } from '../errors';
import { nativeAmount } from '../drafting/actions';
import { decodeKnownCall } from '../evm/known-calls';
import { decodeSignedTransaction } from '../evm/tx';

/**
 * The signed transaction from text: 0x hex, the vault's ur:airlock-raw-tx, or a ur:bytes as other tools write it
 * (the codec takes the raw bytes out of either) — UR parts one per line or space.
 */
export function parseRawTransactionText(text: string): Uint8Array {
  const trimmed = text.trim();
  if (/^ur:/i.test(trimmed)) {
    return decodeUrParts(trimmed.split(/\s+/), [RAW_TX_UR_TYPE, 'bytes']).payload;
  }
  const bytes = parseHex(trimmed);
  if (!bytes || bytes.length === 0) {
    throw new AirlockError('input-invalid', 'Give the signed transaction as 0x hex, or its UR (ur:airlock-raw-tx/… as the vault shows it, or ur:bytes/…), exactly as the vault showed it.');
  }
  return bytes;
}

export interface BroadcastPreview {
  txHash: string;
  chainId: string;
  from: string;
  /** null: a contract creation. */
  to: string | null;
  valueWei: string;
  /** "1.5 ETH" (the chain's coin when Airlock knows it). */
  value: string;
  /** Most the transaction can pay in fees: gas limit × max fee per gas (or gas price), in wei and in the coin. */
  maxFeeWei: string;
  maxFee: string;
  /** Max fee per gas (or gas price) in wei. */
  feePerGasWei: string;
  gasLimit: string;
  nonce: string;
  /** "transfer(address,uint256)", "unknown function 0x12345678", or null when the transaction carries no data. */
  call: string | null;
  /** The words the vault shows beside the transaction's QR (ur:airlock-raw-tx over these bytes). */
  fingerprint: string;
  /** The whole line, as a person reads it before pressing Broadcast. */
  summary: string;
}

/** Decodes a signed transaction (as parseRawTransactionText reads it) without sending anything. Throws AirlockError. */
export function previewSignedTransaction(text: string): BroadcastPreview {
  const signed = decodeSignedTransaction(parseRawTransactionText(text));
  const tx = signed.transaction;
  const feePerGas = tx.type === 'eip1559' ? tx.maxFeePerGas : tx.gasPrice;
  const maxFee = feePerGas * tx.gasLimit;
  const value = nativeAmount(tx.value, tx.chainId);
  const fee = nativeAmount(maxFee, tx.chainId);
  const call = callText(tx.data);
  const fingerprint = fingerprintText(RAW_TX_UR_TYPE, signed.raw);
  const what = tx.to === null ? `Deploy a contract (${tx.data.length} bytes of code) with ${value}` : `Send ${value} (${tx.value} wei) to ${tx.to}${call ? `, calling ${call}` : ''}`;
  return {
    txHash: toHex(signed.hash),
    chainId: tx.chainId.toString(),
    from: signed.from,
    to: tx.to,
    valueWei: tx.value.toString(),
    value,
    maxFeeWei: maxFee.toString(),
    maxFee: fee,
    feePerGasWei: feePerGas.toString(),
    gasLimit: tx.gasLimit.toString(),
    nonce: tx.nonce.toString(),
    call,
    fingerprint,
    summary: `${what} on chain ${tx.chainId}, fee ≤ ${fee}, nonce ${tx.nonce} of ${signed.from}, fingerprint ${fingerprint}`,
  };
}

function callText(data: Uint8Array): string | null {
  if (data.length === 0) return null;
  const selector = toHex(data.subarray(0, 4));
  try {
    return decodeKnownCall(data)?.signature ?? `unknown function ${selector} (${data.length} bytes of data)`;
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    return `function ${selector} whose arguments do not decode (${data.length} bytes of data)`;
  }
}

export interface SafeSignaturePreview {
  chainId: string;
  safe: string;
  safeTxHash: string;
  /** Recovered from the signature, equal to the owner the payload names. */
  owner: string;
  /** The words the vault shows beside this owner signature's QR. */
  fingerprint: string;
  summary: string;
}

/** Decodes one owner signature (JSON or ur:airlock-safe-signature) without checking it on chain. Throws AirlockError. */
export function previewSafeSignature(text: string): SafeSignaturePreview {
  // The words cover the bytes as carried: the UR's payload (what the vault's QR shows words for), or the pasted JSON.
  const trimmed = typeof text === 'string' ? text.trim() : '';
  const ur = /^ur:/i.test(trimmed) && trimmed.length <= MAX_SAFE_PAYLOAD_CHARS ? decodeUrParts(trimmed.split(/\s+/), [SAFE_SIGNATURE_UR_TYPE, SAFE_BUNDLE_UR_TYPE]) : null;
  const payload = ur ? parseSafeAirgapBytes(ur.type, ur.payload) : parseSafeAirgapText(text);
  if (payload.type !== 'signature') {
    throw new AirlockError('safe-payload-invalid', 'This is a signature bundle, which goes to the executing vault; the relay collects single owner signatures (airlock-safe-signature).');
  }
  const owner = payload.signature.owner;
  const safeTxHash = toHex(payload.safeTxHash);
  const fingerprint = fingerprintText(SAFE_SIGNATURE_UR_TYPE, ur ? ur.payload : new TextEncoder().encode(trimmed));
  return {
    chainId: payload.chainId.toString(),
    safe: payload.safe,
    safeTxHash,
    owner,
    fingerprint,
    summary: `Owner ${owner} signs Safe transaction ${safeTxHash} of the Safe ${payload.safe} on chain ${payload.chainId}, fingerprint ${fingerprint}`,
  };
}

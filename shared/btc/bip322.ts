// BIP-322 "simple" signatures: proof that the holder of a P2WPKH or P2TR address signs a message, verifiable by
// anyone with the address alone. The message is committed in a virtual transaction (to_spend) that a second one
// (to_sign) spends; the signature is to_sign's witness, base64. Used beside EIP-191 for the drill's proof of control.
import { base64 } from '@scure/base';
import { Address, OutScript, p2tr, RawTx, RawWitness, SigHash, Transaction } from '@scure/btc-signer';
import { equalBytes, hash160, sha256x2, tagSchnorr } from '@scure/btc-signer/utils.js';
import { AirlockError } from '../errors';
import { secp } from '../evm/secp';
import { addressParams, type BtcNetwork } from './network';

const TAG = 'BIP0322-signed-message';
const MAX_SIGNATURE = 400;

/** The tagged hash of the message (BIP-340 style, tag "BIP0322-signed-message"). */
export function bip322MessageHash(message: string): Uint8Array {
  return tagSchnorr(TAG, new TextEncoder().encode(message));
}

/** to_spend's txid (display order): the virtual transaction committing to the message and the address's script. */
export function toSpendTxid(script: Uint8Array, message: string): Uint8Array {
  const scriptSig = new Uint8Array([0x00, 0x20, ...bip322MessageHash(message)]);
  const raw = RawTx.encode({
    version: 0,
    segwitFlag: false,
    inputs: [{ txid: new Uint8Array(32), index: 0xffffffff, finalScriptSig: scriptSig, sequence: 0 }],
    outputs: [{ amount: 0n, script }],
    lockTime: 0,
  });
  return sha256x2(raw).reverse();
}

/** to_sign, unsigned: spends to_spend's only output into an OP_RETURN. */
export function toSign(script: Uint8Array, message: string): Transaction {
  const tx = new Transaction({ version: 0, allowUnknownVersion: true, allowUnknownOutputs: true, lowR: true });
  tx.addInput({ txid: toSpendTxid(script, message), index: 0, sequence: 0, witnessUtxo: { script, amount: 0n } });
  tx.addOutput({ script: new Uint8Array([0x6a]), amount: 0n });
  return tx;
}

/** Signs `message` for the P2WPKH or P2TR address of `privateKey` (borrowed bytes); returns the base64 witness. */
export function signBip322(message: string, privateKey: Uint8Array, kind: 'p2wpkh' | 'p2tr'): string {
  const publicKey = secp.getPublicKey(privateKey, true);
  const tx = toSign(scriptFor(publicKey, kind), message);
  if (kind === 'p2tr') tx.updateInput(0, { tapInternalKey: publicKey.subarray(1) });
  if (!tx.signIdx(privateKey, 0, [kind === 'p2tr' ? SigHash.DEFAULT : SigHash.ALL])) throw new AirlockError('signature-fault', 'The BIP-322 proof could not be signed.');
  tx.finalizeIdx(0);
  return base64.encode(RawWitness.encode(tx.getInput(0).finalScriptWitness!));
}

export function scriptFor(publicKey: Uint8Array, kind: 'p2wpkh' | 'p2tr'): Uint8Array {
  return kind === 'p2wpkh' ? OutScript.encode({ type: 'wpkh', hash: hash160(publicKey) }) : p2tr(publicKey.subarray(1)).script;
}

/** Whether `signature` (base64 witness) proves `address` signed `message`. Never throws for a bad signature. */
export function verifyBip322(address: string, message: string, signature: string, network: BtcNetwork): boolean {
  let script: Uint8Array;
  let stack: Uint8Array[];
  try {
    script = OutScript.encode(Address(addressParams(network)).decode(address));
    if (typeof signature !== 'string' || signature.length > MAX_SIGNATURE) return false;
    stack = RawWitness.decode(base64.decode(signature));
  } catch {
    return false;
  }
  const decoded = OutScript.decode(script);
  const tx = toSign(script, message);
  if (decoded.type === 'wpkh') return verifyWpkh(tx, decoded.hash, stack);
  if (decoded.type === 'tr') return verifyTr(tx, script, decoded.pubkey, stack);
  return false;
}

function verifyWpkh(tx: Transaction, program: Uint8Array, stack: Uint8Array[]): boolean {
  const [sig, publicKey] = stack;
  if (stack.length !== 2 || !sig || !publicKey || publicKey.length !== 33 || !equalBytes(hash160(publicKey), program)) return false;
  if (sig[sig.length - 1] !== SigHash.ALL) return false;
  const compact = derToCompact(sig.subarray(0, -1));
  if (!compact) return false;
  const scriptCode = OutScript.encode({ type: 'pkh', hash: program });
  const digest = tx.preimageWitnessV0(0, scriptCode, SigHash.ALL, 0n);
  try {
    return secp.verify(compact, digest, publicKey, { prehash: false, lowS: false });
  } catch {
    return false;
  }
}

function verifyTr(tx: Transaction, script: Uint8Array, outputKey: Uint8Array, stack: Uint8Array[]): boolean {
  const [sig] = stack;
  if (stack.length !== 1 || !sig || (sig.length !== 64 && sig.length !== 65)) return false;
  const hashType = sig.length === 65 ? sig[64]! : SigHash.DEFAULT;
  if (hashType !== SigHash.DEFAULT && hashType !== SigHash.ALL) return false;
  const digest = tx.preimageWitnessV1(0, [script], hashType, [0n]);
  try {
    return secp.schnorr.verify(sig.subarray(0, 64), digest, outputKey);
  } catch {
    return false;
  }
}

/** A strict DER ECDSA signature (BIP-66) as 64 bytes r ‖ s, or null. */
export function derToCompact(der: Uint8Array): Uint8Array | null {
  if (der.length < 8 || der.length > 72 || der[0] !== 0x30 || der[1] !== der.length - 2) return null;
  const r = derInteger(der, 2);
  if (!r) return null;
  const s = derInteger(der, r.end);
  if (!s || s.end !== der.length) return null;
  const out = new Uint8Array(64);
  out.set(r.value, 32 - r.value.length);
  out.set(s.value, 64 - s.value.length);
  return out;
}

function derInteger(der: Uint8Array, at: number): { value: Uint8Array; end: number } | null {
  const length = der[at + 1];
  if (der[at] !== 0x02 || length === undefined || length < 1 || length > 33 || at + 2 + length > der.length) return null;
  let value = der.subarray(at + 2, at + 2 + length);
  if (value[0]! & 0x80) return null; // negative
  if (value[0] === 0 && length > 1 && !(value[1]! & 0x80)) return null; // padding where none is needed
  if (value[0] === 0 && length > 1) value = value.subarray(1);
  if (value.length > 32) return null;
  return { value, end: at + 2 + length };
}

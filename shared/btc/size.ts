// The virtual size a PSBT will have once signed, estimated from its unsigned transaction and each input's
// script type, so the review can show the fee rate before any signature exists (BIP-141 weight).
import { OutScript, type Transaction } from '@scure/btc-signer';
import type { ScriptKind } from './psbt';

type Input = ReturnType<Transaction['getInput']>;

/** Witness bytes of a P2WPKH spend: item count, a 72-byte DER signature with sighash, a 33-byte key. */
const P2WPKH_WITNESS = 1 + 1 + 72 + 1 + 33;
/** Witness bytes of a taproot key-path spend: item count and a 64-byte Schnorr signature. */
const P2TR_WITNESS = 1 + 1 + 64;
/** scriptSig bytes of a P2PKH spend. */
const P2PKH_SCRIPTSIG = 1 + 72 + 1 + 33;

/** `inputs`: each input with the script type of the coin it spends ('unknown' when the PSBT does not say). */
export function estimateVsize(tx: Transaction, inputs: ReadonlyArray<{ input: Input; kind: ScriptKind | 'unknown' }>): number {
  let weight = tx.unsignedTx.length * 4;
  let segwit = false;
  for (const { input, kind } of inputs) {
    const { witness, scriptSig } = inputSpend(input, kind);
    weight += witness + scriptSig * 4;
    if (witness > 0) segwit = true;
  }
  if (segwit) weight += 2; // marker and flag
  return Math.ceil(weight / 4);
}

function inputSpend(input: Input, kind: ScriptKind | 'unknown'): { witness: number; scriptSig: number } {
  if (kind === 'p2tr') return { witness: P2TR_WITNESS + (input.sighashType ? 1 : 0), scriptSig: 0 };
  if (kind === 'p2wsh') return { witness: multisigWitness(input.witnessScript), scriptSig: 0 };
  if (kind === 'p2pkh') return { witness: 0, scriptSig: P2PKH_SCRIPTSIG + 1 };
  // P2SH-wrapped segwit: the redeem script's push in scriptSig, the witness of the wrapped type.
  if (kind === 'p2sh') return { witness: input.witnessScript ? multisigWitness(input.witnessScript) : P2WPKH_WITNESS, scriptSig: 1 + (input.redeemScript?.length ?? 22) };
  return { witness: P2WPKH_WITNESS, scriptSig: 0 };
}

/** An m-of-n CHECKMULTISIG witness: count, the empty item, m signatures, the witness script itself. */
function multisigWitness(witnessScript: Uint8Array | undefined): number {
  if (!witnessScript) return P2WPKH_WITNESS;
  let m = 1;
  try {
    const decoded = OutScript.decode(witnessScript);
    if (decoded.type === 'ms') m = decoded.m;
  } catch {
    // An unknown witness script: one signature is the least it can need.
  }
  const scriptLength = witnessScript.length < 253 ? 1 + witnessScript.length : 3 + witnessScript.length;
  return 1 + 1 + m * (1 + 72) + scriptLength;
}

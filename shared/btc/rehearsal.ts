// The drill's Bitcoin rehearsal: a PSBT that spends a coin which does not exist (its previous transaction spends
// an all-zero outpoint) from the vault's Bitcoin treasury account to a wallet, built the way a coordinator would
// build the real sweep, so the drill reviews and signs it through the same code. Nothing of it can be broadcast.
import { sha256 } from '@noble/hashes/sha2.js';
import { RawTx, Transaction } from '@scure/btc-signer';
import { sha256x2 } from '@scure/btc-signer/utils.js';
import type { Wallet } from './ownership';

export const REHEARSAL_AMOUNT = 100_000n;
export const REHEARSAL_FEE = 1_000n;

/** A rehearsal sweep of the account wallet's first address to the destination wallet's first address. */
export function rehearsalSweepPsbt(from: Wallet, to: Wallet, nonce: Uint8Array): Uint8Array {
  const source = from.scripts.at(0, 0);
  const key = from.descriptor.keys[0]!;
  const previous = {
    version: 2,
    segwitFlag: false,
    // The coin the rehearsal spends is made up: its own input is an outpoint no chain has, salted by the drill.
    inputs: [{ txid: sha256(nonce), index: 0xfffffffe, finalScriptSig: new Uint8Array(), sequence: 0 }],
    outputs: [{ amount: REHEARSAL_AMOUNT, script: source.script }],
    lockTime: 0,
  };
  const previousRaw = RawTx.encode(previous);
  const tx = new Transaction({ version: 2 });
  const publicKey = from.scripts.publicKey(0, 0, 0);
  const path = [...key.origin, 0, 0];
  const isTaproot = from.descriptor.type === 'tr';
  tx.addInput({
    txid: sha256x2(previousRaw).reverse(),
    index: 0,
    witnessUtxo: { script: source.script, amount: REHEARSAL_AMOUNT },
    ...(isTaproot
      ? { tapInternalKey: publicKey.subarray(1), tapBip32Derivation: [[publicKey.subarray(1), { hashes: [], der: { fingerprint: key.fingerprint!, path } }]] }
      : { nonWitnessUtxo: previous, bip32Derivation: [[publicKey, { fingerprint: key.fingerprint!, path }]] }),
  });
  tx.addOutput({ script: to.scripts.at(0, 0).script, amount: REHEARSAL_AMOUNT - REHEARSAL_FEE });
  return tx.toPSBT();
}

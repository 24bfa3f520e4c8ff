// Signing a reviewed PSBT with the vault's seed: exactly the inputs the review found to be the vault's own, each
// with the key derived at the path the review verified, and the sighash the review showed. SECURITY(H-23): the
// signing policy runs first, here, so no caller can sign around it. The PSBT is not finalized: the coordinator
// collects the other cosigners' signatures and finalizes.
import type { Transaction } from '@scure/btc-signer';
import { AirlockError } from '../errors';
import { enforceSigningPolicy } from '../drafting/policy';
import type { SecretBytes } from '../crypto/secret';
import { fingerprintHex, withAccountNode, withBranches } from './keys';
import type { Claim } from './ownership';
import { psbtReviewJson, type PsbtReview } from './review';

export interface SignedPsbt {
  /** The PSBT with the vault's partial signatures added. */
  psbt: Uint8Array;
  signedInputs: number[];
  acknowledged: string[];
}

/** Signs in place: `tx` must be the very transaction `review` and `claims` were made from. */
export function signReviewedPsbt(tx: Transaction, review: PsbtReview, claims: readonly Claim[], seed: Uint8Array, acknowledge: readonly string[]): SignedPsbt {
  const { acknowledged } = enforceSigningPolicy(review.warnings, acknowledge, psbtReviewJson(review));
  const byAccount = new Map<string, { origin: number[]; inputs: Array<{ index: number; branch: number; child: number }> }>();
  claims.forEach((claim, index) => {
    if (claim.kind !== 'ours') return;
    const origin = claim.wallet.descriptor.keys[claim.key]!.origin;
    const id = origin.join('/');
    const group = byAccount.get(id) ?? { origin, inputs: [] };
    group.inputs.push({ index, branch: claim.branch, child: claim.index });
    byAccount.set(id, group);
  });
  if (byAccount.size === 0) {
    throw new AirlockError('psbt-nothing-to-sign', 'None of this PSBT\'s inputs is the vault\'s own (no input\'s key and script derive from a registered account or wallet). Nothing was signed.');
  }
  const signedInputs: number[] = [];
  const expected = fingerprintHex(claimsFingerprint(claims));
  for (const { origin, inputs } of byAccount.values()) {
    withAccountNode(seed, review.network, origin, (node, masterFingerprint) => {
      if (fingerprintHex(masterFingerprint) !== expected) throw new AirlockError('psbt-key-mismatch', 'The unlocked key is not the one this PSBT was reviewed for. Nothing was signed.');
      withBranches(node, (keyAt) => {
        for (const input of inputs) signedInputs.push(signInput(tx, keyAt(input.branch, input.child), input.index));
      });
    });
  }
  return { psbt: tx.toPSBT(), signedInputs: signedInputs.sort((a, b) => a - b), acknowledged };
}

/** Signs one input with its key (owned here, disposed after) and the sighash the review showed. */
function signInput(tx: Transaction, key: SecretBytes, index: number): number {
  try {
    const sighash = tx.getInput(index).sighashType;
    const signed = key.use((bytes) => tx.signIdx(bytes, index, sighash === undefined ? undefined : [sighash]));
    if (!signed) throw new AirlockError('psbt-sign-failed', `Input ${index} could not be signed with the vault's key at its path. Nothing was returned.`);
    return index;
  } catch (error) {
    if (error instanceof AirlockError) throw error;
    throw new AirlockError('psbt-sign-failed', `Input ${index} could not be signed: ${error instanceof Error ? error.message.slice(0, 120) : 'unknown reason'}. Nothing was returned.`);
  } finally {
    key.dispose();
  }
}

function claimsFingerprint(claims: readonly Claim[]): number {
  for (const claim of claims) if (claim.kind === 'ours') return claim.wallet.descriptor.keys[claim.key]!.fingerprint!;
  return -1;
}

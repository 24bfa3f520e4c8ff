// The vault's signed results of several drafts (one multi-chain runbook's) as one transfer for the relay: each signed
// recovery transaction's raw bytes and each Safe owner signature this vault made, with its chain. Built from what
// signing stored, so no unlock is needed to show it again; a rehearsal never leaves in broadcastable form.
import type { DraftJson } from '../../../shared/bridge';
import { safeSignaturePayload } from '../../../shared/airgap/safe-signature';
import { AirlockError } from '../../../shared/errors';
import { MAX_SIGNED_SET_ITEMS, parseSignedSet, SIGNED_SET_VERSION, type SignedSet, type SignedSetItem } from '../../../shared/relay/signed-set';

/** The signed set of drafts `ids`, in the order given; refused, naming the draft, when one has nothing to send. */
export function signedSetOf(drafts: { get(id: number): DraftJson }, ids: readonly number[]): SignedSet {
  if (ids.length === 0) throw new AirlockError('usage-invalid', 'Name the signed drafts to show together (--id N, once per draft).');
  if (new Set(ids).size !== ids.length) throw new AirlockError('usage-invalid', 'A draft is named twice; name each signed draft once.');
  const items = ids.flatMap((id) => itemsOf(drafts.get(id)));
  if (items.length > MAX_SIGNED_SET_ITEMS) throw new AirlockError('usage-invalid', `A signed set holds at most ${MAX_SIGNED_SET_ITEMS} signed results; show the drafts in two sets.`);
  // Through the relay's own parser, so the vault never shows a set the relay would refuse.
  return parseSignedSet({ version: SIGNED_SET_VERSION, items });
}

function itemsOf(draft: DraftJson): SignedSetItem[] {
  if (draft.status !== 'signed' || draft.signatures.length === 0) {
    throw new AirlockError('draft-not-signed', `Draft ${draft.id} (chain ${draft.chainId}) is not signed yet, so it has nothing for the relay. Sign it first, or leave it out of the set.`);
  }
  // SECURITY: a rehearsal (drill) transaction never leaves the vault in broadcastable form.
  if (draft.purpose !== 'recovery') {
    throw new AirlockError('draft-rehearsal', `Draft ${draft.id} is a drill rehearsal: its signature never leaves the vault. Leave it out of the set.`);
  }
  // A recovery draft's signatures always carry their bytes (only a rehearsal's are withheld, refused above).
  if (draft.kind === 'eoa') return [{ chainId: draft.chainId, draft: draft.id, rawTransaction: draft.signatures[0]!.signature! }];
  const safe = (draft.input as { executor?: { safe?: string } }).executor?.safe ?? '';
  return draft.signatures.map((s) => ({
    chainId: draft.chainId,
    draft: draft.id,
    safeSignature: safeSignaturePayload({ chainId: draft.chainId, safe, safeTxHash: draft.digest, owner: s.signer, signature: s.signature! }),
  }));
}

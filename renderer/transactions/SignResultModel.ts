// What a signed draft hands out, without the DOM: the Safe a Safe draft is for and its threshold (from its review or
// its description), and which owner signatures become a QR for the relay (none for a rehearsal, none without the
// draft's chain and Safe, none without a signature). Tested in Node; ./DraftSignResult.ts draws it.
import { safeSignaturePayloadJson } from '../../shared/airgap/safe-signature';
import type { DraftJson, SignedDraftJson } from '../../shared/bridge';

/** The Safe a Safe draft is for, from its review (or its description). */
export function safeOf(draft: Pick<DraftJson, 'review' | 'input'>): string | null {
  const fromReview = draft.review.safe;
  if (typeof fromReview === 'string') return fromReview;
  const fromInput = executorField(draft, 'safe');
  return typeof fromInput === 'string' ? fromInput : null;
}

/** The Safe's threshold as the draft describes it, when it does. */
export function thresholdOf(draft: Pick<DraftJson, 'input'>): { threshold?: number } {
  const threshold = executorField(draft, 'threshold');
  return typeof threshold === 'number' ? { threshold } : {};
}

function executorField(draft: Pick<DraftJson, 'input'>, key: string): unknown {
  const executor = draft.input.executor;
  return typeof executor === 'object' && executor !== null ? (executor as Record<string, unknown>)[key] : undefined;
}

/** The ur:airlock-safe-signature payload of one owner's signature, or null when the relay could not check it or it must not leave. */
export function ownerSignaturePayload(signed: SignedDraftJson, owner: SignedDraftJson['signatures'][number], draft: DraftJson | null): Uint8Array | null {
  const safe = draft ? safeOf(draft) : null;
  if (!draft || !safe || !owner.signature || signed.purpose === 'rehearsal') return null;
  return new TextEncoder().encode(safeSignaturePayloadJson({ chainId: draft.chainId, safe, safeTxHash: signed.digest, owner: owner.owner, signature: owner.signature }));
}

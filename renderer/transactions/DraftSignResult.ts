// What signing produced, shown for the way out of the vault: for an account transaction its hash and the raw
// transaction as an animated QR for the relay; for a Safe the owner signature(s), each as a QR (payload:
// shared/airgap/safe-signature.ts), and the panel that executes it with co-owners' signatures. Rehearsals: no QR.
import { SAFE_SIGNATURE_UR_TYPE, safeSignaturePayloadJson } from '../../shared/airgap/safe-signature';
import type { DraftJson, SignedDraftJson } from '../../shared/bridge';
import { fromHex } from '../../shared/bytes';
import { el, type Child } from '../app/dom';
import type { Bridge } from '../bridge';
import { animatedQr, type AnimatedQr } from '../components/AnimatedQr';
import { hexBlocks } from '../ui/HexBlocks';
import { safeExecutePanel, type SafeExecutePanel } from './SafeExecutePanel';

/** UR types the relay reads: the raw signed transaction bytes, and one Safe owner signature as UTF-8 JSON. */
export { RAW_TX_UR_TYPE } from '../../shared/airgap/airlock-types';
import { RAW_TX_UR_TYPE } from '../../shared/airgap/airlock-types';
export { SAFE_SIGNATURE_UR_TYPE };

/** What the Safe parts need besides the signature: the draft (chain, Safe) and, for executing, the bridge. */
export interface DraftSignResultContext {
  draft: DraftJson;
  bridge: Pick<Bridge, 'call'>;
  /** Opens a newly stored draft (the execTransaction draft) in the review. */
  onDraftCreated(id: number): void;
}

export interface DraftSignResult {
  root: HTMLElement;
  dispose(): void;
}

export function draftSignResult(signed: SignedDraftJson, context?: DraftSignResultContext): DraftSignResult {
  const qrs: AnimatedQr[] = [];
  let executePanel: SafeExecutePanel | null = null;
  const safe = context ? safeOf(context.draft) : null;
  const rehearsal = signed.purpose === 'rehearsal';
  const qr = (type: string, payload: Uint8Array, label: string): Child => {
    if (rehearsal) return null;
    const code = animatedQr({ source: { type, payload }, destination: 'relay', label });
    qrs.push(code);
    return code.root;
  };
  const parts: Child[] = [
    el('h3', { className: 'draft-review-section-title' }, [signed.kind === 'eoa' ? 'Signed transaction' : 'Owner signatures']),
    el('p', { className: 'draft-fingerprint' }, [el('span', { className: 'draft-fingerprint-label' }, ['Draft fingerprint, as reviewed ']), el('strong', { testid: 'signed-fingerprint' }, [signed.fingerprint])]),
    rehearsal ? null : el('p', { className: 'field-hint' }, ['Each QR code below has its own fingerprint: the relay shows the same four words once it has read that code.']),
  ];
  if (rehearsal) {
    parts.push(
      el('p', { className: 'notice notice-info', testid: 'signed-rehearsal' }, [
        'Rehearsal: the signature is kept in this vault as proof of the drill. It is never shown as a QR and never leaves the vault in a form that could be broadcast.',
      ]),
    );
  }
  if (signed.kind === 'eoa') {
    parts.push(
      el('dl', { className: 'hash-list' }, [
        el('dt', {}, ['Transaction hash']),
        el('dd', {}, [signed.hash ? hexBlocks(signed.hash, 'signed-tx-hash') : '—']),
        el('dt', {}, ['From']),
        el('dd', {}, [el('code', { testid: 'signed-from' }, [signed.from ?? ''])]),
      ]),
    );
    if (signed.rawTransaction) {
      parts.push(
        el('details', { className: 'signed-raw' }, [el('summary', {}, ['Raw signed transaction']), el('code', { className: 'raw-data-hex', testid: 'signed-raw-tx' }, [signed.rawTransaction])]),
        qr(RAW_TX_UR_TYPE, fromHex(signed.rawTransaction), 'Signed transaction'),
      );
    }
  } else {
    for (const s of signed.signatures) {
      // Without the draft (chain, Safe) the relay cannot check a signature, so no QR is shown for it.
      const payload = context && safe ? new TextEncoder().encode(safeSignaturePayloadJson({ chainId: context.draft.chainId, safe, safeTxHash: signed.digest, owner: s.owner, signature: s.signature })) : null;
      parts.push(
        el('div', { className: 'signed-owner', testid: 'signed-owner', attrs: { 'data-owner': s.owner } }, [
          el('p', {}, ['Owner ', el('code', { testid: 'signed-owner-address' }, [s.owner])]),
          el('p', { className: 'signed-signature' }, ['Signature ', el('code', { className: 'raw-data-hex', testid: 'signed-signature' }, [s.signature])]),
          payload ? qr(SAFE_SIGNATURE_UR_TYPE, payload, `Safe owner signature of ${s.owner}`) : null,
        ]),
      );
    }
    parts.push(el('p', { className: 'field-hint' }, ['The relay collects owner signatures until the Safe\'s threshold is reached, then shows the bundle for the vault that executes the transaction.']));
    if (context && safe && !rehearsal) {
      executePanel = safeExecutePanel({
        bridge: context.bridge,
        target: {
          draftId: signed.id,
          chainId: context.draft.chainId,
          safe,
          safeTxHash: signed.digest,
          ownSigners: signed.signatures.map((s) => s.owner),
          ...thresholdOf(context.draft),
        },
        onDraftCreated: context.onDraftCreated,
      });
      parts.push(executePanel.root);
    }
  }
  return {
    root: el('section', { className: 'draft-sign-result', testid: 'sign-result', attrs: { 'data-kind': signed.kind } }, parts),
    dispose: () => {
      qrs.splice(0).forEach((q) => q.dispose());
      executePanel?.dispose();
    },
  };
}

function thresholdOf(draft: DraftJson): { threshold?: number } {
  const executor = draft.input.executor;
  const threshold = typeof executor === 'object' && executor !== null ? (executor as Record<string, unknown>).threshold : undefined;
  return typeof threshold === 'number' ? { threshold } : {};
}

/** The Safe a Safe draft is for, from its review (or its description). */
function safeOf(draft: DraftJson): string | null {
  const fromReview = draft.review.safe;
  if (typeof fromReview === 'string') return fromReview;
  const executor = draft.input.executor;
  const fromInput = typeof executor === 'object' && executor !== null ? (executor as Record<string, unknown>).safe : undefined;
  return typeof fromInput === 'string' ? fromInput : null;
}

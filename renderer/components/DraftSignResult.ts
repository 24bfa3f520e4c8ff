// What signing produced, shown for the way out of the vault: for an account transaction its hash and the raw
// transaction as an animated QR for the relay; for a Safe the owner signature(s), each as a QR. Rehearsals: no QR.
import type { SignedDraftJson } from '../../shared/bridge';
import { el, type Child } from '../app/dom';
import { animatedQr, type AnimatedQr } from './AnimatedQr';
import { hexBlocks } from './HexBlocks';

/** UR types the relay reads: the raw signed transaction bytes, and one Safe owner signature as UTF-8 JSON. */
export const RAW_TX_UR_TYPE = 'airlock-raw-tx';
export const SAFE_SIGNATURE_UR_TYPE = 'airlock-safe-signature';

export interface DraftSignResult {
  root: HTMLElement;
  dispose(): void;
}

function hexToBytes(hex: string): Uint8Array {
  const body = hex.startsWith('0x') ? hex.slice(2) : hex;
  const out = new Uint8Array(body.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(body.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function draftSignResult(signed: SignedDraftJson): DraftSignResult {
  const qrs: AnimatedQr[] = [];
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
        qr(RAW_TX_UR_TYPE, hexToBytes(signed.rawTransaction), 'Signed transaction'),
      );
    }
  } else {
    for (const s of signed.signatures) {
      const payload = new TextEncoder().encode(JSON.stringify({ safeTxHash: signed.digest, owner: s.owner, signature: s.signature }));
      parts.push(
        el('div', { className: 'signed-owner', testid: 'signed-owner', attrs: { 'data-owner': s.owner } }, [
          el('p', {}, ['Owner ', el('code', { testid: 'signed-owner-address' }, [s.owner])]),
          el('p', { className: 'signed-signature' }, ['Signature ', el('code', { className: 'raw-data-hex', testid: 'signed-signature' }, [s.signature])]),
          qr(SAFE_SIGNATURE_UR_TYPE, payload, `Safe owner signature of ${s.owner}`),
        ]),
      );
    }
    parts.push(el('p', { className: 'field-hint' }, ['The relay collects owner signatures until the Safe\'s threshold is reached, then executes the transaction.']));
  }
  return {
    root: el('section', { className: 'draft-sign-result', testid: 'sign-result', attrs: { 'data-kind': signed.kind } }, parts),
    dispose: () => qrs.splice(0).forEach((q) => q.dispose()),
  };
}

// What signing produced, shown for the way out of the vault: for an account transaction its hash and the raw
// transaction as an animated QR for the relay; for a Safe the owner signature(s), each as a QR (payload:
// shared/airgap/safe-signature.ts), and the panel that executes it with co-owners' signatures. Rehearsals: no QR.
// Two kinds of fingerprint meet here, each labelled by where to compare it: the draft's (the one reviewed, on this
// vault only) and each QR code's (what the relay shows once it has scanned that code).
import { SAFE_SIGNATURE_UR_TYPE } from '../../shared/airgap/safe-signature';
import type { DraftJson, SignedDraftJson } from '../../shared/bridge';
import { fingerprintText } from '../../shared/airgap/fingerprint';
import { fromHex } from '../../shared/bytes';
import { el, type Child } from '../app/dom';
import { createScope, type Scope } from '../app/scope';
import type { Bridge } from '../bridge';
import { animatedQr } from '../components/AnimatedQr';
import { hexBlocks } from '../ui/HexBlocks';
import { safeExecutePanel } from './SafeExecutePanel';
import { ownerSignaturePayload, safeOf, thresholdOf } from './SignResultModel';

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
  const scope = createScope();
  const rehearsal = signed.purpose === 'rehearsal';
  /** A code for the relay, with its fingerprint; none for a rehearsal. */
  const qr = (type: string, payload: Uint8Array, label: string, compare: CompareOnRelay): Child => {
    if (rehearsal) return null;
    const code = scope.own(animatedQr({ source: { type, payload }, destination: 'relay', label }));
    return el('div', { className: 'signed-qr' }, [relayFingerprint(fingerprintText(type, payload), compare), code.root]);
  };
  const parts: Child[] = [
    el('h3', { className: 'draft-review-section-title' }, [signed.kind === 'eoa' ? 'Signed transaction' : 'Owner signatures']),
    fingerprintLine({
      label: 'Draft fingerprint — the one you reviewed',
      words: signed.fingerprint,
      testid: 'signed-fingerprint',
      where: 'The same words as in the review above and in the draft list. They stay on this vault: the relay never shows them.',
    }),
    rehearsal
      ? el('p', { className: 'notice notice-info', testid: 'signed-rehearsal' }, [
          'Rehearsal: the signature is kept in this vault as proof of the drill. It is never shown as a QR and never leaves the vault in a form that could be broadcast.',
        ])
      : null,
    ...(signed.kind === 'eoa' ? transactionParts(signed, qr) : safeParts(signed, context ?? null, qr, scope)),
  ];
  return {
    root: el('section', { className: 'draft-sign-result', testid: 'sign-result', attrs: { 'data-kind': signed.kind } }, parts),
    dispose: scope.dispose,
  };
}

type QrPart = (type: string, payload: Uint8Array, label: string, compare: CompareOnRelay) => Child;

/** An account transaction: its hash, sender, and the raw transaction with its code for the relay. */
function transactionParts(signed: SignedDraftJson, qr: QrPart): Child[] {
  return [
    el('dl', { className: 'hash-list' }, [
      el('dt', {}, ['Transaction hash']),
      el('dd', {}, [signed.hash ? hexBlocks(signed.hash, 'signed-tx-hash') : '—']),
      el('dt', {}, ['From']),
      el('dd', {}, [el('code', { testid: 'signed-from' }, [signed.from ?? ''])]),
    ]),
    ...(signed.rawTransaction
      ? [
          el('details', { className: 'signed-raw' }, [el('summary', {}, ['Raw signed transaction']), el('code', { className: 'raw-data-hex', testid: 'signed-raw-tx' }, [signed.rawTransaction])]),
          qr(RAW_TX_UR_TYPE, fromHex(signed.rawTransaction), 'Signed transaction', 'transaction'),
        ]
      : []),
  ];
}

/** A Safe transaction: each owner's signature (a code for the relay when it can check it), then executing it here. */
function safeParts(signed: SignedDraftJson, context: DraftSignResultContext | null, qr: QrPart, scope: Scope): Child[] {
  const owners = signed.signatures.map((s) => {
    // Without the draft (chain, Safe) the relay cannot check a signature, so no QR is shown for it.
    // A rehearsal's signature is not handed out at all (only its owner): nothing to show or to encode.
    const payload = ownerSignaturePayload(signed, s, context?.draft ?? null);
    return el('div', { className: 'signed-owner', testid: 'signed-owner', attrs: { 'data-owner': s.owner } }, [
      el('p', {}, ['Owner ', el('code', { testid: 'signed-owner-address' }, [s.owner])]),
      s.signature ? el('p', { className: 'signed-signature' }, ['Signature ', el('code', { className: 'raw-data-hex', testid: 'signed-signature' }, [s.signature])]) : null,
      payload ? qr(SAFE_SIGNATURE_UR_TYPE, payload, `Safe owner signature of ${s.owner}`, 'signature') : null,
    ]);
  });
  const safe = context ? safeOf(context.draft) : null;
  const execute =
    context && safe && signed.purpose !== 'rehearsal'
      ? scope.own(
          safeExecutePanel({
            bridge: context.bridge,
            target: { draftId: signed.id, chainId: context.draft.chainId, safe, safeTxHash: signed.digest, ownSigners: signed.signatures.map((s) => s.owner), ...thresholdOf(context.draft) },
            onDraftCreated: context.onDraftCreated,
          }),
        ).root
      : null;
  return [...owners, el('p', { className: 'field-hint' }, ['The relay collects owner signatures until the Safe\'s threshold is reached, then shows the bundle for the vault that executes the transaction.']), execute];
}

/** What the relay does with the code after scanning it, before which its fingerprint is compared. */
type CompareOnRelay = 'transaction' | 'signature';

const RELAY_COMPARE: Readonly<Record<CompareOnRelay, { label: string; where: string }>> = {
  transaction: {
    label: 'Transaction fingerprint — compare on the relay',
    where: 'The relay shows these words as the scanned transaction\'s "Fingerprint". Compare them before anyone presses Broadcast there. They differ from the draft fingerprint: they fingerprint the QR code\'s content.',
  },
  signature: {
    label: 'Signature fingerprint — compare on the relay',
    where: 'The relay shows these words as the scanned signature\'s "Fingerprint". Compare them before it keeps the signature. They differ from the draft fingerprint: they fingerprint the QR code\'s content.',
  },
};

function relayFingerprint(words: string, compare: CompareOnRelay): HTMLElement {
  return fingerprintLine({ ...RELAY_COMPARE[compare], words, testid: 'signed-relay-fingerprint' });
}

/** One fingerprint with its name (which screen shows it) and where to compare it. */
function fingerprintLine(spec: { label: string; words: string; testid: string; where: string }): HTMLElement {
  return el('div', { className: 'signed-fingerprint-block', testid: `${spec.testid}-block` }, [
    el('p', { className: 'draft-fingerprint' }, [
      el('span', { className: 'draft-fingerprint-label', testid: `${spec.testid}-label` }, [`${spec.label}: `]),
      el('strong', { testid: spec.testid, attrs: { 'data-words': spec.words } }, [spec.words]),
    ]),
    el('p', { className: 'field-hint' }, [spec.where]),
  ]);
}

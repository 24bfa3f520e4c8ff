// What the relay shows after a scan or paste and before anything is sent (shared/relay/scanned-preview.ts decodes):
// a signed transaction as "send X ETH to Y on chain Z, fee ≤ F, nonce N, fingerprint W" with each part on its own
// line, and an owner's Safe signature as its owner, Safe, chain and safeTxHash; the fingerprint words largest, to
// compare with the vault's screen.
import type { BroadcastPreview, SafeSignaturePreview } from '../../shared/relay/scanned-preview';
import { el, type Child } from '../app/dom';

const code = (text: string, testid?: string) => el('code', { className: 'hash relay-wrap', ...(testid ? { testid } : {}) }, [text]);

export function signedTransactionCard(p: BroadcastPreview): HTMLElement {
  return previewCard('broadcast', p.summary, p.fingerprint, 'Nothing has been sent.', [
    ['Recipient', p.to ? code(p.to, 'preview-to') : el('strong', { testid: 'preview-to' }, ['none: deploys a contract'])],
    ['Amount', el('span', { testid: 'preview-value', attrs: { 'data-wei': p.valueWei } }, [el('strong', {}, [p.value]), ` (${p.valueWei} wei)`])],
    ['Chain', el('span', { testid: 'preview-chain' }, [p.chainId])],
    ['Fee at most', el('span', { testid: 'preview-fee', attrs: { 'data-wei': p.maxFeeWei } }, [el('strong', {}, [p.maxFee]), ` (${p.maxFeeWei} wei: gas limit ${p.gasLimit} × ${p.feePerGasWei} wei per gas)`])],
    ['Nonce', el('span', { testid: 'preview-nonce' }, [`${p.nonce} of `, code(p.from)])],
    ['Call', p.call ? el('span', { testid: 'preview-call' }, [p.call]) : 'none (a plain transfer)'],
    ['Transaction hash', code(p.txHash, 'preview-hash')],
  ]);
}

export function safeSignatureCard(p: SafeSignaturePreview): HTMLElement {
  return previewCard('safe-signature', p.summary, p.fingerprint, 'Nothing has been checked or kept yet.', [
    ['Owner', code(p.owner, 'preview-owner')],
    ['Safe', code(p.safe, 'preview-safe')],
    ['Chain', el('span', { testid: 'preview-chain' }, [p.chainId])],
    ['Safe transaction hash', code(p.safeTxHash, 'preview-safe-tx-hash')],
  ]);
}

function previewCard(id: string, summary: string, fingerprint: string, notYet: string, rows: ReadonlyArray<[string, Child]>): HTMLElement {
  return el('div', { className: 'relay-preview-card' }, [
    el('p', { className: 'relay-preview-summary', testid: `${id}-summary` }, [summary]),
    el('p', { className: 'draft-fingerprint' }, [
      el('span', { className: 'draft-fingerprint-label' }, ['Fingerprint: the vault showed ']),
      el('strong', { testid: `${id}-fingerprint`, attrs: { 'data-words': fingerprint } }, [fingerprint]),
    ]),
    el('dl', { className: 'fact-list' }, rows.flatMap(([label, value]) => [el('dt', {}, [label]), el('dd', {}, [value])])),
    el('p', { className: 'field-hint', testid: `${id}-not-sent` }, [`${notYet} Compare the four words with the vault's screen, then confirm below.`]),
  ]);
}

// The review of a scanned PSBT as a key holder reads it: every input (the vault's or not, amount, address, path),
// every output (address, amount, verified change or a payment out), the fee in sats and sat/vB, locktime, RBF,
// the warnings with which ones block, and the fingerprint words to compare with the coordinator. Nothing here signs.
import type { ResponseOf } from '../../shared/bridge';
import { el } from '../app/dom';
import { warningList } from '../transactions/WarningList';
import { feeLine, formatSats, inputLine, outputLine, readReview, summaryLine, type InputRow, type OutputRow } from './BitcoinModel';

const cell = (text: string, testid?: string) => el('td', testid ? { testid } : {}, [text]);

function inputRow(input: InputRow): HTMLElement {
  return el('tr', { testid: 'psbt-input', attrs: { 'data-ours': String(input.ours), 'data-index': String(input.index) } }, [
    cell(String(input.index)),
    el('td', {}, [el('code', { className: 'address' }, [input.address ?? input.outpoint])]),
    cell(input.value === null ? 'unknown' : formatSats(input.value), 'psbt-input-value'),
    cell(inputLine(input), 'psbt-input-owner'),
  ]);
}

function outputRow(output: OutputRow): HTMLElement {
  return el('tr', { testid: 'psbt-output', attrs: { 'data-change': String(output.change), 'data-index': String(output.index) } }, [
    cell(String(output.index)),
    el('td', {}, [el('code', { className: 'address', testid: 'psbt-output-address' }, [output.address ?? 'no address'])]),
    cell(formatSats(output.value), 'psbt-output-value'),
    cell(outputLine(output), 'psbt-output-kind'),
  ]);
}

const table = (heads: string[], rows: HTMLElement[], testid: string) =>
  el('table', { className: 'draft-table', testid }, [el('thead', {}, [el('tr', {}, heads.map((h) => el('th', { attrs: { scope: 'col' } }, [h])))]), el('tbody', {}, rows)]);

export function psbtReviewPanel(reply: ResponseOf<'psbt.review'>): HTMLElement {
  const { review, blocking } = readReview(reply.review);
  if (!review) return el('section', { className: 'sign-review', testid: 'psbt-review' }, [warningList(blocking, blocking)]);
  return el('section', { className: 'sign-review', testid: 'psbt-review', attrs: { 'data-txid': review.txid, 'data-psbt-key': reply.psbtKey } }, [
    el('h3', { className: 'draft-review-section-title' }, ['What the coordinator asks this vault to sign']),
    el('p', { testid: 'psbt-summary' }, [summaryLine(review)]),
    el('h4', { className: 'draft-review-section-title' }, [`Inputs (${review.inputs.length})`]),
    table(['#', 'Coin', 'Amount', 'Whose'], review.inputs.map(inputRow), 'psbt-inputs'),
    el('h4', { className: 'draft-review-section-title' }, [`Outputs (${review.outputs.length})`]),
    table(['#', 'Address', 'Amount', 'What it is'], review.outputs.map(outputRow), 'psbt-outputs'),
    el('dl', { className: 'hash-list' }, [
      el('dt', {}, ['Fee']),
      el('dd', { testid: 'psbt-fee', attrs: { 'data-fee': String(review.fee ?? '') } }, [feeLine(review)]),
      el('dt', {}, ['Network']),
      el('dd', {}, [review.network]),
      el('dt', {}, ['Transaction id (unsigned)']),
      el('dd', {}, [el('code', { testid: 'psbt-txid' }, [review.txid])]),
    ]),
    el('h4', { className: 'draft-review-section-title' }, ['Warnings']),
    warningList(review.warnings, blocking),
    el('p', { className: 'draft-fingerprint' }, [
      el('span', { className: 'draft-fingerprint-label' }, ['PSBT fingerprint ']),
      el('strong', { testid: 'psbt-fingerprint' }, [reply.fingerprint]),
    ]),
  ]);
}

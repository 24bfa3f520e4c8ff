// Hashes written for reading aloud and comparing with a hardware wallet: monospace, in blocks of four hex digits.
// The blocks are spaced by CSS only, so copying the text gives the hash unbroken.
import { el } from '../app/dom';

/** "0x1a2b3c4d…" as 0x 1a2b 3c4d …, eight blocks a row; data-hex carries the whole value for tests and copying. */
export function hexBlocks(hex: string, testid?: string): HTMLElement {
  const body = hex.startsWith('0x') ? hex.slice(2) : hex;
  const blocks = body.match(/.{1,4}/g) ?? [];
  return el('code', { className: 'hex-blocks', ...(testid ? { testid } : {}), attrs: { 'data-hex': hex } }, [
    el('span', { className: 'hex-prefix' }, [hex.startsWith('0x') ? '0x' : '']),
    // Eight blocks a row, as hardware wallets break them; the empty cell keeps the rows aligned under the 0x.
    ...blocks.flatMap((block, i) => [i > 0 && i % 8 === 0 ? el('span', { className: 'hex-prefix', attrs: { 'aria-hidden': 'true' } }) : null, el('span', { className: 'hex-block' }, [block])]),
  ]);
}

/** Long call data: monospace, wrapped anywhere, with its length; nothing is cut. */
export function rawData(hex: string, testid = 'raw-data'): HTMLElement {
  const bytes = Math.max(0, (hex.length - 2) / 2);
  return el('div', { className: 'raw-data' }, [
    el('span', { className: 'raw-data-length' }, [`${bytes} bytes`]),
    el('code', { className: 'raw-data-hex', testid }, [hex]),
  ]);
}

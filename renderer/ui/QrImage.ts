// A still QR code drawn in this window, as an <img> with an SVG data URL (CSP allows img data:, nothing is fetched).
// Uses qrcode's browser build (esbuild picks lib/browser.js: no Node built-ins, no canvas needed for SVG).
import { toString as qrSvg } from 'qrcode';
import { el } from '../app/dom';

export interface QrImageSpec {
  /** What the code holds; never rendered as text or HTML here. */
  text: string;
  /** Alt text: what the code is, never its content (it may be secret). */
  label: string;
  testid?: string;
  className?: string;
}

export interface QrImage {
  root: HTMLImageElement;
  /** Resolves once the image is drawn (or rejects with qrcode's reason). */
  ready: Promise<void>;
  /** Drops the image data: the data URL itself encodes the text. */
  clear(): void;
}

export function qrImage(spec: QrImageSpec): QrImage {
  const root = el('img', {
    className: ['qr-image', spec.className].filter(Boolean).join(' '),
    ...(spec.testid ? { testid: spec.testid } : {}),
    attrs: { alt: spec.label, draggable: 'false' },
  });
  let cleared = false;
  // Level M survives a fold or a coffee ring on paper; margin 4 is the quiet zone scanners expect.
  const ready = qrSvg(spec.text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } }).then(
    (svg) => {
      if (cleared) return;
      root.src = `data:image/svg+xml;base64,${base64Utf8(svg)}`;
      root.dataset.state = 'ready';
    },
  );
  return {
    root,
    ready,
    clear() {
      cleared = true;
      root.removeAttribute('src');
      delete root.dataset.state;
    },
  };
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

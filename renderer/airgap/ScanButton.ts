// "Scan with the camera": a button that opens the QrScanner in place for the UR types one screen accepts,
// and hands the decoded message on. Every screen that takes a payload from the other machine uses it; the
// paste box beside it stays for a machine without a camera.
import { fingerprintWords } from '../../shared/airgap/fingerprint';
import { el, replace } from '../app/dom';
import type { Bridge } from '../bridge';
import { mountQrScanner, type QrScanResult, type QrScanner, type QrScannerOptions } from '../components/QrScanner';

export interface ScanButton {
  root: HTMLElement;
  dispose(): void;
}

export interface ScanButtonOptions {
  bridge: Pick<Bridge, 'call'>;
  expect: string[];
  title: string;
  label?: string;
  testid: string;
  /** A plain-text code also accepted (see QrScannerOptions.plainText). */
  plainText?: QrScannerOptions['plainText'];
  /** Show the fingerprint words of what arrived (default). Off for secrets: words of a share would narrow it. */
  showFingerprint?: boolean;
  onResult(result: QrScanResult): void;
}

export function scanButton(options: ScanButtonOptions): ScanButton {
  const root = el('div', { className: 'scan-button', testid: options.testid });
  let scanner: QrScanner | null = null;
  const close = () => {
    scanner?.dispose();
    scanner = null;
  };
  const button = () => el('button', { className: 'button', testid: `${options.testid}-open`, attrs: { type: 'button' }, on: { click: open } }, [options.label ?? 'Scan with the camera']);
  const showButton = () => replace(root, [button()]);
  /** After a read: the fingerprint words of what arrived, to compare with the words under the QR on the other screen. */
  const showReceived = (result: QrScanResult) => {
    if (options.showFingerprint === false) return showButton();
    const words = fingerprintWords(result.type, result.payload).join(' ');
    replace(root, [
      button(),
      el('p', { className: 'scan-received', testid: `${options.testid}-received`, attrs: { 'data-words': words } }, [
        'Received. Fingerprint ',
        el('strong', {}, [words]),
        ': the other screen must show the same four words.',
      ]),
    ]);
  };
  function open(): void {
    close();
    const area = el('div', { className: 'scan-button-area' });
    replace(root, [area]);
    scanner = mountQrScanner(area, {
      expect: options.expect,
      title: options.title,
      bridge: options.bridge,
      ...(options.plainText ? { plainText: options.plainText } : {}),
      onResult: (result) => {
        close();
        showReceived(result);
        options.onResult(result);
      },
      onClose: () => {
        scanner = null;
        showButton();
      },
    });
  }
  showButton();
  return { root, dispose: close };
}

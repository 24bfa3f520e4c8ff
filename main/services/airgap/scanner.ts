// SECURITY(H-08): whether a QR scanner is open in the window. Main's permission handlers read `open`;
// the renderer flips it through scanner.open / scanner.close around getUserMedia. Closed by default.
export interface ScannerService {
  /** True only between scanner.open and scanner.close (or lock-down of the window). */
  readonly open: boolean;
  openScanner(): { open: boolean };
  closeScanner(): { open: boolean };
}

export function createScannerService(): ScannerService {
  let open = false;
  return {
    get open() {
      return open;
    },
    openScanner() {
      open = true;
      return { open };
    },
    closeScanner() {
      open = false;
      return { open };
    },
  };
}

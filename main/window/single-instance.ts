// SECURITY(H-14): what a second launch does to the running app: bring its window forward, nothing
// else. The second process's command line is never read, so it cannot switch mode or database.

/** The part of a BrowserWindow a second launch may touch. */
export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export function focusFirstInstance(win: FocusableWindow | null): void {
  if (win === null || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

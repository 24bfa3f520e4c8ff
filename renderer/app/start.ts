// Start-up: connect to window.airlock, ask main what this window is (app.status), then draw the shell.
import { connectBridge, toPublicError } from '../bridge';
import { fatalScreen } from './FatalScreen';
import { mountShell } from './shell';

export async function startApp(root: HTMLElement): Promise<void> {
  try {
    const bridge = connectBridge(window.airlock);
    const status = await bridge.call('app.status', {});
    mountShell(root, bridge, status);
  } catch (error) {
    root.replaceChildren(fatalScreen(toPublicError(error)));
  }
}

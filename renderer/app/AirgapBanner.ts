// The vault's unmissable warning: red, at the top, for as long as any non-loopback interface is up, and for as long
// as the vault's test-machine setting lets it unlock and sign while connected (SECURITY H-27).
import { el, replace } from './dom';
import { listInProse } from './format';
import type { NetworkState } from './network-monitor';

export function airgapBanner(): { root: HTMLElement; update(state: NetworkState): void } {
  const message = el('p', { className: 'airgap-message', testid: 'airgap-message' });
  const root = el('div', { className: 'airgap-banner', testid: 'airgap-banner', attrs: { role: 'alert' } }, [
    el('span', { className: 'airgap-mark', attrs: { 'aria-hidden': 'true' } }, ['!']),
    message,
  ]);
  root.hidden = true;
  const show = (kind: string, lines: Array<string | HTMLElement>) => {
    replace(message, lines);
    root.dataset.state = kind;
    root.hidden = false;
  };
  return {
    root,
    update(state) {
      if (state.kind === 'unknown') {
        // Fail closed: if the check itself fails, the vault cannot claim to be offline.
        return show('unknown', [
          el('strong', {}, ['Airlock cannot confirm this vault is offline.']),
          ` Treat it as connected: disconnect every network before unlocking. (${state.error.code}: ${state.error.message})`,
        ]);
      }
      if (state.kind !== 'checked') return void (root.hidden = true);
      const { online, interfaces, onlineSigningAllowed } = state.status;
      const names = listInProse([...new Set(interfaces.map((i) => i.name))]);
      if (onlineSigningAllowed) {
        return show('online-signing-allowed', [
          el('strong', {}, ['Test machine: this vault unlocks and signs even while a network is connected.']),
          online ? ` ${names} is connected now.` : '',
          ' Never hold real shares here. Turn it off in Settings.',
        ]);
      }
      if (online) {
        return show('online', [
          el('strong', {}, ['Network connected: this vault must be air-gapped.']),
          ` Disconnect ${names} before unlocking: unlocking and signing are refused while it is connected.`,
        ]);
      }
      root.hidden = true;
    },
  };
}

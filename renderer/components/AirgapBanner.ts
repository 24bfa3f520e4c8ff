// The vault's unmissable warning: red, at the top, for as long as any non-loopback interface is up.
import { el, replace } from '../app/dom';
import { listInProse } from '../app/format';
import type { NetworkState } from '../app/network-monitor';

export function airgapBanner(): { root: HTMLElement; update(state: NetworkState): void } {
  const message = el('p', { className: 'airgap-message', testid: 'airgap-message' });
  const root = el('div', { className: 'airgap-banner', testid: 'airgap-banner', attrs: { role: 'alert' } }, [
    el('span', { className: 'airgap-mark', attrs: { 'aria-hidden': 'true' } }, ['!']),
    message,
  ]);
  root.hidden = true;
  return {
    root,
    update(state) {
      if (state.kind === 'checked' && state.status.online) {
        const names = [...new Set(state.status.interfaces.map((i) => i.name))];
        replace(message, [
          el('strong', {}, ['Network connected: this vault must be air-gapped.']),
          ` Disconnect ${listInProse(names)} before unlocking.`,
        ]);
        root.hidden = false;
      } else if (state.kind === 'unknown') {
        // Fail closed: if the check itself fails, the vault cannot claim to be offline.
        replace(message, [
          el('strong', {}, ['Airlock cannot confirm this vault is offline.']),
          ` Treat it as connected: disconnect every network before unlocking. (${state.error.code}: ${state.error.message})`,
        ]);
        root.hidden = false;
      } else {
        root.hidden = true;
      }
    },
  };
}

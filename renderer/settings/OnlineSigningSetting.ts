// Settings, SECURITY(H-27): whether this vault may unlock and sign while a network interface is up. Off on every
// real vault; a test machine may turn it on. Each change is audited, and the air-gap banner stays up while it is on.
import { el, replace } from '../app/dom';
import { toPublicError, type Bridge } from '../bridge';
import type { VaultSummaryView } from '../../shared/bridge';
import { errorNotice } from '../ui/ErrorNotice';

export function onlineSigningSetting(bridge: Bridge): HTMLElement {
  const box = el('section', { className: 'settings-section', testid: 'online-signing-setting' }, []);
  const failed = (error: unknown) => replace(box, [errorNotice(toPublicError(error), 'online-signing-error')]);
  const render = (vault: VaultSummaryView) => {
    const allowed = vault.allowOnlineSigning;
    const toggle = el('button', { className: allowed ? 'button' : 'button button-danger', testid: 'online-signing-toggle', attrs: { type: 'button' } }, [
      allowed ? 'Refuse unlocking and signing while connected' : 'Allow on this test machine',
    ]);
    toggle.addEventListener('click', () => {
      toggle.setAttribute('disabled', '');
      bridge.call('vault.setOnlineSigning', { allowed: !allowed }).then((reply) => render(reply.vault), failed);
    });
    replace(box, [
      el('h2', {}, ['Unlocking while connected']),
      el('p', { className: allowed ? 'notice notice-warn' : 'notice notice-info', testid: 'online-signing-state', attrs: { 'data-allowed': String(allowed) } }, [
        allowed
          ? 'On: this vault unlocks and signs even while a network interface is up. Only for a test machine that never holds real shares.'
          : 'Off: while Wi-Fi or Ethernet is connected, this vault refuses to unlock and to sign.',
      ]),
      el('p', { className: 'field-hint' }, ['Every change is recorded in the audit log.']),
      toggle,
    ]);
  };
  void bridge.call('vault.summary', {}).then(({ vault }) => vault && render(vault), failed);
  return box;
}

// "Export watch-only accounts": after a quorum unlock, the vault shows its account keys as crypto-hdkey /
// crypto-account QR codes (public keys only) for a MetaMask-style QR wallet or the relay, with the accounts
// the other side must then show, and fingerprint words to compare on both screens.
import { fromHex } from '../../shared/bytes';
import type { ResponseOf } from '../../shared/bridge';
import type { Bridge } from '../bridge';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import { animatedQr, type AnimatedQr } from '../components/AnimatedQr';
import { errorNotice } from '../ui/ErrorNotice';

type Export = ResponseOf<'accounts.watchOnly'>['exports'][number];

export interface WatchOnlyExportPanel {
  root: HTMLElement;
  dispose(): void;
}

export function watchOnlyExportPanel(bridge: Bridge): WatchOnlyExportPanel {
  const body = el('div', { className: 'watch-only-body', testid: 'watch-only-body' });
  let shown: AnimatedQr[] = [];
  const clear = () => {
    for (const qr of shown) qr.dispose();
    shown = [];
  };
  const button = el('button', { className: 'button', testid: 'watch-only-export', attrs: { type: 'button' } }, ['Show watch-only QR']);
  button.addEventListener('click', () => {
    button.disabled = true;
    clear();
    bridge
      .call('accounts.watchOnly', {})
      .then(({ exports }) => replace(body, exports.map(exportCard)))
      .catch((error: unknown) => replace(body, [errorNotice(toPublicError(error), 'watch-only-error')]))
      .finally(() => {
        button.disabled = false;
      });
  });
  const exportCard = (entry: Export): HTMLElement => {
    const qr = animatedQr({ source: { type: entry.type, payload: fromHex(entry.payload) }, destination: 'relay', label: 'Watch-only accounts' });
    shown.push(qr);
    return el('div', { className: 'watch-only-export', testid: 'watch-only-card', attrs: { 'data-type': entry.type } }, [
      el('p', { className: 'muted' }, [entry.note]),
      qr.root,
      el('p', {}, ['After scanning, the other wallet must list exactly these addresses:']),
      el(
        'ul',
        { className: 'watch-only-accounts' },
        entry.accounts.map((a) => el('li', { testid: 'watch-only-account' }, [`${a.label} · `, el('code', {}, [a.path]), ' · ', el('code', { className: 'address' }, [a.address])])),
      ),
    ]);
  };
  const listButton = el('button', { className: 'button', testid: 'watch-list-export', attrs: { type: 'button' } }, ['Show watch list for the relay']);
  listButton.addEventListener('click', () => {
    listButton.disabled = true;
    clear();
    bridge
      .call('accounts.watchList', {})
      .then((entry) => {
        const qr = animatedQr({ source: { type: entry.type, payload: fromHex(entry.payload) }, destination: 'relay', label: 'Watch list' });
        shown.push(qr);
        replace(body, [
          el('div', { className: 'watch-only-export', testid: 'watch-list-card', attrs: { 'data-type': entry.type } }, [
            el('p', { className: 'muted' }, ['What the relay snapshots for this vault: its accounts and its Safes. Addresses only.']),
            qr.root,
            el(
              'ul',
              { className: 'watch-only-accounts' },
              [...entry.list.accounts, ...entry.list.safes].map((a) => el('li', { testid: 'watch-list-entry' }, [`${a.label} · `, el('code', { className: 'address' }, [a.address])])),
            ),
          ]),
        ]);
      })
      .catch((error: unknown) => replace(body, [errorNotice(toPublicError(error), 'watch-only-error')]))
      .finally(() => {
        listButton.disabled = false;
      });
  });
  const root = el('section', { className: 'panel', testid: 'watch-only', attrs: { 'aria-labelledby': 'watch-only-heading' } }, [
    el('h2', { className: 'panel-title', attrs: { id: 'watch-only-heading' } }, ['Watch-only export']),
    el('p', { className: 'panel-lead muted' }, [
      'Pairs a QR hardware-wallet flow (MetaMask, Rabby) or the relay with these accounts: public keys only, no secret. ',
      'An account key reveals every address of the treasury, so the quorum unlocks first. The relay\'s watch list (addresses only) needs no unlock.',
    ]),
    el('div', { className: 'watch-only-actions' }, [button, listButton]),
    body,
  ]);
  return { root, dispose: clear };
}

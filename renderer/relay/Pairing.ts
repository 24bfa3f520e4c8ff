// The Pairing view (relay): this relay's public key, its four fingerprint words and its QR for the vault,
// which pins the key once both screens show the same words. Snapshots from any other key are refused there.
import { fromHex } from '../../shared/bytes';
import { RELAY_KEY_FINGERPRINT_TYPE } from '../../shared/snapshot/signature';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import { defineView } from '../app/view';
import { animatedQr } from '../components/AnimatedQr';
import { errorNotice } from '../ui/ErrorNotice';

export const pairingView = defineView({
  id: 'pairing',
  title: 'Pairing',
  purpose: 'Pair this relay with a vault, so the vault accepts the snapshots this relay signs and no one else’s.',
  page(context, scope) {
    const body = el('div', { testid: 'pairing-body' }, [el('p', { className: 'muted' }, ['Reading the relay key…'])]);
    context.bridge
      .call('relay.key', {})
      .then(({ relayKey, fingerprint }) => {
        if (!scope.shown()) return;
        const qr = scope.own(animatedQr({ source: { type: RELAY_KEY_FINGERPRINT_TYPE, payload: fromHex(relayKey) }, destination: 'vault', label: 'Relay public key' }));
        replace(body, [
          el('div', { className: 'panel relay-pairing' }, [
            el('h2', { className: 'panel-title' }, ['This relay’s key']),
            el('p', { className: 'relay-fingerprint', testid: 'relay-fingerprint', attrs: { 'data-words': fingerprint } }, [
              el('span', { className: 'muted' }, ['Fingerprint words ']),
              el('strong', {}, [fingerprint]),
            ]),
            el('p', {}, ['Public key ', el('code', { className: 'hash relay-key', testid: 'relay-key' }, [relayKey])]),
            el('ol', { className: 'relay-steps' }, [
              el('li', {}, ['On the vault, open Snapshots & positions and choose Pair a relay.']),
              el('li', {}, ['Scan this code there, or type the public key.']),
              el('li', {}, ['Type the four words the vault asks for only if they match the words above, word for word. If they differ, do not pair: someone may be in between.']),
            ]),
            qr.root,
          ]),
        ]);
      })
      .catch((error: unknown) => scope.shown() && replace(body, [errorNotice(toPublicError(error), 'pairing-error')]));
    return { root: body };
  },
});

// The Endpoints view (relay): the JSON-RPC endpoints snapshots are read from and broadcasts sent to.
// Kept in this window's memory only (no persistence channel yet); two or more are cross-checked.
import { el, replace } from '../app/dom';
import { defineView } from '../app/view';
import { field, textInput } from '../ui/Field';
import type { RelayEndpoints } from './RelayEndpointsModel';

export const endpointsView = defineView({
  id: 'endpoints',
  title: 'Endpoints',
  purpose:
    'The Ethereum JSON-RPC endpoints this relay reads chain state from and sends signed transactions to. With two or more, every value is cross-checked.',
  page({ relayEndpoints }) {
    const list = el('ol', { className: 'relay-endpoint-list', testid: 'endpoint-list' });
    const draw = () => replace(list, endpointRows(relayEndpoints));
    const unsubscribe = relayEndpoints.subscribe(draw);
    draw();
    return {
      root: [
        el('div', { className: 'panel' }, [el('h2', { className: 'panel-title' }, ['Endpoints in use']), list]),
        el('div', { className: 'panel' }, [el('h2', { className: 'panel-title' }, ['Add an endpoint']), addForm(relayEndpoints)]),
        el('p', { className: 'notice notice-info', testid: 'endpoint-memory-note' }, [
          'This list lives in this window only: closing the relay forgets it. Nothing secret is in it, so write it down with your runbook.',
        ]),
      ],
      dispose: unsubscribe,
    };
  },
});

function endpointRows(endpoints: RelayEndpoints): HTMLElement[] {
  const urls = endpoints.list();
  if (urls.length === 0) return [el('li', { className: 'muted', testid: 'endpoint-none' }, ['No endpoint yet: add one to take snapshots and broadcast.'])];
  return urls.map((url, i) =>
    el('li', { className: 'relay-endpoint', testid: 'endpoint-row', attrs: { 'data-url': url } }, [
      el('code', { className: 'relay-endpoint-url' }, [url]),
      el('span', { className: 'muted' }, [i === 0 ? 'primary' : `cross-checks endpoint 1`]),
      el('button', { className: 'button button-small button-quiet', testid: 'endpoint-remove', attrs: { type: 'button', 'aria-label': `Remove ${url}` }, on: { click: () => endpoints.remove(url) } }, ['Remove']),
    ]),
  );
}

function addForm(endpoints: RelayEndpoints): HTMLElement {
  let typed = '';
  const problem = el('p', { className: 'relay-field-error', testid: 'endpoint-problem', attrs: { role: 'alert' } });
  problem.hidden = true;
  const input = textInput({ testid: 'endpoint-url', value: '', onInput: (v) => (typed = v), attrs: { placeholder: 'https://…', inputmode: 'url' } });
  const form = el('form', { className: 'relay-endpoint-form', testid: 'endpoint-form', attrs: { novalidate: '' } }, [
    field({ label: 'RPC endpoint URL', control: input, hint: 'http:// or https://, e.g. your own node, then an independent provider to cross-check it.' }),
    problem,
    el('button', { className: 'button button-primary', testid: 'endpoint-add', attrs: { type: 'submit' } }, ['Add endpoint']),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const refused = endpoints.add(typed);
    problem.hidden = !refused;
    problem.textContent = refused ?? '';
    if (!refused) {
      typed = '';
      input.value = '';
    }
    input.setAttribute('aria-invalid', String(Boolean(refused)));
    input.focus();
  });
  return form;
}

// The Endpoints view (relay): the JSON-RPC endpoints snapshots are read from and broadcasts sent to.
// Saved in the relay's database (a restart keeps them), and said so; two or more are cross-checked.
import { el, replace } from '../app/dom';
import { defineView } from '../app/view';
import { field, textInput } from '../ui/Field';
import type { RelayEndpoints } from './RelayEndpointsModel';

export const endpointsView = defineView({
  id: 'endpoints',
  title: 'Endpoints',
  purpose:
    'The Ethereum JSON-RPC endpoints this relay reads chain state from and sends signed transactions to. With two or more, every value is cross-checked.',
  page({ relayEndpoints }, scope) {
    const list = el('ol', { className: 'relay-endpoint-list', testid: 'endpoint-list' });
    const note = el('div', { testid: 'endpoint-memory-slot' });
    const draw = () => {
      replace(list, endpointRows(relayEndpoints));
      replace(note, [memoryNote(relayEndpoints)]);
    };
    scope.onDispose(relayEndpoints.subscribe(draw));
    draw();
    return {
      root: [
        el('div', { className: 'panel' }, [el('h2', { className: 'panel-title' }, ['Endpoints in use']), list]),
        el('div', { className: 'panel' }, [el('h2', { className: 'panel-title' }, ['Add an endpoint']), addForm(relayEndpoints)]),
        note,
      ],
    };
  },
});

/** Where the list is kept: saved on this relay, in this window only, or not saved (with why: a warning). */
function memoryNote(endpoints: RelayEndpoints): HTMLElement {
  const problem = endpoints.saveProblem();
  if (problem) {
    return el('p', { className: 'notice notice-warn', testid: 'endpoint-memory-note', attrs: { 'data-saved': 'false', role: 'alert' } }, [
      `This list is not saved: ${problem} A restart would bring back the last list saved.`,
    ]);
  }
  const saving = endpoints.saving();
  const text = !endpoints.persistent
    ? 'This list lives in this window only: closing it forgets the list. Nothing secret is in it, so write it down with your runbook.'
    : saving
      ? 'Saving this list on the relay…'
      : 'Saved on this relay: a restart keeps this list. Nothing secret is in it (user names and passwords are refused); write it down with your runbook too.';
  return el('p', { className: 'notice notice-info', testid: 'endpoint-memory-note', attrs: { 'data-saved': String(endpoints.persistent && !saving) } }, [text]);
}

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

// The line over a relay form naming the endpoints it will use (or saying there is none yet), kept current while
// the Endpoints list changes.
import { el, replace } from '../app/dom';
import type { RelayEndpoints } from './RelayEndpointsModel';

export function endpointLine(endpoints: RelayEndpoints, testid: string, lead: (count: number) => string): { root: HTMLElement; dispose(): void } {
  const root = el('p', { className: 'relay-endpoint-line', testid });
  const draw = () => {
    const urls = endpoints.list();
    replace(root, [
      urls.length === 0 ? el('span', { className: 'relay-field-error' }, ['No RPC endpoint yet: add one in Endpoints first.']) : lead(urls.length),
      ...urls.map((url, i) => el('code', { className: 'relay-endpoint-url' }, [`${i ? ', ' : ''}${url}`])),
    ]);
  };
  const dispose = endpoints.subscribe(draw);
  draw();
  return { root, dispose };
}

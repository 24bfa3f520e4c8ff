// Times a 256-account, 64-Safe snapshot (the most a vault accepts) against a local anvil with real Safe 1.4.1
// proxies, and counts the JSON-RPC requests it makes; once with one endpoint, once cross-checked against a second.
import { parseAddress } from '../../shared/evm/address';
import { createRpcClient } from '../../main/services/relay/rpc';
import { takeSnapshot } from '../../main/services/relay/snapshot-taker';
import { DEV_ACCOUNTS } from '../helpers/anvil';
import { deploySafe, withSafeStack } from '../helpers/chain';
import type { Report } from './run';

const ACCOUNTS = 256;
const SAFES = 64;
const RELAY_KEY = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

export function bench(report: Report): Promise<void> {
  return withSafeStack(async (chain, stack) => {
    const owners = DEV_ACCOUNTS.slice(0, 3).map((a) => a.address);
    const safes = [];
    for (let i = 0; i < SAFES; i++) safes.push(parseAddress(await deploySafe(chain, stack, owners, 2)));
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) => parseAddress(`0xbe${(i + 1).toString(16).padStart(38, '0')}`));
    const request = { accounts, safes, tokens: [], positions: [] };
    for (const endpoints of [1, 2]) {
      const clients = Array.from({ length: endpoints }, () => createRpcClient(chain.url));
      const started = performance.now();
      const snapshot = await takeSnapshot({ clients, request, relaySecretKey: RELAY_KEY, now: () => Date.now() });
      const ms = performance.now() - started;
      if (snapshot.accounts.length !== ACCOUNTS || snapshot.safes.length !== SAFES) throw new Error('the snapshot is missing entries');
      const requests = clients.reduce((sum, c) => sum + c.requests, 0);
      report(`relay snapshot ${ACCOUNTS} accounts + ${SAFES} Safes, ${endpoints} endpoint${endpoints > 1 ? 's' : ''}`, ms, 'ms');
      report(`relay snapshot ${ACCOUNTS} accounts + ${SAFES} Safes, ${endpoints} endpoint${endpoints > 1 ? 's' : ''}: requests`, requests, 'requests');
    }
  });
}

// Watches the machine's network interfaces: the vault must warn while any non-loopback one is up.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { NetworkStatus } from '../../../shared/bridge';
import type { Clock } from '../deps';

export type InterfaceSource = () => NodeJS.Dict<NetworkInterfaceInfo[]>;

export interface NetworkService {
  status(): NetworkStatus;
}

export function createNetworkService({ clock, source = networkInterfaces }: { clock: Clock; source?: InterfaceSource }): NetworkService {
  return {
    status() {
      const up: NetworkStatus['interfaces'] = [];
      for (const [name, infos] of Object.entries(source())) {
        for (const info of infos ?? []) {
          if (info.internal || isLoopback(info.address)) continue;
          up.push({ name, address: info.address, family: info.family === 'IPv6' ? 'IPv6' : 'IPv4' });
        }
      }
      return { online: up.length > 0, interfaces: up, checkedAt: clock.now() };
    },
  };
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

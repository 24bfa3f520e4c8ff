// Builds services the way each process does, through its own composition root, for tests that run both modes;
// and the interface lists of an air-gapped and of a connected laptop (SECURITY H-27).
import type { NetworkInterfaceInfo } from 'node:os';
import type { Mode } from '../../shared/bridge';
import type { AppServices, RootOptions } from '../../main/app-services';
import { createRelayServices } from '../../main/relay-services';
import { createVaultServices } from '../../main/vault-services';

/** Only the loopback interface: no air-gap banner, and H-27 lets the vault unlock and sign. */
export const LOOPBACK: NodeJS.Dict<NetworkInterfaceInfo[]> = {
  lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
};

/** A laptop with its Ethernet cable plugged in: eth0 192.168.1.20 up beside loopback. */
export const ETHERNET: NodeJS.Dict<NetworkInterfaceInfo[]> = {
  ...LOOPBACK,
  eth0: [{ address: '192.168.1.20', netmask: '255.255.255.0', family: 'IPv4', mac: '52:54:00:12:34:56', internal: false, cidr: '192.168.1.20/24' }],
};

export function servicesFor(mode: Mode, options: RootOptions): AppServices {
  return mode === 'vault' ? createVaultServices(options) : createRelayServices(options);
}

// SECURITY(H-10): the Node side of "the vault never touches a network". Chromium's blocking does
// not cover the main process, so in vault mode every Node network entry point is replaced by one
// that throws `network-forbidden`. It stops accidents and misbehaving dependencies; it is no sandbox
// against code already running in main (process.binding would still reach the sockets). Programs and threads,
// which could reach the network on the vault's behalf, are refused by ./process-guard (H-26).
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { putBack, refusal, replaceEntryPoints, type GuardTarget, type Replaced } from './entry-point-guard';

export type { GuardTarget } from './entry-point-guard';

export const NETWORK_FORBIDDEN_MESSAGE =
  'The vault never uses the network, and something inside Airlock just tried to. It was stopped; nothing left this computer. Please report this.';

const DNS_LOOKUPS = [
  'lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCaa', 'resolveCname',
  'resolveMx', 'resolveNaptr', 'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTxt', 'reverse',
] as const;

/** Every Node entry point that can open a socket or ask a resolver, by module. */
export function nodeNetworkTargets(): GuardTarget[] {
  return [
    { label: 'node:http', object: http, keys: ['request', 'get', 'createServer'] },
    { label: 'node:https', object: https, keys: ['request', 'get', 'createServer'] },
    { label: 'node:http2', object: http2, keys: ['connect', 'createServer', 'createSecureServer'] },
    { label: 'node:net', object: net, keys: ['connect', 'createConnection', 'createServer'] },
    // The choke point under http, https, tls and net.connect: catches sockets made by code that
    // captured a reference before the guard went in.
    { label: 'net.Socket', object: net.Socket.prototype, keys: ['connect'] },
    { label: 'net.Server', object: net.Server.prototype, keys: ['listen'] },
    { label: 'node:tls', object: tls, keys: ['connect', 'createServer'] },
    { label: 'node:dgram', object: dgram, keys: ['createSocket'] },
    { label: 'dgram.Socket', object: dgram.Socket.prototype, keys: ['bind', 'connect', 'send'] },
    { label: 'node:dns', object: dns, keys: DNS_LOOKUPS },
    { label: 'dns.Resolver', object: dns.Resolver.prototype, keys: DNS_LOOKUPS.filter((k) => k !== 'lookup') },
    { label: 'node:dns/promises', object: dns.promises, keys: DNS_LOOKUPS },
    { label: 'dns/promises.Resolver', object: dns.promises.Resolver.prototype, keys: DNS_LOOKUPS.filter((k) => k !== 'lookup') },
    { label: 'globalThis', object: globalThis, keys: ['fetch', 'WebSocket', 'EventSource'] },
  ];
}

let saved: Replaced[] | null = null;

export function isNetworkGuardInstalled(): boolean {
  return saved !== null;
}

/**
 * Replaces every target function with one that throws; installing twice is a no-op. A property
 * that cannot be replaced throws here, and main treats that as fatal. Electron's own `net` is not
 * patched: it runs on Chromium's network stack in the default session, which H-09 locks down, and
 * the import rule keeps it out of everything but the relay client.
 */
export function installNetworkGuard(): void {
  if (saved !== null) return;
  // Recorded as it goes, so even a half-finished install can be undone by the test-only restore.
  saved = [];
  replaceEntryPoints(nodeNetworkTargets(), (entryPoint) => refusal('network-forbidden', NETWORK_FORBIDDEN_MESSAGE, entryPoint), saved);
}

/** Test-only: puts every original back. The app never calls this. */
export function restoreNetworkGuardForTests(): void {
  if (saved === null) return;
  putBack(saved);
  saved = null;
}

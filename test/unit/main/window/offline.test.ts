// Tests the vault's request scheme table and its offline session settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedSchemes, decideRequest, sessionLockdown } from '../../../../main/window/offline';

const hostile = [
  'https://rpc.example/', 'http://127.0.0.1:8545/', 'ws://localhost/', 'wss://relay.example/', 'file:///etc/passwd',
  'ftp://x/', 'chrome://settings', 'chrome-extension://abc/x.js', 'javascript:alert(1)', 'gopher://x', 'not a url', '',
];

test('H-09 the vault cancels every request that is not app: (devtools: only while developing)', () => {
  const packaged = allowedSchemes('vault', { isPackaged: true });
  assert.deepEqual([...packaged], ['app:']);
  assert.equal(decideRequest('app://airlock/index.html', packaged), 'allow');
  for (const url of [...hostile, 'devtools://devtools/bundled/inspector.html']) assert.equal(decideRequest(url, packaged), 'cancel', url);
  const dev = allowedSchemes('vault', { isPackaged: false });
  assert.equal(decideRequest('devtools://devtools/bundled/inspector.html', dev), 'allow');
  for (const url of hostile) assert.equal(decideRequest(url, dev), 'cancel', url);
});

test('H-09 the relay lets https: through and nothing else of the network', () => {
  const relay = allowedSchemes('relay', { isPackaged: true });
  assert.equal(decideRequest('https://rpc.example/', relay), 'allow');
  assert.equal(decideRequest('app://airlock/app.js', relay), 'allow');
  for (const url of hostile.filter((u) => !u.startsWith('https:'))) assert.equal(decideRequest(url, relay), 'cancel', url);
});

test('H-09 the vault session is offline, proxied to a dead local port for every scheme, WebRTC UDP off', () => {
  const lockdown = sessionLockdown('vault');
  assert.ok(lockdown);
  assert.deepEqual(lockdown.networkEmulation, { offline: true });
  assert.equal(lockdown.proxy.mode, 'fixed_servers');
  // No "scheme=" prefix: one proxy for every scheme, so ws:, ftp: and socks fallbacks cannot go direct.
  assert.equal(lockdown.proxy.proxyRules, '127.0.0.1:9');
  assert.ok(!lockdown.proxy.proxyRules.includes('direct'));
  assert.equal(lockdown.proxy.proxyBypassRules, '<-loopback>');
  assert.equal(lockdown.webRTCIPHandlingPolicy, 'disable_non_proxied_udp');
});

test('H-09 the relay session is not taken offline', () => {
  assert.equal(sessionLockdown('relay'), null);
});

// The relay window's endpoint list: each URL checked as typed (a sentence when refused), normalised, at most four,
// listeners told of every change; in the relay app saved in its database through the real bridge, so a restart
// keeps it, and main's refusal of what the window let through is shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createRelayServices } from '../../../../main/relay-services';
import { bridgeEndpointStorage, createRelayEndpoints, MAX_ENDPOINTS } from '../../../../renderer/relay/RelayEndpointsModel';
import { rendererBridge } from '../../../helpers/renderer-bridge';
import { tempDir } from '../../../helpers/temp';

test('adds checked, normalised URLs in order and tells each listener until it unsubscribes', () => {
  const endpoints = createRelayEndpoints();
  let changes = 0;
  const unsubscribe = endpoints.subscribe(() => changes++);
  assert.equal(endpoints.add('  https://RPC.example.org  '), null);
  assert.equal(endpoints.add('http://127.0.0.1:8545'), null);
  assert.deepEqual(endpoints.list(), ['https://rpc.example.org/', 'http://127.0.0.1:8545/']);
  endpoints.remove('https://rpc.example.org/');
  assert.deepEqual(endpoints.list(), ['http://127.0.0.1:8545/']);
  unsubscribe();
  endpoints.remove('http://127.0.0.1:8545/');
  assert.equal(changes, 3);
  assert.deepEqual(createRelayEndpoints().list(), [], 'a new window starts empty');
});

test('refuses what is not a usable endpoint with a sentence, and changes nothing', () => {
  const endpoints = createRelayEndpoints();
  assert.match(endpoints.add('   ') ?? '', /^Type the RPC endpoint URL/);
  assert.match(endpoints.add('rpc.example.org') ?? '', /is not a URL/);
  assert.match(endpoints.add('file:///etc/passwd') ?? '', /starts with https:\/\/ or http:\/\/, not file:/);
  assert.match(endpoints.add('https://user:secret@rpc.example.org') ?? '', /Leave user names and passwords out/);
  endpoints.add('https://a.example.org');
  assert.match(endpoints.add('https://a.example.org/') ?? '', /already in the list/);
  for (const host of ['b', 'c', 'd']) assert.equal(endpoints.add(`https://${host}.example.org`), null);
  assert.match(endpoints.add('https://e.example.org') ?? '', new RegExp(`At most ${MAX_ENDPOINTS} endpoints`));
  assert.equal(endpoints.list().length, MAX_ENDPOINTS);
});

test('the relay saves its list in its database: after a restart a new window lists the same endpoints in order', async () => {
  const dbPath = join(tempDir(), 'relay.db');
  const before = createRelayServices({ dbPath });
  try {
    const endpoints = createRelayEndpoints(bridgeEndpointStorage(rendererBridge(before)));
    await endpoints.settled();
    assert.deepEqual([endpoints.list(), endpoints.persistent], [[], true]);
    endpoints.add('https://a.example.org');
    assert.equal(endpoints.saving(), true, 'the window says so until main has saved it');
    endpoints.add('http://127.0.0.1:8545');
    endpoints.remove('https://a.example.org/');
    endpoints.add('https://b.example.org/v3/project');
    await endpoints.settled();
    assert.deepEqual([endpoints.saveProblem(), endpoints.saving()], [null, false]);
    const saved = before.audit.list(10).filter((e) => e.action === 'relay-endpoints-saved');
    assert.equal(saved.length, 4, 'every change is audited');
    assert.equal(saved[0]!.details.hosts, 'http://127.0.0.1:8545, https://b.example.org', 'hosts only: a path may hold an API key');
  } finally {
    before.close();
  }
  const after = createRelayServices({ dbPath });
  try {
    const endpoints = createRelayEndpoints(bridgeEndpointStorage(rendererBridge(after)));
    await endpoints.settled();
    assert.deepEqual(endpoints.list(), ['http://127.0.0.1:8545/', 'https://b.example.org/v3/project']);
    // The window lets a cloud metadata address through; main refuses to save it, and the window says the list is not saved.
    endpoints.add('http://169.254.169.254/');
    await endpoints.settled();
    assert.match(endpoints.saveProblem() ?? '', /link-local or cloud metadata address/);
    assert.deepEqual(after.relay.savedEndpoints(), ['http://127.0.0.1:8545/', 'https://b.example.org/v3/project'], 'nothing was saved');
  } finally {
    after.close();
  }
});

// The relay window's endpoint list: each URL checked as typed (a sentence when refused), normalised, at most four,
// listeners told of every change; two windows' lists are separate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRelayEndpoints, MAX_ENDPOINTS } from '../../../../renderer/relay/RelayEndpointsModel';

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

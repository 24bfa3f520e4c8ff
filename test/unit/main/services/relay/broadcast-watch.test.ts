// The broadcast verdict over what every endpoint said: confirmed only when every endpoint that answers shows the
// transaction in one and the same block; replaced only when all agree its nonce went to another transaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointNames, observation, verdict } from '../../../../../main/services/relay/broadcast-watch';
import type { RpcClient } from '../../../../../main/services/relay/rpc';

const BLOCK = { number: '7', hash: '0x' + 'ab'.repeat(32) };
const OTHER_BLOCK = { number: '7', hash: '0x' + 'cd'.repeat(32) };
const mined = (name: string, block = BLOCK) => observation(name, 'mined', 'in block 7', block);
const reverted = (name: string, revertReason: string) => ({ ...observation(name, 'reverted', `in block 7, reverted: ${revertReason}`, BLOCK), revertReason });

test('confirmed when every endpoint that answers shows it in the same block; a silent endpoint does not count', () => {
  assert.deepEqual(verdict([mined('a'), mined('b')]), { kind: 'included', status: 'confirmed', blockNumber: '7', blockHash: BLOCK.hash, revertReason: null });
  assert.equal(verdict([mined('a'), observation('b', 'unreachable', 'down')]).kind, 'included');
  assert.deepEqual(verdict([reverted('a', 'paused')]), { kind: 'included', status: 'reverted', blockNumber: '7', blockHash: BLOCK.hash, revertReason: 'paused' });
});

test('a revert reason is each endpoint\'s own word: agreeing endpoints give one reason, differing ones are each named', () => {
  assert.equal((verdict([reverted('a', 'paused'), reverted('b', 'paused')]) as { revertReason: string }).revertReason, 'paused');
  assert.equal(
    (verdict([reverted('a', 'paused'), reverted('b', 'all is well')]) as { revertReason: string }).revertReason,
    'the endpoints disagree on the reason: a: paused; b: all is well',
  );
});

test('not confirmed when one endpoint that answers contradicts, does not know it, or names another block', () => {
  for (const other of [observation('b', 'inconsistent', 'receipt of another transaction'), observation('b', 'unknown', 'does not know it'), observation('b', 'pending', 'waiting'), mined('b', OTHER_BLOCK), observation('b', 'reverted', 'reverted', BLOCK)]) {
    assert.equal(verdict([mined('a'), other]).kind, 'waiting', other.state);
  }
});

test('replaced only when every endpoint that answers says so; unknown everywhere asks for a re-send; silence is silence', () => {
  assert.equal(verdict([observation('a', 'replaced', 'nonce used'), observation('b', 'replaced', 'nonce used')]).kind, 'replaced');
  assert.equal(verdict([observation('a', 'replaced', 'nonce used'), mined('b')]).kind, 'waiting');
  assert.equal(verdict([observation('a', 'unknown', '-'), observation('b', 'unreachable', '-')]).kind, 'unknown');
  assert.equal(verdict([observation('a', 'unreachable', '-')]).kind, 'silent');
});

test('two endpoints on one host are told apart; details are bounded and show no bidi character', () => {
  const client = (label: string) => ({ label }) as RpcClient;
  assert.deepEqual(endpointNames([client('https://a'), client('https://b'), client('https://a')]), ['https://a', 'https://b', 'https://a (#2)']);
  const long = observation('a', 'refused', '\u202e' + 'x'.repeat(1000));
  assert.ok(long.detail.length <= 240 && !long.detail.includes('\u202e'));
});

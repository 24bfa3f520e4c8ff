// Tests `airlock slip39 split|combine` by calling their run() with a fake stdin and the real system random source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { CliCommand, CliInput } from '../../../../main/cli/command';
import { slip39Commands } from '../../../../main/cli/commands/slip39';
import { systemClock, systemRandom } from '../../../../main/services/deps';
import { decodeShare } from '../../../../shared/crypto/slip39';
import { AirlockError } from '../../../../shared/errors';

type Vector = [description: string, mnemonics: string[], masterSecret: string, xprv: string];
const VECTORS = JSON.parse(readFileSync(new URL('../../../vectors/slip39-trezor.json', import.meta.url), 'utf8')) as Vector[];

const command = (name: string): CliCommand => {
  const found = slip39Commands.find((c) => c.path.join(' ') === `slip39 ${name}`);
  assert.ok(found, `slip39 ${name} exists`);
  return found;
};
const inputWith = (stdin: string): CliInput => ({
  options: {},
  positionals: [],
  readStdin: async () => stdin,
  clock: systemClock,
  random: systemRandom,
});
const run = (name: string, stdin: string) => command(name).run(inputWith(stdin));
const rejectsWith = (promise: Promise<unknown>, code: string, fragment: string) =>
  assert.rejects(promise, (e) => e instanceof AirlockError && e.code === code && e.message.includes(fragment));

const SECRET = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

test('split then combine round-trips a 256-bit secret through JSON, with the documented shapes', async () => {
  const request = { masterSecret: SECRET, passphrase: 'TREZOR', groupThreshold: 2, groups: [[2, 3], [1, 1]], iterationExponent: 0, extendable: true };
  const split = (await run('split', JSON.stringify(request))) as { groups: string[][] };
  assert.deepEqual(Object.keys(split), ['groups']);
  assert.deepEqual(split.groups.map((g) => g.length), [3, 1]);
  const share = decodeShare(split.groups[0]![0]!);
  assert.equal(share.groupThreshold, 2);
  assert.equal(share.iterationExponent, 0);
  const combined = await run('combine', JSON.stringify({ mnemonics: [split.groups[1]![0], split.groups[0]![2], split.groups[0]![0]], passphrase: 'TREZOR' }));
  assert.deepEqual(combined, { masterSecret: SECRET });
});

test('split uses fresh randomness every run and applies the defaults (passphrase "", exponent 1, extendable)', async () => {
  const stdin = JSON.stringify({ masterSecret: SECRET.slice(0, 32), groupThreshold: 1, groups: [[2, 3]] });
  const a = (await run('split', stdin)) as { groups: string[][] };
  const b = (await run('split', stdin)) as { groups: string[][] };
  assert.notDeepEqual(a, b);
  const share = decodeShare(a.groups[0]![0]!);
  assert.equal(share.iterationExponent, 1);
  assert.equal(share.extendable, true);
  assert.deepEqual(await run('combine', JSON.stringify({ mnemonics: a.groups[0]!.slice(1) })), { masterSecret: SECRET.slice(0, 32) });
});

test('combine recovers an official vector with passphrase TREZOR', async () => {
  const [, mnemonics, secret] = VECTORS[44]!;
  assert.deepEqual(await run('combine', JSON.stringify({ mnemonics, passphrase: 'TREZOR' })), { masterSecret: secret });
});

test('malformed JSON is input-invalid without echoing the input', async () => {
  await assert.rejects(run('combine', '{"mnemonics": ["shadow pistol academic'), (e) => {
    assert.ok(e instanceof AirlockError && e.code === 'input-invalid');
    assert.match(e.message, /not valid JSON/);
    assert.ok(!e.message.includes('shadow'));
    return true;
  });
});

test('schema errors are input-invalid and name the field', async () => {
  await rejectsWith(run('split', JSON.stringify({ groupThreshold: 1, groups: [[2, 3]] })), 'input-invalid', 'The input field "masterSecret" is missing or invalid');
  await rejectsWith(run('split', JSON.stringify({ masterSecret: 'xyz', groupThreshold: 1, groups: [[2, 3]] })), 'input-invalid', 'must be hexadecimal');
  await rejectsWith(run('split', JSON.stringify({ masterSecret: SECRET, groupThreshold: 1, groups: [[2, '3']] })), 'input-invalid', '"groups.0.1"');
  await rejectsWith(run('split', JSON.stringify({ masterSecret: SECRET, groupThreshold: 1.5, groups: [[2, 3]] })), 'input-invalid', '"groupThreshold"');
  await rejectsWith(run('split', JSON.stringify({ masterSecret: SECRET, groupThreshold: 1, groups: [[2, 3]], extendible: true })), 'input-invalid', 'unknown field "extendible"');
  await rejectsWith(run('combine', JSON.stringify({ mnemonics: 'one two three' })), 'input-invalid', '"mnemonics"');
  await rejectsWith(run('combine', JSON.stringify({ mnemonics: [1, 2] })), 'input-invalid', '"mnemonics.0"');
  await rejectsWith(run('combine', '[]'), 'input-invalid', 'The input must be a JSON object');
});

test('domain errors pass through with their own codes', async () => {
  await rejectsWith(run('split', JSON.stringify({ masterSecret: SECRET.slice(0, 30), groupThreshold: 1, groups: [[2, 3]] })), 'master-secret-length-invalid', 'it is 15 bytes');
  await rejectsWith(run('split', JSON.stringify({ masterSecret: SECRET, groupThreshold: 2, groups: [[2, 3]] })), 'split-parameters-invalid', 'group threshold');
  await rejectsWith(run('combine', JSON.stringify({ mnemonics: VECTORS[4]![1], passphrase: 'TREZOR' })), 'shares-not-enough', 'Group 1 needs 1 more share');
});

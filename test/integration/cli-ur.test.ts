// `airlock ur encode|decode` as a user runs it: the bundled CLI in a subprocess, JSON on stdout, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAirlock as airlock } from '../helpers/cli';
import { mulberry32 } from '../helpers/seeded';

test('ur encode → 30% of parts dropped → shuffled with duplicates → ur decode gives the payload byte for byte', () => {
  const random = mulberry32(42);
  const payload = Buffer.from(Uint8Array.from({ length: 10 * 1024 }, () => Math.floor(random() * 256)));
  const encoded = airlock(['ur', 'encode', '--type', 'airlock-snapshot', '--max-fragment', '200', '--json'], payload.toString('hex') + '\n');
  assert.equal(encoded.status, 0, encoded.stdout + encoded.stderr);
  const parts: string[] = encoded.json.parts;
  assert.ok(parts.length > 100 && parts.every((p) => p.startsWith('ur:airlock-snapshot/')));
  const kept = parts.map((part) => ({ part, key: random() })).sort((a, b) => a.key - b.key).slice(Math.floor(parts.length * 0.3)).map((x) => x.part);
  const channel = [...kept, ...kept.slice(0, 10)].map((part) => ({ part, key: random() })).sort((a, b) => a.key - b.key).map((x) => x.part);
  const decoded = airlock(['ur', 'decode', '--json'], channel.join('\n') + '\n');
  assert.equal(decoded.status, 0, decoded.stdout + decoded.stderr);
  // Airlock's own types say which body version they were read from.
  assert.deepEqual(decoded.json, { type: 'airlock-snapshot', payload: payload.toString('hex'), version: 2 });
});

test('a small payload is one single-part UR, and decodes from it alone; ur:bytes is the standard CBOR byte string', () => {
  const encoded = airlock(['ur', 'encode', '--type', 'bytes', '--json'], '0a0b0c');
  // What @ngraveio/bc-ur's UR.fromBuffer makes of 0a0b0c: the message 43 0a0b0c.
  assert.deepEqual(encoded.json, { parts: ['ur:bytes/fxbkbdbngwdyetyt'] });
  assert.deepEqual(airlock(['ur', 'decode', '--json'], 'ur:bytes/fxbkbdbngwdyetyt').json, { type: 'bytes', payload: '0a0b0c' });
});

test('0.1.0\'s ur:bytes (bare bytes) is refused saying to encode it again; a registry type\'s payload must be CBOR', () => {
  const old = airlock(['ur', 'decode', '--json'], 'ur:bytes/bkbdbncsmwsodk\n');
  assert.equal(old.status, 2, old.stdout);
  assert.equal(old.json.error.code, 'ur-invalid');
  assert.match(old.json.error.message, /does not hold a CBOR byte string.*encode the payload again/);
  const raw = airlock(['ur', 'encode', '--type', 'eth-sign-request', '--json'], '02f8');
  assert.equal(raw.status, 2, raw.stdout);
  assert.match(raw.json.error.message, /is not CBOR\. To send raw bytes, use the type "bytes"/);
});

test('garbage on standard input exits 2 with a precise error, never a stack trace', () => {
  const cases: [string[], string, string, RegExp][] = [
    [['ur', 'decode', '--json'], 'hello\n', 'ur-invalid', /^Part 1: This QR code is not a UR/],
    [['ur', 'decode', '--json'], 'ur:bytes/fxbkbdbngwdyetyu\n', 'ur-invalid', /^Part 1: .*checksum/],
    [['ur', 'decode', '--json'], '', 'input-invalid', /read none/],
    [['ur', 'encode', '--type', 'bytes', '--json'], 'xyz', 'input-invalid', /hexadecimal/],
    [['ur', 'encode', '--type', 'Not A Type', '--json'], '00', 'ur-invalid', /is not a UR type/],
    [['ur', 'encode', '--type', 'bytes', '--max-fragment', 'lots', '--json'], '00', 'usage-invalid', /--max-fragment/],
    [['ur', 'encode', '--json'], '00', 'usage-invalid', /--type is required/],
  ];
  for (const [args, stdin, code, message] of cases) {
    const run = airlock(args, stdin);
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
    assert.equal(run.json?.error?.code, code, run.stdout);
    assert.match(run.json.error.message, message);
    assert.doesNotMatch(run.stdout + run.stderr, /at .*\.(ts|js|cjs):\d+/);
  }
});

test('too few parts exit 2 saying how far the scan got', () => {
  const encoded = airlock(['ur', 'encode', '--type', 'bytes', '--max-fragment', '100', '--json'], 'ab'.repeat(2000));
  const run = airlock(['ur', 'decode', '--json'], encoded.json.parts.slice(0, 5).join('\n'));
  assert.equal(run.status, 2);
  assert.equal(run.json.error.code, 'ur-incomplete');
  assert.match(run.json.error.message, /about \d+% there/);
});

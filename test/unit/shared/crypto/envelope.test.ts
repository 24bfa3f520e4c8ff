import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  decodeEnvelope,
  DEFAULT_KDF,
  deriveEnvelopeKey,
  encodeEnvelope,
  openWithEnvelopeKey,
  openWithPassphrase,
  sealWithPassphrase,
  type Envelope,
} from '../../../../shared/crypto/envelope';
import type { SecretBytes } from '../../../../shared/crypto/secret';
import { AirlockError } from '../../../../shared/errors';
import { assertOnlyAirlockErrors } from '../../../helpers/only-airlock-errors';

// Every KDF run here uses the real parameters (~1 s for scrypt, ~0.3 s for argon2id), so the
// file shares one sealed share and its derived key, and flips bytes against that key.

const PASSPHRASE = 'correct horse café ２'; // composed é, full-width 2
const SAME_PASSPHRASE_OTHER_FORM = 'correct horse cafe\u0301 2'; // decomposed é, ASCII 2: equal under NFKC
const SHARE = utf8ToBytes('academic acid acrobat romp chubby ruin traffic diet bumpy grownup acne rival wealthy cargo');
const random = (length: number) => randomBytes(length);
const bind = (vaultId: string, holder: string, groupIndex: number, memberIndex: number) =>
  utf8ToBytes(JSON.stringify(['airlock-share-v1', vaultId, holder, groupIndex, memberIndex]));
const AD = bind('vault-1', 'Alice', 0, 1);

const hasCode = (code: string) => (e: unknown) => {
  assert.ok(e instanceof AirlockError, `expected an AirlockError, got ${String(e)}`);
  assert.equal(e.code, code, e.message);
  return true;
};

// Offsets in a v1 scrypt envelope sealed here (salt 32 bytes); see the layout in envelope.ts.
const SALT_AT = 8;
const VERIFIER_AT = SALT_AT + 32;
const NONCE_AT = VERIFIER_AT + 32;
const CIPHERTEXT_AT = NONCE_AT + 24 + 2;

interface Fixture {
  envelope: Envelope;
  encoded: Uint8Array;
  key: SecretBytes;
  ticks: number;
  longestPauseMs: number;
  totalMs: number;
}
let fixture: Promise<Fixture> | undefined;
function sealed(): Promise<Fixture> {
  fixture ??= (async () => {
    let ticks = 0;
    const started = performance.now();
    let last = started;
    let longestPauseMs = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longestPauseMs = Math.max(longestPauseMs, now - last);
      last = now;
      ticks++;
    }, 5);
    const envelope = await sealWithPassphrase(SHARE, PASSPHRASE, AD, { random });
    clearInterval(timer);
    const totalMs = performance.now() - started;
    const key = await deriveEnvelopeKey(envelope, PASSPHRASE);
    return { envelope, encoded: encodeEnvelope(envelope), key, ticks, longestPauseMs, totalMs };
  })();
  return fixture;
}

function flipped(bytes: Uint8Array, at: number, mask = 0x01): Uint8Array {
  const copy = bytes.slice();
  copy[at]! ^= mask;
  return copy;
}

test('a sealed share opens with its passphrase and associated data', async () => {
  const { envelope } = await sealed();
  assert.deepEqual(await openWithPassphrase(envelope, PASSPHRASE, AD), SHARE);
});

test('H-17 the KDF yields to the event loop while it runs, never holding it for a large part of its run', async () => {
  const { ticks, longestPauseMs, totalMs } = await sealed();
  assert.ok(ticks >= 10, `the event loop ran ${ticks} timer ticks during the KDF`);
  // Relative, not absolute: a machine busy with other work stretches every pause and the whole run alike, while a
  // KDF that blocked would make one pause nearly the whole run.
  assert.ok(longestPauseMs < totalMs / 4, `longest event-loop pause ${longestPauseMs.toFixed(0)} ms of ${totalMs.toFixed(0)} ms`);
});

test('the default KDF is scrypt N=2^17 r=8 p=1, recorded in the envelope and its encoding, with fresh salt and nonce', async () => {
  const { envelope, encoded } = await sealed();
  assert.deepEqual(envelope.kdf, { algorithm: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
  assert.deepEqual(DEFAULT_KDF, envelope.kdf);
  assert.deepEqual([...encoded.subarray(0, 8)], [0x41, 0x45, 1, 1, 17, 8, 1, 32]);
  assert.equal(envelope.salt.length, 32);
  assert.equal(envelope.nonce.length, 24);
  assert.equal(envelope.ciphertext.length, SHARE.length + 16);
  assert.equal(encoded.length, CIPHERTEXT_AT + SHARE.length + 16);
  assert.notDeepEqual(envelope.salt.subarray(0, 24), envelope.nonce, 'salt and nonce are separate draws');
});

test('H-17 a wrong passphrase gives passphrase-wrong', async () => {
  const { envelope } = await sealed();
  await assert.rejects(openWithPassphrase(envelope, 'correct horse cafe 2', AD), (e: unknown) => {
    hasCode('passphrase-wrong')(e);
    assert.match((e as Error).message, /passphrase/);
    return true;
  });
});

test('H-17 passphrases are NFKC-normalized: the same passphrase typed in another Unicode form opens the share', async () => {
  const { envelope } = await sealed();
  assert.deepEqual(await openWithPassphrase(envelope, SAME_PASSPHRASE_OTHER_FORM, AD), SHARE);
});

test('H-17 every byte of the nonce, ciphertext and tag flipped gives share-ciphertext-tampered', async () => {
  const { encoded, key } = await sealed();
  const tagAt = encoded.length - 16;
  const regions = { nonce: [NONCE_AT, NONCE_AT + 24], ciphertext: [CIPHERTEXT_AT, tagAt], tag: [tagAt, encoded.length] } as const;
  for (const [region, [from, to]] of Object.entries(regions)) {
    for (let at = from; at < to; at++) {
      const tampered = decodeEnvelope(flipped(encoded, at));
      assert.throws(() => openWithEnvelopeKey(tampered, key, AD), hasCode('share-ciphertext-tampered'), `${region} byte ${at - from}`);
    }
  }
});

test('H-17 every byte of the verifier flipped gives passphrase-wrong: the verifier is what recognizes the passphrase', async () => {
  const { encoded, key } = await sealed();
  for (let at = VERIFIER_AT; at < VERIFIER_AT + 32; at++) {
    const tampered = decodeEnvelope(flipped(encoded, at));
    assert.throws(() => openWithEnvelopeKey(tampered, key, AD), hasCode('passphrase-wrong'), `verifier byte ${at - VERIFIER_AT}`);
  }
});

test('H-17 a flipped salt byte gives passphrase-wrong, since another salt derives another key', async () => {
  const { encoded } = await sealed();
  const tampered = decodeEnvelope(flipped(encoded, SALT_AT + 31, 0x80));
  await assert.rejects(openWithPassphrase(tampered, PASSPHRASE, AD), hasCode('passphrase-wrong'));
});

test('H-17 KDF parameters are read from the envelope: a lowered scrypt N gives passphrase-wrong', async () => {
  const { encoded } = await sealed();
  const edited = encoded.slice();
  edited[4] = 16; // log2 N: 17 → 16
  const downgraded = decodeEnvelope(edited);
  assert.equal(downgraded.kdf.algorithm === 'scrypt' && downgraded.kdf.N, 2 ** 16);
  await assert.rejects(openWithPassphrase(downgraded, PASSPHRASE, AD), hasCode('passphrase-wrong'));
});

test('H-17 associated data of another holder, share index or vault gives share-ciphertext-tampered', async () => {
  const { envelope, key } = await sealed();
  const others = { holder: bind('vault-1', 'Bob', 0, 1), index: bind('vault-1', 'Alice', 0, 2), group: bind('vault-1', 'Alice', 1, 1), vault: bind('vault-2', 'Alice', 0, 1) };
  for (const [what, ad] of Object.entries(others)) {
    assert.throws(() => openWithEnvelopeKey(envelope, key, ad), hasCode('share-ciphertext-tampered'), what);
  }
  await assert.rejects(openWithPassphrase(envelope, PASSPHRASE, others.holder), (e: unknown) => {
    hasCode('share-ciphertext-tampered')(e);
    assert.match((e as Error).message, /passphrase is right/);
    return true;
  });
});

test('argon2id parameters are recorded and used on open', async () => {
  const kdf = { algorithm: 'argon2id', m: 19_456, t: 3, p: 1 } as const;
  const envelope = await sealWithPassphrase(SHARE, PASSPHRASE, AD, { random, kdf });
  const encoded = encodeEnvelope(envelope);
  assert.deepEqual(decodeEnvelope(encoded).kdf, kdf);
  assert.deepEqual([...encoded.subarray(3, 10)], [2, 0, 0, 0x4c, 0x00, 3, 1]);
  assert.deepEqual(await openWithPassphrase(decodeEnvelope(encoded), PASSPHRASE, AD), SHARE);
  const edited = encoded.slice();
  edited[8] = 2; // t: 3 → 2
  await assert.rejects(openWithPassphrase(decodeEnvelope(edited), PASSPHRASE, AD), hasCode('passphrase-wrong'));
});

test('sealing refuses KDF parameters below the OWASP floor with kdf-too-weak, before deriving anything', async () => {
  const weak = [
    { algorithm: 'scrypt', N: 2 ** 16, r: 8, p: 1 },
    { algorithm: 'scrypt', N: 2 ** 17, r: 4, p: 1 },
    { algorithm: 'argon2id', m: 19_455, t: 2, p: 1 },
    { algorithm: 'argon2id', m: 47_104, t: 1, p: 1 },
  ] as const;
  for (const kdf of weak) {
    await assert.rejects(sealWithPassphrase(SHARE, PASSPHRASE, AD, { random, kdf }), hasCode('kdf-too-weak'), JSON.stringify(kdf));
  }
});

test('sealing refuses malformed or unbounded KDF parameters with kdf-params-invalid', async () => {
  const bad = [
    { algorithm: 'scrypt', N: 3 * 2 ** 16, r: 8, p: 1 },
    { algorithm: 'scrypt', N: 2 ** 23, r: 8, p: 1 },
    { algorithm: 'scrypt', N: 2 ** 20, r: 16, p: 1 },
    { algorithm: 'scrypt', N: 2 ** 17, r: 8, p: 0 },
    { algorithm: 'argon2id', m: 2 ** 21, t: 2, p: 1 },
    { algorithm: 'argon2id', m: 19_456, t: 2.5, p: 1 },
    { algorithm: 'pbkdf2', c: 600_000 },
  ];
  for (const kdf of bad) {
    await assert.rejects(sealWithPassphrase(SHARE, PASSPHRASE, AD, { random, kdf: kdf as never }), hasCode('kdf-params-invalid'), JSON.stringify(kdf));
  }
});

test('an empty passphrase is refused with passphrase-empty, a broken one with passphrase-invalid, both before any KDF runs', async () => {
  const { envelope } = await sealed();
  await assert.rejects(sealWithPassphrase(SHARE, '', AD, { random }), hasCode('passphrase-empty'));
  await assert.rejects(openWithPassphrase(envelope, '', AD), hasCode('passphrase-empty'));
  await assert.rejects(sealWithPassphrase(SHARE, 'abc\uD800', AD, { random }), hasCode('passphrase-invalid'));
});

test('a random source that returns too few bytes is refused', async () => {
  await assert.rejects(sealWithPassphrase(SHARE, PASSPHRASE, AD, { random: () => new Uint8Array(8) }), hasCode('internal'));
});

test('an empty or oversized share is refused before sealing', async () => {
  await assert.rejects(sealWithPassphrase(new Uint8Array(0), PASSPHRASE, AD, { random }), RangeError);
  await assert.rejects(sealWithPassphrase(new Uint8Array(4097), PASSPHRASE, AD, { random }), RangeError);
});

test('encoding round-trips both ways', async () => {
  const { envelope, encoded } = await sealed();
  assert.deepEqual(decodeEnvelope(encoded), envelope);
  assert.deepEqual(encodeEnvelope(decodeEnvelope(encoded)), encoded);
  const row = Buffer.from(encoded); // what better-sqlite3 returns for a BLOB
  const fromRow = decodeEnvelope(row);
  assert.deepEqual(fromRow, envelope);
  row.fill(0);
  assert.deepEqual(fromRow, envelope, 'the decoded envelope does not alias the row buffer');
});

test('truncated, extended, oversized, foreign and future envelopes are envelope-invalid', async () => {
  const { encoded } = await sealed();
  for (let length = 0; length < encoded.length; length++) {
    assert.throws(() => decodeEnvelope(encoded.subarray(0, length)), hasCode('envelope-invalid'), `truncated to ${length}`);
  }
  const cases: Record<string, Uint8Array> = {
    'one byte more': new Uint8Array([...encoded, 0]),
    oversized: new Uint8Array(1 << 20),
    'wrong magic': flipped(encoded, 0),
    'unknown KDF': Object.assign(encoded.slice(), { 3: 9 }),
    'salt too short': Object.assign(encoded.slice(), { 7: 8 }),
    'ciphertext length 0': Object.assign(encoded.slice(), { [CIPHERTEXT_AT - 2]: 0, [CIPHERTEXT_AT - 1]: 0 }),
  };
  for (const [what, bytes] of Object.entries(cases)) {
    assert.throws(() => decodeEnvelope(bytes), hasCode('envelope-invalid'), what);
  }
  const future = Object.assign(encoded.slice(), { 2: 2 });
  assert.throws(() => decodeEnvelope(future), (e: unknown) => hasCode('envelope-invalid')(e) && /newer Airlock/.test((e as Error).message));
  assert.throws(() => decodeEnvelope('not bytes' as never), hasCode('envelope-invalid'));
});

test('H-17 absurd KDF parameters in an edited row are envelope-invalid, refused before any memory is allocated', async () => {
  const { encoded } = await sealed();
  const scrypt = (log2N: number, r: number, p: number) => Object.assign(encoded.slice(), { 4: log2N, 5: r, 6: p });
  const argon = (m: number, t: number, p: number) => {
    const rest = encoded.subarray(7);
    return new Uint8Array([0x41, 0x45, 1, 2, m >>> 24, (m >>> 16) & 0xff, (m >>> 8) & 0xff, m & 0xff, t, p, ...rest]);
  };
  const absurd: Record<string, Uint8Array> = {
    'scrypt N = 2^23': scrypt(23, 8, 1),
    'scrypt N = 2^22, r = 8 (4 GiB)': scrypt(22, 8, 1),
    'scrypt N = 2^0': scrypt(0, 8, 1),
    'scrypt r = 0': scrypt(17, 0, 1),
    'scrypt r = 255': scrypt(17, 255, 1),
    'scrypt p = 255': scrypt(17, 8, 255),
    'scrypt work 2^25': scrypt(20, 8, 4),
    'argon2id m = 2 GiB': argon(2 ** 21, 2, 1),
    'argon2id m = 4 GiB - 1 KiB': argon(2 ** 32 - 1, 2, 1),
    'argon2id t = 0': argon(19_456, 0, 1),
    'argon2id t = 255': argon(19_456, 255, 1),
    'argon2id m below 8·p': argon(7, 2, 1),
  };
  for (const [what, bytes] of Object.entries(absurd)) {
    assert.throws(() => decodeEnvelope(bytes), hasCode('envelope-invalid'), what);
  }
  assert.deepEqual(decodeEnvelope(argon(19_456, 2, 1)).kdf, { algorithm: 'argon2id', m: 19_456, t: 2, p: 1 });
});

test('H-19 decoding random bytes only ever gives an envelope or envelope-invalid', () => {
  assertOnlyAirlockErrors(fc.uint8Array({ maxLength: 400 }), decodeEnvelope, { code: 'envelope-invalid', numRuns: 3000 });
});

test('H-19 decoding a mutated envelope only ever gives an envelope or envelope-invalid', async () => {
  const { encoded } = await sealed();
  const mutation = fc.record({
    at: fc.nat({ max: encoded.length - 1 }),
    value: fc.integer({ min: 0, max: 255 }),
    cut: fc.nat({ max: encoded.length + 8 }),
    extra: fc.uint8Array({ maxLength: 8 }),
  });
  fc.assert(
    fc.property(mutation, ({ at, value, cut, extra }) => {
      const bytes = Object.assign(encoded.slice(), { [at]: value });
      const mutated = new Uint8Array([...bytes.subarray(0, cut), ...extra]);
      try {
        const envelope = decodeEnvelope(mutated);
        assert.deepEqual(encodeEnvelope(envelope), mutated, 'whatever decodes, encodes back to the same bytes');
      } catch (e) {
        return e instanceof AirlockError && e.code === 'envelope-invalid';
      }
      return true;
    }),
    { numRuns: 3000 },
  );
});

test('a malformed envelope object is envelope-invalid, not a crash', async () => {
  const { envelope, key } = await sealed();
  const broken = { ...envelope, nonce: new Uint8Array(12) };
  assert.throws(() => openWithEnvelopeKey(broken, key, AD), hasCode('envelope-invalid'));
  assert.throws(() => encodeEnvelope(broken), hasCode('envelope-invalid'));
  await assert.rejects(openWithPassphrase({ ...envelope, kdf: { algorithm: 'scrypt', N: 2 ** 30, r: 8, p: 1 } }, PASSPHRASE, AD), hasCode('envelope-invalid'));
});

// How long one holder waits for their share: the KDF per share (goal ≤ 1.5 s), seal and open, and
// how long the KDF ever holds the event loop (the main process must keep answering meanwhile).
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { deriveEnvelopeKey, openWithPassphrase, sealWithPassphrase, type Envelope, type KdfBackend, type KdfParams } from '../../shared/crypto/envelope';
import { platformKdf } from '../../main/services/deps';
import type { Report } from './run';

const PASSPHRASE = 'bench passphrase';
const SHARE = utf8ToBytes('academic acid acrobat romp chubby ruin traffic diet bumpy grownup acne rival wealthy cargo');
const AD = utf8ToBytes('["airlock-share-v1","bench","holder",0,0]');
const RUNS = 3;

async function ms<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

async function medianKdf(envelope: Envelope, backend: KdfBackend = {}): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const [time, key] = await ms(() => deriveEnvelopeKey(envelope, PASSPHRASE, backend));
    key.dispose();
    times.push(time);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

/** Runs fn while a 1 ms timer measures the longest gap between its ticks. */
async function longestPause(fn: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  await fn();
  clearInterval(timer);
  return longest;
}

export async function bench(report: Report): Promise<void> {
  const random = (length: number) => randomBytes(length);
  const [sealMs, scryptEnvelope] = await ms(() => sealWithPassphrase(SHARE, PASSPHRASE, AD, { random }));
  report('envelope: kdf per share (scrypt N=2^17 r=8 p=1)', await medianKdf(scryptEnvelope), 'ms');
  report('envelope: seal one share (scrypt default)', sealMs, 'ms');
  const [openMs] = await ms(() => openWithPassphrase(scryptEnvelope, PASSPHRASE, AD));
  report('envelope: open one share (scrypt default)', openMs, 'ms');
  report('envelope: longest event-loop pause during the KDF', await longestPause(() => deriveEnvelopeKey(scryptEnvelope, PASSPHRASE)), 'ms');
  // What the vault runs: the platform's native scrypt, in the thread pool.
  report('envelope: kdf per share, native scrypt (the vault\'s)', await medianKdf(scryptEnvelope, platformKdf), 'ms');
  report('envelope: longest event-loop pause during the native KDF', await longestPause(() => deriveEnvelopeKey(scryptEnvelope, PASSPHRASE, platformKdf)), 'ms');

  const argon2id: KdfParams = { algorithm: 'argon2id', m: 19_456, t: 2, p: 1 };
  const argonEnvelope = await sealWithPassphrase(SHARE, PASSPHRASE, AD, { random, kdf: argon2id });
  report('envelope: kdf per share (argon2id m=19 MiB t=2 p=1)', await medianKdf(argonEnvelope), 'ms');
}

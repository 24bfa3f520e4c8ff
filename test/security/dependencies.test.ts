// SECURITY(H-21): the supply chain, checked: runtime dependencies are exactly a reviewed allowlist,
// the lockfile is present and in sync, no @electron/remote, crypto only from noble/scure (or an exception
// listed with its reason in the allowlist), Electron 45.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(root, path), 'utf8')) as T;

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
interface LockEntry {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  dependencies?: Record<string, string>;
}
interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}
interface Allowlist {
  dependencies: Record<string, string>;
  transitive: { groups: Record<string, { packages: string[]; reason: string }> };
  /** Crypto-looking packages tolerated in production, each with the reason (none may touch keys). */
  cryptoExceptions: { packages: Record<string, string> };
}

const SUPPORTED_ELECTRON_MAJOR = 45;
const pkg = readJson<PackageJson>('package.json');
const allowlist = readJson<Allowlist>('test/security/dependency-allowlist.json');

/** Package name from a lockfile key such as "node_modules/a/node_modules/@s/b". */
const nameOf = (key: string) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);

function lock(): Lockfile {
  return readJson<Lockfile>('package-lock.json');
}

test('H-21 package-lock.json exists, is a modern lockfile and matches package.json', () => {
  assert.ok(existsSync(join(root, 'package-lock.json')));
  const lockfile = lock();
  assert.ok(lockfile.lockfileVersion >= 2, `lockfileVersion ${lockfile.lockfileVersion}`);
  assert.deepEqual(lockfile.packages['']?.dependencies, pkg.dependencies);
});

test('H-21 runtime dependencies are exactly the allowlist, each with a written reason', () => {
  assert.deepEqual(Object.keys(pkg.dependencies).sort(), Object.keys(allowlist.dependencies).sort());
  for (const [name, reason] of Object.entries(allowlist.dependencies)) assert.ok(reason.length >= 40, `${name} needs a real reason`);
});

test('H-21 every package the lockfile installs for production is a dependency or a listed transitive', () => {
  const shipped = new Set(
    Object.entries(lock().packages)
      .filter(([key, entry]) => key !== '' && !entry.dev && !entry.devOptional)
      .map(([key]) => nameOf(key)),
  );
  const groups = Object.values(allowlist.transitive.groups);
  const allowed = new Set([...Object.keys(allowlist.dependencies), ...groups.flatMap((g) => g.packages)]);
  assert.deepEqual([...shipped].filter((n) => !allowed.has(n)).sort(), [], 'new production packages: review and list them');
  assert.deepEqual([...allowed].filter((n) => !shipped.has(n)).sort(), [], 'listed packages no longer installed: remove them');
  for (const group of groups) assert.ok(group.reason.length >= 40);
});

test('H-21 no @electron/remote anywhere in the lockfile', () => {
  const keys = Object.keys(lock().packages).filter((key) => nameOf(key) === '@electron/remote');
  assert.deepEqual(keys, []);
  assert.doesNotMatch(readFileSync(join(root, 'package-lock.json'), 'utf8'), /@electron\/remote/);
});

const CRYPTO_LIKE = /crypto|elliptic|secp|bip3|bip39|nacl|sodium|ethers|web3|bn\.js|keccak|sha3|sha\.js|hash|aes|scrypt|pbkdf|ripemd|md5|hmac|drbg|cipher|brorand|hdkey|bs58check/i;

/** Crypto-looking package names that are neither noble/scure nor an explicit, reasoned exception. */
function cryptoOutsiders(names: readonly string[], exceptions: Readonly<Record<string, string>>): string[] {
  return [...new Set(names)].filter((name) => CRYPTO_LIKE.test(name) && !/^@(noble|scure)\//.test(name) && !Object.hasOwn(exceptions, name)).sort();
}

test('H-21 crypto in production comes only from noble and scure, or an exception listed with its reason', () => {
  const shipped = Object.entries(lock().packages)
    .filter(([key, entry]) => key !== '' && !entry.dev && !entry.devOptional)
    .map(([key]) => nameOf(key));
  const exceptions = allowlist.cryptoExceptions.packages;
  assert.deepEqual(cryptoOutsiders(shipped, exceptions), []);
  for (const [name, reason] of Object.entries(exceptions)) {
    assert.ok(reason.length >= 40, `${name} needs a real reason`);
    assert.ok(shipped.includes(name), `${name} is no longer installed: remove its exception`);
    assert.ok(CRYPTO_LIKE.test(name), `${name} does not look like crypto: it needs no exception`);
  }
});

test('H-21 the crypto rule still fails on a crypto package that is not listed as an exception', () => {
  const exceptions = { elliptic: 'listed', 'sha.js': 'listed' };
  const names = ['@noble/hashes', '@scure/bip32', 'elliptic', 'sha.js', 'tweetnacl', 'js-sha3', 'keccak', 'crypto-js', 'zod', 'node-forge', 'hmac-drbg'];
  assert.deepEqual(cryptoOutsiders(names, exceptions), ['crypto-js', 'hmac-drbg', 'js-sha3', 'keccak', 'tweetnacl']);
});

test(`H-21 Electron is the supported major (${SUPPORTED_ELECTRON_MAJOR}) in package.json, the lockfile and node_modules`, () => {
  assert.match(pkg.devDependencies.electron ?? '', new RegExp(`^[~^]?${SUPPORTED_ELECTRON_MAJOR}\\.`));
  const major = (version: string | undefined) => Number((version ?? '').split('.')[0]);
  assert.equal(major(lock().packages['node_modules/electron']?.version), SUPPORTED_ELECTRON_MAJOR);
  assert.equal(major(readJson<{ version: string }>('node_modules/electron/package.json').version), SUPPORTED_ELECTRON_MAJOR);
  assert.equal(pkg.dependencies.electron, undefined, 'electron is a build tool, never a runtime dependency');
});

// Canonical entries of a snapshot and the Merkle root over them.
//
// Scheme (version 1, stable: relay and vault must agree):
//   entries  one "path = value" leaf per field of the body: objects by key ("fees.baseFee"), arrays by
//            index ("accounts[0].tokens[1].balance") plus one "<array>.length" entry each, so an empty
//            or shortened list is still covered. Values are the JSON strings as they are (the schema
//            makes them canonical); the version number is written in decimal.
//   order    entries sorted by the UTF-8 bytes of their path (paths are unique).
//   leaf     SHA-256( 0x00 || u32be(len path) || path || u32be(len value) || value ) — length-prefixed,
//            so no path/value split is ambiguous, whatever characters a token symbol holds.
//   node     SHA-256( 0x01 || left || right ); an odd node at the end of a level is carried up
//            unchanged (never duplicated, so two different leaf lists cannot share a root).
//   root     the single node left; the 0x00/0x01 prefixes keep a leaf from passing as a node.
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '../bytes';
import type { SnapshotBody } from './schema';

export interface SnapshotEntry {
  path: string;
  value: string;
}

/** The body's entries in canonical order. */
export function snapshotEntries(body: SnapshotBody): SnapshotEntry[] {
  const out: SnapshotEntry[] = [];
  walk(body, '', out);
  const bytes = new Map(out.map((e) => [e, utf8ToBytes(e.path)]));
  return out.sort((a, b) => compareBytes(bytes.get(a)!, bytes.get(b)!));
}

/** One line per entry, for people and diffs: "path = value". */
export function entryText(entry: SnapshotEntry): string {
  return `${entry.path} = ${entry.value}`;
}

export function leafHash(entry: SnapshotEntry): Uint8Array {
  const path = utf8ToBytes(entry.path);
  const value = utf8ToBytes(entry.value);
  return sha256(concatBytes(Uint8Array.of(0), u32(path.length), path, u32(value.length), value));
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concatBytes(Uint8Array.of(1), left, right));
}

/** The Merkle root of entries already in canonical order. */
export function merkleRoot(entries: readonly SnapshotEntry[]): Uint8Array {
  if (entries.length === 0) throw new TypeError('expected at least one snapshot entry, got none');
  let level = entries.map(leafHash);
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? nodeHash(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

export function snapshotRoot(body: SnapshotBody): Uint8Array {
  return merkleRoot(snapshotEntries(body));
}

function walk(value: unknown, path: string, out: SnapshotEntry[]): void {
  if (Array.isArray(value)) {
    out.push({ path: `${path}.length`, value: String(value.length) });
    value.forEach((item, i) => walk(item, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key, out);
  } else if (typeof value === 'string') {
    out.push({ path, value });
  } else if (typeof value === 'number' && Number.isSafeInteger(value)) {
    out.push({ path, value: String(value) });
  } else {
    throw new TypeError(`expected strings, integers, arrays and objects in a snapshot body, got ${typeof value} at ${path}`);
  }
}

function u32(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

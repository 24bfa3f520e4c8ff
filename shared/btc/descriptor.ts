// Output descriptors (BIP-380..386) for the wallets the vault signs for or sends to: wpkh(KEY), tr(KEY) and
// wsh(sortedmulti(k,KEY,…)), each KEY an extended public key with its origin ([fingerprint/path]xpub/<0;1>/*).
// One strict parser (the checksum is checked when present), one formatter, and the script of any address.
import { HARDENED_OFFSET, type HDKey } from '@scure/bip32';
import { Address, OutScript, p2ms, p2tr, p2wsh, utils } from '@scure/btc-signer';
import { hash160 } from '@scure/btc-signer/utils.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '../bytes';
import { AirlockError } from '../errors';
import { secp } from '../evm/secp';
import { parentPlusTweaks } from './fixed-base';
import { fingerprintHex, parseXpub, pathText } from './keys';
import { addressParams, type BtcNetwork } from './network';

export type DescriptorType = 'wpkh' | 'tr' | 'wsh-sortedmulti';

export interface DescriptorKey {
  /** The master fingerprint of the key's origin, or null when the descriptor gives no origin. */
  fingerprint: number | null;
  /** The origin path below that master (hardened indexes with HARDENED_OFFSET). */
  origin: number[];
  xpub: string;
  node: HDKey;
}

export interface Descriptor {
  type: DescriptorType;
  network: BtcNetwork;
  /** Signatures needed: 1 for single-key descriptors. */
  threshold: number;
  keys: DescriptorKey[];
}

/** What a descriptor pays to at one address: its output script and, for P2WSH, the witness script. */
export interface DerivedScript {
  script: Uint8Array;
  witnessScript?: Uint8Array;
}

const MAX_DESCRIPTOR = 6000;
const MAX_COSIGNERS = 15;
const MAX_INDEX = HARDENED_OFFSET - 1;

// BIP-380's checksum: a BCH code over the descriptor's characters in groups of the input charset.
const INPUT_CHARSET = '0123456789()[],\'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#"\\ ';
const CHECKSUM_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0xf5dee51989n, 0xa9fdca3312n, 0x1bab10e32dn, 0x3706b1677an, 0x644d626ffdn];

function polymod(c: bigint, value: number): bigint {
  const top = c >> 35n;
  let next = ((c & 0x7ffffffffn) << 5n) ^ BigInt(value);
  GENERATOR.forEach((g, i) => {
    if ((top >> BigInt(i)) & 1n) next ^= g;
  });
  return next;
}

/** The 8-character checksum of a descriptor's text (without "#"). */
export function descriptorChecksum(text: string): string {
  let c = 1n;
  let group = 0;
  let count = 0;
  for (const ch of text) {
    const position = INPUT_CHARSET.indexOf(ch);
    if (position < 0) throw invalid(`it contains a character descriptors do not use ("${ch === ' ' ? 'space' : ch.slice(0, 1)}")`);
    c = polymod(c, position & 31);
    group = group * 3 + (position >> 5);
    if (++count === 3) {
      c = polymod(c, group);
      group = 0;
      count = 0;
    }
  }
  if (count > 0) c = polymod(c, group);
  for (let i = 0; i < 8; i++) c = polymod(c, 0);
  c ^= 1n;
  let out = '';
  for (let j = 0; j < 8; j++) out += CHECKSUM_CHARSET[Number((c >> BigInt(5 * (7 - j))) & 31n)];
  return out;
}

/** Parses a descriptor of the network's keys. A checksum, when given, must match. */
export function parseDescriptor(input: string, network: BtcNetwork): Descriptor {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_DESCRIPTOR) throw invalid(`it is not text of 1 to ${MAX_DESCRIPTOR} characters`);
  const text = input.trim();
  const [body, checksum, ...extra] = text.split('#');
  if (body === undefined || extra.length > 0) throw invalid('it has more than one "#"');
  if (checksum !== undefined && checksum !== descriptorChecksum(body)) {
    throw new AirlockError('btc-descriptor-checksum', 'The descriptor\'s checksum does not match its text: a character was changed or lost in copying. Copy it again from the coordinator.');
  }
  const single = /^(wpkh|tr)\(([^()]+)\)$/.exec(body);
  if (single) return { type: single[1] as 'wpkh' | 'tr', network, threshold: 1, keys: [parseKey(single[2]!, network)] };
  const multi = /^wsh\(sortedmulti\(([0-9]{1,2}),([^()]+)\)\)$/.exec(body);
  if (!multi) throw invalid('Airlock takes wpkh(KEY), tr(KEY) or wsh(sortedmulti(k,KEY,…)) descriptors');
  const keys = multi[2]!.split(',').map((k) => parseKey(k, network));
  const threshold = Number(multi[1]);
  if (keys.length < 1 || keys.length > MAX_COSIGNERS) throw invalid(`a multisig has from 1 to ${MAX_COSIGNERS} cosigners; this one has ${keys.length}`);
  if (threshold < 1 || threshold > keys.length) throw invalid(`its threshold ${threshold} is not between 1 and its ${keys.length} cosigners`);
  if (new Set(keys.map((k) => k.xpub)).size !== keys.length) throw invalid('the same key is listed twice');
  return { type: 'wsh-sortedmulti', network, threshold, keys };
}

function parseKey(text: string, network: BtcNetwork): DescriptorKey {
  const match = /^(?:\[([0-9a-fA-F]{8})((?:\/[0-9]{1,10}['hH]?){0,10})\])?([1-9A-HJ-NP-Za-km-z]{100,120})\/(?:<0;1>|0)\/\*$/.exec(text.trim());
  if (!match) throw invalid(`the key "${text.trim().slice(0, 24)}…" is not [fingerprint/path]xpub/<0;1>/* (or /0/*)`);
  const origin = (match[2] ?? '')
    .split('/')
    .filter((p) => p !== '')
    .map((p) => {
      const value = Number(p.replace(/['hH]$/, ''));
      if (value > MAX_INDEX) throw invalid(`the origin step ${p.slice(0, 12)} is out of range`);
      return /['hH]$/.test(p) ? value + HARDENED_OFFSET : value;
    });
  const xpub = match[3]!;
  const node = parseXpub(xpub, network);
  if (match[1] !== undefined && node.depth !== origin.length) throw invalid(`the key ${xpub.slice(0, 12)}… is at depth ${node.depth} but its origin path has ${origin.length} steps`);
  return { fingerprint: match[1] === undefined ? null : parseInt(match[1], 16), origin, xpub, node };
}

function keyText(key: DescriptorKey): string {
  const origin = key.fingerprint === null ? '' : `[${fingerprintHex(key.fingerprint)}${pathText(key.origin).slice(1)}]`;
  return `${origin}${key.xpub}/<0;1>/*`;
}

/** The canonical text with its checksum: ' for hardened steps, <0;1> for the receive and change branches. */
export function formatDescriptor(d: Descriptor): string {
  const keys = d.keys.map(keyText);
  const body = d.type === 'wsh-sortedmulti' ? `wsh(sortedmulti(${d.threshold},${keys.join(',')}))` : `${d.type}(${keys[0]})`;
  return `${body}#${descriptorChecksum(body)}`;
}

/** "2 of 3" or "single key", for the screen. */
export function describeDescriptor(d: Descriptor): string {
  if (d.type === 'wsh-sortedmulti') return `${d.threshold} of ${d.keys.length} multisig (P2WSH)`;
  return d.type === 'wpkh' ? 'single key, native segwit (P2WPKH)' : 'single key, taproot (P2TR)';
}

export interface ScriptDeriver {
  /** The output (and witness) script at receive (0) or change (1) branch, index. */
  at(branch: number, index: number): DerivedScript;
  /** The address there, as text. */
  addressAt(branch: number, index: number): string;
  /** The public key of the descriptor's key number `key` at that address (33 bytes). */
  publicKey(key: number, branch: number, index: number): Uint8Array;
  /**
   * Derives every key of these addresses at once, ahead of the calls above, which then find them ready: one field
   * inversion for the lot instead of two per key. Addresses off the receive and change branches, or that BIP-32
   * skips, are left for publicKey to refuse as it always does.
   */
  prepare(addresses: Iterable<{ branch: number; index: number }>): void;
}

/** Caches each key's branch node so a review of hundreds of inputs derives one level per address. */
export function createScriptDeriver(d: Descriptor): ScriptDeriver {
  const branches = new Map<string, BranchNode>();
  // One elliptic-curve derivation per key and address, however often a review asks (key check, then script).
  const derived = new Map<string, Uint8Array>();
  const branchOf = (key: number, branch: number): BranchNode => {
    const id = `${key}/${branch}`;
    let node = branches.get(id);
    if (!node) {
      node = branchNode(d.keys[key]!.node.deriveChild(branch));
      branches.set(id, node);
    }
    return node;
  };
  const publicKey = (key: number, branch: number, index: number): Uint8Array => {
    if (!onBranch(branch, index)) {
      throw new AirlockError('btc-path-invalid', `Address ${branch}/${index} is not on the receive (0) or change (1) branch with a non-hardened index.`);
    }
    const cached = derived.get(`${key}/${branch}/${index}`);
    if (cached) return cached;
    const [out] = publicChildren(branchOf(key, branch), [index]);
    if (!out) throw new AirlockError('btc-path-invalid', `Address index ${index} has no key under this branch (BIP-32 skips it); use the next index.`);
    derived.set(`${key}/${branch}/${index}`, out);
    return out;
  };
  const prepare = (addresses: Iterable<{ branch: number; index: number }>): void => {
    const wanted = [new Set<number>(), new Set<number>()];
    for (const { branch, index } of addresses) if (onBranch(branch, index)) wanted[branch]!.add(index);
    for (const [branch, indexes] of wanted.entries()) {
      for (let key = 0; key < d.keys.length && indexes.size > 0; key++) {
        const missing = [...indexes].filter((index) => !derived.has(`${key}/${branch}/${index}`));
        if (missing.length === 0) continue;
        publicChildren(branchOf(key, branch), missing).forEach((out, i) => {
          if (out) derived.set(`${key}/${branch}/${missing[i]}`, out);
        });
      }
    }
  };
  const params = addressParams(d.network);
  const at = (branch: number, index: number): DerivedScript => {
    if (d.type === 'wpkh') return { script: OutScript.encode({ type: 'wpkh', hash: hash160(publicKey(0, branch, index)) }) };
    if (d.type === 'tr') return { script: p2tr(publicKey(0, branch, index).subarray(1), undefined, params).script };
    const pubkeys = d.keys.map((_, k) => publicKey(k, branch, index)).sort(utils.compareBytes);
    const ms = p2ms(d.threshold, pubkeys);
    return { script: p2wsh(ms, params).script, witnessScript: ms.script };
  };
  // Addresses are encoded only where one is shown: a review compares scripts.
  const addressAt = (branch: number, index: number): string => Address(params).encode(OutScript.decode(at(branch, index).script));
  return { at, addressAt, publicKey, prepare };
}

/** The receive (0) or change (1) branch, at a non-hardened index. */
const onBranch = (branch: number, index: number): boolean => (branch === 0 || branch === 1) && Number.isInteger(index) && index >= 0 && index <= MAX_INDEX;

interface BranchNode {
  point: InstanceType<typeof secp.Point>;
  publicKey: Uint8Array;
  /** HMAC-SHA512 keyed with the branch's chain code, cloned for each child: the key's blocks are hashed once. */
  keyed: ReturnType<typeof hmac.create>;
}

function branchNode(node: HDKey): BranchNode {
  return { point: secp.Point.fromBytes(node.publicKey!), publicKey: node.publicKey!, keyed: hmac.create(sha512, node.chainCode!) };
}

/**
 * BIP-32 public child derivation (CKDpub) of non-hardened indexes under one branch, with the parent's point kept
 * decompressed and the children summed together (fixed-base.ts): a review of hundreds of addresses pays neither a
 * decompression nor a constant-time multiplication per key. null where BIP-32 has no key (the index is skipped).
 * Checked against @scure/bip32 and the BIP-84/86 vectors.
 */
function publicChildren(parent: BranchNode, indexes: readonly number[]): Array<Uint8Array | null> {
  const n = secp.Point.CURVE().n;
  const tweaks = indexes.map((index) => {
    const data = new Uint8Array(37);
    data.set(parent.publicKey, 0);
    new DataView(data.buffer).setUint32(33, index);
    const tweak = parent.keyed.clone().update(data).digest().subarray(0, 32);
    const value = bytesToNumberBE(tweak);
    return value === 0n || value >= n ? null : tweak;
  });
  const keys = parentPlusTweaks(parent.point, tweaks.filter((tweak) => tweak !== null));
  let next = 0;
  return tweaks.map((tweak) => (tweak === null ? null : keys[next++]!));
}

const bytesToNumberBE = (bytes: Uint8Array): bigint => BigInt('0x' + bytesToHex(bytes));

function invalid(why: string): AirlockError {
  return new AirlockError('btc-descriptor-invalid', `This is not a descriptor Airlock can use: ${why}.`);
}

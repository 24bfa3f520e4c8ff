// PSBTs made by an independent implementation (bitcoinjs-lib with the noble-based @bitcoinerlab/secp256k1), as a
// coordinator such as Sparrow or Caravan would send them, and the same library's checks on what Airlock signed:
// validate every signature, finalize, extract. Keys for the test seeds come from @scure/bip32 (public data only).
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '@scure/bip39';
import * as ecc from '@bitcoinerlab/secp256k1';
import { initEccLib, networks, payments, Psbt, Transaction } from 'bitcoinjs-lib';

initEccLib(ecc);

export const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
export const COSIGNER_B = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
export const COSIGNER_C = 'letter advice cage absurd amount doctor acoustic avoid letter advice cage above';

export type Net = 'mainnet' | 'testnet';
const NETWORK = { mainnet: networks.bitcoin, testnet: networks.testnet };
const coin = (net: Net) => (net === 'mainnet' ? 0 : 1);

export const seedOf = (mnemonic: string) => mnemonicToSeedSync(mnemonic);
const master = (mnemonic: string) => HDKey.fromMasterSeed(seedOf(mnemonic));
const fingerprintBytes = (mnemonic: string) => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, master(mnemonic).fingerprint);
  return out;
};

export interface KeyAt {
  mnemonic: string;
  path: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
  fingerprint: Uint8Array;
}

export function keyAt(mnemonic: string, path: string): KeyAt {
  const node = master(mnemonic).derive(path);
  return { mnemonic, path, publicKey: node.publicKey!, privateKey: node.privateKey!, fingerprint: fingerprintBytes(mnemonic) };
}

/** A previous transaction paying `value` to `script`, so an input can carry it (nonWitnessUtxo). */
function previousTx(script: Uint8Array, value: bigint, salt: number): Transaction {
  const tx = new Transaction();
  tx.addInput(new Uint8Array(32).fill(salt + 1), salt);
  tx.addOutput(script, value);
  return tx;
}

export interface SingleSigOptions {
  kind: 'p2wpkh' | 'p2tr';
  net?: Net;
  account?: number;
  inputs: Array<{ index: number; value: bigint; previousTx?: boolean; sighash?: number }>;
  pay: Array<{ address: string; value: bigint }>;
  /** A change output at m/…/1/index; `lie` makes its script another key's while it claims the vault's path. */
  change?: { index: number; value: bigint; lie?: boolean };
  mnemonic?: string;
}

const purpose = (kind: 'p2wpkh' | 'p2tr') => (kind === 'p2wpkh' ? 84 : 86);

function singleSigPayment(kind: 'p2wpkh' | 'p2tr', publicKey: Uint8Array, net: Net) {
  return kind === 'p2wpkh' ? payments.p2wpkh({ pubkey: publicKey, network: NETWORK[net] }) : payments.p2tr({ internalPubkey: publicKey.subarray(1), network: NETWORK[net] });
}

function derivationField(kind: 'p2wpkh' | 'p2tr', key: KeyAt) {
  return kind === 'p2wpkh'
    ? { bip32Derivation: [{ masterFingerprint: key.fingerprint, path: key.path, pubkey: key.publicKey }] }
    : { tapBip32Derivation: [{ masterFingerprint: key.fingerprint, path: key.path, pubkey: key.publicKey.subarray(1), leafHashes: [] }], tapInternalKey: key.publicKey.subarray(1) };
}

/** A single-key PSBT (BIP-84 or BIP-86 account of the mnemonic) with optional change, as a coordinator builds it. */
export function singleSigPsbt(o: SingleSigOptions): Psbt {
  const net = o.net ?? 'mainnet';
  const mnemonic = o.mnemonic ?? MNEMONIC;
  const base = `m/${purpose(o.kind)}'/${coin(net)}'/${o.account ?? 0}'`;
  const psbt = new Psbt({ network: NETWORK[net] });
  o.inputs.forEach((input, i) => {
    const key = keyAt(mnemonic, `${base}/0/${input.index}`);
    const script = singleSigPayment(o.kind, key.publicKey, net).output!;
    const prev = previousTx(script, input.value, i);
    psbt.addInput({
      hash: prev.getId(),
      index: 0,
      sequence: 0xfffffffd,
      witnessUtxo: { script, value: input.value },
      ...(input.previousTx && o.kind === 'p2wpkh' ? { nonWitnessUtxo: prev.toBuffer() } : {}),
      ...(input.sighash !== undefined ? { sighashType: input.sighash } : {}),
      ...derivationField(o.kind, key),
    });
  });
  for (const p of o.pay) psbt.addOutput({ address: p.address, value: p.value });
  if (o.change) {
    const key = keyAt(mnemonic, `${base}/1/${o.change.index}`);
    const liar = keyAt(COSIGNER_B, `${base}/1/${o.change.index}`);
    const script = singleSigPayment(o.kind, (o.change.lie ? liar : key).publicKey, net).output!;
    psbt.addOutput({ script, value: o.change.value, ...derivationField(o.kind, key) });
  }
  return psbt;
}

export interface MultisigOptions {
  net?: Net;
  threshold?: number;
  mnemonics?: string[];
  inputs: Array<{ index: number; value: bigint; previousTx?: boolean }>;
  pay: Array<{ address: string; value: bigint }>;
  change?: { index: number; value: bigint; lie?: boolean };
}

export const cosignerPath = (net: Net) => `m/48'/${coin(net)}'/0'/2'`;

/** The wsh(sortedmulti) descriptor of the cosigners (the vault's mnemonic first), as a coordinator exports it. */
export function multisigDescriptor(o: { net?: Net; threshold?: number; mnemonics?: string[] } = {}): string {
  const net = o.net ?? 'mainnet';
  const keys = (o.mnemonics ?? [MNEMONIC, COSIGNER_B, COSIGNER_C]).map((m) => {
    const node = HDKey.fromMasterSeed(seedOf(m), net === 'mainnet' ? undefined : { public: 0x043587cf, private: 0x04358394 }).derive(cosignerPath(net));
    return `[${master(m).fingerprint.toString(16).padStart(8, '0')}${cosignerPath(net).slice(1)}]${node.publicExtendedKey}/<0;1>/*`;
  });
  return `wsh(sortedmulti(${o.threshold ?? 2},${keys.join(',')}))`;
}

function multisigAt(mnemonics: string[], threshold: number, net: Net, branch: number, index: number) {
  const keys = mnemonics.map((m) => keyAt(m, `${cosignerPath(net)}/${branch}/${index}`));
  const pubkeys = keys.map((k) => k.publicKey).sort((a, b) => Buffer.compare(a, b));
  const redeem = payments.p2ms({ m: threshold, pubkeys, network: NETWORK[net] });
  const wsh = payments.p2wsh({ redeem, network: NETWORK[net] });
  return { keys, script: wsh.output!, witnessScript: redeem.output! };
}

/** A 2-of-3 P2WSH PSBT of the three cosigners, with every key's derivation (Caravan/Sparrow style). */
export function multisigPsbt(o: MultisigOptions): Psbt {
  const net = o.net ?? 'mainnet';
  const mnemonics = o.mnemonics ?? [MNEMONIC, COSIGNER_B, COSIGNER_C];
  const threshold = o.threshold ?? 2;
  const psbt = new Psbt({ network: NETWORK[net] });
  o.inputs.forEach((input, i) => {
    const { keys, script, witnessScript } = multisigAt(mnemonics, threshold, net, 0, input.index);
    const prev = previousTx(script, input.value, 40 + i);
    psbt.addInput({
      hash: prev.getId(),
      index: 0,
      witnessUtxo: { script, value: input.value },
      ...(input.previousTx ? { nonWitnessUtxo: prev.toBuffer() } : {}),
      witnessScript,
      bip32Derivation: keys.map((k) => ({ masterFingerprint: k.fingerprint, path: k.path, pubkey: k.publicKey })),
    });
  });
  for (const p of o.pay) psbt.addOutput({ address: p.address, value: p.value });
  if (o.change) {
    const real = multisigAt(mnemonics, threshold, net, 1, o.change.index);
    // The lie: the same derivations, but the script of a 2-of-3 in which the attacker holds two keys.
    const fake = multisigAt([mnemonics[0]!, COSIGNER_C, 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong'], threshold, net, 1, o.change.index);
    const used = o.change.lie ? fake : real;
    psbt.addOutput({
      script: used.script,
      value: o.change.value,
      witnessScript: used.witnessScript,
      bip32Derivation: real.keys.map((k) => ({ masterFingerprint: k.fingerprint, path: k.path, pubkey: k.publicKey })),
    });
  }
  return psbt;
}

/** A cosigner signs with bitcoinjs-lib (the other signer of a 2-of-3). */
export function cosignerSigns(psbt: Psbt, mnemonic: string): Psbt {
  for (let i = 0; i < psbt.inputCount; i++) {
    const derivation = psbt.data.inputs[i]!.bip32Derivation!.find((d) => Buffer.from(d.masterFingerprint).equals(Buffer.from(fingerprintBytes(mnemonic))))!;
    const key = keyAt(mnemonic, derivation.path);
    psbt.signInput(i, { publicKey: key.publicKey, sign: (hash: Uint8Array) => ecc.sign(hash, key.privateKey) });
  }
  return psbt;
}

/** bitcoinjs-lib hands ECDSA signatures as 64 bytes too: the key tells them apart (x-only 32 bytes for Schnorr). */
const validator = (pubkey: Uint8Array, msghash: Uint8Array, signature: Uint8Array) =>
  pubkey.length === 32 ? ecc.verifySchnorr(msghash, pubkey, signature) : ecc.verify(msghash, pubkey, signature);

/** What the coordinator does with the signed PSBT: check every signature, finalize, extract the transaction. */
export function finalizeAndExtract(base64: string, net: Net = 'mainnet'): { valid: boolean[]; hex: string; txid: string } {
  const psbt = Psbt.fromBase64(base64, { network: NETWORK[net] });
  const valid = psbt.data.inputs.map((_, i) => psbt.validateSignaturesOfInput(i, validator));
  psbt.finalizeAllInputs();
  const tx = psbt.extractTransaction();
  return { valid, hex: tx.toHex(), txid: tx.getId() };
}

/** An address of a key no vault here holds (where the coordinator sends the payment). */
export function externalAddress(net: Net = 'mainnet', index = 0): string {
  return payments.p2wpkh({ pubkey: keyAt(COSIGNER_C, `m/84'/${coin(net)}'/7'/0/${index}`).publicKey, network: NETWORK[net] }).address!;
}

export { Psbt };

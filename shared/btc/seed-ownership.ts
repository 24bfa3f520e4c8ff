// What a PSBT's network is, and what the vault (or a mnemonic, in the CLI) owns, seen from a seed or from stored
// accounts. With a seed, every BIP-84/86 account path a PSBT names under the seed's fingerprint becomes a wallet
// derived from the seed itself; multisig wallets come only from descriptors whose key for this seed checks out.
import { HARDENED_OFFSET, HDKey } from '@scure/bip32';
import type { Transaction } from '@scure/btc-signer';
import { AirlockError } from '../errors';
import { parseDescriptor, type Descriptor } from './descriptor';
import { deriveBtcAccount, fingerprintHex, pathText, type BtcAccountKey, type BtcAccountKind } from './keys';
import { KEY_VERSIONS, type BtcNetwork } from './network';
import { derivationsOf, walletOf, type Ownership, type Wallet } from './ownership';
import { psbtInvalid } from './psbt';

const H = HARDENED_OFFSET;

/** Every derivation the PSBT's inputs and outputs carry. */
export function allDerivations(tx: Transaction) {
  const out = [];
  for (let i = 0; i < tx.inputsLength; i++) out.push(...derivationsOf(tx.getInput(i)));
  for (let i = 0; i < tx.outputsLength; i++) out.push(...derivationsOf(tx.getOutput(i)));
  return out;
}

/** The network the PSBT's paths under this fingerprint name by their coin type (0' mainnet, 1' test networks). */
export function inferNetwork(tx: Transaction, masterFingerprint: number, fallback: BtcNetwork): BtcNetwork {
  const coins = new Set(allDerivations(tx).filter((d) => d.fingerprint === masterFingerprint && d.path.length >= 2).map((d) => d.path[1]));
  if (coins.has(H) && coins.has(1 + H)) throw psbtInvalid('it names keys of both mainnet and testnet paths');
  if (coins.has(H)) return 'mainnet';
  if (coins.has(1 + H)) return 'testnet';
  return fallback;
}

const KIND_OF_PURPOSE: Record<number, BtcAccountKind> = { [84 + H]: 'p2wpkh', [86 + H]: 'p2tr' };

/** A single-key account as the descriptor a coordinator imports: wpkh(...) or tr(...). */
export function accountDescriptor(account: Pick<BtcAccountKey, 'kind' | 'network' | 'path' | 'masterFingerprint' | 'xpub'>): Descriptor {
  const key = `[${account.masterFingerprint}${account.path.slice(1)}]${account.xpub}/<0;1>/*`;
  if (account.kind === 'p2wsh-cosigner') throw new AirlockError('internal', 'A cosigner key is a wallet only inside a multisig descriptor.');
  return parseDescriptor(`${account.kind === 'p2wpkh' ? 'wpkh' : 'tr'}(${key})`, account.network);
}

/** The BIP-32 fingerprint of the seed's master key. */
export function masterFingerprintOf(seed: Uint8Array): number {
  const master = HDKey.fromMasterSeed(seed);
  const fingerprint = master.fingerprint;
  master.wipePrivateData();
  return fingerprint;
}

/** The most BIP-84/86 accounts of a mnemonic one PSBT may name (each is a hardened derivation from the seed). */
export const MAX_NAMED_ACCOUNTS = 20;

/** Ownership from a seed (the CLI's mnemonic mode): the accounts the PSBT names, plus multisig descriptors given. */
export function ownershipFromSeed(seed: Uint8Array, tx: Transaction, network: BtcNetwork, descriptors: readonly string[]): Ownership {
  const masterFingerprint = masterFingerprintOf(seed);
  const wallets: Wallet[] = [];
  const seen = new Set<string>();
  for (const d of allDerivations(tx)) {
    const kind = KIND_OF_PURPOSE[d.path[0] ?? -1];
    if (d.fingerprint !== masterFingerprint || !kind || d.path.length !== 5 || d.path[2]! < H) continue;
    const id = `${kind}:${d.path[2]}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (seen.size > MAX_NAMED_ACCOUNTS) {
      throw psbtInvalid(`it names more than ${MAX_NAMED_ACCOUNTS} accounts of the mnemonic, each derived before the review`);
    }
    const account = deriveBtcAccount(seed, kind, network, d.path[2]! - H);
    wallets.push(walletOf(`${kind === 'p2wpkh' ? 'BIP-84' : 'BIP-86'} account ${d.path[2]! - H}`, accountDescriptor(account)));
  }
  descriptors.forEach((text, i) => {
    const descriptor = parseDescriptor(text, network);
    checkOurKeys(descriptor, seed, masterFingerprint);
    refuseSeveralOwnKeys(descriptor, masterFingerprint, { owner: 'this mnemonic', signer: 'the mnemonic', outcome: 'Nothing was signed.' });
    wallets.push(walletOf(`multisig ${i + 1} (${descriptor.threshold} of ${descriptor.keys.length})`, descriptor));
  });
  return { masterFingerprint, wallets };
}

/** Every key of the descriptor that names this seed's fingerprint must be the seed's own key at that path. */
export function checkOurKeys(descriptor: Descriptor, seed: Uint8Array, masterFingerprint: number): void {
  for (const key of descriptor.keys) {
    if (key.fingerprint !== masterFingerprint) continue;
    const master = HDKey.fromMasterSeed(seed, KEY_VERSIONS[descriptor.network]);
    const derived = master.derive(pathText(key.origin));
    master.wipePrivateData();
    const same = derived.publicExtendedKey === key.node.publicExtendedKey;
    derived.wipePrivateData();
    if (!same) {
      throw new AirlockError(
        'btc-wallet-key-not-ours',
        `The descriptor names this vault's key (${fingerprintHex(masterFingerprint)}) at ${pathText(key.origin)}, but the key it gives there is another. It was not used.`,
      );
    }
  }
}

/**
 * SECURITY: one key of the signer's seed per multisig, for the vault's registered wallets and the CLI's descriptors
 * alike. Where two or more of its keys meet the threshold, one seed (one stolen laptop, one quorum) spends what looks
 * like a wallet of several holders; below it, the wallet counts on signatures never made, since each input is signed
 * with one key.
 */
export function refuseSeveralOwnKeys(descriptor: Descriptor, masterFingerprint: number, say: { owner: 'this vault' | 'this mnemonic'; signer: 'the vault' | 'the mnemonic'; outcome: string }): void {
  const ours = descriptor.keys.filter((k) => k.fingerprint === masterFingerprint);
  if (ours.length < 2) return;
  const which = `${ours.length} of them are ${say.owner}'s (${ours.map((k) => pathText(k.origin)).join(', ')})`;
  const fix = `Build it with one cosigner key of ${say.owner} and the other holders' keys. ${say.outcome}`;
  if (ours.length >= descriptor.threshold) {
    throw new AirlockError('btc-wallet-spendable-alone', `This wallet needs ${descriptor.threshold} of its ${descriptor.keys.length} keys, and ${which}: ${say.signer} alone could spend from it, so it is not the multisig it looks like. ${fix}`);
  }
  throw new AirlockError('btc-wallet-vault-keys-repeated', `This wallet needs ${descriptor.threshold} of its ${descriptor.keys.length} keys, and ${which}: ${say.signer} signs each input with one key, so the wallet would wait for a signature ${say.signer} never makes. ${fix}`);
}

// SECURITY (the file's integrity, as H-25 anchors the audit log and H-30 re-verifies snapshots): the vault's Bitcoin
// accounts and multisig wallets are sealed by the vault. An account's xpub is what the watch-only export hands the
// coordinator (its receive addresses are where the treasury is paid) and, with the wallets, what the review calls
// "verified change"; a wallet is also what a runbook's fallback sweep must pay. So whoever holds only the database
// file must not be able to swap an account's key or a wallet's cosigners for their own, or add a wallet. The vault
// signs each with its checkpoint key (shared/audit/checkpoint.ts: derived from the seed, its public key stored in the
// file and compared with the seed's at every unlock): an account when it is registered (and at an unlock, once the
// seed has derived it again, when its seal is missing or fails), a wallet at import; each is used only while its seal
// verifies.
//
// Statements (version 1), UTF-8, lines joined by "\n", in this order:
//   Airlock Bitcoin wallet v1            Airlock Bitcoin account v1
//   Vault: <vault id>                    Vault: <vault id>
//   Name: <name as registered>           Label: <label>
//   Network: <mainnet | testnet>         Role: <btc-treasury | btc-cosigner>
//   Descriptor: <canonical descriptor    Kind: <p2wpkh | p2tr | p2wsh-cosigner>
//     text with its checksum>            Network: <mainnet | testnet>
//                                        Path: <m/84'/0'/0' …>
//                                        Fingerprint: <master fingerprint, 8 hex digits>
//                                        Xpub: <the account's extended public key>
// Signature and statement format: shared/audit/seal.ts, which lists everything else this key signs.
import type { CheckpointKey } from '../audit/checkpoint';
import { sealStatement, sealVerifies, signSeal } from '../audit/seal';

export const WALLET_SEAL_HEADER = 'Airlock Bitcoin wallet v1';

/** What the seal covers: everything of a registered wallet that the review or a runbook reads. */
export interface SealedWallet {
  name: string;
  network: string;
  descriptor: string;
}

export function walletSealStatement(vaultId: string, wallet: SealedWallet): string {
  return sealStatement(WALLET_SEAL_HEADER, [['Vault', vaultId], ['Name', wallet.name], ['Network', wallet.network], ['Descriptor', wallet.descriptor]]);
}

/** Signs the wallet with the vault's checkpoint key (borrowed; the caller disposes it), and checks the result. */
export function sealWallet(vaultId: string, wallet: SealedWallet, key: CheckpointKey): Uint8Array {
  return signSeal(walletSealStatement(vaultId, wallet), key, 'this wallet');
}

/** Whether `seal` is the vault's signature over exactly this wallet (false for a missing or malformed one). */
export function walletSealValid(vaultId: string, wallet: SealedWallet, seal: Uint8Array | null, publicKey: Uint8Array | null): boolean {
  return sealVerifies(() => walletSealStatement(vaultId, wallet), seal, publicKey);
}

export const ACCOUNT_SEAL_HEADER = 'Airlock Bitcoin account v1';

/** What an account's seal covers: everything of a registered account that the review, the export or a drill reads. */
export interface SealedAccount {
  label: string;
  role: string;
  kind: string;
  network: string;
  path: string;
  masterFingerprint: string;
  xpub: string;
}

export function accountSealStatement(vaultId: string, account: SealedAccount): string {
  return sealStatement(ACCOUNT_SEAL_HEADER, [
    ['Vault', vaultId],
    ['Label', account.label],
    ['Role', account.role],
    ['Kind', account.kind],
    ['Network', account.network],
    ['Path', account.path],
    ['Fingerprint', account.masterFingerprint],
    ['Xpub', account.xpub],
  ]);
}

/** Signs the account with the vault's checkpoint key (borrowed; the caller disposes it), and checks the result. */
export function sealAccount(vaultId: string, account: SealedAccount, key: CheckpointKey): Uint8Array {
  return signSeal(accountSealStatement(vaultId, account), key, 'this account');
}

/** Whether `seal` is the vault's signature over exactly this account (false for a missing or malformed one). */
export function accountSealValid(vaultId: string, account: SealedAccount, seal: Uint8Array | null, publicKey: Uint8Array | null): boolean {
  return sealVerifies(() => accountSealStatement(vaultId, account), seal, publicKey);
}

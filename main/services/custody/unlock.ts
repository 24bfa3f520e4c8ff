// The quorum unlock: holders present their passphrases one by one, each opens their own stored
// share; when the quorum is met the master secret is rebuilt in this process's memory only, the
// registered accounts must derive again, and the session auto-locks after idle minutes.
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { AirlockError } from '../../../shared/errors';
import { SecretBytes } from '../../../shared/crypto/secret';
import { decodeEnvelope, openWithPassphrase } from '../../../shared/crypto/envelope';
import { combineMnemonics } from '../../../shared/crypto/slip39';
import { seedFromBip39, seedFromSlip39MasterSecret } from '../../../shared/crypto/seed';
import { deriveAccount } from '../../../shared/evm/hd';
import { withCheckpointKey } from '../../../shared/audit/checkpoint';
import { constantTimeEqual } from '../../../shared/crypto/secret';
import { quorumProgress, type QuorumProgress } from '../../../shared/custody/quorum';
import { shareAssociatedData } from '../../../shared/custody/share-binding';
import type { Db } from '../../db/connection';
import { appendAuditEntry, readCheckpointKey } from '../../db/audit';
import { readAccounts, readGroups, readShare, readVault, requireHolder, requireVault, type HolderRecord } from '../../db/vault';
import type { AirgapPolicy } from '../airgap/airgap';
import { checkHistoryAtUnlock, storeCheckpointKey, writeCheckpoint } from '../audit';
import { bitcoinAccountChecks, sealBitcoinAccounts } from '../bitcoin/bitcoin-accounts';
import { platformKdf, platformPbkdf2, type Clock } from '../deps';
import { createPassphraseAttempts, type PassphraseAttempt } from './passphrase-attempts';
import { checkPaperShare } from './share-check';

export type UnlockState = 'no-vault' | 'locked' | 'collecting' | 'unlocked';

export interface UnlockStatus {
  state: UnlockState;
  progress: QuorumProgress | null;
  /** Holders whose share has been opened in this attempt. */
  present: string[];
  unlockedAt: number | null;
  /** When an unlocked session locks itself if nothing happens. */
  locksAt: number | null;
}

export interface UnlockService {
  status(): UnlockStatus;
  /** One holder opens their share with their passphrase; returns the progress towards the quorum. */
  present(holderName: string, passphrase: string): Promise<UnlockStatus>;
  /**
   * A holder brings their paper share instead (a forgotten passphrase, a damaged stored copy, or a drill of the
   * cards themselves): the words must be this holder's share of this vault and match the stored commitment.
   */
  presentWords(holderName: string, words: string): UnlockStatus;
  /** With the quorum present, rebuilds the secret and checks the registered accounts derive again. */
  complete(passphrases: { slip39Passphrase?: string; bip39Passphrase?: string }): Promise<UnlockStatus>;
  lock(reason: 'explicit' | 'idle' | 'window-closed' | 'failure'): void;
  /** Called on every user action while unlocked; idle time counts from the last one. */
  touch(): void;
  /** Called periodically: locks an idle session. Returns true if it locked. */
  tick(): boolean;
  /** Lends the BIP-32 seed to `fn` while unlocked and air-gapped (every signing path, drills, watch-only export). */
  withSeed<T>(fn: (seed: Uint8Array) => T): T;
  /**
   * SECURITY(H-25): "checkpoint now": the vault signs its current audit head with its checkpoint key. Every path that
   * signs (drafts, sign requests) and every drill calls it right after writing the audit entry of the event, so the
   * checkpoint covers that entry. Needs the vault unlocked.
   */
  checkpoint(): void;
}

export function createUnlockService({ db, clock, airgap }: { db: Db; clock: Clock; airgap: AirgapPolicy }): UnlockService {
  let collected = new Map<number, { holder: HolderRecord; words: SecretBytes }>();
  let seed: SecretBytes | null = null;
  /** The checkpoint public key the unlocked seed derives: the anchor every seal in the file is checked against. */
  let anchor: Uint8Array | null = null;
  let unlockedAt: number | null = null;
  let lastActivity = 0;
  const attempts = createPassphraseAttempts({ db, clock });

  const audit = (action: string, details: Record<string, string | number | boolean | null>) =>
    db.transaction(() => appendAuditEntry(db, { at: clock.now(), actor: 'vault', action, details })).immediate();

  function forgetCollected(): void {
    for (const { words } of collected.values()) words.dispose();
    collected = new Map();
  }

  /**
   * SECURITY(H-27): no share is opened and no quorum completed while the machine is online. A refusal also forgets
   * the shares already opened in this attempt: the holders present them again once the machine is disconnected.
   */
  function requireAirgap(): string[] {
    try {
      return airgap.require('unlock');
    } catch (error) {
      forgetCollected();
      throw error;
    }
  }

  function status(): UnlockStatus {
    const vault = readVault(db);
    if (!vault) return { state: 'no-vault', progress: null, present: [], unlockedAt: null, locksAt: null };
    const groups = readGroups(db, vault.id);
    const present = [...collected.values()].map((c) => c.holder);
    const progress = quorumProgress(groups, vault.groupThreshold, present.map((h) => h.groupIndex));
    const state: UnlockState = seed ? 'unlocked' : collected.size > 0 ? 'collecting' : 'locked';
    return {
      state,
      progress,
      present: present.map((h) => h.name),
      unlockedAt,
      locksAt: seed ? lastActivity + vault.idleLockMinutes * 60_000 : null,
    };
  }

  async function present(holderName: string, passphrase: string): Promise<UnlockStatus> {
    const vault = requireVault(db);
    if (seed) throw new AirlockError('vault-already-unlocked', 'The vault is already unlocked. Lock it first to start a new unlock.');
    const holder = requireHolder(db, vault.id, holderName);
    if (collected.has(holder.id)) throw new AirlockError('holder-already-present', `${holder.name}'s share is already open for this unlock.`);
    requireAirgap();
    const stored = readShare(db, holder.id);
    if (!stored) throw new AirlockError('share-missing', `${holder.name}'s share is missing from the database.`);
    const place = { vaultId: vault.id, holderName: holder.name, groupIndex: holder.groupIndex, memberIndex: holder.memberIndex };
    const attempt = attempts.begin(vault.id, holder);
    let plaintext: Uint8Array;
    try {
      plaintext = await openWithPassphrase(decodeEnvelope(stored.envelope), passphrase, shareAssociatedData(place), platformKdf);
    } catch (error) {
      throw presentRefused(error, holder, attempt);
    }
    collected.set(holder.id, { holder, words: new SecretBytes(plaintext) });
    settle(attempt, true, 'unlock-share-opened');
    return status();
  }

  /** Writes an attempt's outcome with its audit entry, in one transaction (SECURITY H-28). */
  function settle(attempt: PassphraseAttempt, right: boolean, action: string, details: Record<string, string> = {}): void {
    db.transaction(() => {
      appendAuditEntry(db, { at: clock.now(), actor: 'vault', action, details: { vault: attempt.vaultId, holder: attempt.holder.name, ...details } });
      if (right) attempts.succeeded(attempt);
      else attempts.failed(attempt);
    }).immediate();
  }

  function presentRefused(error: unknown, holder: HolderRecord, attempt: PassphraseAttempt): unknown {
    if (error instanceof AirlockError && error.code === 'passphrase-wrong') {
      settle(attempt, false, 'unlock-passphrase-wrong');
      return new AirlockError(
        'passphrase-wrong',
        `That passphrase does not open ${holder.name}'s share. ${holder.name} can check it and try again.${attempts.waitSentence(attempt)}`,
        { holder: holder.name },
      );
    }
    if (error instanceof AirlockError && (error.code === 'share-ciphertext-tampered' || error.code === 'envelope-invalid')) {
      settle(attempt, false, 'share-ciphertext-tampered');
      return new AirlockError(
        'share-ciphertext-tampered',
        `${holder.name}'s stored share has been altered and was refused. ${holder.name} can still unlock with their paper share; report this to the other holders.`,
        { holder: holder.name },
      );
    }
    settle(attempt, false, 'unlock-share-refused', { code: error instanceof AirlockError ? error.code : 'internal' });
    return error;
  }

  function presentWords(holderName: string, words: string): UnlockStatus {
    const vault = requireVault(db);
    if (seed) throw new AirlockError('vault-already-unlocked', 'The vault is already unlocked. Lock it first to start a new unlock.');
    const holder = requireHolder(db, vault.id, holderName);
    if (collected.has(holder.id)) throw new AirlockError('holder-already-present', `${holder.name}'s share is already open for this unlock.`);
    requireAirgap();
    const normalized = words.trim().toLowerCase().split(/\s+/).join(' ');
    try {
      checkPaperShare(db, vault, holder, normalized);
    } catch (error) {
      if (error instanceof AirlockError) audit('unlock-paper-share-refused', { vault: vault.id, holder: holder.name, code: error.code });
      throw error;
    }
    collected.set(holder.id, { holder, words: new SecretBytes(new TextEncoder().encode(normalized)) });
    audit('unlock-share-opened', { vault: vault.id, holder: holder.name, from: 'paper' });
    return status();
  }

  async function complete(passphrases: { slip39Passphrase?: string; bip39Passphrase?: string }): Promise<UnlockStatus> {
    const vault = requireVault(db);
    const current = status();
    if (!current.progress?.complete) {
      throw new AirlockError('shares-not-enough', `The quorum is not met yet: ${current.progress?.summary ?? 'no shares'}.`);
    }
    // Checked again at the last step: the network may have come up while the shares were presented.
    const online = requireAirgap();
    const decoder = new TextDecoder();
    const mnemonics = [...collected.values()].map((c) => c.words.use((bytes) => decoder.decode(bytes)));
    let masterSecret: Uint8Array | null = null;
    let candidate: Uint8Array | null = null;
    try {
      const secret = await combineMnemonics(mnemonics, passphrases.slip39Passphrase ?? '', { pbkdf2: platformPbkdf2 });
      masterSecret = secret;
      const derived =
        vault.seedDerivation === 'bip39-mnemonic'
          ? await seedFromBip39(entropyToMnemonic(secret, wordlist), passphrases.bip39Passphrase ?? '')
          : seedFromSlip39MasterSecret(secret);
      candidate = derived;
      const evmChecks = readAccounts(db, vault.id).map((a) => ({ account: a, derives: derivesAddress(derived, a.path, a.address) }));
      const btcChecks = bitcoinAccountChecks(db, vault.id, derived);
      const evm = evmChecks.find((c) => !c.derives)?.account;
      const btc = btcChecks.find((c) => !c.derives)?.account;
      const mismatch = evm ? `${evm.address} (${evm.label})` : btc ? `Bitcoin account ${btc.path} (${btc.label})` : null;
      if (mismatch) {
        // A wrong passphrase rebuilds another key, which derives none of the accounts; one that derives some of them
        // is the vault's key, so the account it does not derive was changed in the file.
        const someDerive = evmChecks.some((c) => c.derives) || btcChecks.some((c) => c.derives);
        throw new AirlockError(
          'unlock-accounts-mismatch',
          someDerive
            ? `The rebuilt key derives this vault's other registered accounts but not ${mismatch}: the shares and passphrases are right, and that account was changed in the vault file outside Airlock. ` +
                'Nothing was unlocked. Restore the vault file from a verified backup (airlock vault restore), and find out who changed it.'
            : `The rebuilt key does not derive the registered account ${mismatch}. ` + 'The most likely cause is a wrong SLIP-39 or BIP-39 passphrase; nothing was unlocked.',
        );
      }
      const holders = [...collected.values()].map((c) => c.holder.name).join(', ');
      // SECURITY(H-25): one key derivation and one signature: the stored checkpoint key must be the seed's, the
      // history must verify under it, and the unlock itself is sealed by a new checkpoint.
      const checkpointKey = withCheckpointKey(derived, (key) => {
        const keyStored = checkHistoryAtUnlock(db, vault.id, key.publicKey);
        const at = clock.now();
        db.transaction(() => {
          if (!keyStored) storeCheckpointKey(db, at, vault.id, key.publicKey);
          // With the test-machine setting on, the record says the key was rebuilt on a connected machine.
          const details = { vault: vault.id, holders, ...(online.length > 0 ? { online: online.join(', ') } : {}) };
          appendAuditEntry(db, { at, actor: 'vault', action: 'vault-unlocked', details });
          // Every Bitcoin account was just derived again from the seed: those without a seal that verifies get one.
          sealBitcoinAccounts(db, vault.id, key, at);
          writeCheckpoint(db, vault.id, key);
        }).immediate();
        return Uint8Array.from(key.publicKey);
      });
      anchor = checkpointKey;
      seed = new SecretBytes(derived);
      candidate = null;
      unlockedAt = clock.now();
      lastActivity = unlockedAt;
      return status();
    } catch (error) {
      audit('unlock-failed', { vault: vault.id, code: error instanceof AirlockError ? error.code : 'internal' });
      throw error;
    } finally {
      masterSecret?.fill(0);
      candidate?.fill(0);
      forgetCollected();
    }
  }

  function lock(reason: 'explicit' | 'idle' | 'window-closed' | 'failure'): void {
    const wasOpen = seed !== null || collected.size > 0;
    seed?.dispose();
    seed = null;
    anchor = null;
    unlockedAt = null;
    forgetCollected();
    const vault = readVault(db);
    if (wasOpen && vault) audit('vault-locked', { vault: vault.id, reason });
  }

  function withSeed<T>(fn: (seed: Uint8Array) => T): T {
    tick();
    if (!seed) throw new AirlockError('vault-locked', 'The vault is locked. A quorum of holders must unlock it first.');
    // SECURITY(H-27): every signing path borrows the seed here, so none signs while the machine is online.
    airgap.require('sign');
    // SECURITY(H-25): nor while the checkpoint key stored in the file is no longer the seed's. Everything sealed in the
    // file (relay pairings, Bitcoin accounts and wallets, the audit log) is checked against that stored key, so whoever
    // replaces it while the vault is open could re-seal what they changed: nothing more is signed or sealed.
    requireAnchor();
    lastActivity = clock.now();
    return seed.use(fn);
  }

  function requireAnchor(): void {
    const vault = readVault(db);
    const stored = vault ? readCheckpointKey(db, vault.id) : null;
    if (!anchor || !stored || !constantTimeEqual(stored, anchor)) {
      throw new AirlockError(
        'audit-checkpoint-key-replaced',
        'The audit checkpoint key stored in this vault file changed while the vault was open: nothing more is signed or sealed. Lock the vault, verify the audit log, and find out who changed the file.',
      );
    }
  }

  function tick(): boolean {
    const s = status();
    if (s.state === 'unlocked' && s.locksAt !== null && clock.now() >= s.locksAt) {
      lock('idle');
      return true;
    }
    return false;
  }

  return {
    status,
    present,
    presentWords,
    complete,
    lock,
    touch() {
      if (seed) lastActivity = clock.now();
    },
    tick,
    withSeed,
    checkpoint() {
      const vault = requireVault(db);
      withSeed((unlocked) => withCheckpointKey(unlocked, (key) => writeCheckpoint(db, vault.id, key)));
    },
  };
}

/** Whether the seed derives `address` at `path`; a path no derivation reads (edited in the file) derives nothing. */
function derivesAddress(seed: Uint8Array, path: string, address: string): boolean {
  try {
    return deriveAccount(seed, path).address === address;
  } catch {
    return false;
  }
}

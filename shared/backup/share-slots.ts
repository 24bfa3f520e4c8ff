// The holders' shares a vault backup carries in its header, sealed exactly as the vault stores them (each under its
// holder's passphrase, bound to the vault, the holder's name and place), so holders can open a backup with their
// passphrases when the laptop is gone. The header names nobody: a passphrase is tried against each share in turn,
// and the name the holder gives must be the one the share was sealed for.
import { decodeEnvelope, deriveEnvelopeKey, openWithEnvelopeKey, type KdfBackend } from '../crypto/envelope';
import { SecretBytes } from '../crypto/secret';
import { shareAssociatedData } from '../custody/share-binding';
import { AirlockError, isAirlockError } from '../errors';
import type { ShareSlot } from './file';

export interface OpenedSlot {
  /** Which slot the passphrase opened. */
  index: number;
  /** The share's words (UTF-8). The caller disposes them. */
  words: SecretBytes;
}

/**
 * Opens the one share of `slots` that `passphrase` opens for `holderName`, skipping slots already `claimed` by other
 * holders. One key stretch per slot tried: a wrong passphrase costs as many as there are holders.
 */
export async function openShareSlot(
  slots: readonly ShareSlot[],
  claimed: ReadonlySet<number>,
  place: { vaultId: string; holderName: string },
  passphrase: string,
  backend: KdfBackend = {},
): Promise<OpenedSlot> {
  const name = place.holderName.trim().slice(0, 64);
  let sealedForAnother = false;
  for (const [index, slot] of slots.entries()) {
    if (claimed.has(index)) continue;
    const envelope = decodeSlot(slot);
    const key = await deriveEnvelopeKey(envelope, passphrase, backend);
    try {
      const associatedData = shareAssociatedData({ vaultId: place.vaultId, holderName: name, groupIndex: slot.group, memberIndex: slot.member });
      return { index, words: new SecretBytes(openWithEnvelopeKey(envelope, key, associatedData)) };
    } catch (error) {
      if (!isAirlockError(error)) throw error;
      if (error.code === 'share-ciphertext-tampered') sealedForAnother = true;
      else if (error.code !== 'passphrase-wrong') throw error;
    } finally {
      key.dispose();
    }
  }
  if (sealedForAnother) {
    throw new AirlockError(
      'backup-holder-name-differs',
      `${name}'s passphrase opens a share in this backup, but not one sealed for the name "${name}". Give the holder's name exactly as it was registered (capitals count), or this backup was altered.`,
      { holder: name },
    );
  }
  throw new AirlockError(
    'backup-passphrase-wrong',
    `That passphrase opens none of the shares in this backup: it is not ${name}'s passphrase, or this backup is of another vault. ${name} can check it, or bring their paper share instead.`,
    { holder: name },
  );
}

function decodeSlot(slot: ShareSlot) {
  try {
    return decodeEnvelope(slot.envelope);
  } catch {
    throw new AirlockError('backup-damaged', 'This backup file is damaged: a share in its header cannot be read. Nothing was restored; use another copy.');
  }
}

// How a CLI command that needs the unlocked vault reads its quorum: holders' passphrases (or, where a passphrase is
// lost, their paper shares' words) and optional SLIP-39 / BIP-39 passphrases as JSON on standard input, never as
// arguments.
import { z } from 'zod';
import type { UnlockService } from '../services/custody/unlock';

export const holdersInput = {
  holders: z.array(z.object({ name: z.string(), passphrase: z.string() }).strict()).min(1),
  slip39Passphrase: z.string().optional(),
  bip39Passphrase: z.string().optional(),
};

export const unlockInput = z.object(holdersInput).strict();
export type UnlockInput = z.infer<typeof unlockInput>;

/** The same, where a holder may bring their paper share's words instead of their passphrase. */
export const quorumInput = z
  .object({
    holders: z.array(z.union([z.object({ name: z.string(), passphrase: z.string() }).strict(), z.object({ name: z.string(), words: z.string().max(1000) }).strict()])).min(1),
    slip39Passphrase: holdersInput.slip39Passphrase,
    bip39Passphrase: holdersInput.bip39Passphrase,
  })
  .strict();
export type QuorumInput = z.infer<typeof quorumInput>;

/** Presents every holder in turn (passphrase or paper share), then completes the unlock; returns each step's progress line. */
export async function unlockWithQuorum(unlock: UnlockService, spec: QuorumInput) {
  const steps: Array<{ holder: string; progress: string }> = [];
  for (const holder of spec.holders) {
    const status = 'words' in holder ? unlock.presentWords(holder.name, holder.words) : await unlock.present(holder.name, holder.passphrase);
    steps.push({ holder: holder.name, progress: status.progress?.summary ?? '' });
  }
  const unlocked = await unlock.complete(spec);
  return { steps, status: unlocked };
}

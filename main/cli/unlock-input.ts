// How a CLI command that needs the unlocked vault reads its quorum: holders' passphrases (and optional
// SLIP-39 / BIP-39 passphrases) as JSON on standard input, never as arguments.
import { z } from 'zod';
import type { UnlockService } from '../services/unlock';

export const holdersInput = {
  holders: z.array(z.object({ name: z.string(), passphrase: z.string() }).strict()).min(1),
  slip39Passphrase: z.string().optional(),
  bip39Passphrase: z.string().optional(),
};

export const unlockInput = z.object(holdersInput).strict();
export type UnlockInput = z.infer<typeof unlockInput>;

/** Presents every holder in turn, then completes the unlock; returns each step's progress line. */
export async function unlockWithQuorum(unlock: UnlockService, spec: UnlockInput) {
  const steps: Array<{ holder: string; progress: string }> = [];
  for (const holder of spec.holders) {
    const status = await unlock.present(holder.name, holder.passphrase);
    steps.push({ holder: holder.name, progress: status.progress?.summary ?? '' });
  }
  const unlocked = await unlock.complete(spec);
  return { steps, status: unlocked };
}

// A vault that holds a Safe owner key and an executor account, with a Safe draft (change the threshold) already signed
// by this vault's owner: the starting point for executing it with a co-owner's signature.
import { Wallet } from 'ethers';
import type { Custody } from '../../main/app-services';
import { fromMnemonic, HOLDERS } from './vault-fixture';

export const SAFE_MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
export const SAFE = '0x2222222222222222222222222222222222222222';
export const THIRD_OWNER = '0x1111111111111111111111111111111111111111';
/** anvil's published development key #1 plays the co-owner's separate vault. */
export const CO_OWNER = new Wallet('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');

export async function signedSafeDraft(custody: Custody): Promise<{ owner: string; executor: string; draft: { id: number; digest: string } }> {
  await custody.vault.create(
    fromMnemonic(SAFE_MNEMONIC, [
      { scheme: 'bip44', index: 1, label: 'Safe owner', role: 'safe-owner' },
      { scheme: 'bip44', index: 2, label: 'Executor', role: 'executor' },
    ]),
  );
  const [owner, executor] = custody.vault.accounts().map((a) => a.address) as [string, string];
  const draft = custody.drafts.create({
    chainId: '1',
    executor: { kind: 'safe', safe: SAFE, version: '1.4.1', owners: [owner, CO_OWNER.address, THIRD_OWNER], threshold: 2, nonce: '4' },
    actions: [{ type: 'safe-change-threshold', threshold: 1 }],
  });
  for (const holder of HOLDERS.slice(0, 2)) await custody.unlock.present(holder.name, holder.passphrase);
  await custody.unlock.complete({});
  custody.drafts.sign(draft.id, { digest: draft.digest, acknowledge: draft.acknowledgementsRequired });
  custody.unlock.lock('explicit');
  return { owner, executor, draft: { id: draft.id, digest: draft.digest } };
}

// The drill's Bitcoin steps: the registered Bitcoin accounts derive again from the rebuilt seed; a runbook's
// Bitcoin sweep is rehearsed with a coin that does not exist, reviewed under the runbook's fallback rule and
// signed through the same code as a real PSBT; and the proof of control gets a BIP-322 signature beside the
// EIP-191 one, from receive address 0 of the first Bitcoin treasury account.
import { walletOf } from '../../../shared/btc/ownership';
import { childPrivateKey, withAccountNode } from '../../../shared/btc/keys';
import { decodePsbt } from '../../../shared/btc/psbt';
import { rehearsalSweepPsbt } from '../../../shared/btc/rehearsal';
import { reviewPsbt } from '../../../shared/btc/review';
import { accountDescriptor } from '../../../shared/btc/seed-ownership';
import { signReviewedPsbt } from '../../../shared/btc/sign';
import { assess } from '../../../shared/drafting/rules';
import { signBitcoinDrillProof, type BitcoinDrillProof } from '../../../shared/drill/bitcoin-proof';
import { AirlockError } from '../../../shared/errors';
import type { Db } from '../../db/connection';
import { readBtcAccounts, type BtcAccountRecord } from '../../db/bitcoin';
import { bitcoinAccountMismatch, checkWalletKeysWithSeed, type BitcoinAccountService } from './bitcoin-accounts';

const treasuryOf = (db: Db, vaultId: string): BtcAccountRecord | undefined => readBtcAccounts(db, vaultId).find((a) => a.role === 'btc-treasury');

export function createBitcoinDrill({ db, bitcoin }: { db: Db; bitcoin: BitcoinAccountService }) {
  return {
    /** Throws account-mismatch naming the first Bitcoin account the seed does not derive. */
    checkAccounts(vaultId: string, seed: Uint8Array): void {
      const mismatch = bitcoinAccountMismatch(db, vaultId, seed);
      if (mismatch) throw new AirlockError('account-mismatch', `The Bitcoin account ${mismatch.path} (${mismatch.label}) does not derive from the rebuilt key: the shares do not rebuild this vault's key.`);
    },

    /**
     * The rehearsal of a coordinator's sweep to `walletName`: reviewed with every output required to pay it, then
     * signed with what a real recovery would have had to acknowledge. Returns the review's codes.
     */
    rehearseSweep(vaultId: string, walletName: string, seed: Uint8Array, nonce: Uint8Array): string[] {
      const account = treasuryOf(db, vaultId);
      if (!account) throw new AirlockError('drill-no-account', 'The vault has no Bitcoin treasury account (BIP-84 or BIP-86) to rehearse the sweep from. Register one first.');
      const destination = bitcoin.wallet(walletName);
      const ownership = bitcoin.ownership(account.network);
      checkWalletKeysWithSeed({ ...ownership, wallets: [...ownership.wallets, destination] }, seed);
      const from = walletOf(account.label, accountDescriptor(account));
      const tx = decodePsbt(rehearsalSweepPsbt(from, destination, nonce));
      const { review, claims } = reviewPsbt(tx, account.network, ownership, { outputsOnlyTo: destination });
      signReviewedPsbt(tx, review, claims, seed, assess(review.warnings).acknowledgementsRequired);
      return review.warnings.map((w) => w.code);
    },

    /** BIP-322 over the drill statement, when the vault has a Bitcoin treasury account; undefined otherwise. */
    proof(vaultId: string, statement: string, seed: Uint8Array): BitcoinDrillProof | undefined {
      const account = treasuryOf(db, vaultId);
      if (!account || account.kind === 'p2wsh-cosigner') return undefined;
      const address = walletOf(account.label, accountDescriptor(account)).scripts.addressAt(0, 0);
      const path = account.path.slice(2).split('/').map((step) => Number(step.replace("'", '')) + 0x80000000);
      return withAccountNode(seed, account.network, path, (node) => {
        const key = childPrivateKey(node, 0, 0);
        try {
          return key.use((bytes) => signBitcoinDrillProof(statement, bytes, account.kind as 'p2wpkh' | 'p2tr', address, account.network));
        } finally {
          key.dispose();
        }
      });
    },
  };
}

export type BitcoinDrill = ReturnType<typeof createBitcoinDrill>;

// `airlock btc account add|list`, `btc wallet import` and `btc export`: the vault's Bitcoin accounts (registered
// from the unlocked seed, derived again at every unlock), the multisig wallets it knows, and the watch-only export
// a coordinator imports (descriptors with key origin, and ur:crypto-account / ur:crypto-output).
import { hexToBytes } from '../../../shared/bytes';
import { z } from 'zod';
import { encodeUr } from '../../../shared/airgap/ur';
import { BTC_ACCOUNT_KINDS } from '../../../shared/btc/keys';
import { parseBtcNetwork } from '../../../shared/btc/network';
import { PSBT_UR_FRAGMENT } from '../../services/bitcoin/bitcoin-psbt';
import { optionalOne, requireOne } from '../args';
import type { CliCommand } from '../command';
import { parseJsonInput } from '../stdin-json';
import { holdersInput } from '../unlock-input';
import { custodyCommand, whileUnlocked, withVaultCustody } from '../vault-session';

const accountInput = z
  .object({
    ...holdersInput,
    kind: z.enum(BTC_ACCOUNT_KINDS),
    network: z.enum(['mainnet', 'testnet', 'signet', 'regtest', 'testnet4']).default('mainnet'),
    index: z.number().int().min(0).max(0x7fffffff).default(0),
    label: z.string().min(1).max(80),
  })
  .strict();

const walletInput = z
  .object({ ...holdersInput, descriptor: z.string().min(1).max(6000).optional(), request: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(1000)]).optional() })
  .strict();

export const btcCommands: CliCommand[] = [
  {
    path: ['btc', 'account', 'add'],
    summary:
      'Register a Bitcoin account from the vault\'s seed after a quorum unlock (audited): stdin {"holders":[…],"kind":"p2wpkh"|"p2tr"|"p2wsh-cosigner","network":"mainnet"|"testnet","index":0,"label":"…"}. ' +
      'p2wpkh is BIP-84, p2tr BIP-86, p2wsh-cosigner a BIP-48 (script type 2\') key for multisig. Derived again at every unlock.',
    options: ['db'],
    async run(input) {
      const spec = parseJsonInput(await input.readStdin(), accountInput, 'the Bitcoin account');
      return withVaultCustody(input, (custody) =>
        whileUnlocked(custody, spec, () => ({ account: custody.bitcoin.addAccount({ kind: spec.kind, network: parseBtcNetwork(spec.network), index: spec.index, label: spec.label }) })),
      );
    },
  },
  custodyCommand(
    ['btc', 'account', 'list'],
    'The vault\'s Bitcoin accounts (kind, path, fingerprint, xpub, descriptor, first address) and multisig wallets ("2 of 3: cosigners …").',
    (custody) => custody.bitcoin.overview(),
  ),
  {
    path: ['btc', 'wallet', 'import'],
    summary:
      'Register a multisig wallet by --name after a quorum unlock, which seals it: stdin {"holders":[…],"descriptor":"wsh(sortedmulti(2,[xfp/48\'/0\'/0\'/2\']xpub…/<0;1>/*,…))#checksum"} or {…,"request":["ur:crypto-output/…"]}; --network mainnet|testnet. ' +
      'A key naming this vault\'s fingerprint must be a registered cosigner account. Used to verify change and as a runbook\'s fallback wallet (audited). ' +
      'Importing again a wallet whose seal fails (changed in the file) replaces it.',
    options: ['db', 'name', 'network'],
    async run(input) {
      const spec = parseJsonInput(await input.readStdin(), walletInput, 'the wallet');
      const network = parseBtcNetwork(optionalOne(input.options, 'network') ?? 'mainnet');
      const parts = spec.request === undefined ? undefined : typeof spec.request === 'string' ? spec.request.split(/\s+/) : spec.request;
      const name = requireOne(input.options, 'name');
      return withVaultCustody(input, (custody) =>
        whileUnlocked(custody, spec, () => ({
          wallet: custody.bitcoin.importWallet({ name, network, ...(spec.descriptor ? { descriptor: spec.descriptor } : {}), ...(parts ? { parts } : {}) }),
        })),
      );
    },
  },
  custodyCommand(
    ['btc', 'export'],
    'Watch-only export for a coordinator: output descriptors with key origin (wpkh([xfp/84\'/0\'/0\']xpub…/<0;1>/*)) and ur:crypto-account / ur:crypto-output parts. Public keys only (audited).',
    (custody) => ({ exports: custody.bitcoin.export().map((e) => ({ ...e, ur: encodeUr(e.type, hexToBytes(e.payload), PSBT_UR_FRAGMENT) })) }),
  ),
];

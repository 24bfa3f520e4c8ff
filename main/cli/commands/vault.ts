// `airlock vault ...`: create or import a vault, unlock it with a quorum, list its accounts.
// Every secret (passphrases, mnemonics, shares) arrives on standard input only.
import { z } from 'zod';
import { encodeUr, MAX_FRAGMENT_BYTES } from '../../../shared/airgap/ur';
import { fromHex } from '../../../shared/bytes';
import { createVaultRequestSchema, type CreateVaultRequest } from '../../../shared/bridge';
import { AirlockError } from '../../../shared/errors';
import { parseDiceRolls } from '../../../shared/crypto/entropy';
import { optionalNumber, optionalTrueOrFalse } from '../args';
import type { CliCommand, CliInput } from '../command';
import { parseJsonInput } from '../stdin-json';
import { unlockInput } from '../unlock-input';
import { custodyCommand, whileUnlocked, withVaultCustody } from '../vault-session';

const layout = {
  name: z.string(),
  groupThreshold: z.number().int().default(1),
  groups: createVaultRequestSchema.shape.groups,
  slip39Passphrase: z.string().default(''),
  iterationExponent: z.number().int().default(1),
  extendable: z.boolean().default(true),
  accounts: createVaultRequestSchema.shape.accounts.default([{ scheme: 'bip44', index: 0, label: 'Treasury', role: 'eoa-treasury' }]),
  idleLockMinutes: z.number().int().optional(),
};

const createInput = z.object({ ...layout, secretBits: z.union([z.literal(128), z.literal(256)]).default(256), dice: z.string().max(2000).default('') }).strict();
const importInput = z
  .object({ ...layout, mnemonic: z.string().optional(), bip39Passphrase: z.string().default(''), shares: z.array(z.string()).optional() })
  .strict();

const shareCheckInput = z.object({ holder: z.string(), words: z.string(), passphrase: z.string() }).strict();

async function createWith(input: CliInput, request: CreateVaultRequest) {
  const checked = createVaultRequestSchema.safeParse(request);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new AirlockError('input-invalid', `The vault description is not right at "${issue?.path.join('.')}": ${issue?.message}.`);
  }
  return withVaultCustody(input, (custody) => custody.vault.create(checked.data), { create: true });
}

export const vaultCommands: CliCommand[] = [
  {
    path: ['vault', 'create'],
    summary: 'Create a vault: new master secret (CSPRNG, optionally mixed with dice), split into shares for named holders. Stdin: JSON.',
    options: ['db'],
    async run(input) {
      const spec = parseJsonInput(await input.readStdin(), createInput, 'the vault description');
      const { secretBits, dice, ...rest } = spec;
      return createWith(input, { ...rest, source: { kind: 'new', secretBits, diceRolls: parseDiceRolls(dice) } });
    },
  },
  {
    path: ['vault', 'import'],
    summary: 'Import a BIP-39 mnemonic ("mnemonic", "bip39Passphrase") or existing SLIP-39 shares ("shares") into a new vault. Stdin: JSON.',
    options: ['db'],
    async run(input) {
      const spec = parseJsonInput(await input.readStdin(), importInput, 'the import description');
      const { mnemonic, bip39Passphrase, shares, ...rest } = spec;
      if ((mnemonic === undefined) === (shares === undefined)) {
        throw new AirlockError('input-invalid', 'Give either "mnemonic" (a BIP-39 phrase) or "shares" (SLIP-39 shares) to import, not both and not neither.');
      }
      const source = mnemonic !== undefined ? { kind: 'bip39' as const, mnemonic, bip39Passphrase } : { kind: 'slip39' as const, shares: shares! };
      return createWith(input, { ...rest, source });
    },
  },
  {
    path: ['vault', 'unlock'],
    summary: 'Unlock with a quorum of holders\' passphrases (stdin JSON), check the accounts derive, then lock again.',
    options: ['db'],
    async run(input) {
      const spec = parseJsonInput(await input.readStdin(), unlockInput, 'the unlock request');
      return withVaultCustody(input, (custody) =>
        whileUnlocked(custody, spec, ({ steps, status }) => ({ unlocked: status.state === 'unlocked', steps, progress: status.progress?.summary ?? '', accounts: custody.vault.accounts() })),
      );
    },
  },
  custodyCommand(['vault', 'accounts'], 'List the registered accounts (paths, addresses, labels, roles). No secret needed.', (custody) => ({ accounts: custody.vault.accounts() })),
  {
    path: ['share', 'check'],
    summary: 'A holder checks their paper share and passphrase without rebuilding the secret. Stdin: {"holder","words","passphrase"}.',
    options: ['db'],
    async run(input) {
      const spec = parseJsonInput(await input.readStdin(), shareCheckInput, 'the share check');
      return withVaultCustody(input, (custody) => custody.shareCheck.check(spec.holder, spec.words, spec.passphrase));
    },
  },
  {
    path: ['vault', 'settings'],
    summary:
      'Change vault settings (each change audited): --idle-lock-minutes N (1–120) locks an unlocked vault after N idle minutes; ' +
      '--allow-online-signing true|false lets the vault unlock and sign while a network interface is up (test machines only; off by default).',
    options: ['db', 'idle-lock-minutes', 'allow-online-signing'],
    async run(input) {
      const minutes = optionalNumber(input.options, 'idle-lock-minutes', /^\d+$/, 'a whole number of minutes');
      // SECURITY(H-27): spelled out, never guessed from "yes", "1" or an empty value.
      const allowOnline = optionalTrueOrFalse(input.options, 'allow-online-signing');
      if (minutes === undefined && allowOnline === undefined) {
        throw new AirlockError('usage-invalid', 'Give a setting to change: --idle-lock-minutes N or --allow-online-signing true|false.');
      }
      return withVaultCustody(input, ({ vault }) => {
        let summary = minutes === undefined ? null : vault.setIdleLockMinutes(minutes);
        if (allowOnline !== undefined) summary = vault.setAllowOnlineSigning(allowOnline);
        return { vault: summary };
      });
    },
  },
  {
    path: ['vault', 'watch-only'],
    summary:
      'Unlock with a quorum (stdin: {"holders":[...]}) and print the watch-only export of the accounts: crypto-hdkey / crypto-account URs ' +
      '(public keys only) for a MetaMask-style QR wallet or the relay, with fingerprint words.',
    options: ['db'],
    async run(input) {
      const spec = parseJsonInput(await input.readStdin(), unlockInput, 'the unlock request');
      return withVaultCustody(input, (custody) =>
        whileUnlocked(custody, spec, () => ({ exports: custody.watchOnly.export().map((e) => ({ ...e, ur: encodeUr(e.type, fromHex(e.payload), MAX_FRAGMENT_BYTES) })) })),
      );
    },
  },
  custodyCommand(['vault', 'show'], 'Describe the vault: groups, holders, thresholds, seed derivation, accounts. No secret needed.', (custody) => ({ vault: custody.vault.summary() })),
];

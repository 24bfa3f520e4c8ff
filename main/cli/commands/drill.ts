// `airlock drill run|verify|history|dashboard|policy` and `airlock runbook list|save`: recovery drills measured
// and reported, and the proof an auditor checks without a vault.
import { z } from 'zod';
import { DRILL_PROOF_UR_TYPE } from '../../../shared/airgap/airlock-types';
import { decodeUrParts } from '../../../shared/airgap/ur';
import { verifyDrillProof } from '../../../shared/drill/proof';
import { AirlockError } from '../../../shared/errors';
import { optionalOne, requireOne } from '../args';
import { EXIT, type CliCommand, type CliInput } from '../command';
import { parseJsonInput, readJsonInput } from '../stdin-json';
import { withVaultCustody } from '../vault-session';
import { holdersInput } from '../unlock-input';

const runInput = z
  .object({
    holders: z.array(z.union([z.object({ name: z.string(), passphrase: z.string() }).strict(), z.object({ name: z.string(), words: z.string().max(1000) }).strict()])).min(1),
    slip39Passphrase: holdersInput.slip39Passphrase,
    bip39Passphrase: holdersInput.bip39Passphrase,
  })
  .strict();

function wholeNumber(input: CliInput, name: string): number | undefined {
  const text = optionalOne(input.options, name);
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]{0,4}$/.test(text)) throw new AirlockError('usage-invalid', `--${name} takes a whole number such as 90, not "${text.slice(0, 20)}".`);
  return Number(text);
}

const passedExit = (value: unknown) => ((value as { passed?: boolean; valid?: boolean }).passed === false || (value as { valid?: boolean }).valid === false ? EXIT.checkFailed : EXIT.ok);

export const drillCommands: CliCommand[] = [
  {
    path: ['drill', 'run'],
    summary:
      'Run a full recovery drill of --runbook NAME (stdin: {"holders":[{"name","passphrase"},…]}): quorum unlock, derived addresses, a signed ' +
      'proof of control, the runbook built and signed as rehearsals against the latest snapshot; prints timings, RTO, RPO and the proof. Exit 1 if it failed.',
    options: ['db', 'runbook'],
    exitCodeOf: passedExit,
    async run(input) {
      const runbook = requireOne(input.options, 'runbook');
      const spec = parseJsonInput(await input.readStdin(), runInput, 'the drill participants');
      return withVaultCustody(input, (custody) => custody.drills.run({ runbook, ...spec }));
    },
  },
  {
    path: ['drill', 'verify'],
    summary:
      'Check a drill proof (stdin: {"statement","signature","address"} or the report QR\'s ur:airlock-drill-proof) with no vault: the signature must recover to the address and the statement ' +
      'must parse. With --db, the address must also be a registered account of that vault, and the statement name it. Exit 1 if not valid.',
    options: ['db'],
    exitCodeOf: passedExit,
    async run(input) {
      const text = (await input.readStdin()).trim();
      // The report's QR code carries the proof as ur:airlock-drill-proof; its JSON works the same.
      const proof = /^ur:/i.test(text) ? readJsonInput(new TextDecoder().decode(decodeUrParts(text.split(/\s+/), [DRILL_PROOF_UR_TYPE]).payload), 'the drill proof') : readJsonInput(text, 'the drill proof');
      const verdict = verifyDrillProof(proof);
      const out = { valid: verdict.valid, address: verdict.address, statement: verdict.statement, ...(verdict.problem ? { problem: verdict.problem } : {}) };
      if (!verdict.valid || optionalOne(input.options, 'db') === undefined) return out;
      return withVaultCustody(input, (custody) => {
        const summary = custody.vault.summary();
        const registered = custody.vault.accounts().some((a) => a.address === verdict.address);
        if (!summary || summary.id !== verdict.statement!.vaultId) {
          return { ...out, valid: false, problem: 'The statement names another vault than the one in this database.' };
        }
        if (!registered) return { ...out, valid: false, problem: `${verdict.address} is not a registered account of this vault.` };
        return { ...out, registered: true };
      });
    },
  },
  {
    path: ['drill', 'history'],
    summary: 'Past drills, newest first: runbook, pass/fail with reasons, RTO, RPO, participants, steps.',
    options: ['db'],
    async run(input) {
      return withVaultCustody(input, (custody) => ({ drills: custody.drills.history() }));
    },
  },
  {
    path: ['drill', 'dashboard'],
    summary: 'Policy, overdue items and quorum coverage: can the quorum still be met with the shares checked within policy?',
    options: ['db'],
    async run(input) {
      return withVaultCustody(input, (custody) => custody.drills.dashboard());
    },
  },
  {
    path: ['drill', 'policy'],
    summary: 'Set the drill policy: --drill-interval-days N, --share-check-interval-days N, --max-snapshot-age-hours N (audited).',
    options: ['db', 'drill-interval-days', 'share-check-interval-days', 'max-snapshot-age-hours'],
    async run(input) {
      return withVaultCustody(input, (custody) => {
        const current = custody.drills.dashboard().policy;
        return {
          policy: custody.drills.setPolicy({
            drillIntervalDays: wholeNumber(input, 'drill-interval-days') ?? current.drillIntervalDays,
            shareCheckIntervalDays: wholeNumber(input, 'share-check-interval-days') ?? current.shareCheckIntervalDays,
            maxSnapshotAgeHours: wholeNumber(input, 'max-snapshot-age-hours') ?? current.maxSnapshotAgeHours,
          }),
        };
      });
    },
  },
  {
    path: ['runbook', 'list'],
    summary: 'The vault\'s runbooks (built-ins and edited ones): steps as draft templates, parameters, target RTO.',
    options: ['db'],
    async run(input) {
      return withVaultCustody(input, (custody) => ({ runbooks: custody.drills.runbooks() }));
    },
  },
  {
    path: ['runbook', 'save'],
    summary: 'Store a runbook (stdin: its JSON as `runbook list` prints it), e.g. with its parameters set (audited).',
    options: ['db'],
    async run(input) {
      const json = readJsonInput(await input.readStdin(), 'the runbook');
      return withVaultCustody(input, (custody) => ({ runbook: custody.drills.saveRunbook(json) }));
    },
  },
];

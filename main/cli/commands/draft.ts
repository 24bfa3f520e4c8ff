// `airlock draft create|list|show|discard|sign|signed-set|execute`: recovery transactions built, reviewed and stored by the vault,
// signed only after a quorum of holders unlocks it (their passphrases on standard input).
import { toHex } from '../../../shared/bytes';
import { z } from 'zod';
import { parseSafeBundlePayload } from '../../../shared/airgap/safe-signature';
import type { DraftJson } from '../../../shared/bridge';
import { AirlockError } from '../../../shared/errors';
import { parseSimulationReportText } from '../../../shared/simulation/report';
import { matchingValue, optionalOne, requireOne } from '../args';
import { EXIT, type CliCommand, type CliInput } from '../command';
import { parseJsonInput, readJsonInput } from '../stdin-json';
import { custodyCommand, whileUnlocked, withVaultCustody, type Custody } from '../vault-session';
import { signedSetOf } from '../../services/transactions/signed-set';
import { holdersInput } from '../unlock-input';

const signInput = z
  .object({
    ...holdersInput,
    acknowledge: z.array(z.string().max(64)).max(30).default([]),
    digest: z.string().max(100).optional(),
    fingerprint: z.string().max(200).optional(),
  })
  .strict();

/** A record number option (--id, --snapshot): a positive whole number, or a sentence saying where to find one. */
function recordNumber(text: string, option: string, listCommand: string): number {
  return Number(matchingValue(option, text, /^[1-9][0-9]{0,9}$/, `a number from \`${listCommand}\`, such as 3`));
}

const draftId = (input: CliInput) => recordNumber(requireOne(input.options, 'id'), 'id', 'airlock draft list');

/** A command on stored draft --id N with no other input: `act` runs on the open vault's drafts. */
function draftCommand(path: readonly string[], summary: string, act: (drafts: Custody['drafts'], id: number) => unknown): CliCommand {
  return {
    path,
    summary,
    options: ['db', 'id'],
    async run(input) {
      // The number is checked before the file is opened: a mistyped --id is bad input, whatever the file.
      const id = draftId(input);
      return withVaultCustody(input, (custody) => act(custody.drafts, id));
    },
  };
}

export const draftCommands: CliCommand[] = [
  {
    path: ['draft', 'create'],
    summary:
      'Build and review a recovery transaction from its JSON description on stdin (executor, actions, known chain state); stores it, signs nothing. ' +
      'With --snapshot N, nonce, fees, balances and the Safe\'s owners come from imported relay snapshot N (verified again).',
    options: ['db', 'snapshot'],
    async run(input) {
      const json = readJsonInput(await input.readStdin(), 'the draft description');
      const snapshot = optionalOne(input.options, 'snapshot');
      const options = snapshot === undefined ? {} : { snapshotId: recordNumber(snapshot, 'snapshot', 'airlock snapshot list') };
      return withVaultCustody(input, (custody) => ({ draft: custody.drafts.create(json, options) }));
    },
  },
  custodyCommand(['draft', 'list'], 'List the stored drafts with their reviews, newest first.', (custody) => ({ drafts: custody.drafts.list() })),
  draftCommand(['draft', 'show'], 'Show one draft (--id N) rebuilt and reviewed again: decoded calls, hashes, fingerprint, warnings.', (drafts, id) => ({ draft: drafts.get(id) })),
  draftCommand(
    ['draft', 'discard'],
    'Set unsigned draft --id N aside for good (audited): it stays listed with status "discarded" and can never be signed or executed. ' +
      'A signed draft is refused: discarding would not take its signature back.',
    (drafts, id) => ({ draft: drafts.discard(id) }),
  ),
  {
    path: ['draft', 'sign'],
    summary:
      'Unlock with a quorum (stdin: {"holders":[{"name","passphrase"}],"digest":"0x…" or "fingerprint":"w1 w2 w3 w4","acknowledge":[...]}), sign draft --id N, lock again. ' +
      'The digest or fingerprint of the review you approved is required. Prints the raw transaction, or this vault\'s Safe owner signatures; a refusal prints the review beside the error.',
    options: ['db', 'id'],
    async run(input) {
      const id = draftId(input);
      const spec = parseJsonInput(await input.readStdin(), signInput, 'the signing request');
      // SECURITY(H-24): the reviewed digest or fingerprint words are required; without them nothing is signed.
      const reviewed = spec.digest !== undefined ? { digest: spec.digest } : spec.fingerprint !== undefined ? { fingerprint: spec.fingerprint } : null;
      if (reviewed === null) {
        throw new AirlockError(
          'draft-review-missing',
          `Nothing was signed: say which review you approved. Add draft ${id}'s "digest" (0x…) or its four "fingerprint" words, as \`airlock draft show --id ${id} --json\` prints them, to the JSON on standard input.`,
        );
      }
      const options = { ...reviewed, acknowledge: spec.acknowledge };
      return withVaultCustody(input, async (custody) => {
        // Review and policy first: a changed, blocked or unacknowledged draft is refused before any holder's passphrase is used.
        custody.drafts.checkSignable(id, options);
        return whileUnlocked(custody, spec, () => custody.drafts.sign(id, options));
      });
    },
  },
  {
    path: ['draft', 'signed-set'],
    summary:
      'Print the signed results of several drafts (--id N, once per draft: a multi-chain runbook\'s) as one signed set for the relay (`airlock relay broadcast --rpc CHAIN=URL …`): ' +
      'each signed recovery transaction and each Safe owner signature this vault made, with its chain. No unlock: only what signing stored; a drill rehearsal never leaves.',
    options: ['db', 'id'],
    async run(input) {
      const ids = (input.options.id ?? []).map((text) => recordNumber(text, 'id', 'airlock draft list'));
      return withVaultCustody(input, (custody) => signedSetOf(custody.drafts, ids));
    },
  },
  draftCommand(
    ['draft', 'simulation', 'request'],
    'Print draft --id N unsigned, for the relay to simulate (`airlock relay simulate`): the transaction or Safe transaction, its chain, its digest and the block of its snapshot. No secret is in it.',
    (drafts, id) => drafts.simulationRequest(id),
  ),
  {
    path: ['draft', 'simulation', 'import'],
    summary:
      'Verify the relay\'s signed simulation report of draft --id N on stdin (JSON or ur:airlock-simulation-report parts): paired relay key, signature, the draft\'s digest and chain, a block no older than its snapshot. ' +
      'Keeps it and prints the draft reviewed with it ("review.simulation"); exit 1 when the simulation blocks signing (reverted, or contradicts the draft).',
    options: ['db', 'id'],
    async run(input) {
      const id = draftId(input);
      const report = parseSimulationReportText(await input.readStdin());
      return withVaultCustody(input, (custody) => ({ draft: custody.drafts.importSimulation(id, report) }));
    },
    exitCodeOf: (value) => ((value as { draft: DraftJson }).draft.blocking.some((w) => w.code.startsWith('simulation-')) ? EXIT.checkFailed : EXIT.ok),
  },
  {
    path: ['draft', 'execute'],
    summary:
      'From signed Safe draft --id N: join this vault\'s owner signatures with co-owners\' (stdin: {"signatures":["0x…"]} or {"bundle":<airlock-safe-bundle JSON>}, ' +
      'with "executor":{from, nonce, gasLimit, fees…} and optional "context") into a new draft in which that account calls execTransaction. Signs nothing.',
    options: ['db', 'id'],
    async run(input) {
      const id = draftId(input);
      const spec = parseJsonInput(await input.readStdin(), executeInput, 'the execution request');
      return withVaultCustody(input, (custody) => {
        const signatures = [...(spec.signatures ?? [])];
        if (spec.bundle !== undefined) signatures.push(bundleSignatures(spec.bundle, custody.drafts.get(id)));
        if (signatures.length === 0) throw new AirlockError('input-invalid', 'Give the co-owners\' signatures ("signatures") or the relay\'s bundle ("bundle") on standard input.');
        return { draft: custody.drafts.executeSafe(id, { signatures, executor: spec.executor, ...(spec.context ? { context: spec.context } : {}) }) };
      });
    },
  },
];

const executeInput = z
  .object({
    signatures: z.array(z.string().max(100_000)).max(100).optional(),
    bundle: z.unknown().optional(),
    executor: z.record(z.string(), z.unknown()),
    context: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** The bundle's joined signatures, once it is shown to be for this draft's chain, Safe and safeTxHash. */
function bundleSignatures(json: unknown, draft: DraftJson): string {
  const bundle = parseSafeBundlePayload(json);
  const safe = typeof draft.input.executor === 'object' && draft.input.executor !== null ? String((draft.input.executor as Record<string, unknown>).safe ?? '') : '';
  if (draft.kind !== 'safe' || bundle.safe.toLowerCase() !== safe.toLowerCase() || bundle.chainId.toString() !== draft.chainId || toHex(bundle.safeTxHash) !== draft.digest) {
    throw new AirlockError(
      'safe-bundle-mismatch',
      `The bundle is for Safe ${bundle.safe} on chain ${bundle.chainId}, transaction ${toHex(bundle.safeTxHash)}; draft ${draft.id} is ${draft.digest}. Scan the bundle of this draft.`,
    );
  }
  return toHex(bundle.joined);
}


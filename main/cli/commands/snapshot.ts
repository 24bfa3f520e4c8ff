// `airlock snapshot pair|unpair|pins|import|list|show`: the vault's side of the relay — pin (or revoke) its key,
// import its signed snapshots (verified, stored, compared with the others of the chain), and show stored ones
// verified again (exit 1 when one is damaged or from a revoked relay).
import { AirlockError } from '../../../shared/errors';
import { isSnapshotAcknowledgement, SNAPSHOT_ACKNOWLEDGEMENTS } from '../../../shared/snapshot/changes';
import { parseSignedSnapshotJson } from '../../../shared/snapshot/schema';
import { parseSnapshotSetText } from '../../../shared/snapshot/set';
import { checkPairingRequest, type SnapshotService } from '../../services/snapshots/snapshots';
import { parseJsonInput } from '../stdin-json';
import { unlockInput } from '../unlock-input';
import { whileUnlocked, withVaultServices } from '../vault-session';
import { matchingValue, optionalOne, requireOne } from '../args';
import { EXIT, type CliCommand, type CliInput } from '../command';

function withSnapshots<T>(input: CliInput, fn: (service: SnapshotService) => Promise<T> | T): Promise<T> {
  return withVaultServices(input, (services) => fn(services.snapshots));
}

const POSITIVE_INTEGER = /^[1-9][0-9]{0,30}$/;

function positiveInteger(input: CliInput, name: string, example: string): bigint {
  return BigInt(matchingValue(name, requireOne(input.options, name), POSITIVE_INTEGER, `a whole number such as ${example}`));
}

function acknowledgements(input: CliInput): string[] {
  const given = input.options.acknowledge ?? [];
  const unknown = given.find((code) => !isSnapshotAcknowledgement(code));
  if (unknown !== undefined) {
    throw new AirlockError('usage-invalid', `--acknowledge takes ${SNAPSHOT_ACKNOWLEDGEMENTS.join(' or ')}, not "${unknown.slice(0, 40)}".`);
  }
  return [...given];
}

/** Every --chain-id given (a snapshot set expects several). */
function chainIds(input: CliInput): bigint[] {
  const given = input.options['chain-id'] ?? [];
  if (given.length === 0) throw new AirlockError('usage-invalid', '--chain-id is required: the chain you expect (give each chain of a snapshot set).');
  return given.map((text) => BigInt(matchingValue('chain-id', text, POSITIVE_INTEGER, 'a whole number such as 1')));
}

/** A snapshot set (its JSON, or ur:airlock-snapshot-set parts) rather than one snapshot. */
function isSnapshotSetText(text: string): boolean {
  const trimmed = text.trimStart();
  // Either way a misread fails closed: a single snapshot's strict parser refuses a "snapshots" key, and the set's its absence.
  return /^ur:airlock-snapshot-set\//i.test(trimmed) || (trimmed.startsWith('{') && /"snapshots"\s*:/.test(trimmed));
}

type Shown = { status?: string; warnings?: { severity: string }[] };
const hasCritical = (value: unknown) => ((value as { snapshot?: Shown }).snapshot?.warnings ?? []).some((w) => w.severity === 'critical');
const notVerified = (snapshot: Shown | undefined) => snapshot?.status !== 'verified';

export const snapshotCommands: CliCommand[] = [
  {
    path: ['snapshot', 'pair'],
    summary:
      "Pin a relay's key (--relay-key HEX) after comparing its four fingerprint words on both screens (--words w1 w2 w3 w4), sealed by the vault after a quorum unlock: stdin {\"holders\":[…]}. " +
      'Snapshots from any other key are refused. Pairing again a relay whose pairing has no valid seal seals it.',
    options: ['db', 'relay-key', 'words', 'label'],
    async run(input) {
      const relayKey = requireOne(input.options, 'relay-key');
      const words = (input.options.words ?? []).join(' ');
      if (!words) throw new AirlockError('usage-invalid', '--words is required: type the four fingerprint words the relay shows.');
      const label = optionalOne(input.options, 'label');
      // Words that do not match cost the holders no unlock.
      checkPairingRequest({ relayKey, words, ...(label ? { label } : {}) });
      const quorum = parseJsonInput(await input.readStdin(), unlockInput, 'the quorum');
      return withVaultServices(input, (services) =>
        whileUnlocked(services.custody, quorum, () => ({ pinned: services.snapshots.pair({ relayKey, words, ...(label ? { label } : {}) }) })),
      );
    },
  },
  {
    path: ['snapshot', 'unpair'],
    summary: "Revoke a relay's pairing (--relay-key HEX): its snapshots are refused for import and use from now on. `snapshot pair` trusts it again.",
    options: ['db', 'relay-key'],
    async run(input) {
      const relayKey = requireOne(input.options, 'relay-key');
      return withSnapshots(input, (service) => ({ unpaired: service.unpair({ relayKey }) }));
    },
  },
  {
    path: ['snapshot', 'pins'],
    summary: 'List the relay keys this vault pinned, with their fingerprint words; revoked ones carry revokedAt, and sealed is false for one whose pairing the vault did not seal (not trusted).',
    options: ['db'],
    run: (input) => withSnapshots(input, (service) => ({ pins: service.pins() })),
  },
  {
    path: ['snapshot', 'import'],
    summary:
      'Verify the signed snapshot on stdin (paired relay key, Merkle root, signature, chain --chain-id N), store it, and warn about Safe and nonce changes since the previous one (exit 1 on a critical warning). An older snapshot than the newest of its chain, or one whose nonces went down, is refused unless --acknowledge snapshot-older-than-latest / snapshot-nonce-decreased (audited). ' +
      'A snapshot set from `airlock relay snapshot --rpc CHAIN=URL …` (JSON or ur:airlock-snapshot-set parts) needs --chain-id for each of its chains: every snapshot is verified the same way, and a refusal of one, naming its chain, imports none.',
    options: ['db', 'chain-id', 'acknowledge'],
    async run(input) {
      const expected = chainIds(input);
      const acknowledge = acknowledgements(input);
      const text = await input.readStdin();
      if (isSnapshotSetText(text)) {
        const set = parseSnapshotSetText(text);
        return withSnapshots(input, (service) => service.importSet(set, expected, { acknowledge }));
      }
      if (expected.length > 1) throw new AirlockError('usage-invalid', 'One snapshot is for one chain: give one --chain-id (several are for a snapshot set).');
      const snapshot = parseSignedSnapshotJson(text);
      return withSnapshots(input, (service) => ({ snapshot: service.import(snapshot, expected[0]!, { acknowledge }).snapshot }));
    },
    exitCodeOf: (value) => (hasCritical(value) || ((value as { snapshots?: Shown[] }).snapshots ?? []).some((s) => hasCritical({ snapshot: s })) ? EXIT.checkFailed : EXIT.ok),
  },
  {
    path: ['snapshot', 'list'],
    summary: 'List imported snapshots, newest import first, each verified again: status (verified, damaged, revoked) with the problem, age and warnings (exit 1 when one is damaged).',
    options: ['db'],
    run: (input) => withSnapshots(input, (service) => ({ snapshots: service.list() })),
    exitCodeOf: (value) => ((value as { snapshots: Shown[] }).snapshots.some((s) => s.status === 'damaged') ? EXIT.checkFailed : EXIT.ok),
  },
  {
    path: ['snapshot', 'show'],
    summary: 'Show one imported snapshot (--id N), verified again, in full: balances, Safes, fees, positions (exit 1 with the problem when it is damaged or from a revoked relay).',
    options: ['db', 'id'],
    async run(input) {
      const id = Number(positiveInteger(input, 'id', '3'));
      return withSnapshots(input, (service) => service.get(id));
    },
    exitCodeOf: (value) => (notVerified((value as { snapshot?: Shown }).snapshot) ? EXIT.checkFailed : EXIT.ok),
  },
];

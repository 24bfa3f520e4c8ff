// `airlock snapshot pair|pins|import|list|show`: the vault's side of the relay — pin its key, import its
// signed snapshots (verified, stored, compared with the previous one of the chain).
import { AirlockError } from '../../../shared/errors';
import { parseSignedSnapshotJson } from '../../../shared/snapshot/schema';
import { createVaultServices } from '../../vault-services';
import type { SnapshotService } from '../../services/snapshots';
import { optionalOne, requireOne } from '../args';
import { EXIT, type CliCommand, type CliInput } from '../command';
import { resolveDbPath } from '../db-path';

async function withSnapshots<T>(input: CliInput, fn: (service: SnapshotService) => Promise<T> | T): Promise<T> {
  const { path } = resolveDbPath({ ...input.options, mode: ['vault'] });
  const services = createVaultServices({ dbPath: path, create: false, clock: input.clock, random: input.random, actor: 'cli' });
  try {
    if (!services.snapshots) throw new AirlockError('internal', 'Snapshot services are missing in vault mode.');
    return await fn(services.snapshots);
  } finally {
    services.close();
  }
}

function positiveInteger(input: CliInput, name: string, example: string): bigint {
  const text = requireOne(input.options, name);
  if (!/^[1-9][0-9]{0,30}$/.test(text)) throw new AirlockError('usage-invalid', `--${name} takes a whole number such as ${example}, not "${text.slice(0, 20)}".`);
  return BigInt(text);
}

const hasCritical = (value: unknown) => ((value as { snapshot?: { warnings?: { severity: string }[] } }).snapshot?.warnings ?? []).some((w) => w.severity === 'critical');

export const snapshotCommands: CliCommand[] = [
  {
    path: ['snapshot', 'pair'],
    summary: "Pin a relay's key (--relay-key HEX) after comparing its four fingerprint words on both screens (--words w1 w2 w3 w4); snapshots from any other key are refused.",
    options: ['db', 'relay-key', 'words', 'label'],
    async run(input) {
      const relayKey = requireOne(input.options, 'relay-key');
      const words = (input.options.words ?? []).join(' ');
      if (!words) throw new AirlockError('usage-invalid', '--words is required: type the four fingerprint words the relay shows.');
      const label = optionalOne(input.options, 'label');
      return withSnapshots(input, (service) => ({ pinned: service.pair({ relayKey, words, ...(label ? { label } : {}) }) }));
    },
  },
  {
    path: ['snapshot', 'pins'],
    summary: 'List the relay keys this vault trusts, with their fingerprint words.',
    options: ['db'],
    run: (input) => withSnapshots(input, (service) => ({ pins: service.pins() })),
  },
  {
    path: ['snapshot', 'import'],
    summary:
      'Verify the signed snapshot on stdin (paired relay key, Merkle root, signature, chain --chain-id N), store it, and warn about Safe changes since the previous one (exit 1 on a critical warning).',
    options: ['db', 'chain-id'],
    async run(input) {
      const chainId = positiveInteger(input, 'chain-id', '1');
      const snapshot = parseSignedSnapshotJson(await input.readStdin());
      return withSnapshots(input, (service) => ({ snapshot: service.import(snapshot, chainId).snapshot }));
    },
    exitCodeOf: (value) => (hasCritical(value) ? EXIT.checkFailed : EXIT.ok),
  },
  {
    path: ['snapshot', 'list'],
    summary: 'List imported snapshots, newest first, with their age and warnings.',
    options: ['db'],
    run: (input) => withSnapshots(input, (service) => ({ snapshots: service.list() })),
  },
  {
    path: ['snapshot', 'show'],
    summary: 'Show one imported snapshot (--id N) in full: balances, Safes, fees, positions.',
    options: ['db', 'id'],
    async run(input) {
      const id = Number(positiveInteger(input, 'id', '3'));
      return withSnapshots(input, (service) => service.get(id));
    },
  },
];

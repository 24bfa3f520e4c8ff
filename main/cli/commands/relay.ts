// `airlock relay key|snapshot|broadcast|endpoints|queue|collect|simulate|bundles|backup|restore`: the online companion from the command line. Holds no
// secret of the treasury; its own device key signs snapshots.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { AirlockError } from '../../../shared/errors';
import { createRelayServices } from '../../relay-services';
import type { RelayBackupService } from '../../services/relay/backup';
import type { ChainSnapshotOrder, RelayService, SnapshotOrder } from '../../services/relay/service';
import { checkSetEndpoints } from '../../services/relay/broadcast-set';
import { parseSavedEndpoints } from '../../services/relay/endpoints';
import { parseSignedSetText, previewSignedSet } from '../../../shared/relay/signed-set';
import { previewSignedTransaction } from '../../../shared/relay/scanned-preview';
import { optionalNumber, requireOne } from '../args';
import { copiesExitCode, destinationsOption, removeDatabaseFile } from '../backup-options';
import { EXIT, type CliCommand, type CliInput } from '../command';
import { resolveDbPath } from '../db-path';
import { parseJsonInput } from '../stdin-json';

async function withRelay<T>(input: CliInput, fn: (relay: RelayService, backup: RelayBackupService) => Promise<T>): Promise<T> {
  const { path } = resolveDbPath({ ...input.options, mode: ['relay'] });
  // The relay's file (its key, its queue) is made on first use; the app folder too, a --db folder must exist.
  if (!input.options.db) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const services = createRelayServices({ dbPath: path, create: true, clock: input.clock, random: input.random, actor: 'cli' });
  try {
    return await fn(services.relay, services.relayBackup);
  } finally {
    services.close();
  }
}

/** The relay backup's own passphrase, on standard input only. */
const passphraseInput = z.object({ passphrase: z.string() }).strict();

/** A restore into a file this command creates removes that file again when it fails. */
async function restoreRelay(input: CliInput, from: string, passphrase: string) {
  const { path } = resolveDbPath({ ...input.options, mode: ['relay'] });
  const existed = existsSync(path);
  let restored = false;
  try {
    const report = await withRelay(input, (_relay, backup) => backup.restore(from, passphrase));
    restored = true;
    return report;
  } finally {
    if (!restored && !existed) removeDatabaseFile(path);
  }
}

function endpoints(input: CliInput): string[] {
  const urls = input.options.rpc ?? [];
  if (urls.length === 0) throw new AirlockError('usage-invalid', '--rpc URL is required (give it twice to cross-check two endpoints).');
  return [...urls];
}

/** Hosts the user explicitly allows although link-local or a cloud metadata address. */
function allowHosts(input: CliInput): string[] {
  return [...(input.options['allow-rpc-host'] ?? [])];
}

/** --timeout 10, --deadline 2.5: more than zero seconds (a digit other than 0 somewhere), as milliseconds. */
function seconds(input: CliInput, name: string, example: string): number | undefined {
  const value = optionalNumber(input.options, name, /^(?=.*[1-9])[0-9]{1,5}(\.[0-9]{1,3})?$/, `seconds, such as ${example}`);
  return value === undefined ? undefined : value * 1000;
}

/** --position ADAPTER:CONTRACT, e.g. erc4626-shares:0x… */
function positions(input: CliInput): { adapter: string; contract: string }[] {
  return positionsOf(input.options.position ?? []);
}

function positionsOf(texts: readonly string[]): { adapter: string; contract: string }[] {
  return texts.map((text) => {
    const at = text.indexOf(':');
    if (at <= 0) throw new AirlockError('usage-invalid', `--position takes ADAPTER:CONTRACT such as erc4626-shares:0x…, not "${text.slice(0, 80)}".`);
    return { adapter: text.slice(0, at), contract: text.slice(at + 1) };
  });
}

const NOT_SENT = 'Nothing was sent. Read what it does above; run the same command with --confirm to broadcast it.';

/** --confirm: the explicit go after reading the decoded preview. */
const confirm = (input: CliInput): boolean => input.options.confirm !== undefined;

/** A signed set (its JSON, or ur:airlock-signed-set parts) rather than one raw transaction. */
function isSignedSetText(text: string): boolean {
  const trimmed = text.trimStart();
  return /^ur:airlock-signed-set\//i.test(trimmed) || trimmed.startsWith('{');
}

/** --rpc CHAIN=URL, each URL under the chain it is named for. */
function chainEndpoints(input: CliInput): Map<string, string[]> {
  const byChain = new Map<string, string[]>();
  for (const [chain, url] of endpoints(input).map(chainPrefixed)) {
    if (chain === null) throw new AirlockError('usage-invalid', 'A signed set goes to several chains: name the chain of every --rpc (--rpc 1=URL --rpc 10=URL2).');
    byChain.set(chain, [...(byChain.get(chain) ?? []), url]);
  }
  return byChain;
}

const CHAIN_PREFIX = /^([1-9][0-9]{0,19})=(.+)$/s;

/** "CHAIN=VALUE" → [chain, value]; a value without the prefix → [null, value]. */
function chainPrefixed(text: string): [string | null, string] {
  const match = CHAIN_PREFIX.exec(text);
  return match ? [match[1]!, match[2]!] : [null, text];
}

/**
 * The orders of a snapshot set when --rpc names chains (--rpc 1=URL --rpc 10=URL2): each chain gets its own endpoints,
 * the --account/--safe/--token/--position values prefixed with its id, and those without a prefix. Null for one chain.
 */
function setOrders(input: CliInput, shared: Omit<SnapshotOrder, 'endpoints' | 'accounts' | 'safes' | 'tokens' | 'positions'>): ChainSnapshotOrder[] | null {
  const rpcs = endpoints(input).map(chainPrefixed);
  if (rpcs.every(([chain]) => chain === null)) return null;
  if (rpcs.some(([chain]) => chain === null)) throw new AirlockError('usage-invalid', 'Name the chain of every --rpc (--rpc 1=URL --rpc 10=URL2), or of none for a single chain.');
  const chains = [...new Set(rpcs.map(([chain]) => chain!))];
  const valuesFor = (name: string, chain: string) =>
    (input.options[name] ?? []).map(chainPrefixed).filter(([c]) => c === null || c === chain).map(([, value]) => value);
  for (const name of ['account', 'safe', 'token', 'position']) {
    const stray = (input.options[name] ?? []).map(chainPrefixed).find(([c]) => c !== null && !chains.includes(c));
    if (stray) throw new AirlockError('usage-invalid', `--${name} names chain ${stray[0]}, which no --rpc serves. Give that chain an --rpc ${stray[0]}=URL.`);
  }
  return chains.map((chainId) => ({
    ...shared,
    chainId,
    endpoints: rpcs.filter(([c]) => c === chainId).map(([, url]) => url),
    accounts: valuesFor('account', chainId),
    safes: valuesFor('safe', chainId),
    tokens: valuesFor('token', chainId),
    positions: positionsOf(valuesFor('position', chainId)),
  }));
}

export const relayCommands: CliCommand[] = [
  {
    path: ['relay', 'key'],
    summary: "Show the relay's public key and its four fingerprint words (made on first use) for pairing with a vault.",
    options: ['db'],
    run: (input) => withRelay(input, async (relay) => relay.key()),
  },
  {
    path: ['relay', 'snapshot'],
    summary:
      'Read chain state at one block (--rpc URL [--rpc URL2] --account ADDR... --safe ADDR... --token ADDR... --position ADAPTER:CONTRACT...), cross-check endpoints, print the signed snapshot. ' +
      'Adapters: erc20-balance, erc4626-shares, aave-v3-account. --timeout seconds per call (default 10); --deadline seconds for the whole snapshot (default 300). ' +
      'Link-local and cloud metadata addresses are refused unless named with --allow-rpc-host HOST. ' +
      'Several chains in one go: name each --rpc CHAIN=URL (and --safe CHAIN=ADDR etc. for what is read on one chain only; values without a prefix are read on every chain); prints one snapshot set for one transfer.',
    options: ['db', 'rpc', 'account', 'safe', 'token', 'position', 'timeout', 'deadline', 'allow-rpc-host'],
    async run(input) {
      const shared = { timeoutMs: seconds(input, 'timeout', '10'), deadlineMs: seconds(input, 'deadline', '300'), allowHosts: allowHosts(input) };
      const orders = setOrders(input, shared);
      if (orders) return withRelay(input, (relay) => relay.snapshotSet(orders));
      const order = {
        endpoints: endpoints(input),
        accounts: input.options.account ?? [],
        safes: input.options.safe ?? [],
        tokens: input.options.token ?? [],
        positions: positions(input),
        timeoutMs: seconds(input, 'timeout', '10'),
        deadlineMs: seconds(input, 'deadline', '300'),
        allowHosts: allowHosts(input),
      };
      return withRelay(input, (relay) => relay.snapshot(order));
    },
  },
  {
    path: ['relay', 'broadcast'],
    summary:
      'Decode the signed raw transaction on stdin (0x hex or ur:bytes) and print what it does (send X to Y on chain Z, fee, nonce, fingerprint); nothing is sent without --confirm. ' +
      'With --confirm: send it to every --rpc URL and follow it (--wait seconds, default 60) until every endpoint that answers shows it in one block; ' +
      'a transaction already queued is re-checked, and re-sent (the same bytes) only when no endpoint knows it. Exit 1 when it reverted, was replaced or was dropped. ' +
      'A signed set from `airlock draft signed-set` (JSON or ur:airlock-signed-set parts) takes --rpc CHAIN=URL for each of its chains: each transaction is broadcast and each Safe owner signature collected on its chain, reported per chain (exit 1 unless every chain is done).',
    options: ['db', 'rpc', 'timeout', 'wait', 'allow-rpc-host'],
    flags: ['confirm'],
    async run(input) {
      const timeoutMs = seconds(input, 'timeout', '10');
      const receiptTimeoutMs = seconds(input, 'wait', '60');
      const confirmed = confirm(input);
      const text = await input.readStdin();
      const options = { ...(timeoutMs ? { timeoutMs } : {}), ...(receiptTimeoutMs ? { receiptTimeoutMs } : {}), allowHosts: allowHosts(input) };
      if (isSignedSetText(text)) {
        const byChain = chainEndpoints(input);
        const set = parseSignedSetText(text);
        checkSetEndpoints(set, byChain);
        if (!confirmed) return { sent: false, preview: previewSignedSet(set), note: NOT_SENT };
        return withRelay(input, async (relay) => ({ sent: true, chains: await relay.broadcastSet(text, byChain, options) }));
      }
      const urls = endpoints(input);
      if (!confirmed) return { sent: false, preview: previewSignedTransaction(text), note: NOT_SENT };
      return withRelay(input, (relay) => relay.broadcast(text, urls, options));
    },
    exitCodeOf: (value) => {
      const v = value as { status?: string; chains?: { ok: boolean }[] };
      if (v.chains) return v.chains.every((c) => c.ok) ? EXIT.ok : EXIT.checkFailed;
      return ['reverted', 'replaced', 'dropped'].includes(v.status ?? '') ? EXIT.checkFailed : EXIT.ok;
    },
  },
  {
    path: ['relay', 'endpoints', 'list'],
    summary:
      'List the RPC endpoints this relay saved (the app\'s Endpoints view; the first is primary, the others cross-check it), and in "chains" the chain each serves ' +
      '(its first eth_chainId answer; null until used): work for one chain never goes to an endpoint saved for another.',
    options: ['db'],
    run: (input) => withRelay(input, async (relay) => ({ endpoints: relay.savedEndpoints(), chains: relay.savedEndpointChains() })),
  },
  {
    path: ['relay', 'endpoints', 'add'],
    summary: 'Save one more RPC endpoint (--rpc URL), last in the list: http(s), no user name or password, no link-local or metadata host, none twice, at most four (audited by host).',
    options: ['db', 'rpc'],
    async run(input) {
      const url = requireOne(input.options, 'rpc');
      return withRelay(input, async (relay) => ({ endpoints: relay.saveEndpoints([...relay.savedEndpoints(), url]) }));
    },
  },
  {
    path: ['relay', 'endpoints', 'remove'],
    summary: 'Remove a saved RPC endpoint (--rpc URL, as `relay endpoints list` prints it); the others keep their order (audited by host).',
    options: ['db', 'rpc'],
    async run(input) {
      const url = requireOne(input.options, 'rpc');
      return withRelay(input, async (relay) => {
        const saved = relay.savedEndpoints();
        const kept = saved.filter((u) => u !== url && u !== parseSavedEndpoints([url])[0]);
        if (kept.length === saved.length) throw new AirlockError('relay-endpoint-not-saved', 'This endpoint is not among the saved ones; nothing was removed. See `airlock relay endpoints list`.');
        return { endpoints: relay.saveEndpoints(kept) };
      });
    },
  },
  {
    path: ['relay', 'queue'],
    summary: 'List the broadcast queue: every transaction this relay was given, with its state and what each endpoint last said about it.',
    options: ['db'],
    run: (input) => withRelay(input, async (relay) => ({ broadcasts: relay.queue() })),
  },
  {
    path: ['relay', 'collect'],
    summary:
      'Collect one Safe owner signature (stdin: its JSON payload or ur:airlock-safe-signature text): checked against the Safe at the latest block of --rpc URL (chain, current owner), ' +
      'kept once; prints who signed of the threshold, and the bundle for the executing vault once complete.',
    options: ['db', 'rpc', 'timeout', 'allow-rpc-host'],
    async run(input) {
      const urls = endpoints(input);
      const timeoutMs = seconds(input, 'timeout', '10');
      const text = await input.readStdin();
      return withRelay(input, (relay) => relay.collectSafe(text, urls, { ...(timeoutMs ? { timeoutMs } : {}), allowHosts: allowHosts(input) }));
    },
  },
  {
    path: ['relay', 'simulate'],
    summary:
      'Simulate the draft on stdin (its simulation request: JSON or ur:airlock-simulation-request parts, from `airlock draft simulation request`) at the latest block of every --rpc URL of its chain, ' +
      'with the state overrides an unsigned Safe transaction needs; print the signed report (outcome, gas, balance changes, approvals, Safe and code changes, events, disagreements) for `airlock draft simulation import`. ' +
      '--deadline seconds for the whole simulation (default 120). Nothing is sent to the chain.',
    options: ['db', 'rpc', 'timeout', 'deadline', 'allow-rpc-host'],
    async run(input) {
      const urls = endpoints(input);
      const timeoutMs = seconds(input, 'timeout', '10');
      const deadlineMs = seconds(input, 'deadline', '120');
      const text = await input.readStdin();
      return withRelay(input, (relay) => relay.simulate(text, urls, { ...(timeoutMs ? { timeoutMs } : {}), ...(deadlineMs ? { deadlineMs } : {}), allowHosts: allowHosts(input) }));
    },
  },
  {
    path: ['relay', 'backup'],
    summary:
      "Back up the relay's key and broadcast queue (stdin: {\"passphrase\"}, the backup's own passphrase; the relay holds no custody secret) to each --out FILE, " +
      'written atomically and verified. Exit 1 if a copy failed.',
    options: ['db', 'out'],
    exitCodeOf: copiesExitCode,
    async run(input) {
      const outs = destinationsOption(input);
      const { passphrase } = parseJsonInput(await input.readStdin(), passphraseInput, 'the relay backup passphrase');
      return withRelay(input, (_relay, backup) => backup.create(outs, passphrase));
    },
  },
  {
    path: ['relay', 'restore'],
    summary: "Restore the relay's key and queue from --from FILE into --db (a new file) with the backup's passphrase (stdin: {\"passphrase\"}); verified first.",
    options: ['db', 'from'],
    async run(input) {
      const from = resolve(requireOne(input.options, 'from'));
      const { passphrase } = parseJsonInput(await input.readStdin(), passphraseInput, 'the relay backup passphrase');
      return restoreRelay(input, from, passphrase);
    },
  },
  {
    path: ['relay', 'bundles'],
    summary: 'List the Safe signature collections this relay keeps: signers of the threshold as last checked, and the bundle of each complete one.',
    options: ['db'],
    run: (input) => withRelay(input, async (relay) => ({ collections: relay.safeCollections() })),
  },
];

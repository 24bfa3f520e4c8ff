// The whole air gap on a real chain, through the CLI as operators run it: the relay snapshots the chain and signs
// it, the paired vault imports it and builds a sweep from it (nonce, fees, balance from the snapshot, nothing
// typed), signs after a quorum unlock, the relay broadcasts, and the balances moved as the vault said they would.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Transaction } from 'ethers';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil';
import { balanceOf, callView, createCliVault, deployFixture, pairRelayCli, fixtureInterface, nonceOf, setBalance, signDraft, type CliVault, type Deployed } from '../helpers/chain';
import { runAirlock } from '../helpers/cli';

const ETHER = 10n ** 18n;
const RECIPIENT = DEV_ACCOUNTS[3]!.address;

let chain: Anvil;
let dir: string;
let vault: CliVault;
let token: Deployed;
let treasury: string;
const relayDb = () => join(dir, 'relay.db');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-round-trip-'));
  chain = await startAnvil();
  vault = createCliVault(dir, 'Round trip', [['Alice', 'alice pass one'], ['Bob', 'bob pass two'], ['Carol', 'carol pass three']], 2, ['eoa-treasury']);
  treasury = vault.address['eoa-treasury']!;
  await setBalance(chain, treasury, 5n * ETHER);
  token = await deployFixture(chain, 'TestToken', ['Treasury USD', 'TUSD', 6, treasury, 1_234_567_890n]);
  const key = runAirlock(['relay', 'key', '--json', '--db', relayDb()]).json;
  const paired = pairRelayCli(vault, key);
  assert.equal(paired.status, 0, paired.stdout);
});

after(async () => {
  await chain?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** relay snapshot → vault snapshot import; returns the vault's snapshot id. */
function snapshotIntoVault(): number {
  const taken = runAirlock(['relay', 'snapshot', '--json', '--db', relayDb(), '--rpc', chain.url, '--account', treasury, '--token', token.address]);
  assert.equal(taken.status, 0, taken.stdout + taken.stderr);
  const imported = runAirlock(['snapshot', 'import', '--json', '--db', vault.db, '--chain-id', String(chain.chainId)], JSON.stringify(taken.json));
  assert.equal(imported.status, 0, imported.stdout);
  return imported.json.snapshot.id;
}

function draftFromSnapshot(snapshot: number, input: unknown) {
  const run = runAirlock(['draft', 'create', '--db', vault.db, '--snapshot', String(snapshot), '--json'], JSON.stringify(input));
  assert.equal(run.status, 0, run.stdout);
  return run.json.draft;
}

function broadcast(raw: string) {
  const run = runAirlock(['relay', 'broadcast', '--confirm', '--json', '--db', relayDb(), '--rpc', chain.url], raw);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  return run.json;
}

test('snapshot → vault sweep built from it → quorum signs → relay broadcasts → the ETH moved', async () => {
  const snapshot = snapshotIntoVault();
  const draft = draftFromSnapshot(snapshot, { executor: { kind: 'eoa', from: treasury }, actions: [{ type: 'native-sweep', to: RECIPIENT }] });
  assert.deepEqual(draft.blocking, []);
  assert.equal(draft.chainId, String(chain.chainId), 'the chain comes from the snapshot');
  assert.equal(draft.input.context.snapshot.id, snapshot);
  assert.equal(draft.input.context.balance, (5n * ETHER).toString());
  assert.equal((draft.review as any).snapshot.id, snapshot, 'the review names the snapshot it was built on');

  const signed = signDraft(vault, draft, draft.acknowledgementsRequired);
  assert.equal(signed.status, 0, signed.stdout);
  const tx = Transaction.from(signed.json.rawTransaction);
  const before = await balanceOf(chain, RECIPIENT);
  const sent = broadcast(signed.json.rawTransaction);
  assert.equal(sent.status, 'confirmed');
  assert.equal(sent.txHash, tx.hash);
  assert.equal((await balanceOf(chain, RECIPIENT)) - before, tx.value, 'the recipient got exactly the reviewed value');
  assert.equal(tx.value, 5n * ETHER - 21_000n * tx.maxFeePerGas!, 'balance minus the most the gas can cost, fees from the snapshot');
  const left = await balanceOf(chain, treasury);
  assert.ok(left >= 0n && left <= 21_000n * tx.maxFeePerGas!, 'only unspent gas money is left');
  assert.equal(await nonceOf(chain, treasury), 1n);
  assert.equal(broadcast(signed.json.rawTransaction).alreadyQueued, true, 'the same transaction is not sent twice');
});

test('a fresh snapshot gives the next nonce and the token balance; a draft on the old nonce is refused', async () => {
  await setBalance(chain, treasury, ETHER);
  const snapshot = snapshotIntoVault();
  const stale = draftFromSnapshot(snapshot, { executor: { kind: 'eoa', from: treasury, nonce: '0', gasLimit: '100000' }, actions: [{ type: 'erc20-sweep', token: token.address, to: RECIPIENT }] });
  assert.ok(stale.blocking.some((w: { code: string }) => w.code === 'stale-nonce'));
  assert.equal(signDraft(vault, stale, stale.acknowledgementsRequired).json.error.code, 'signing-blocked');

  const draft = draftFromSnapshot(snapshot, { executor: { kind: 'eoa', from: treasury, gasLimit: '100000' }, actions: [{ type: 'erc20-sweep', token: token.address, to: RECIPIENT }] });
  assert.deepEqual(draft.blocking, []);
  assert.equal(draft.input.executor.nonce, '1');
  assert.match(draft.title, /1234\.56789 TUSD/, 'the amount in token units with the symbol the snapshot read');
  const signed = signDraft(vault, draft, draft.acknowledgementsRequired);
  assert.equal(signed.status, 0, signed.stdout);
  assert.equal(broadcast(signed.json.rawTransaction).status, 'confirmed');
  const erc20 = fixtureInterface('TestToken');
  assert.equal(await callView(chain, token.address, erc20, 'balanceOf', [RECIPIENT]), 1_234_567_890n);
  assert.equal(await callView(chain, token.address, erc20, 'balanceOf', [treasury]), 0n);
});

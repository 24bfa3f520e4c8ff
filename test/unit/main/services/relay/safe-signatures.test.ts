// The relay's Safe signature collection against a real Safe 1.4.1 on anvil and a real SQLite file: owners checked
// at the latest block, a duplicate kept once, a non-owner, another chain and a non-Safe refused, the bundle at the threshold.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Wallet, keccak256, toUtf8Bytes } from 'ethers';
import { parseSafeSignaturePayload, parseSafeBundlePayload, safeSignaturePayloadJson } from '../../../../../shared/airgap/safe-signature';
import { AirlockError } from '../../../../../shared/errors';
import { openDatabase, type Db } from '../../../../../main/db/connection';
import { readSafeSignatures } from '../../../../../main/db/safe-signatures';
import { createRpcClient } from '../../../../../main/services/relay/rpc';
import { collectSafeSignature, listSafeCollectionProgress } from '../../../../../main/services/relay/safe-signatures';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../../../../helpers/anvil';
import { deploySafe, deploySafeStack } from '../../../../helpers/chain';
import { tempDir } from '../../../../helpers/temp';

const owners = DEV_ACCOUNTS.slice(0, 3).map((a) => new Wallet(a.privateKey));
const outsider = new Wallet(DEV_ACCOUNTS[3]!.privateKey);
const HASH = keccak256(toUtf8Bytes('swap the lost owner'));

describe('relay Safe signature collection on anvil', () => {
  let anvil: Anvil;
  let safe: string;
  let db: Db;
  let clock = 1_700_000_000_000;

  before(async () => {
    anvil = await startAnvil();
    const stack = await deploySafeStack(anvil);
    safe = await deploySafe(anvil, stack, owners.map((o) => o.address), 2);
    db = openDatabase(join(tempDir('airlock-safe-collect-'), 'relay.db'), { create: true });
  });
  after(async () => {
    db?.close();
    await anvil?.stop();
  });

  const deps = () => ({ db, clients: [createRpcClient(anvil.url)], now: () => ++clock });
  const payloadOf = (wallet: Wallet, fields: { chainId?: bigint; safe?: string } = {}) =>
    parseSafeSignaturePayload(
      JSON.parse(safeSignaturePayloadJson({ chainId: fields.chainId ?? 31337n, safe: fields.safe ?? safe, safeTxHash: HASH, owner: wallet.address, signature: wallet.signingKey.sign(HASH).serialized })),
    );
  const refused = async (promise: Promise<unknown>, code: string, words: RegExp) =>
    assert.rejects(promise, (e: unknown) => {
      assert.ok(e instanceof AirlockError, String(e));
      assert.equal(e.code, code, e.message);
      assert.match(e.message, words);
      return true;
    });

  it('keeps a current owner\'s signature and reports 1 of 2 with the Safe\'s owners and nonce', async () => {
    const progress = await collectSafeSignature(payloadOf(owners[1]!), deps());
    assert.equal(progress.added, true);
    assert.equal(progress.owner, owners[1]!.address);
    assert.deepEqual(progress.owners, owners.map((o) => o.address));
    assert.equal(progress.threshold, 2);
    assert.equal(progress.nonce, '0');
    assert.deepEqual(progress.signers, [owners[1]!.address]);
    assert.equal(progress.complete, false);
    assert.equal(progress.bundle, undefined);
    assert.equal(progress.safeTxHash, HASH);
  });

  it('counts the same signature twice once', async () => {
    const again = await collectSafeSignature(payloadOf(owners[1]!), deps());
    assert.equal(again.added, false);
    assert.deepEqual(again.signers, [owners[1]!.address]);
    assert.equal(readSafeSignatures(db, { chainId: '31337', safe: again.safe, safeTxHash: HASH }).length, 1);
  });

  it('refuses a non-owner, another chain and an address that is no Safe, keeping nothing', async () => {
    await refused(collectSafeSignature(payloadOf(outsider), deps()), 'safe-signature-not-owner', new RegExp(`${outsider.address} is not an owner of the Safe`));
    await refused(collectSafeSignature(payloadOf(owners[0]!, { chainId: 1n }), deps()), 'rpc-chain-mismatch', /serves chain 31337, not chain 1/);
    await refused(collectSafeSignature(payloadOf(owners[0]!, { safe: outsider.address }), deps()), 'safe-not-found', /did not answer getOwners\(\) as a Safe does/);
    const [only] = listSafeCollectionProgress(db);
    assert.deepEqual(only?.signers, [owners[1]!.address]);
    assert.equal(listSafeCollectionProgress(db).length, 1);
  });

  it('completes at the threshold with the bundle: signatures joined in ascending owner order, as the Safe checks them', async () => {
    const done = await collectSafeSignature(payloadOf(owners[0]!), deps());
    assert.equal(done.complete, true);
    const sorted = [owners[0]!.address, owners[1]!.address].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    assert.deepEqual(done.signers, sorted);
    assert.ok(done.bundle);
    const bundle = parseSafeBundlePayload(done.bundle);
    assert.deepEqual(bundle.signatures.map((s) => s.owner), sorted);
    assert.equal(done.bundle.signatures, `0x${sorted.map((o) => owners.find((w) => w.address === o)!.signingKey.sign(HASH).serialized.slice(2)).join('')}`);
    const [listed] = listSafeCollectionProgress(db);
    assert.deepEqual(listed?.bundle, done.bundle);
  });

  it('disagreeing endpoints are refused (two endpoints on different chains)', async () => {
    const other = await startAnvil({ chainId: 5 });
    try {
      await refused(collectSafeSignature(payloadOf(owners[2]!), { ...deps(), clients: [createRpcClient(anvil.url), createRpcClient(other.url)] }), 'rpc-chain-mismatch', /not chain 31337/);
    } finally {
      await other.stop();
    }
  });
});

// Issues 4 + 6 end to end on anvil with the published Safe 1.4.1: two separate vaults sign one Safe draft, the relay
// collects their signature payloads (refusing a non-owner's, counting a duplicate once) until the threshold, hands
// the bundle to vault A, which builds and signs the execTransaction draft; the relay broadcasts it and the Safe changes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SAFE_SIGNATURE_UR_TYPE, safeSignaturePayloadJson } from '../../shared/airgap/safe-signature';
import { encodeUr } from '../../shared/airgap/ur';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil';
import { baseFee, callView, createAndSign, createCliVault, deploySafe, deploySafeStack, nonceOf, setBalance, signDraft, type CliVault, type SafeStack } from '../helpers/chain';
import { runAirlock } from '../helpers/cli';

const CHAIN_ID = '31337';
const THIRD_OWNER = DEV_ACCOUNTS[2]!.address;
const NEW_OWNER = DEV_ACCOUNTS[3]!.address;

describe('Safe signature bundle across the air gap (relay collects, vault executes)', () => {
  let anvil: Anvil;
  let stack: SafeStack;
  let safe: string;
  let vaultA: CliVault;
  let vaultB: CliVault;
  let vaultC: CliVault;
  const dir = mkdtempSync(join(tmpdir(), 'airlock-safe-bundle-'));
  const relayDb = join(dir, 'relay.db');
  /** Set by the collection steps, read by the execution step. */
  let draftA: { id: number; digest: string };
  let payloads: { a: string; b: string; c: string };
  let bundle: Record<string, unknown>;

  before(async () => {
    anvil = await startAnvil();
    stack = await deploySafeStack(anvil);
    vaultA = createCliVault(dir, 'Vault A', [['Alice', 'alice correct horse'], ['Bob', 'bob battery staple']], 2, ['safe-owner', 'executor']);
    vaultB = createCliVault(dir, 'Vault B', [['Dana', 'dana quiet lantern']], 1, ['safe-owner']);
    vaultC = createCliVault(dir, 'Vault C', [['Erin', 'erin velvet compass']], 1, ['safe-owner']);
    safe = await deploySafe(anvil, stack, [vaultA.address['safe-owner']!, vaultB.address['safe-owner']!, THIRD_OWNER], 2);
    await setBalance(anvil, vaultA.address.executor!, 10n ** 18n);
  });
  after(async () => {
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const view = (fn: string) => callView(anvil, safe, stack.safeInterface, fn, []);
  const collect = (stdin: string) => runAirlock(['relay', 'collect', '--json', '--db', relayDb, '--rpc', anvil.url], stdin);
  /** The payload the vault's Review & sign view shows as a QR (DraftSignResult). */
  const payloadOf = (signed: { signatures: { owner: string; signature: string }[]; digest: string }) =>
    safeSignaturePayloadJson({ chainId: CHAIN_ID, safe, safeTxHash: signed.digest, owner: signed.signatures[0]!.owner, signature: signed.signatures[0]!.signature });

  it('two vaults sign one Safe draft; a third vault that wrongly believes it is an owner signs the same safeTxHash', async () => {
    const owners = [...((await view('getOwners')) as string[])];
    const input = {
      chainId: CHAIN_ID,
      executor: { kind: 'safe', safe, version: '1.4.1', owners, threshold: 2, nonce: '0' },
      actions: [{ type: 'safe-swap-owner', oldOwner: THIRD_OWNER, newOwner: NEW_OWNER }],
    };
    const a = createAndSign(vaultA, input);
    const b = createAndSign(vaultB, input);
    const c = createAndSign(vaultC, { ...input, executor: { ...input.executor, owners: [...owners, vaultC.address['safe-owner']!] } });
    assert.equal(a.draft.digest, b.draft.digest);
    assert.equal(c.draft.digest, a.draft.digest, 'the non-owner signs the very same transaction');
    draftA = { id: a.draft.id, digest: a.draft.digest };
    payloads = { a: payloadOf(a.signed), b: payloadOf(b.signed), c: payloadOf(c.signed) };
  });

  it('the relay keeps vault A\'s signature (1 of 2), counts it once when scanned twice, and refuses the non-owner\'s', () => {
    const first = collect(payloads.a);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.equal(first.json.added, true);
    assert.deepEqual(first.json.signers, [vaultA.address['safe-owner']]);
    assert.equal(first.json.threshold, 2);
    assert.equal(first.json.complete, false);
    assert.equal(first.json.bundle, undefined);

    const again = collect(payloads.a);
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.equal(again.json.added, false);
    assert.deepEqual(again.json.signers, [vaultA.address['safe-owner']]);

    const outsider = collect(payloads.c);
    assert.equal(outsider.status, 2, outsider.stdout + outsider.stderr);
    assert.equal(outsider.json.error.code, 'safe-signature-not-owner');
    assert.match(outsider.json.error.message, new RegExp(`${vaultC.address['safe-owner']} is not an owner of the Safe`));
  });

  it('vault B\'s signature, scanned as a multi-part ur:airlock-safe-signature, completes the set: the bundle is sorted by owner', () => {
    const parts = encodeUr(SAFE_SIGNATURE_UR_TYPE, new TextEncoder().encode(payloads.b), 60);
    assert.ok(parts.length > 1);
    const done = collect(parts.join('\n'));
    assert.equal(done.status, 0, done.stdout + done.stderr);
    const sorted = [vaultA.address['safe-owner']!, vaultB.address['safe-owner']!].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
    assert.equal(done.json.complete, true);
    assert.deepEqual(done.json.signers, sorted);
    assert.deepEqual(done.json.bundle.signers, sorted);
    assert.equal(done.json.bundle.safeTxHash, draftA.digest);
    bundle = done.json.bundle;

    const listed = runAirlock(['relay', 'bundles', '--json', '--db', relayDb]);
    assert.equal(listed.status, 0, listed.stdout + listed.stderr);
    assert.equal(listed.json.collections.length, 1);
    assert.deepEqual(listed.json.collections[0].bundle, bundle);
  });

  it('vault A turns the bundle into an execTransaction draft, signs it, the relay broadcasts it and the owner is swapped', async () => {
    const before = [...((await view('getOwners')) as string[])];
    const executor = vaultA.address.executor!;
    const fee = await baseFee(anvil);
    const request = {
      bundle,
      executor: { from: executor, nonce: String(await nonceOf(anvil, executor)), gasLimit: '400000', maxFeePerGas: String(fee * 2n + 10n ** 9n), maxPriorityFeePerGas: String(10n ** 9n) },
    };
    const made = runAirlock(['draft', 'execute', '--json', '--db', vaultA.db, '--id', String(draftA.id)], JSON.stringify(request));
    assert.equal(made.status, 0, made.stdout + made.stderr);
    assert.equal(made.json.draft.kind, 'eoa');
    assert.match(made.json.draft.title, /^Execute: /);

    const signed = signDraft(vaultA, made.json.draft, made.json.draft.acknowledgementsRequired);
    assert.equal(signed.status, 0, signed.stdout + signed.stderr);
    const sent = runAirlock(['relay', 'broadcast', '--confirm', '--json', '--db', relayDb, '--rpc', anvil.url, '--wait', '30'], signed.json.rawTransaction);
    assert.equal(sent.status, 0, sent.stdout + sent.stderr);
    assert.equal(sent.json.status, 'confirmed', sent.json.detail);
    assert.deepEqual([...((await view('getOwners')) as string[])], before.map((o) => (o === THIRD_OWNER ? NEW_OWNER : o)));
    assert.equal(await view('nonce'), 1n);
  });

  it('draft execute refuses a bundle for another transaction and an altered bundle, building nothing', () => {
    const executor = { from: vaultA.address.executor!, nonce: '9', gasLimit: '400000', maxFeePerGas: '3000000000', maxPriorityFeePerGas: '1000000000' };
    const other = runAirlock(['draft', 'execute', '--json', '--db', vaultA.db, '--id', String(draftA.id)], JSON.stringify({ bundle: { ...bundle, chainId: '1' }, executor }));
    assert.equal(other.status, 2, other.stdout + other.stderr);
    assert.equal(other.json.error.code, 'safe-bundle-mismatch');
    const altered = runAirlock(['draft', 'execute', '--json', '--db', vaultA.db, '--id', String(draftA.id)], JSON.stringify({ bundle: { ...bundle, signers: [NEW_OWNER] }, executor }));
    assert.equal(altered.status, 2, altered.stdout + altered.stderr);
    assert.equal(altered.json.error.code, 'safe-signature-not-owner');
    const drafts = runAirlock(['draft', 'list', '--json', '--db', vaultA.db]);
    assert.equal(drafts.json.drafts.length, 2, 'only the Safe draft and the one execution draft exist');
  });
});

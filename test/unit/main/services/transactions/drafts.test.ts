// The drafts service on a real vault (real SQLite file, real KDFs): build + review + store, sign only after a
// quorum unlock, only what was reviewed, never with a blocking warning, rehearsals never broadcastable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Transaction, id, recoverAddress } from 'ethers';
import { AirlockError } from '../../../../../shared/errors';
import { decodeSignedTransaction } from '../../../../../shared/evm/tx';
import { signedSetOf } from '../../../../../main/services/transactions/signed-set';
import { HOLDERS, twoOfThree, vaultServices } from '../../../../helpers/vault-fixture';

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const GWEI = 1_000_000_000n;
const ETHER = 10n ** 18n;
const OUTSIDER = '0x00000000000000000000000000000000000000aa';
const THIRD_OWNER = '0x1111111111111111111111111111111111111111';

const isCode = (code: string) => (e: unknown) => e instanceof AirlockError && e.code === code;

async function vaultWithAccounts() {
  const fixture = vaultServices();
  await fixture.custody.vault.create(
    twoOfThree({
      source: { kind: 'bip39', mnemonic: MNEMONIC, bip39Passphrase: '' },
      accounts: [
        { scheme: 'bip44', index: 0, label: 'Treasury', role: 'eoa-treasury' },
        { scheme: 'bip44', index: 1, label: 'Safe owner', role: 'safe-owner' },
        { scheme: 'bip44', index: 2, label: 'Executor', role: 'executor' },
      ],
    }),
  );
  const [treasury, owner, executor] = fixture.custody.vault.accounts().map((a) => a.address);
  return { ...fixture, treasury: treasury!, owner: owner!, executor: executor! };
}

async function unlock(custody: Awaited<ReturnType<typeof vaultWithAccounts>>['custody']) {
  await custody.unlock.present('Alice', HOLDERS[0]!.passphrase);
  await custody.unlock.present('Bob', HOLDERS[1]!.passphrase);
  await custody.unlock.complete({});
}

function sweep(from: string, to: string, context: Record<string, unknown> = {}) {
  return {
    chainId: '1',
    executor: { kind: 'eoa', from, nonce: '7', maxFeePerGas: (30n * GWEI).toString(), maxPriorityFeePerGas: GWEI.toString() },
    actions: [{ type: 'native-sweep', to }],
    context: { chainId: '1', balance: ETHER.toString(), nonce: '7', ...context },
  };
}

test('a native sweep is stored with its review, refused while locked, and signed after a quorum unlock', async () => {
  const { services, custody, treasury, owner } = await vaultWithAccounts();
  const draft = custody.drafts.create(sweep(treasury, owner));
  assert.equal(draft.kind, 'eoa');
  assert.equal(draft.status, 'draft');
  assert.match(draft.digest, /^0x[0-9a-f]{64}$/);
  assert.equal(draft.fingerprint.split(' ').length, 4);
  assert.deepEqual(draft.blocking, []);
  assert.deepEqual(custody.drafts.list().map((d) => d.id), [draft.id]);

  assert.throws(() => custody.drafts.sign(draft.id, { digest: draft.digest }), isCode('vault-locked'));
  assert.equal(custody.drafts.get(draft.id).signatures.length, 0, 'nothing stored while locked');

  await unlock(custody);
  const signed = custody.drafts.sign(draft.id, { digest: draft.digest });
  assert.ok(signed.rawTransaction);
  // An independent library reads what the vault signed.
  const tx = Transaction.from(signed.rawTransaction);
  assert.equal(tx.from, treasury);
  assert.equal(tx.to, owner);
  assert.equal(tx.nonce, 7);
  assert.equal(tx.chainId, 1n);
  assert.equal(tx.value, ETHER - 21_000n * 30n * GWEI, 'balance minus the most the gas can cost');
  assert.equal(tx.unsignedHash, draft.digest);
  assert.equal(signed.hash, tx.hash);
  assert.equal(decodeSignedTransaction(signed.rawTransaction).from, treasury);

  const again = custody.drafts.sign(draft.id, { digest: draft.digest });
  assert.equal(again.rawTransaction, signed.rawTransaction, 'signing twice returns the stored signature');
  assert.equal(custody.drafts.get(draft.id).status, 'signed');
  const actions = services.audit.list(20).map((e) => e.action);
  assert.equal(actions.filter((a) => a === 'draft-signed').length, 1, 'one signature, audited once');
  assert.ok(actions.includes('draft-created'));
  assert.equal(services.audit.verify().valid, true);
});

test('signing refuses a digest other than the reviewed one, blocking warnings and unacknowledged unknown calls', async () => {
  const { custody, treasury, owner } = await vaultWithAccounts();
  await unlock(custody);
  const draft = custody.drafts.create(sweep(treasury, owner));
  assert.throws(() => custody.drafts.sign(draft.id, { digest: '0x' + '00'.repeat(32) }), isCode('draft-changed'));

  const wrongChain = custody.drafts.create(sweep(treasury, owner, { chainId: '10' }));
  assert.ok(wrongChain.blocking.some((w) => w.code === 'chain-mismatch'));
  assert.throws(() => custody.drafts.sign(wrongChain.id, { digest: wrongChain.digest, acknowledge: ['chain-mismatch'] }), isCode('signing-blocked'));
  const stale = custody.drafts.create(sweep(treasury, owner, { nonce: '9' }));
  assert.ok(stale.blocking.some((w) => w.code === 'stale-nonce'));
  assert.throws(() => custody.drafts.sign(stale.id, { digest: stale.digest }), isCode('signing-blocked'));
  assert.equal(custody.drafts.get(stale.id).signatures.length, 0);

  const unknown = custody.drafts.create({
    chainId: '1',
    executor: { kind: 'eoa', from: treasury, nonce: '7', gasLimit: '100000', maxFeePerGas: '30000000000', maxPriorityFeePerGas: '1000000000' },
    actions: [{ type: 'contract-call', to: owner, signature: 'frobnicate(uint256 level)', args: ['3'] }],
    context: { chainId: '1', balance: ETHER.toString(), nonce: '7' },
  });
  assert.ok(unknown.acknowledgementsRequired.includes('unknown-function'));
  assert.throws(() => custody.drafts.sign(unknown.id, { digest: unknown.digest }), isCode('signing-needs-acknowledgement'));
  assert.throws(() => custody.drafts.sign(unknown.id, { digest: unknown.digest, acknowledge: ['unknown-functoin'] }), isCode('acknowledgement-unknown'), 'a mistyped code is refused, not ignored');
  const signed = custody.drafts.sign(unknown.id, { fingerprint: unknown.fingerprint.toUpperCase(), acknowledge: ['unknown-function'] });
  assert.equal(Transaction.from(signed.rawTransaction!).data.slice(0, 10), id('frobnicate(uint256)').slice(0, 10));
});

test('H-24 nothing is signed without naming the review: no digest or fingerprint, or another draft\'s, is refused before any key is used', async () => {
  const { services, custody, treasury, owner } = await vaultWithAccounts();
  await unlock(custody);
  const draft = custody.drafts.create(sweep(treasury, owner));
  const other = custody.drafts.create(sweep(treasury, owner, { nonce: '7', balance: (ETHER / 2n).toString() }));
  assert.throws(() => custody.drafts.sign(draft.id, {} as never), (e: unknown) => isCode('draft-review-missing')(e) && /airlock draft show --id/.test((e as Error).message));
  assert.throws(() => custody.drafts.sign(draft.id, { fingerprint: other.fingerprint }), isCode('draft-changed'));
  assert.throws(() => custody.drafts.sign(draft.id, { digest: other.digest }), isCode('draft-changed'));
  assert.equal(custody.drafts.get(draft.id).signatures.length, 0);
  assert.ok(!services.audit.list(50).some((e) => e.action === 'draft-signed'));
  assert.ok(custody.drafts.sign(draft.id, { fingerprint: ` ${draft.fingerprint}  ` }).rawTransaction);
});

test('a Safe draft is signed by the vault account that owns the Safe, and refused when none does', async () => {
  const { custody, owner, treasury } = await vaultWithAccounts();
  await unlock(custody);
  const safe = '0x2222222222222222222222222222222222222222';
  const input = (owners: string[]) => ({
    chainId: '1',
    executor: { kind: 'safe', safe, version: '1.4.1', owners, threshold: 2, nonce: '3' },
    actions: [{ type: 'safe-swap-owner', oldOwner: THIRD_OWNER, newOwner: OUTSIDER }],
    context: { chainId: '1', nonce: '3' },
  });
  const draft = custody.drafts.create(input([owner, THIRD_OWNER, treasury]));
  assert.equal(draft.kind, 'safe');
  assert.ok(draft.warnings.some((w) => w.code === 'owner-or-threshold-change'));
  assert.deepEqual(draft.acknowledgementsRequired, ['owner-or-threshold-change', 'recipient-not-registered']);
  assert.throws(() => custody.drafts.sign(draft.id, { digest: draft.digest }), isCode('signing-needs-acknowledgement'));
  const signed = custody.drafts.sign(draft.id, { digest: draft.digest, acknowledge: draft.acknowledgementsRequired });
  const again = custody.drafts.sign(draft.id, { digest: draft.digest });
  assert.deepEqual(again.signatures, signed.signatures, 'the stored signatures are handed out again without new acknowledgements: nothing new is signed');
  const signers = signed.signatures.map((s) => s.owner).sort();
  assert.deepEqual(signers, [owner, treasury].sort(), 'every vault account that owns the Safe signs');
  for (const { owner: who, signature } of signed.signatures) {
    const v = Number.parseInt(signature!.slice(-2), 16);
    assert.ok(v === 27 || v === 28);
    assert.equal(recoverAddress(draft.digest, signature!), who, 'the owner signature recovers over the safeTxHash');
  }
  const notOwner = custody.drafts.create(input([THIRD_OWNER, '0x3333333333333333333333333333333333333333']));
  assert.throws(() => custody.drafts.sign(notOwner.id, { digest: notOwner.digest, acknowledge: notOwner.acknowledgementsRequired }), isCode('draft-not-an-owner'));
});

test('H-23 a rehearsal is signed but never handed out in broadcastable form: not by sign, get or list, EOA or Safe', async () => {
  const { custody, treasury, owner } = await vaultWithAccounts();
  await unlock(custody);
  const draft = custody.drafts.create(sweep(treasury, owner), { purpose: 'rehearsal' });
  assert.equal(draft.purpose, 'rehearsal');
  const signed = custody.drafts.sign(draft.id, { digest: draft.digest });
  assert.equal(signed.rawTransaction, undefined);
  assert.match(signed.hash!, /^0x[0-9a-f]{64}$/);
  // A drill acknowledges for the holders (it records what a recovery would have had to): what it signs stays inside,
  // or a rehearsal would be a way around the policy. A Safe owner signature is as usable as a raw transaction.
  const safe = custody.drafts.create(
    {
      chainId: '1',
      executor: { kind: 'safe', safe: '0x2222222222222222222222222222222222222222', version: '1.4.1', owners: [owner, THIRD_OWNER], threshold: 2, nonce: '3' },
      actions: [{ type: 'safe-swap-owner', oldOwner: THIRD_OWNER, newOwner: OUTSIDER }],
      context: { chainId: '1', nonce: '3' },
    },
    { purpose: 'rehearsal' },
  );
  const safeSigned = custody.drafts.sign(safe.id, { digest: safe.digest, acknowledge: safe.acknowledgementsRequired });
  assert.deepEqual(safeSigned.signatures.map((s) => [s.owner, s.signature]), [[owner, undefined]], 'the owner is named, the signature kept inside');
  for (const shown of [custody.drafts.get(draft.id), custody.drafts.get(safe.id), ...custody.drafts.list()]) {
    assert.equal(shown.status, 'signed');
    assert.equal(shown.signatures.length, 1);
    assert.deepEqual(Object.keys(shown.signatures[0]!).sort(), ['signedAt', 'signer'], `draft ${shown.id}: who signed and when, never the bytes`);
  }
  // Nor by the other ways out: the signed set for the relay, or an execution that would carry the owner signature.
  for (const id of [draft.id, safe.id]) assert.throws(() => signedSetOf(custody.drafts, [id]), isCode('draft-rehearsal'));
  const executor = { from: owner, nonce: '0', gasLimit: '200000', maxFeePerGas: '30000000000', maxPriorityFeePerGas: '1000000000' };
  assert.throws(() => custody.drafts.executeSafe(safe.id, { signatures: [], executor }), isCode('draft-rehearsal'));
});

test('a discarded draft is audited in the same step, stays listed, and can never be signed or executed; a signed one cannot be discarded', async () => {
  const { services, custody, treasury, owner } = await vaultWithAccounts();
  await unlock(custody);
  const draft = custody.drafts.create(sweep(treasury, owner));
  assert.equal(draft.basis, null, 'typed chain state: no snapshot basis (snapshots.test.ts covers one built from a snapshot)');
  const discarded = custody.drafts.discard(draft.id);
  assert.equal(discarded.status, 'discarded');
  assert.deepEqual(custody.drafts.list().map((d) => [d.id, d.status]), [[draft.id, 'discarded']], 'still listed, marked discarded');
  const [entry] = services.audit.list(1);
  assert.equal(entry!.action, 'draft-discarded');
  assert.match(JSON.stringify(entry), new RegExp(draft.digest));
  assert.equal(services.audit.verify().valid, true);
  // Unlocked, with the right digest and every acknowledgement: still refused, before and at signing.
  assert.throws(() => custody.drafts.checkSignable(draft.id, { digest: draft.digest }), isCode('draft-discarded'));
  assert.throws(() => custody.drafts.sign(draft.id, { fingerprint: draft.fingerprint, acknowledge: draft.acknowledgementsRequired }), isCode('draft-discarded'));
  assert.throws(() => custody.drafts.discard(draft.id), isCode('draft-discarded'));
  assert.equal(custody.drafts.get(draft.id).signatures.length, 0);
  assert.ok(!services.audit.list(50).some((e) => e.action === 'draft-signed'), 'nothing was signed');
  assert.throws(() => custody.drafts.discard(999), isCode('draft-unknown'));

  const signed = custody.drafts.create({ ...sweep(treasury, owner), title: 'Signed sweep' });
  custody.drafts.sign(signed.id, { digest: signed.digest });
  assert.throws(() => custody.drafts.discard(signed.id), (e: unknown) => isCode('draft-already-signed')(e) && /would not take its signature back/.test((e as Error).message));
  assert.equal(custody.drafts.get(signed.id).status, 'signed');

  const safeDraft = custody.drafts.create({
    chainId: '1',
    executor: { kind: 'safe', safe: '0x2222222222222222222222222222222222222222', version: '1.4.1', owners: [owner, THIRD_OWNER], threshold: 1, nonce: '3' },
    actions: [{ type: 'safe-change-threshold', threshold: 1 }],
  });
  custody.drafts.discard(safeDraft.id);
  const executor = { from: treasury, nonce: '7', gasLimit: '300000', maxFeePerGas: '1', maxPriorityFeePerGas: '1' };
  assert.throws(() => custody.drafts.executeSafe(safeDraft.id, { signatures: ['0x' + '11'.repeat(65)], executor }), isCode('draft-discarded'), 'its signatures are never joined into an execution');
});

test('bad descriptions and a stored draft changed on disk are refused with a sentence', async () => {
  const { services, custody, treasury, owner } = await vaultWithAccounts();
  assert.throws(() => custody.drafts.create({ chainId: '1', actions: [] }), isCode('draft-invalid'));
  assert.throws(() => custody.drafts.create(sweep(treasury, owner, { balance: undefined })), (e: unknown) => e instanceof AirlockError);
  assert.throws(() => custody.drafts.get(99), isCode('draft-unknown'));
  const draft = custody.drafts.create(sweep(treasury, owner));
  const edited = JSON.stringify({ ...sweep(treasury, OUTSIDER) });
  services.db.prepare('UPDATE draft SET input_json = ? WHERE id = ?').run(edited, draft.id);
  assert.throws(() => custody.drafts.get(draft.id), isCode('draft-changed'));
});

test('a Safe transaction signed in two separate vaults is executed by one vault\'s account: signatures checked, sorted, then signed', async () => {
  const a = await vaultWithAccounts();
  const b = vaultServices();
  await b.custody.vault.create(twoOfThree({ accounts: [{ scheme: 'bip44', index: 0, label: 'Owner B', role: 'safe-owner' }] }));
  const bOwner = b.custody.vault.accounts()[0]!.address;
  await unlock(a.custody);
  await unlock(b.custody);
  const safe = '0x2222222222222222222222222222222222222222';
  const input = {
    chainId: '1',
    executor: { kind: 'safe', safe, version: '1.4.1', owners: [a.owner, bOwner, THIRD_OWNER], threshold: 2, nonce: '0' },
    actions: [{ type: 'pause', target: '0x4444444444444444444444444444444444444444' }],
  };
  const inA = a.custody.drafts.create(input);
  const inB = b.custody.drafts.create(input);
  assert.equal(inA.digest, inB.digest, 'both vaults review the same safeTxHash');
  a.custody.drafts.sign(inA.id, { digest: inA.digest });
  const fromB = b.custody.drafts.sign(inB.id, { digest: inB.digest }).signatures[0]!.signature!;

  const executor = { from: a.executor, nonce: '0', gasLimit: '200000', maxFeePerGas: '30000000000', maxPriorityFeePerGas: '1000000000' };
  assert.throws(() => a.custody.drafts.executeSafe(inA.id, { signatures: [], executor }), isCode('safe-threshold-not-reached'));
  const outsider = await vaultWithAccounts(); // the same mnemonic as A: its owner key signs the same hash, but index 2 is no owner
  await unlock(outsider.custody);
  const notOwner = outsider.custody.drafts.create({ ...input, executor: { ...input.executor, owners: [outsider.executor, bOwner] } });
  const strangerSignature = outsider.custody.drafts.sign(notOwner.id, { digest: notOwner.digest }).signatures[0]!.signature!;
  assert.throws(() => a.custody.drafts.executeSafe(inA.id, { signatures: [strangerSignature], executor }), isCode('safe-signature-not-owner'));

  const exec = a.custody.drafts.executeSafe(inA.id, { signatures: [fromB, fromB], executor });
  assert.equal(exec.kind, 'eoa');
  assert.deepEqual(exec.blocking, []);
  const safeExec = exec.review.safeExec as { safeTxHash: string; signers: string[] };
  assert.equal(safeExec.safeTxHash, inA.digest);
  assert.deepEqual(safeExec.signers, [a.owner, bOwner].sort((x, y) => (x.toLowerCase() < y.toLowerCase() ? -1 : 1)));
  const signed = a.custody.drafts.sign(exec.id, { digest: exec.digest });
  const tx = Transaction.from(signed.rawTransaction!);
  assert.equal(tx.from, a.executor);
  assert.equal(tx.to, safe);
  assert.equal(tx.data.slice(0, 10), id('execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)').slice(0, 10));
});

test('H-25 a draft signature is sealed at once by a signed checkpoint that covers its draft-signed entry', async () => {
  const { services, custody, treasury, owner } = await vaultWithAccounts();
  await unlock(custody);
  const draft = custody.drafts.create(sweep(treasury, owner));
  const before = services.audit.verify();
  assert.equal(before.uncheckpointedFrom, before.count, 'draft-created is not sealed yet');
  custody.drafts.sign(draft.id, { digest: draft.digest });
  const after = services.audit.verify();
  assert.equal(after.valid, true);
  assert.equal(after.uncheckpointedFrom, null, 'every entry is sealed');
  assert.equal(after.checkpoints.latest!.number, before.checkpoints.latest!.number + 1);
  assert.equal(services.audit.list(1)[0]!.action, 'draft-signed');
  assert.equal(after.checkpoints.latest!.last, services.audit.list(1)[0]!.seq);
});

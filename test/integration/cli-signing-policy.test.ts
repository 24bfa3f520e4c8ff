// SECURITY(H-23, H-24) through the CLI as a user runs it: the held-out requests (built with Keystone's registry) are
// refused or need acknowledgement through `airlock sign` and `airlock sign --db`, with the same codes as `airlock safe
// hash`; a refusal prints the review beside the error and exits 2, before any holder's passphrase is used; `draft
// sign` signs nothing without the reviewed digest or fingerprint, nor before each acknowledgeable code is named (then
// audited with the signature), and never a discarded draft.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { allowOnlineSigning, runAirlock, type CliRun } from '../helpers/cli';
import { furtherAttackCases, HELD_OUT_ADDRESS, HELD_OUT_MNEMONIC, heldOutCases } from '../helpers/held-out-requests';
import { tempDir } from '../helpers/temp';

const HOLDERS = [
  { name: 'Alice', passphrase: 'alice correct horse' },
  { name: 'Bob', passphrase: 'bob battery staple' },
  { name: 'Carol', passphrase: 'carol purple monkey' },
];
const QUORUM = [HOLDERS[0], HOLDERS[2]];

const codesOf = (warnings: Array<{ code: string }>) => new Set(warnings.map((w) => w.code));

function assertRefused(run: CliRun, code: string, expectedCodes: Iterable<string>): void {
  assert.equal(run.status, 2, run.stdout + run.stderr);
  assert.equal(run.json.error.code, code, run.stdout);
  assert.match(run.json.error.message, /^Nothing was signed/);
  // The review is printed beside the error: a script sees which codes to acknowledge or why not.
  for (const expected of expectedCodes) assert.ok(codesOf(run.json.review.warnings).has(expected), `${expected} in ${run.stdout}`);
  for (const w of run.json.review.warnings) assert.deepEqual(Object.keys(w).sort(), ['code', 'message', 'severity']);
}

function vaultWithMnemonic(): string {
  const db = join(tempDir(), 'vault.db');
  const spec = {
    name: 'Held-out vault',
    mnemonic: HELD_OUT_MNEMONIC,
    groups: [{ name: 'Board', memberThreshold: 2, holders: HOLDERS }],
    iterationExponent: 0,
    accounts: [{ scheme: 'bip44', index: 0, label: 'Treasury', role: 'eoa-treasury' }],
  };
  const imported = runAirlock(['vault', 'import', '--db', db, '--json'], JSON.stringify(spec));
  assert.equal(imported.status, 0, imported.stdout + imported.stderr);
  assert.equal(imported.json.vault.accounts[0].address, HELD_OUT_ADDRESS);
  // This test machine is online; the vault would refuse to unlock (H-27) without its audited test-machine setting.
  allowOnlineSigning(db);
  return db;
}

for (const heldOut of [...heldOutCases(), ...furtherAttackCases()]) {
  test(`H-23 airlock sign (mnemonic) and safe hash: ${heldOut.name}`, () => {
    const plain = runAirlock(['sign', '--json'], JSON.stringify({ mnemonic: HELD_OUT_MNEMONIC, request: heldOut.parts }));
    assertRefused(plain, heldOut.blocking.length > 0 ? 'signing-blocked' : 'signing-needs-acknowledgement', heldOut.codes);
    assert.deepEqual(codesOf(plain.json.review.warnings), new Set(heldOut.codes));
    assert.deepEqual(plain.json.review.acknowledgementsRequired.sort(), [...heldOut.acknowledge].sort());

    const acknowledged = runAirlock(['sign', '--json'], JSON.stringify({ mnemonic: HELD_OUT_MNEMONIC, request: heldOut.parts, acknowledge: heldOut.codes }));
    if (heldOut.blocking.length > 0) {
      assertRefused(acknowledged, 'signing-blocked', heldOut.blocking);
    } else {
      assert.equal(acknowledged.status, 0, acknowledged.stdout);
      assert.match(acknowledged.json.signature, /^ur:eth-signature\//);
    }

    if (heldOut.safeHashArgs) {
      const hash = runAirlock(['safe', 'hash', ...heldOut.safeHashArgs, '--json']);
      assert.equal(hash.status, 0, hash.stdout + hash.stderr);
      assert.deepEqual(codesOf(hash.json.warnings), new Set(heldOut.codes), 'safe hash gives the same transaction the same codes');
      assert.equal(hash.json.safeTxHash, plain.json.review.safe.safeTxHash, 'and the same safeTxHash');
    }
  });
}

test('H-23 airlock sign --db: the vault refuses the held-out requests before any passphrase is used, and signs an acknowledged one, audited', () => {
  const db = vaultWithMnemonic();
  const [bybit, refund, chain, approval] = heldOutCases();
  const audit = () => runAirlock(['audit', 'list', '--db', db, '--limit', '200', '--json']).json.entries as Array<{ action: string; details: Record<string, unknown> }>;

  // The vault's path (the app's service) refuses the other ways to the Bybit effect too: executing it, its bare hash.
  for (const blocked of [bybit!, chain!, ...furtherAttackCases()]) {
    const run = runAirlock(['sign', '--db', db, '--json'], JSON.stringify({ holders: QUORUM, request: blocked.parts, acknowledge: blocked.codes }));
    assertRefused(run, 'signing-blocked', blocked.codes);
  }
  const unacknowledged = runAirlock(['sign', '--db', db, '--json'], JSON.stringify({ holders: QUORUM, request: approval!.parts }));
  // The vault knows its registered accounts: the spender is a stranger, so it asks for that too.
  assertRefused(unacknowledged, 'signing-needs-acknowledgement', ['unlimited-approval', 'recipient-not-registered']);
  assert.deepEqual(unacknowledged.json.review.acknowledgementsRequired.sort(), ['recipient-not-registered', 'unlimited-approval']);
  assert.ok(!audit().some((e) => e.action === 'unlock-share-opened'), 'no passphrase was used for a refused request');

  const signed = runAirlock(['sign', '--db', db, '--json'], JSON.stringify({ holders: QUORUM, request: refund!.parts, acknowledge: ['gas-refund-rerouting'] }));
  assert.equal(signed.status, 0, signed.stdout);
  assert.equal(signed.json.address, HELD_OUT_ADDRESS);
  const entry = audit().find((e) => e.action === 'sign-request-signed');
  assert.equal(entry?.details.acknowledged, 'gas-refund-rerouting', 'the acknowledgement is audited with the signature');
  assert.equal(runAirlock(['audit', 'verify', '--db', db, '--json']).json.valid, true);
});

/** A draft description: 1000 wei from the vault's account to itself at `nonce`, chain state typed. */
function transfer(nonce: string) {
  return {
    chainId: '1',
    executor: { kind: 'eoa', from: HELD_OUT_ADDRESS, nonce, maxFeePerGas: '30000000000', maxPriorityFeePerGas: '1000000000' },
    actions: [{ type: 'native-transfer', to: HELD_OUT_ADDRESS, value: '1000' }],
    context: { chainId: '1', balance: '1000000000000000000', nonce },
  };
}

/** A draft that approves a stranger to spend every USDC of the vault's account: it needs acknowledgements. */
function unlimitedApproval(nonce: string) {
  return {
    ...transfer(nonce),
    executor: { ...transfer(nonce).executor, gasLimit: '60000' },
    actions: [{ type: 'contract-call', to: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', signature: 'approve(address,uint256)', args: ['0x7777777777777777777777777777777777777777', ((1n << 256n) - 1n).toString()] }],
  };
}

test('H-24 draft sign: without the reviewed digest or fingerprint, or an acknowledgement, nothing is signed and no passphrase is used; with them it signs, audited; a discarded draft never', () => {
  const db = vaultWithMnemonic();
  const created = runAirlock(['draft', 'create', '--db', db, '--json'], JSON.stringify(unlimitedApproval('0')));
  assert.equal(created.status, 0, created.stdout);
  const { id, digest, fingerprint } = created.json.draft as { id: number; digest: string; fingerprint: string };

  const missing = runAirlock(['draft', 'sign', '--db', db, '--id', String(id), '--json'], JSON.stringify({ holders: QUORUM }));
  assert.equal(missing.status, 2);
  assert.equal(missing.json.error.code, 'draft-review-missing');
  assert.match(missing.json.error.message, /airlock draft show --id 1/);
  const wrong = runAirlock(['draft', 'sign', '--db', db, '--id', String(id), '--json'], JSON.stringify({ holders: QUORUM, digest: '0x' + 'ab'.repeat(32) }));
  assert.equal(wrong.json.error.code, 'draft-changed');
  // H-23 through `draft sign`: the review's acknowledgeable codes are named in the stdin JSON, and audited with the signature.
  const unacknowledged = runAirlock(['draft', 'sign', '--db', db, '--id', String(id), '--json'], JSON.stringify({ holders: QUORUM, fingerprint }));
  assertRefused(unacknowledged, 'signing-needs-acknowledgement', ['unlimited-approval', 'recipient-not-registered']);
  assert.deepEqual(unacknowledged.json.review.acknowledgementsRequired.sort(), ['recipient-not-registered', 'unlimited-approval']);
  const entries = runAirlock(['audit', 'list', '--db', db, '--limit', '50', '--json']).json.entries as Array<{ action: string }>;
  assert.ok(!entries.some((e) => e.action === 'unlock-share-opened' || e.action === 'draft-signed'), 'no refusal used a passphrase');
  const byWords = runAirlock(['draft', 'sign', '--db', db, '--id', String(id), '--json'], JSON.stringify({ holders: QUORUM, fingerprint, acknowledge: ['unlimited-approval', 'recipient-not-registered'] }));
  assert.equal(byWords.status, 0, byWords.stdout);
  assert.equal(byWords.json.digest, digest);
  assert.match(byWords.json.rawTransaction, /^0x02/);
  const signedEntry = (runAirlock(['audit', 'list', '--db', db, '--limit', '5', '--json']).json.entries as Array<{ action: string; details: { acknowledged?: string } }>).find((e) => e.action === 'draft-signed');
  assert.deepEqual(signedEntry?.details.acknowledged?.split(',').sort(), ['recipient-not-registered', 'unlimited-approval']);

  // `draft discard` (same vault: a CLI vault import is slow): marked discarded, audited, then refused by draft sign.
  const second = runAirlock(['draft', 'create', '--db', db, '--json'], JSON.stringify(transfer('1')));
  assert.equal(second.status, 0, second.stdout);
  const { id: nextId, fingerprint: nextWords } = second.json.draft as { id: number; fingerprint: string };
  const discarded = runAirlock(['draft', 'discard', '--db', db, '--id', String(nextId), '--json']);
  assert.equal(discarded.status, 0, discarded.stdout + discarded.stderr);
  assert.equal(discarded.json.draft.status, 'discarded');

  const sign = runAirlock(['draft', 'sign', '--db', db, '--id', String(nextId), '--json'], JSON.stringify({ holders: QUORUM, fingerprint: nextWords }));
  assert.equal(sign.status, 2, sign.stdout);
  assert.equal(sign.json.error.code, 'draft-discarded');
  assert.match(sign.json.error.message, /can never be signed or executed/);
  const [newest, previous] = runAirlock(['audit', 'list', '--db', db, '--limit', '2', '--json']).json.entries as Array<{ action: string; details: { draft?: number } }>;
  assert.deepEqual([newest?.action, newest?.details.draft], ['draft-discarded', nextId], 'the discard is the last entry: the refused signing used no passphrase and signed nothing');
  assert.deepEqual([previous?.action, previous?.details.draft], ['draft-created', nextId]);
});

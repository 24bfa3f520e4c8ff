// The vault aggregate's two guards, requireVault and requireHolder: every use case that needs a vault or a named
// holder refuses with the same code and sentence, on a real database through the real services.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AirlockError } from '../../../../shared/errors';
import { HOLDERS, twoOfThree, vaultServices } from '../../../helpers/vault-fixture';

const refusal = (code: string, message: RegExp) => (e: unknown) => e instanceof AirlockError && e.code === code && message.test(e.message);
const NO_VAULT = refusal('vault-missing', /^There is no vault in this database yet\. Create or import one first\.$/);
const NO_HOLDER = refusal('holder-unknown', /^No holder called "Mallory" keeps a share of this vault\.$/);

test('every use case on an empty database refuses with vault-missing and the same sentence', async () => {
  const { custody, services } = vaultServices();
  try {
    assert.throws(() => custody.drafts.list(), NO_VAULT);
    assert.throws(() => custody.drills.dashboard(), NO_VAULT);
    assert.throws(() => custody.drills.runbooks(), NO_VAULT);
    assert.throws(() => custody.watchOnly.watchList(), NO_VAULT);
    assert.throws(() => custody.vault.setIdleLockMinutes(5), NO_VAULT);
    assert.throws(() => custody.vault.setAllowOnlineSigning(true), NO_VAULT);
    assert.throws(() => custody.signRequests.review(['ur:eth-sign-request/x']), NO_VAULT);
    await assert.rejects(custody.unlock.present('Alice', HOLDERS[0]!.passphrase), NO_VAULT);
    await assert.rejects(custody.vault.reprint('Alice', HOLDERS[0]!.passphrase), NO_VAULT);
    await assert.rejects(custody.shareCheck.check('Alice', 'academic acid', HOLDERS[0]!.passphrase), NO_VAULT);
  } finally {
    services.close();
  }
});

test('a holder name nobody has is refused as holder-unknown by unlock, reprint and share check; case and spaces do not matter', async () => {
  const { custody, services } = vaultServices();
  try {
    await custody.vault.create(twoOfThree());
    await assert.rejects(custody.unlock.present('Mallory', 'any passphrase'), NO_HOLDER);
    await assert.rejects(custody.vault.reprint('Mallory', 'any passphrase'), NO_HOLDER);
    await assert.rejects(custody.shareCheck.check('Mallory', 'academic acid', 'any passphrase'), NO_HOLDER);
    const status = await custody.unlock.present('  alice ', HOLDERS[0]!.passphrase);
    assert.deepEqual(status.present, ['Alice']);
  } finally {
    services.close();
  }
});

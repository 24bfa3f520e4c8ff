// The vault being set up: what each step refuses before Next (a sentence per mistake), how groups, holders and
// accounts are added and removed, the request it becomes (what the bridge contract accepts), and the wipe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVaultRequestSchema } from '../../../../shared/bridge';
import {
  accountPathText,
  addAccount,
  addGroup,
  addHolder,
  checkAccountsStep,
  checkHoldersStep,
  checkKeyStep,
  createRequest,
  diceCounterText,
  keySentence,
  newSetup,
  passphraseMatch,
  quorumSentence,
  removeAccount,
  removeGroup,
  removeHolder,
  thresholdChoices,
  wipeSetup,
  type VaultSetup,
} from '../../../../renderer/custody/VaultSetupModel';

function filled(): VaultSetup {
  const setup = newSetup('new');
  setup.name = '  Acme treasury ';
  setup.diceText = '3 6 1\n4';
  setup.groups[0]!.holders = ['Alice', 'Bob', 'Carol'].map((name) => ({ name, passphrase: `${name} correct horse`, confirm: `${name} correct horse` }));
  return setup;
}

test('a filled setup passes every step and becomes a request the bridge contract accepts', () => {
  const setup = filled();
  assert.deepEqual([...checkKeyStep(setup), ...checkHoldersStep(setup), ...checkAccountsStep(setup)], []);
  const request = createRequest(setup);
  assert.equal(createVaultRequestSchema.safeParse(request).success, true);
  assert.deepEqual(request.source, { kind: 'new', secretBits: 128, diceRolls: [3, 6, 1, 4] });
  assert.equal(request.name, 'Acme treasury');
  assert.equal(request.groupThreshold, 1);
  assert.equal(quorumSentence(request), 'Any 2 of 3 holders');
  assert.equal(keySentence(setup), "New 128-bit key from this computer's randomness, mixed with 4 dice rolls");
  assert.equal(diceCounterText(setup), '4 rolls ≈ 10 bits collected');
});

test('each step names every mistake in a sentence, and never a passphrase', () => {
  const setup = newSetup('slip39');
  setup.slip39Passphrase = 'é';
  assert.deepEqual(checkKeyStep(setup), [
    'Give the vault a name, e.g. "Acme treasury".',
    'Type the SLIP-39 shares to import, one per line.',
    'The SLIP-39 passphrase may use only printable ASCII characters (letters, digits, punctuation, space).',
    'The two SLIP-39 passphrases differ; type the same one twice.',
  ]);
  const holders = filled();
  holders.groups[0]!.holders[1] = { name: 'alice', passphrase: 'abc123', confirm: 'abc123' };
  holders.groups[0]!.holders[2] = { name: 'Carol', passphrase: 'carol secret one', confirm: 'carol secret two' };
  const problems = checkHoldersStep(holders);
  assert.deepEqual(problems, [
    'Two holders are called "alice"; each holder needs a distinct name.',
    "alice's passphrase is too short: use at least 8 characters.",
    "Carol's two passphrases differ; Carol types the same one twice.",
  ]);
  assert.ok(problems.every((p) => !['abc123', 'carol secret one', 'carol secret two'].some((secret) => p.includes(secret))));
  const accounts = filled();
  accounts.accounts.push({ scheme: 'bip44', index: 0, label: '', role: 'executor' }, { scheme: 'ledger-live', index: -1, label: 'Odd', role: 'executor' });
  assert.deepEqual(checkAccountsStep(accounts), [
    'Account 2 needs a label, e.g. "Treasury".',
    "m/44'/60'/0'/0/0 is listed twice.",
    'Odd: the account number must be a whole number from 0 to 2147483647.',
  ]);
});

test('groups, holders and accounts come and go, the last of each stays, and thresholds stay possible', () => {
  const setup = filled();
  const group = setup.groups[0]!;
  assert.deepEqual(thresholdChoices(3), [2, 3]);
  removeHolder(group, 0);
  removeHolder(group, 0);
  assert.deepEqual([group.holders.length, group.memberThreshold], [1, 1], 'one holder: the threshold drops to 1');
  removeHolder(group, 0);
  assert.equal(group.holders.length, 1);
  addHolder(group);
  assert.deepEqual([group.holders.length, group.memberThreshold], [2, 2]);
  addGroup(setup);
  setup.groupThreshold = 2;
  assert.deepEqual(setup.groups.map((g) => g.name), ['Holders', 'Group 2']);
  removeGroup(setup, 0);
  removeGroup(setup, 0);
  assert.deepEqual([setup.groups.length, setup.groupThreshold], [1, 1]);
  addAccount(setup);
  addAccount(setup);
  assert.deepEqual(setup.accounts.map(accountPathText), ["m/44'/60'/0'/0/0", "m/44'/60'/0'/0/0", "m/44'/60'/1'/0/0"]);
  removeAccount(setup, 0);
  removeAccount(setup, 0);
  removeAccount(setup, 0);
  assert.equal(setup.accounts.length, 1);
  setup.accounts[0]!.index = Number.NaN;
  assert.equal(accountPathText(setup.accounts[0]!), '—');
});

test('the passphrase line says how the two boxes compare', () => {
  assert.equal(passphraseMatch({ name: 'A', passphrase: '', confirm: '' }).state, 'empty');
  assert.equal(passphraseMatch({ name: 'A', passphrase: 'short', confirm: 'short' }).line, 'Too short: at least 8 characters.');
  assert.equal(passphraseMatch({ name: 'A', passphrase: 'long enough', confirm: 'long enough' }).state, 'same');
  assert.equal(passphraseMatch({ name: 'A', passphrase: 'long enough', confirm: 'long enougH' }).state, 'differ');
});

test('the wipe overwrites every secret typed and drops the holders', () => {
  const setup = filled();
  Object.assign(setup, { bip39Mnemonic: 'abandon', bip39Passphrase: 'x', slip39Shares: 'y', slip39Passphrase: 'z', slip39PassphraseConfirm: 'z' });
  const holders = setup.groups[0]!.holders;
  wipeSetup(setup);
  assert.deepEqual([setup.diceText, setup.bip39Mnemonic, setup.bip39Passphrase, setup.slip39Shares, setup.slip39Passphrase, setup.slip39PassphraseConfirm], ['', '', '', '', '', '']);
  assert.ok(holders.every((h) => h.passphrase === '' && h.confirm === ''));
  assert.deepEqual(setup.groups, []);
});

// The trusted-relay pairing's model against the real services and gate, on one vault: words that are not the relay
// key's are refused and nothing is pinned (the form kept), the right words pin it (the form emptied), and a
// revocation is asked for, confirmed, and refused a second time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../../../shared/bytes';
import { relayKeyFingerprint, relayPublicKey } from '../../../../shared/snapshot/signature';
import { SnapshotPairingModel } from '../../../../renderer/snapshots/SnapshotPairingModel';
import { rendererBridge } from '../../../helpers/renderer-bridge';
import { twoOfThree, unlockQuorum, vaultServices } from '../../../helpers/vault-fixture';

const { services, custody } = vaultServices();
const model = new SnapshotPairingModel(rendererBridge(services));
const key = relayPublicKey(Uint8Array.from({ length: 32 }, (_, i) => i + 7));
const relayKey = toHex(key);
const words = relayKeyFingerprint(key);
before(() => custody.vault.create(twoOfThree()));
after(() => services.close());

test('words that are not the relay key\'s are refused and nothing is pinned; the right words pin it and empty the form', async () => {
  assert.equal(await model.load(), null);
  assert.equal(model.pins.length, 0);
  Object.assign(model.form, { key: ` ${relayKey} `, words: [...words].reverse().join(' '), label: '  Desk relay ' });
  const refused = await model.pair();
  assert.equal('error' in refused && refused.error.code, 'relay-fingerprint-mismatch');
  assert.deepEqual([model.pins.length, model.form.key.trim()], [0, relayKey], 'nothing pinned, the key kept to correct the words');
  model.form.words = words.join(' ');
  const locked = await model.pair();
  assert.equal('error' in locked && locked.error.code, 'vault-locked');
  assert.deepEqual([model.pins.length, model.form.words], [0, words.join(' ')], 'nothing pinned while the vault is locked, the form kept');
  await unlockQuorum(custody);
  const pinned = await model.pair();
  assert.deepEqual(pinned, { done: `Pinned relay "Desk relay" (${words.join(' ')}). Snapshots signed by it can now be imported.` });
  assert.deepEqual(model.form, { key: '', words: '', label: '' });
  assert.deepEqual(model.pins.map((p) => [p.relayKey, p.revokedAt, p.sealed]), [[relayKey, null, true]]);
});

test('a revocation is asked for, then confirmed; a second one is refused', async () => {
  model.ask(relayKey);
  assert.equal(model.confirming, relayKey);
  model.ask(null);
  assert.equal(model.confirming, null, 'kept');
  model.ask(relayKey);
  const revoked = await model.unpair(relayKey);
  assert.ok('done' in revoked && revoked.done.startsWith('Revoked relay "Desk relay"'));
  assert.equal(model.confirming, null);
  assert.notEqual(model.pins[0]!.revokedAt, null);
  const again = await model.unpair(relayKey);
  assert.equal('error' in again && again.error.code, 'relay-already-unpaired');
});

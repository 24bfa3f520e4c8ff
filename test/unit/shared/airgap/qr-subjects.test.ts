// The one table of what each QR code is, in the treasury's words: complete for every type a scanner can expect, and
// the sentences built from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AIRLOCK_UR_TYPES } from '../../../../shared/airgap/airlock-types';
import { CRYPTO_ACCOUNT, CRYPTO_HDKEY, ETH_SIGN_REQUEST, ETH_SIGNATURE } from '../../../../shared/airgap/erc4527';
import { QR_SUBJECTS, qrPhrases, scanDirection, showDirection, wrongQrSentence } from '../../../../shared/airgap/qr-subjects';
import { CRYPTO_OUTPUT, CRYPTO_PSBT } from '../../../../shared/btc/ur';

test('every Airlock, ERC-4527 and Bitcoin UR type, bytes and the share card words have a plain sentence with no type name in it', () => {
  const types = [...AIRLOCK_UR_TYPES, ETH_SIGN_REQUEST, ETH_SIGNATURE, CRYPTO_HDKEY, CRYPTO_ACCOUNT, CRYPTO_OUTPUT, CRYPTO_PSBT, 'bytes', 'slip39-share-words'];
  for (const type of types) {
    const subject = QR_SUBJECTS[type];
    assert.ok(subject, `${type} is in the table`);
    assert.ok(!subject.phrase.includes(type), `${type}'s sentence does not name the type`);
    assert.match(subject.phrase, /QR code/);
  }
  assert.deepEqual(Object.keys(QR_SUBJECTS).sort(), [...types].sort(), 'and nothing else');
});

test('the direction lines name the machine in capitals with its network state; mixed sources name each', () => {
  assert.equal(showDirection('relay'), 'Show this to the RELAY (online)');
  assert.equal(showDirection('vault'), 'Show this to the VAULT (offline)');
  assert.equal(scanDirection(['airlock-raw-tx', 'bytes']), 'Scan from the VAULT (offline)');
  assert.equal(scanDirection(['airlock-safe-signature', 'airlock-safe-bundle']), 'Scan from the VAULT (offline) or the RELAY (online)');
  assert.equal(scanDirection(['something-else']), 'Scan the QR code for this step');
});

test('a wrong or unknown type is refused in words, the unknown one quoted so support can tell what it was', () => {
  assert.equal(qrPhrases(['airlock-raw-tx', 'bytes']), "the vault's signed transaction QR code", 'one sentence for two types that mean the same');
  assert.equal(
    wrongQrSentence('AIRLOCK-SNAPSHOT', ['airlock-watch-list']),
    "This is the relay's signed chain snapshot QR code, but this step needs the vault's watch list QR code. Show that QR code instead.",
  );
  assert.equal(
    wrongQrSentence('x-unknown', ['slip39-share-words']),
    'This is a QR code of another kind ("x-unknown"), but this step needs a share card\'s QR code. Show that QR code instead.',
  );
});

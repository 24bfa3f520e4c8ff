// The relay's scan-or-paste gate: only the preview on screen can be confirmed, once; an edit withdraws it, a refusal
// drops it, and a new preview replaces the old (a click on the old one sends nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyRefusal, noEndpointRefusal, PreviewGate } from '../../../../renderer/relay/RelayPreviewModel';

test('only the value on screen is confirmable, and only until it is sent', () => {
  const gate = new PreviewGate<string>();
  assert.equal(gate.isShown('0x02f8'), false);
  gate.show('0x02f8');
  assert.equal(gate.isShown('0x02f8'), true);
  assert.equal(gate.isShown('0x02f9'), false);
  gate.drop();
  assert.equal(gate.isShown('0x02f8'), false, 'a second click sends nothing');
});

test('an edit withdraws the preview (and says so, so its outcome is cleared); an edit with nothing shown changes nothing', () => {
  const gate = new PreviewGate<object>();
  const preview = {};
  assert.equal(gate.withdraw(), false);
  gate.show(preview);
  assert.equal(gate.withdraw(), true);
  assert.equal(gate.isShown(preview), false);
});

test('a newer preview replaces the older one: the older button no longer sends', () => {
  const gate = new PreviewGate<object>();
  const older = { text: 'a' };
  const newer = { text: 'a' };
  gate.show(older);
  gate.show(newer);
  assert.equal(gate.isShown(older), false, 'compared by identity, not by equal content');
  assert.equal(gate.isShown(newer), true);
});

test('the refusals carry the form\'s code', () => {
  assert.deepEqual(emptyRefusal('broadcast', 'Paste the signed transaction first.'), { code: 'broadcast-empty', message: 'Paste the signed transaction first.' });
  assert.deepEqual(noEndpointRefusal('safe-signature'), { code: 'safe-signature-no-endpoint', message: 'Add at least one RPC endpoint in Endpoints first.' });
});

// Text from an endpoint made fit to show: hidden characters visible, length bounded, surrogate pairs kept whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointText } from '../../../../../main/services/relay/endpoint-text';

test('bidi overrides, zero-width and control characters become a visible U+FFFD; line breaks become spaces', () => {
  assert.equal(endpointText('USD\u202eC\u2066\u200b\u0000\u007f\u0085', 64), 'USD\ufffdC\ufffd\ufffd\ufffd\ufffd\ufffd');
  assert.equal(endpointText('a\r\nb\tc\u2028d', 64), 'a  b c\ufffdd');
  assert.equal(endpointText('lone \ud800 surrogate', 64), 'lone \ufffd surrogate');
  assert.equal(endpointText('Ünïcödé ✓ 1.4.1', 64), 'Ünïcödé ✓ 1.4.1');
});

test('is cut to its bound with an ellipsis, never splitting a surrogate pair', () => {
  assert.equal(endpointText('x'.repeat(300), 256).length, 256);
  assert.ok(endpointText('x'.repeat(300), 256).endsWith('…'));
  const emoji = '😀'.repeat(10);
  for (let max = 1; max < 20; max++) {
    const cut = endpointText(emoji, max);
    assert.ok(cut.length <= max, `${cut.length} > ${max}`);
    assert.doesNotMatch(cut, /[\ud800-\udbff](?![\udc00-\udfff])/, 'no lone high surrogate');
  }
});

// Tests how an origin is derived from a frame URL for our app: scheme and for the web.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_ORIGIN, originOf } from '../../../../main/window/origin';

test('the app origin is app://airlock, whatever the path, query or fragment', () => {
  assert.equal(originOf('app://airlock/index.html'), APP_ORIGIN);
  assert.equal(originOf('app://airlock/index.html?x=1#/vault'), APP_ORIGIN);
  assert.equal(originOf('app://airlock'), APP_ORIGIN);
});

test('lookalikes, credentials, opaque and special URLs have no origin we accept', () => {
  assert.equal(originOf('app://airlock.evil.example/index.html'), 'app://airlock.evil.example');
  assert.equal(originOf('app://evil@airlock/index.html'), null);
  for (const url of ['file:///index.html', 'data:text/html,x', 'about:blank', 'blob:app://airlock/123', 'javascript:1', 'app:airlock', '', 'nope']) {
    assert.equal(originOf(url), null, url);
  }
  assert.equal(originOf('https://example.com:8443/x'), 'https://example.com:8443');
});

// Tests the app:// resolver against a real folder with files, directories and symlinks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_SCHEME_PRIVILEGES, pathSegments, resolveAppRequest, responseHeaders } from '../../../../main/window/protocol';
import { CONTENT_SECURITY_POLICY } from '../../../../main/window/csp';
import { tempDir } from '../../../helpers/temp';

/** A bundle folder next to a secrets folder, with symlinks in and out. */
function bundle(): { root: string; outside: string } {
  const base = tempDir('airlock-protocol-');
  const root = join(base, 'renderer');
  const outside = join(base, 'secrets');
  mkdirSync(join(root, 'assets'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'app.js'), '"use strict";');
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(root, '.hidden.js'), 'x');
  writeFileSync(join(root, 'notes.txt'), 'x');
  mkdirSync(join(root, 'folder.js'));
  writeFileSync(join(outside, 'vault.js'), 'secret');
  symlinkSync(join(outside, 'vault.js'), join(root, 'escape.js'));
  symlinkSync(outside, join(root, 'linked'));
  symlinkSync(join(root, 'app.js'), join(root, 'alias.js'));
  return { root: realpathSync(root), outside };
}

const get = (url: string) => ({ method: 'GET', url });

test('H-05 serves the bundle: the entry page, scripts and nested assets, with their content types', () => {
  const { root } = bundle();
  assert.deepEqual(resolveAppRequest(get('app://airlock/index.html'), root), { kind: 'file', path: join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
  assert.deepEqual(resolveAppRequest(get('app://airlock/'), root), { kind: 'file', path: join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
  assert.equal(resolveAppRequest(get('app://airlock/app.js?v=1#x'), root).kind, 'file');
  assert.deepEqual(resolveAppRequest(get('app://airlock/assets/logo.svg'), root), { kind: 'file', path: join(root, 'assets', 'logo.svg'), contentType: 'image/svg+xml' });
  // A symlink that stays inside the bundle resolves to its target.
  assert.deepEqual(resolveAppRequest(get('app://airlock/alias.js'), root), { kind: 'file', path: join(root, 'app.js'), contentType: 'text/javascript; charset=utf-8' });
});

test('H-05 anything but GET is 405', () => {
  const { root } = bundle();
  for (const method of ['POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'get']) {
    assert.deepEqual(resolveAppRequest({ method, url: 'app://airlock/index.html' }, root), { kind: 'refuse', status: 405 });
  }
});

test('H-05 traversal in every spelling, absolute paths, backslashes and NUL are 404', () => {
  const { root } = bundle();
  const attempts = [
    'app://airlock/../secrets/vault.js',
    'app://airlock/assets/../../secrets/vault.js',
    'app://airlock/%2e%2e/secrets/vault.js',
    'app://airlock/%2E%2E/secrets/vault.js',
    'app://airlock/.%2e/secrets/vault.js',
    'app://airlock/..%2fsecrets%2fvault.js',
    'app://airlock/assets%2flogo.svg',
    'app://airlock/..%5csecrets%5cvault.js',
    'app://airlock/assets\\..\\..\\secrets\\vault.js',
    'app://airlock//etc/passwd.js',
    'app://airlock/%2fetc%2fpasswd.js',
    'app://airlock/C:/Windows/win.ini.js',
    'app://airlock/app.js%00.png',
    'app://airlock/app.js\0.png',
    'app://airlock/./app.js',
    'app://airlock/%252e%252e/secrets/vault.js',
  ];
  for (const url of attempts) assert.deepEqual(resolveAppRequest(get(url), root), { kind: 'refuse', status: 404 }, url);
});

test('H-05 symlinks leading out of the bundle are 404', () => {
  const { root } = bundle();
  assert.deepEqual(resolveAppRequest(get('app://airlock/escape.js'), root), { kind: 'refuse', status: 404 });
  assert.deepEqual(resolveAppRequest(get('app://airlock/linked/vault.js'), root), { kind: 'refuse', status: 404 });
});

test('H-05 other hosts, schemes, credentials and ports are 404', () => {
  const { root } = bundle();
  for (const url of ['app://evil/index.html', 'file:///index.html', 'https://airlock/index.html', 'app://user@airlock/index.html', 'app://airlock:8080/index.html', 'not a url']) {
    assert.deepEqual(resolveAppRequest(get(url), root), { kind: 'refuse', status: 404 }, url);
  }
});

test('H-05 only allowlisted extensions, only regular files, no hidden files', () => {
  const { root } = bundle();
  for (const url of ['app://airlock/notes.txt', 'app://airlock/folder.js', 'app://airlock/.hidden.js', 'app://airlock/missing.js', 'app://airlock/assets', 'app://airlock/app.js.map']) {
    assert.deepEqual(resolveAppRequest(get(url), root), { kind: 'refuse', status: 404 }, url);
  }
});

test('H-05 malformed percent-encoding is 404, not an exception', () => {
  assert.equal(pathSegments('app://airlock/%E0%A4%A.js'), null);
  assert.deepEqual(pathSegments('app://airlock/a%20b.js'), ['a b.js']);
});

test('H-04 H-05 served files carry the CSP header and nosniff', () => {
  const headers = responseHeaders('text/html; charset=utf-8');
  assert.equal(headers['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
  assert.equal(headers['X-Content-Type-Options'], 'nosniff');
  assert.equal(headers['Content-Type'], 'text/html; charset=utf-8');
  assert.equal(headers['Cache-Control'], 'no-store');
});

test('H-05 app: is standard and secure (origin, getUserMedia) and nothing more', () => {
  assert.deepEqual(APP_SCHEME_PRIVILEGES, {
    standard: true,
    secure: true,
    bypassCSP: false,
    allowServiceWorkers: false,
    supportFetchAPI: false,
    corsEnabled: false,
    stream: false,
    codeCache: false,
    allowExtensions: false,
  });
});

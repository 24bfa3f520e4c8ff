// Tests the permission policy: camera video for the app's main frame while the scanner is open, nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  agreedOrigin,
  decidePermission,
  queryFromCheck,
  queryFromRequest,
  type PermissionQuery,
} from '../../../../main/window/permissions';

const camera: PermissionQuery = { permission: 'media', origin: 'app://airlock', isMainFrame: true, mediaTypes: ['video'] };

test('H-08 camera video is granted to the app main frame only while the scanner is open', () => {
  assert.equal(decidePermission(camera, true), true);
  assert.equal(decidePermission(camera, false), false);
});

test('H-08 microphone, mixed media, unknown media, iframes and other origins are denied', () => {
  const denied: PermissionQuery[] = [
    { ...camera, mediaTypes: ['audio'] },
    { ...camera, mediaTypes: ['video', 'audio'] },
    { ...camera, mediaTypes: ['unknown'] },
    { ...camera, mediaTypes: [] },
    { ...camera, isMainFrame: false },
    { ...camera, origin: 'https://evil.example' },
    { ...camera, origin: 'app://airlock.evil' },
    { ...camera, origin: null },
  ];
  for (const query of denied) assert.equal(decidePermission(query, true), false, JSON.stringify(query));
});

test('H-08 every other permission is denied, scanner open or not', () => {
  const others = [
    'notifications', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen',
    'openExternal', 'midi', 'midiSysex', 'hid', 'serial', 'usb', 'fileSystem', 'pointerLock', 'keyboardLock',
    'idle-detection', 'window-management', 'local-fonts', 'storage-access', 'unknown',
  ];
  for (const permission of others) {
    for (const open of [true, false]) assert.equal(decidePermission({ ...camera, permission }, open), false, permission);
  }
});

test('H-08 request details: the frame URL decides the origin, and a disagreeing securityOrigin denies', () => {
  const good = { requestingUrl: 'app://airlock/index.html#/transfer', isMainFrame: true, mediaTypes: ['video'] as const, securityOrigin: 'app://airlock/' };
  assert.equal(decidePermission(queryFromRequest('media', good), true), true);
  assert.equal(decidePermission(queryFromRequest('media', { ...good, securityOrigin: 'https://evil.example/' }), true), false);
  assert.equal(decidePermission(queryFromRequest('media', { ...good, requestingUrl: 'https://evil.example/' }), true), false);
  assert.equal(decidePermission(queryFromRequest('media', { isMainFrame: true, mediaTypes: ['video'] }), true), false);
  assert.equal(decidePermission(queryFromRequest('media', { ...good, isMainFrame: undefined }), true), false);
});

test('H-08 check details: requestingOrigin, securityOrigin and URL must agree', () => {
  const details = { requestingUrl: 'app://airlock/index.html', isMainFrame: true, mediaType: 'video', securityOrigin: 'app://airlock' };
  assert.equal(decidePermission(queryFromCheck('media', 'app://airlock', details), true), true);
  assert.equal(decidePermission(queryFromCheck('media', 'https://evil.example', details), true), false);
  assert.equal(decidePermission(queryFromCheck('media', 'app://airlock', { ...details, mediaType: 'audio' }), true), false);
  assert.equal(decidePermission(queryFromCheck('notifications', 'app://airlock', details), true), false);
});

test('H-08 agreedOrigin refuses opaque origins and disagreement', () => {
  assert.equal(agreedOrigin(undefined, ['null']), null);
  assert.equal(agreedOrigin(undefined, []), null);
  assert.equal(agreedOrigin('data:text/html,x', []), null);
  assert.equal(agreedOrigin('app://airlock/x', ['app://airlock', undefined]), 'app://airlock');
  assert.equal(agreedOrigin('app://airlock/x', ['app://airlock', 'app://other']), null);
});

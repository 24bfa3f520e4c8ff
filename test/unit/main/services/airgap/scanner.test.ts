// Tests the H-08 scanner flag end to end below Electron: the bridge channels scanner.open / scanner.close,
// through the real gate and handler table on real services, decide what main's permission handlers answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { IPC_PREFIX, type Mode } from '../../../../../shared/bridge';
import { createGate } from '../../../../../main/bridge/gate';
import { createHandlerTable } from '../../../../../main/bridge/handlers';
import { createScannerService } from '../../../../../main/services/airgap/scanner';
import { APP_ORIGIN } from '../../../../../main/window/origin';
import { decidePermission, queryFromRequest } from '../../../../../main/window/permissions';
import { servicesFor } from '../../../../helpers/services';
import { tempDir } from '../../../../helpers/temp';

const cameraFromApp = queryFromRequest('media', { requestingUrl: `${APP_ORIGIN}/index.html`, isMainFrame: true, mediaTypes: ['video'] });
const microphoneFromApp = queryFromRequest('media', { requestingUrl: `${APP_ORIGIN}/index.html`, isMainFrame: true, mediaTypes: ['audio'] });

test('H-08 the scanner service starts closed, opens and closes, and says so in its reply', () => {
  const scanner = createScannerService();
  assert.equal(scanner.open, false);
  assert.deepEqual(scanner.openScanner(), { open: true });
  assert.equal(scanner.open, true);
  assert.deepEqual(scanner.openScanner(), { open: true }, 'opening twice stays open');
  assert.deepEqual(scanner.closeScanner(), { open: false });
  assert.equal(scanner.open, false);
  assert.deepEqual(scanner.closeScanner(), { open: false }, 'closing twice stays closed');
});

for (const mode of ['vault', 'relay'] as const satisfies readonly Mode[]) {
  test(`H-08 in the ${mode}, camera video is granted only between scanner.open and scanner.close over the bridge`, async () => {
    const services = servicesFor(mode, { dbPath: join(tempDir(), `${mode}.db`), create: true });
    try {
      const gate = createGate({ mode, table: createHandlerTable(services), allowedOrigin: APP_ORIGIN });
      const sender = { origin: APP_ORIGIN, isMainFrame: true };
      const camera = () => decidePermission(cameraFromApp, services.scanner.open);

      assert.equal(camera(), false, 'no camera before any scanner opened');
      assert.deepEqual(await gate(`${IPC_PREFIX}scanner.open`, sender, {}), { ok: true, value: { open: true } });
      assert.equal(camera(), true, 'camera while the scanner is open');
      assert.equal(decidePermission(microphoneFromApp, services.scanner.open), false, 'never the microphone');
      assert.deepEqual(await gate(`${IPC_PREFIX}scanner.close`, sender, {}), { ok: true, value: { open: false } });
      assert.equal(camera(), false, 'no camera after the scanner closed');

      const refused = (await gate(`${IPC_PREFIX}scanner.open`, sender, { camera: 'all' })) as { ok: boolean };
      assert.equal(refused.ok, false, 'a request with fields is refused by the schema');
      assert.equal(services.scanner.open, false);
      const subframe = (await gate(`${IPC_PREFIX}scanner.open`, { origin: APP_ORIGIN, isMainFrame: false }, {})) as { ok: boolean };
      assert.equal(subframe.ok, false, 'a subframe cannot open the scanner');
      assert.equal(services.scanner.open, false);
    } finally {
      services.close();
    }
  });
}

// The relay's saved endpoints through the real gate, as a hostile window would send them: user names and passwords,
// other schemes, cloud metadata hosts, one endpoint twice, five endpoints. Each is refused with a sentence and the
// saved list and the audit log stay as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { IPC_PREFIX } from '../../../../../shared/bridge';
import type { Result } from '../../../../../shared/errors';
import { createGate } from '../../../../../main/bridge/gate';
import { createHandlerTable } from '../../../../../main/bridge/handlers';
import { createRelayServices } from '../../../../../main/relay-services';
import { tempDir } from '../../../../helpers/temp';

test('refuses credentials, other schemes, metadata hosts, duplicates and a fifth endpoint; saves nothing of them', async () => {
  const services = createRelayServices({ dbPath: join(tempDir(), 'relay.db') });
  try {
    const gate = createGate({ mode: 'relay', table: createHandlerTable(services), allowedOrigin: 'app://airlock' });
    const save = (endpoints: unknown) => gate(`${IPC_PREFIX}relay.saveEndpoints`, { origin: 'app://airlock', isMainFrame: true }, { endpoints }) as Promise<Result<{ endpoints: string[] }>>;
    const kept = await save(['https://RPC.example.org']);
    assert.deepEqual(kept, { ok: true, value: { endpoints: ['https://rpc.example.org/'] } });
    const audited = () => services.audit.list(50).filter((e) => e.action === 'relay-endpoints-saved').length;
    const cases: Array<[unknown, string, RegExp]> = [
      [['https://alice:hunter2@rpc.example.org'], 'rpc-url-invalid', /^Endpoint 1 holds a user name or password/],
      [['ftp://rpc.example.org'], 'rpc-url-invalid', /http:\/\/ or https:\/\//],
      [['http://169.254.169.254/latest'], 'rpc-url-forbidden', /cloud metadata/],
      [['https://a.example.org', 'https://A.example.org/'], 'usage-invalid', /listed twice/],
      [['https://a.example.org', 'https://b.example.org', 'https://c.example.org', 'https://d.example.org', 'https://e.example.org'], 'request-invalid', /Nothing was changed/],
      ['https://a.example.org', 'request-invalid', /Nothing was changed/],
    ];
    for (const [endpoints, code, message] of cases) {
      const refused = await save(endpoints);
      assert.equal(refused.ok, false, JSON.stringify(endpoints));
      if (!refused.ok) {
        assert.equal(refused.error.code, code);
        assert.match(refused.error.message, message);
        assert.equal(refused.error.message.includes('hunter2'), false, 'a password is never repeated');
      }
    }
    assert.deepEqual(services.relay.savedEndpoints(), ['https://rpc.example.org/']);
    assert.equal(audited(), 1);
  } finally {
    services.close();
  }
});

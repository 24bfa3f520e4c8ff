// The handler table: one function per bridge channel, each a thin call into a service.
// Requests arrive already parsed by the gate; replies are plain data.
import type { ChannelName, RequestOf, ResponseOf } from '../../shared/bridge';
import type { AppServices } from '../app-services';

export type Handler<C extends ChannelName> = (request: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
export type HandlerTable = { [C in ChannelName]: Handler<C> };

export function createHandlerTable(services: AppServices): HandlerTable {
  return {
    'app.status': () => ({
      mode: services.mode,
      version: services.version,
      dbPath: services.dbPath,
      schemaVersion: services.schemaVersion(),
    }),
    'network.status': () => services.network.status(),
    'audit.list': (request) => ({ entries: services.audit.list(request.limit, request.beforeSeq) }),
    'audit.verify': () => services.audit.verify(),
  };
}

// The handler table: one function per bridge channel, each a thin call into a service.
// Requests arrive already parsed by the gate; replies are plain data.
import { AirlockError } from '../../shared/errors';
import type { ChannelName, RequestOf, ResponseOf } from '../../shared/bridge';
import type { AppServices } from '../app-services';

export type Handler<C extends ChannelName> = (request: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
export type HandlerTable = { [C in ChannelName]: Handler<C> };

export function createHandlerTable(services: AppServices): HandlerTable {
  const custody = () => {
    // The gate already refuses vault channels in relay mode; this is the second wall.
    if (!services.custody) throw new AirlockError('channel-unknown', 'The relay holds no vault.');
    return services.custody;
  };
  /** A holder's action (not a status poll) postpones the idle lock. */
  const acting = () => {
    const c = custody();
    c.unlock.touch();
    return c;
  };
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
    'vault.summary': () => ({ vault: custody().vault.summary() }),
    'vault.create': (request) => acting().vault.create(request),
    'shares.reprint': (request) => acting().vault.reprint(request.holder, request.passphrase),
    'shares.check': (request) => acting().shareCheck.check(request.holder, request.words, request.passphrase),
    'sign.review': (request) => acting().signRequests.review(request.parts),
    'sign.approve': (request) => acting().signRequests.approve(request.requestKey),
    'vault.setIdleLock': (request) => ({ vault: acting().vault.setIdleLockMinutes(request.minutes) }),
    'unlock.status': () => {
      const { unlock } = custody();
      // A poll after the idle deadline sees the vault locked, not a stale "unlocked".
      unlock.tick();
      return unlock.status();
    },
    'unlock.present': (request) => acting().unlock.present(request.holder, request.passphrase),
    'unlock.complete': (request) => acting().unlock.complete(request),
    'vault.lock': () => {
      const { unlock } = custody();
      unlock.lock('explicit');
      return unlock.status();
    },
  };
}

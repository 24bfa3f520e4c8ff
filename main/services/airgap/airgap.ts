// SECURITY(H-27): the vault rebuilds its key and signs only while air-gapped. While any non-loopback network
// interface is up, the quorum unlock (every share presented, the quorum completed) and every use of the unlocked
// seed are refused and the refusal is audited, unless the vault's audited test-machine setting allows it.
import type { NetworkStatus } from '../../../shared/bridge';
import { AirlockError } from '../../../shared/errors';
import type { Db } from '../../db/connection';
import { appendAuditEntry } from '../../db/audit';
import { readVault } from '../../db/vault';
import type { Clock } from '../deps';
import type { NetworkService } from './network';

/** What the holders were about to do when the network was found up. */
export type AirgapStep = 'unlock' | 'sign';

export interface AirgapPolicy {
  /**
   * Returns the names of the interfaces that are up (empty when offline) when `step` may go ahead; throws
   * `vault-online`, recorded in the audit log, while one is up and the setting is off.
   */
  require(step: AirgapStep): string[];
  /** The interfaces that are up, with the vault's setting: what the air-gap banner shows. */
  status(): NetworkStatus;
}

export function createAirgapPolicy({ db, clock, network }: { db: Db; clock: Clock; network: NetworkService }): AirgapPolicy {
  return {
    require(step) {
      const up = [...new Set(network.status().interfaces.map((i) => i.name))];
      const vault = readVault(db);
      if (up.length === 0 || !vault || vault.allowOnlineSigning) return up;
      const interfaces = up.join(', ');
      db.transaction(() => appendAuditEntry(db, { at: clock.now(), actor: 'vault', action: 'airgap-refused', details: { vault: vault.id, step, interfaces } })).immediate();
      throw new AirlockError(
        'vault-online',
        `This computer is connected to a network (${interfaces}). The vault ${step === 'unlock' ? 'unlocks' : 'signs'} only while air-gapped: ` +
          `disconnect Wi-Fi and Ethernet (switch Wi-Fi off, unplug the network cable), then try again. Nothing was ${step === 'unlock' ? 'unlocked' : 'signed'}.`,
        { step, interfaces },
      );
    },
    status() {
      return { ...network.status(), onlineSigningAllowed: readVault(db)?.allowOnlineSigning ?? false };
    },
  };
}

// `airlock network status`: is this machine air-gapped? Lists every non-loopback interface that is up.
import { createNetworkService } from '../../services/airgap/network';
import { EXIT, type CliCommand } from '../command';

export const networkCommands: CliCommand[] = [
  {
    path: ['network', 'status'],
    summary: 'List network interfaces that are up besides loopback; exit 1 while any is (the vault must be air-gapped).',
    options: [],
    async run(input) {
      return createNetworkService({ clock: input.clock }).status();
    },
    exitCodeOf: (value) => ((value as { online: boolean }).online ? EXIT.checkFailed : EXIT.ok),
  },
];

// The relay process's bundle (dist/main-relay.cjs), loaded by main.ts for --mode relay: the Electron app composed
// from the relay's root, the only one with network code.
import { modeEntry } from './electron-app';
import { createRelayServices } from './relay-services';

export const { start } = modeEntry('relay', createRelayServices);

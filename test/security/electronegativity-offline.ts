// Runs the Electronegativity CLI with our own network guard installed, so the scan never calls home
// (it would fetch translations and Electron's release list). Arguments are passed straight through.
import { createRequire } from 'node:module';
import { installNetworkGuard } from '../../main/window/network-guard';

installNetworkGuard();
process.argv = [process.argv[0] ?? 'node', 'electronegativity', ...process.argv.slice(2)];
createRequire(import.meta.url)('@doyensec/electronegativity/dist/index.js');

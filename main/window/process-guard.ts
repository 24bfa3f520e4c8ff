// SECURITY(H-26): the vault starts no other program and no thread. A child process or a worker is not covered by
// the network guard (H-10) of this process, so a `curl` or a Worker could reach the network for it: in vault mode
// every Node entry point that starts one throws `process-forbidden`. Nothing in the vault needs them (the QR
// scanner's worker is a Web Worker in the sandboxed renderer). Like H-10 it stops accidents and misbehaving
// dependencies; it is no sandbox against native code already running in main.
import childProcess, { ChildProcess } from 'node:child_process';
import workerThreads from 'node:worker_threads';
import { putBack, refusal, replaceEntryPoint, replaceEntryPoints, type GuardTarget, type Replaced } from './entry-point-guard';

export const PROCESS_FORBIDDEN_MESSAGE =
  'The vault never starts other programs or background threads, and something inside Airlock just tried to. It was stopped; nothing ran. Please report this.';

/** The internal bindings behind child_process, reachable through the deprecated process.binding. */
const SPAWN_BINDINGS = new Set(['spawn_sync', 'process_wrap']);

/** Every Node entry point that starts a process or a thread, by module. */
export function nodeProcessTargets(): GuardTarget[] {
  return [
    { label: 'node:child_process', object: childProcess, keys: ['spawn', 'exec', 'execFile', 'fork', 'spawnSync', 'execSync', 'execFileSync'] },
    // The choke point under spawn, exec, execFile, fork and cluster.fork: catches code that captured one of
    // them before the guard went in. The *Sync functions have no such point; their captured copies still run.
    { label: 'ChildProcess', object: ChildProcess.prototype, keys: ['spawn'] },
    { label: 'node:worker_threads', object: workerThreads, keys: ['Worker'] },
    // Replaces this process with another program (Node 22.15+).
    { label: 'process', object: process, keys: ['execve'] },
  ];
}

/** process.binding is deprecated and missing from Node's types, but still answers. */
const legacy = process as unknown as { binding(name: string): unknown };

let saved: Replaced[] | null = null;
let nativeSaved: Replaced[] | null = null;

export function isProcessGuardInstalled(): boolean {
  return saved !== null;
}

export function areNativeAddonsForbidden(): boolean {
  return nativeSaved !== null;
}

const stub = (entryPoint: string) => refusal('process-forbidden', PROCESS_FORBIDDEN_MESSAGE, entryPoint);

/** Replaces every process and thread entry point with one that throws; installing twice is a no-op. */
export function installProcessGuard(): void {
  if (saved !== null) return;
  saved = [];
  const binding = legacy.binding.bind(process);
  // process.binding('spawn_sync') would start a program without child_process: those names are refused, others pass.
  replaceEntryPoint(process, 'binding', (name: string) => (SPAWN_BINDINGS.has(name) ? stub(`process.binding('${name}')`)() : binding(name)), saved);
  replaceEntryPoints(nodeProcessTargets(), stub, saved);
}

/**
 * After the vault's one native addon (SQLite) has loaded, no other native code may: an addon runs outside every
 * JavaScript guard and could open sockets or start programs itself. `require('x.node')` goes through process.dlopen
 * too. Separate from installProcessGuard because better-sqlite3 loads its addon when the first database opens.
 */
export function forbidNativeAddons(): void {
  if (nativeSaved !== null) return;
  nativeSaved = [];
  replaceEntryPoint(process, 'dlopen', stub('process.dlopen'), nativeSaved);
}

/** Test-only: puts every original back. The app never calls this. */
export function restoreProcessGuardForTests(): void {
  if (nativeSaved !== null) putBack(nativeSaved);
  if (saved !== null) putBack(saved);
  saved = null;
  nativeSaved = null;
}

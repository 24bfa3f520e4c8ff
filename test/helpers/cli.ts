// Runs the bundled `airlock` CLI as a user does: a subprocess with arguments and standard input.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CLI_PATH = join(import.meta.dirname, '..', '..', 'dist', 'cli.cjs');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  json: any;
}

/**
 * SECURITY(H-27): this machine has eth0 up, and a vault refuses to unlock or sign while a network interface is up.
 * Integration tests that unlock through the CLI on it turn on the vault's audited test-machine setting with this,
 * visibly; test/integration/airgap.test.ts shows the refusal without it.
 */
export function allowOnlineSigning(db: string): void {
  const run = runAirlock(['vault', 'settings', '--db', db, '--allow-online-signing', 'true', '--json']);
  if (run.status !== 0 || run.json?.vault?.allowOnlineSigning !== true) throw new Error(`allowing online signing failed: ${run.stdout}${run.stderr}`);
}

/** The CLI's standard output read as JSON (what --json prints), or null when it is not JSON. */
export function jsonOrNull(stdout: string): unknown {
  try {
    return JSON.parse(stdout);
  } catch {
    return null;
  }
}

/** How long a CLI run may take before it counts as hung (the e2e suite's test limit). */
const CLI_HANG_MS = 480_000;

export function runAirlock(args: readonly string[], stdin = '', env: NodeJS.ProcessEnv = process.env): CliRun {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first (npm test does).`);
  // The CLI is waited for until it exits: a vault command's KDF takes seconds on a quiet machine and many times that on
  // a busy one. Only a CLI that never exits is stopped, after the same limit an e2e test has, and said so plainly.
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], { input: stdin, encoding: 'utf8', env, timeout: CLI_HANG_MS });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    throw new Error(`airlock ${args.join(' ')} did not exit within ${CLI_HANG_MS / 60_000} minutes: it hangs.`);
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, json: jsonOrNull(result.stdout) };
}

/** The same without blocking this process (it may keep using the database meanwhile); `started` gets the child. */
export function runAirlockAsync(args: readonly string[], stdin = '', started?: (child: ChildProcess) => void): Promise<CliRun> {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first (npm test does).`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end(stdin);
    started?.(child);
    child.on('close', (status) => resolve({ status, stdout, stderr, json: jsonOrNull(stdout) }));
  });
}

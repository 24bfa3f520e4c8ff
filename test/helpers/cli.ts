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

export function runAirlock(args: readonly string[], stdin = '', env: NodeJS.ProcessEnv = process.env): CliRun {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first (npm test does).`);
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], { input: stdin, encoding: 'utf8', env, timeout: 60_000 });
  let json: unknown = null;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    json = null;
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, json };
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
    child.on('close', (status) => {
      let json: unknown = null;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = null;
      }
      resolve({ status, stdout, stderr, json });
    });
  });
}

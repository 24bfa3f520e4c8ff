// A real local chain for integration tests: anvil (npm @foundry-rs/anvil) on a free loopback port, a
// JSON-RPC call helper, and clean shutdown even when a test fails. Test code only; the vault never talks RPC.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export interface Anvil {
  url: string;
  port: number;
  chainId: bigint;
  /** One JSON-RPC call; throws an Error carrying the node's error message. */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

/** anvil's default accounts (mnemonic "test test test test test test test test test test test junk"), each funded with 10,000 ETH. */
export const DEV_ACCOUNTS: readonly { address: string; privateKey: string }[] = [
  { address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' },
  { address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', privateKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' },
  { address: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', privateKey: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a' },
  { address: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', privateKey: '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6' },
];

const running = new Set<ChildProcess>();
function killRunning(): void {
  for (const child of running) child.kill('SIGKILL');
}
process.once('exit', killRunning);
// 'exit' does not run when a signal ends the process: kill anvil, then let the signal do what it would have done.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killRunning();
    process.kill(process.pid, signal);
  });
}

function anvilBinary(): string {
  const platformBinary = join(ROOT, 'node_modules', '@foundry-rs', `anvil-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`, 'bin', 'anvil');
  if (existsSync(platformBinary)) return platformBinary;
  const shim = join(ROOT, 'node_modules', '.bin', 'anvil');
  if (existsSync(shim)) return shim;
  throw new Error('anvil is not installed: run `npm install` (the @foundry-rs/anvil devDependency ships it).');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A JSON-RPC caller for any endpoint URL. */
export function rpcClient(url: string) {
  let id = 0;
  return async function rpc<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    });
    const body = (await response.json()) as { result?: T; error?: { message: string; data?: unknown } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result as T;
  };
}

export async function startAnvil(options: { chainId?: number; blockTime?: number } = {}): Promise<Anvil> {
  const chainId = options.chainId ?? 31337;
  // Port 0: anvil binds a port the kernel picks and says which, so two test files starting chains at
  // once can never race for the same port (or one talk to the other's chain).
  const args = ['--port', '0', '--host', '127.0.0.1', '--chain-id', String(chainId)];
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await listeningPort(child);
  const url = `http://127.0.0.1:${port}`;
  const rpc = rpcClient(url);
  const answered = BigInt(await rpc<string>('eth_chainId'));
  if (answered !== BigInt(chainId)) throw new Error(`anvil answered chain id ${answered}, expected ${chainId}`);
  return {
    url,
    port,
    chainId: BigInt(chainId),
    rpc,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      }
      running.delete(child);
    },
  };
}

/** Reads anvil's startup output until its "Listening on 127.0.0.1:<port>" line; then drains the rest. */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (!match) return;
      child.stdout?.off('data', onData);
      child.stdout?.resume(); // keep draining anvil's request log so it never blocks on a full pipe
      child.off('exit', onExit);
      resolve(Number(match[1]));
    };
    const onExit = (code: number | null) =>
      reject(new Error(`anvil exited before listening (code ${code}): ${stderr.slice(0, 500)}`));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

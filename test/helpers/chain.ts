// Deployment helpers for integration tests on anvil: the fixture contracts (OpenZeppelin, compiled with npm solc and
// cached), the real Safe 1.4.1 stack at its canonical addresses, Safes through the proxy factory, and small RPC helpers.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAddress, getCreate2Address, Interface, keccak256, ZeroAddress, ZeroHash, type InterfaceAbi } from 'ethers';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from './anvil';
import { allowOnlineSigning, runAirlock, type CliRun } from './cli';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'contracts');
const OZ = join(ROOT, 'node_modules', '@openzeppelin', 'contracts');
const SAFE_ARTIFACTS = join(ROOT, 'node_modules', '@safe-global', 'safe-contracts', 'build', 'artifacts', 'contracts');
/** Anvil 1.x runs Prague; cancun keeps the fixtures free of opcodes an older anvil would refuse. */
const EVM_VERSION = 'cancun';

export interface CompiledContract {
  abi: InterfaceAbi;
  /** Creation bytecode, 0x-prefixed. */
  bytecode: string;
}

export type FixtureName = 'TestToken' | 'TestVault' | 'PausableTarget' | 'TestTimelock' | 'MockAavePool' | 'FakeMultiSend';

// ---------------------------------------------------------------------------------------------------------------
// Compiling the fixtures

let compiled: Record<string, CompiledContract> | undefined;

/** Compiles test/fixtures/contracts/*.sol once per source hash (cached in the OS temp folder). */
export function compileFixtures(): Record<string, CompiledContract> {
  if (compiled) return compiled;
  const require = createRequire(import.meta.url);
  const solc = require('solc') as { version(): string; compile(input: string, callbacks: { import(path: string): { contents: string } | { error: string } }): string };
  const sources: Record<string, { content: string }> = {};
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.sol')).sort()) {
    sources[file] = { content: readFileSync(join(FIXTURES, file), 'utf8') };
  }
  const ozVersion = (JSON.parse(readFileSync(join(OZ, 'package.json'), 'utf8')) as { version: string }).version;
  const key = createHash('sha256').update(JSON.stringify({ sources, ozVersion, solc: solc.version(), EVM_VERSION })).digest('hex').slice(0, 24);
  const cacheDir = join(tmpdir(), 'airlock-test-solc');
  const cacheFile = join(cacheDir, `${key}.json`);
  if (existsSync(cacheFile)) {
    compiled = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, CompiledContract>;
    return compiled;
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: EVM_VERSION,
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const findImports = (path: string) => {
    const prefix = '@openzeppelin/contracts/';
    if (!path.startsWith(prefix)) return { error: `Only @openzeppelin/contracts imports are available, not ${path}.` };
    const file = join(OZ, path.slice(prefix.length));
    return existsSync(file) ? { contents: readFileSync(file, 'utf8') } : { error: `${path} is not in node_modules/@openzeppelin/contracts.` };
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: InterfaceAbi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const result: Record<string, CompiledContract> = {};
  for (const file of Object.keys(sources)) {
    for (const [name, contract] of Object.entries(output.contracts[file] ?? {})) {
      result[name] = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  // Write then rename, so a test file compiling in parallel never reads half a cache file.
  const partial = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(result));
  renameSync(partial, cacheFile);
  compiled = result;
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Transactions and views

export interface Receipt {
  status: string;
  transactionHash: string;
  contractAddress: string | null;
  gasUsed: string;
  effectiveGasPrice: string;
  blockNumber: string;
  logs: { address: string; topics: string[]; data: string }[];
}

/** Polls for a receipt (anvil mines at once unless started with a block time). */
export async function waitForReceipt(anvil: Anvil, hash: string, timeoutMs = 20_000): Promise<Receipt> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const receipt = await anvil.rpc<Receipt | null>('eth_getTransactionReceipt', [hash]);
    if (receipt) return receipt;
    if (Date.now() > deadline) throw new Error(`No receipt for ${hash} after ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sends from an account anvil unlocks (a dev account, or any after anvil_impersonateAccount) and requires success. */
export async function sendFrom(anvil: Anvil, from: string, tx: { to?: string; data?: string; value?: bigint; gas?: bigint }): Promise<Receipt> {
  const request: Record<string, string> = { from };
  if (tx.to) request.to = tx.to;
  if (tx.data) request.data = tx.data;
  if (tx.value !== undefined) request.value = `0x${tx.value.toString(16)}`;
  if (tx.gas !== undefined) request.gas = `0x${tx.gas.toString(16)}`;
  const hash = await anvil.rpc<string>('eth_sendTransaction', [request]);
  const receipt = await waitForReceipt(anvil, hash);
  if (receipt.status !== '0x1') throw new Error(`Transaction ${hash} from ${from} reverted.`);
  return receipt;
}

/** Broadcasts a signed raw transaction and returns its receipt (whatever its status). */
export async function sendRaw(anvil: Anvil, rawTransaction: string): Promise<Receipt> {
  const hash = await anvil.rpc<string>('eth_sendRawTransaction', [rawTransaction]);
  return waitForReceipt(anvil, hash);
}

/** Calls a view through an ABI (ethers Interface) and returns the decoded result (one value unwrapped). */
export async function callView(anvil: Anvil, to: string, abi: InterfaceAbi | Interface, fn: string, args: unknown[] = []): Promise<any> {
  const iface = abi instanceof Interface ? abi : new Interface(abi);
  const data = iface.encodeFunctionData(fn, args);
  const raw = await anvil.rpc<string>('eth_call', [{ to, data }, 'latest']);
  const result = iface.decodeFunctionResult(fn, raw);
  return result.length === 1 ? result[0] : result;
}

/** Encodes a call for `sendFrom` or a draft action. */
export function encodeCall(abi: InterfaceAbi | Interface, fn: string, args: unknown[] = []): string {
  return (abi instanceof Interface ? abi : new Interface(abi)).encodeFunctionData(fn, args);
}

export async function setBalance(anvil: Anvil, address: string, wei: bigint): Promise<void> {
  await anvil.rpc('anvil_setBalance', [address, `0x${wei.toString(16)}`]);
}

export async function balanceOf(anvil: Anvil, address: string): Promise<bigint> {
  return BigInt(await anvil.rpc<string>('eth_getBalance', [address, 'latest']));
}

export async function nonceOf(anvil: Anvil, address: string): Promise<bigint> {
  return BigInt(await anvil.rpc<string>('eth_getTransactionCount', [address, 'latest']));
}

export async function baseFee(anvil: Anvil): Promise<bigint> {
  const block = await anvil.rpc<{ baseFeePerGas?: string }>('eth_getBlockByNumber', ['latest', false]);
  return BigInt(block.baseFeePerGas ?? '0');
}

// ---------------------------------------------------------------------------------------------------------------
// Deploying fixtures

export interface Deployed {
  address: string;
  abi: InterfaceAbi;
  iface: Interface;
}

/** Deploys a compiled fixture (default sender: dev account 0). */
export async function deployFixture(anvil: Anvil, name: FixtureName, args: unknown[] = [], from = DEV_ACCOUNTS[0]!.address): Promise<Deployed> {
  const contract = compileFixtures()[name];
  if (!contract) throw new Error(`No compiled fixture named ${name}.`);
  const iface = new Interface(contract.abi);
  const data = contract.bytecode + iface.encodeDeploy(args).slice(2);
  const receipt = await sendFrom(anvil, from, { data, gas: 8_000_000n });
  if (!receipt.contractAddress) throw new Error(`Deploying ${name} created no contract.`);
  return { address: getAddress(receipt.contractAddress), abi: contract.abi, iface };
}

export function fixtureInterface(name: FixtureName): Interface {
  const contract = compileFixtures()[name];
  if (!contract) throw new Error(`No compiled fixture named ${name}.`);
  return new Interface(contract.abi);
}

// ---------------------------------------------------------------------------------------------------------------
// The Safe 1.4.1 stack

/** Safe's singleton factory (safe-global/safe-singleton-factory); same runtime as the deterministic-deployment proxy. */
export const SAFE_SINGLETON_FACTORY = '0x914d7Fec6aaC8cd542e72Bca78B30650d45643d7';
const DETERMINISTIC_DEPLOYMENT_PROXY = '0x4e59b44847b379578588920cA78FbF26c0B4956C';

/** Canonical 1.4.1 addresses (safe-global/safe-deployments src/assets/v1.4.1, "canonical" = singleton factory, salt 0). */
export const SAFE_141_CANONICAL = {
  Safe: '0x41675C099F32341bf84BFc5382aF534df5C7461a',
  SafeL2: '0x29fcB43b46531BcA003ddC8FCB67FFE91900C762',
  SafeProxyFactory: '0x4e1DCf7AD4e460CfD30791CCC4F9c8a4f820ec67',
  CompatibilityFallbackHandler: '0xfd0732Dc9E303f09fCEf3a7388Ad10A83459Ec99',
  MultiSendCallOnly: '0x9641d764fc13c8B624c04430C7356C1C7C8102e2',
  SignMessageLib: '0xd53cd0aB83D845Ac265BE939c57F53AD838012c9',
} as const;

type SafeContractName = keyof typeof SAFE_141_CANONICAL;

const ARTIFACT_PATHS: Record<SafeContractName, string> = {
  Safe: 'Safe.sol/Safe.json',
  SafeL2: 'SafeL2.sol/SafeL2.json',
  SafeProxyFactory: 'proxies/SafeProxyFactory.sol/SafeProxyFactory.json',
  CompatibilityFallbackHandler: 'handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json',
  MultiSendCallOnly: 'libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json',
  SignMessageLib: 'libraries/SignMessageLib.sol/SignMessageLib.json',
};

interface SafeArtifact {
  abi: InterfaceAbi;
  bytecode: string;
  deployedBytecode: string;
}

export function safeArtifact(name: SafeContractName): SafeArtifact {
  return JSON.parse(readFileSync(join(SAFE_ARTIFACTS, ARTIFACT_PATHS[name]), 'utf8')) as SafeArtifact;
}

export interface SafeStack {
  /** Contract name → canonical address (all installed). */
  addresses: Record<SafeContractName, string>;
  /** How each got there: 'create2' (the published bytecode, proven by its address) or 'set-code' (fallback). */
  installedBy: Record<SafeContractName, 'create2' | 'set-code'>;
  safeInterface: Interface;
  factoryInterface: Interface;
}

/**
 * Installs the Safe singleton factory (copying the deterministic-deployment proxy's runtime, which is the same
 * program) and CREATE2-deploys each artifact with salt 0. An address equal to the canonical one proves the npm
 * artifact is the published bytecode. Should one differ, the artifact's runtime is put at the canonical address
 * with anvil_setCode instead and `installedBy` says so (the tests assert which path was taken).
 */
export async function deploySafeStack(anvil: Anvil): Promise<SafeStack> {
  const proxyCode = await anvil.rpc<string>('eth_getCode', [DETERMINISTIC_DEPLOYMENT_PROXY, 'latest']);
  if (proxyCode === '0x') throw new Error('anvil has no deterministic-deployment proxy to copy the singleton factory from.');
  await anvil.rpc('anvil_setCode', [SAFE_SINGLETON_FACTORY, proxyCode]);
  const addresses = {} as Record<SafeContractName, string>;
  const installedBy = {} as Record<SafeContractName, 'create2' | 'set-code'>;
  for (const name of Object.keys(SAFE_141_CANONICAL) as SafeContractName[]) {
    const artifact = safeArtifact(name);
    const canonical = SAFE_141_CANONICAL[name];
    const predicted = getCreate2Address(SAFE_SINGLETON_FACTORY, ZeroHash, keccak256(artifact.bytecode));
    if (predicted === canonical) {
      if ((await anvil.rpc<string>('eth_getCode', [canonical, 'latest'])) === '0x') {
        await sendFrom(anvil, DEV_ACCOUNTS[0]!.address, { to: SAFE_SINGLETON_FACTORY, data: ZeroHash + artifact.bytecode.slice(2), gas: 10_000_000n });
      }
      installedBy[name] = 'create2';
    } else {
      // Fallback: the npm build differs from the published one (compiler metadata); same source, same ABI.
      await anvil.rpc('anvil_setCode', [canonical, artifact.deployedBytecode]);
      installedBy[name] = 'set-code';
    }
    const code = await anvil.rpc<string>('eth_getCode', [canonical, 'latest']);
    if (code.toLowerCase() !== artifact.deployedBytecode.toLowerCase()) throw new Error(`${name} at ${canonical} does not carry the artifact's runtime code.`);
    addresses[name] = canonical;
  }
  return {
    addresses,
    installedBy,
    safeInterface: new Interface(safeArtifact('Safe').abi),
    factoryInterface: new Interface(safeArtifact('SafeProxyFactory').abi),
  };
}

let saltNonce = 0n;

/** A Safe proxy over the canonical singleton, set up with owners, threshold and the fallback handler. */
/** Runs `body` on a fresh anvil with the Safe 1.4.1 stack deployed, and stops that anvil after it, also when it fails. */
export async function withSafeStack<T>(body: (anvil: Anvil, stack: SafeStack) => Promise<T>): Promise<T> {
  const anvil = await startAnvil();
  try {
    return await body(anvil, await deploySafeStack(anvil));
  } finally {
    await anvil.stop();
  }
}

export async function deploySafe(anvil: Anvil, stack: SafeStack, owners: readonly string[], threshold: number): Promise<string> {
  const initializer = stack.safeInterface.encodeFunctionData('setup', [
    owners,
    threshold,
    ZeroAddress,
    '0x',
    stack.addresses.CompatibilityFallbackHandler,
    ZeroAddress,
    0,
    ZeroAddress,
  ]);
  const args = [stack.addresses.Safe, initializer, ++saltNonce];
  const data = stack.factoryInterface.encodeFunctionData('createProxyWithNonce', args);
  const factory = stack.addresses.SafeProxyFactory;
  const raw = await anvil.rpc<string>('eth_call', [{ from: DEV_ACCOUNTS[0]!.address, to: factory, data }, 'latest']);
  const safe = getAddress(stack.factoryInterface.decodeFunctionResult('createProxyWithNonce', raw)[0] as string);
  await sendFrom(anvil, DEV_ACCOUNTS[0]!.address, { to: factory, data, gas: 1_000_000n });
  if ((await anvil.rpc<string>('eth_getCode', [safe, 'latest'])) === '0x') throw new Error(`No Safe proxy at ${safe} after createProxyWithNonce.`);
  return safe;
}

// ---------------------------------------------------------------------------------------------------------------
// Vaults driven through the CLI, as a key holder would (cheap KDF: iteration exponent 0, 128-bit secrets)

export type AccountRole = 'safe-owner' | 'executor' | 'eoa-treasury';

export interface CliVault {
  db: string;
  /** The holders a sign request presents (a quorum). */
  quorum: { name: string; passphrase: string }[];
  /** Registered address per role (the first account with that role). */
  address: Partial<Record<AccountRole, string>>;
}

/**
 * `airlock vault create` in a fresh database; holders: [name, passphrase] pairs, the first `threshold` of which
 * form the quorum the helpers sign with. Accounts: BIP-44 indexes 0.. with the given roles.
 */
export function createCliVault(dir: string, name: string, holders: [string, string][], threshold: number, roles: AccountRole[]): CliVault {
  const db = join(dir, `${name.replace(/\W+/g, '-')}.db`);
  const spec = {
    name,
    secretBits: 128,
    groups: [{ name: 'Board', memberThreshold: threshold, holders: holders.map(([holder, passphrase]) => ({ name: holder, passphrase })) }],
    iterationExponent: 0,
    accounts: roles.map((role, index) => ({ scheme: 'bip44', index, label: `${role} ${index}`, role })),
  };
  const run = runAirlock(['vault', 'create', '--db', db, '--json'], JSON.stringify(spec));
  if (run.status !== 0) throw new Error(`vault create ${name} failed: ${run.stdout}${run.stderr}`);
  // These vaults unlock and sign on a connected test machine (H-27).
  allowOnlineSigning(db);
  const address: CliVault['address'] = {};
  for (const account of run.json.vault.accounts as { address: string; role: AccountRole }[]) address[account.role] ??= account.address;
  return { db, quorum: holders.slice(0, threshold).map(([holder, passphrase]) => ({ name: holder, passphrase })), address };
}

/**
 * `airlock snapshot pair` as holders run it: the relay's four words compared (`words`, the right ones by default), the
 * quorum on stdin, so the vault seals the pairing.
 */
export function pairRelayCli(vault: Pick<CliVault, 'db' | 'quorum'>, key: { relayKey: string; fingerprint: string }, options: { label?: string; words?: string } = {}): CliRun {
  const words = (options.words ?? key.fingerprint).split(' ');
  const label = options.label === undefined ? [] : ['--label', options.label];
  return runAirlock(['snapshot', 'pair', '--json', '--db', vault.db, '--relay-key', key.relayKey, '--words', ...words, ...label], JSON.stringify({ holders: vault.quorum }));
}

/** `airlock draft create`; returns the CLI run (json.draft on success). */
export function createDraft(vault: CliVault, input: unknown): CliRun {
  return runAirlock(['draft', 'create', '--db', vault.db, '--json'], JSON.stringify(input));
}

/** `airlock draft sign` of the reviewed draft (its digest) with the vault's quorum, acknowledging the given warning codes. */
export function signDraft(vault: CliVault, draft: { id: number; digest: string }, acknowledge: readonly string[] = []): CliRun {
  return runAirlock(['draft', 'sign', '--db', vault.db, '--id', String(draft.id), '--json'], JSON.stringify({ holders: vault.quorum, digest: draft.digest, acknowledge }));
}

/** Creates and signs a draft, failing loudly with the CLI's message if either step does not succeed. */
export function createAndSign(vault: CliVault, input: unknown): { draft: any; signed: any } {
  const created = createDraft(vault, input);
  if (created.status !== 0) throw new Error(`draft create failed: ${created.stdout}${created.stderr}`);
  const draft = created.json.draft;
  const signed = signDraft(vault, draft, draft.acknowledgementsRequired);
  if (signed.status !== 0) throw new Error(`draft sign failed: ${signed.stdout}${signed.stderr}`);
  return { draft, signed: signed.json };
}

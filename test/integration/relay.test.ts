// The relay's snapshot against a real chain: ERC-20s, an ERC-4626 vault, an Aave-style pool and a real
// Safe 1.4.1 on anvil. Every field equals a direct RPC read; a changed Safe slot 0 warns on import.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { getAddress, Interface } from 'ethers';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { SecretBytes } from '../../shared/crypto/secret';
import { buildTransaction, signTransaction } from '../../shared/evm/tx';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil';
import { callView, createCliVault, deployFixture, deploySafe, deploySafeStack, encodeCall, fixtureInterface, pairRelayCli, sendFrom, setBalance, type CliVault, type Deployed, type SafeStack } from '../helpers/chain';
import { runAirlock } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

let chain: Anvil;
let stack: SafeStack;
let safe: string;
let tokenA: Deployed;
let tokenB: Deployed;
let vault: Deployed;
let pool: Deployed;
const [alice, bob, carol, dave] = DEV_ACCOUNTS.map((a) => a.address) as [string, string, string, string];
const dir = tempDir('airlock-relay-');
const relayDb = join(dir, 'relay.db');
let custody: CliVault;
let vaultDb: string;
const E18 = 10n ** 18n;

before(async () => {
  chain = await startAnvil();
  stack = await deploySafeStack(chain);
  safe = await deploySafe(chain, stack, [bob, carol, dave], 2);
  tokenA = await deployFixture(chain, 'TestToken', ['Test A', 'TSA', 18, alice, 1000n * E18]);
  tokenB = await deployFixture(chain, 'TestToken', ['Dollar', 'USDX', 6, safe, 5_000_000n]);
  vault = await deployFixture(chain, 'TestVault', [tokenA.address, 'Vault A', 'vTSA']);
  pool = await deployFixture(chain, 'MockAavePool');
  await sendFrom(chain, alice, { to: tokenA.address, data: encodeCall(tokenA.iface, 'approve', [vault.address, 100n * E18]) });
  await sendFrom(chain, alice, { to: vault.address, data: encodeCall(vault.iface, 'deposit', [100n * E18, alice]) });
  await sendFrom(chain, alice, { to: pool.address, data: encodeCall(pool.iface, 'setUserAccountData', [alice, 5000n, 1000n, 2500n, 8250n, 8000n, 4n * E18]) });
  // A module on the Safe, enabled by the Safe itself (impersonated), so the module list is not empty.
  await chain.rpc('anvil_impersonateAccount', [safe]);
  await setBalance(chain, safe, E18);
  await sendFrom(chain, safe, { to: safe, data: encodeCall(stack.safeInterface, 'enableModule', [dave]) });
  custody = createCliVault(dir, 'vault', [['Alice', 'alice pass one'], ['Bob', 'bob pass two']], 2, ['eoa-treasury']);
  vaultDb = custody.db;
});
after(async () => {
  await chain?.stop();
});

function takeSnapshot(): any {
  const run = runAirlock([
    'relay', 'snapshot', '--json', '--db', relayDb, '--rpc', chain.url,
    '--account', alice, bob, '--safe', safe, '--token', tokenA.address, tokenB.address,
    '--position', `erc4626-shares:${vault.address}`, `aave-v3-account:${pool.address}`, `erc20-balance:${tokenA.address}`,
  ]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  return run.json;
}

const at = (snapshot: any) => '0x' + BigInt(snapshot.blockNumber).toString(16);
const word = (hex: string) => getAddress('0x' + hex.slice(-40));
const view = (iface: Interface, to: string, fn: string, args: unknown[] = []) => callView(chain, to, iface, fn, args);

test('every snapshot field equals what direct RPC reads return at its block', async () => {
  const s = takeSnapshot();
  const tag = at(s);
  assert.equal(tag, await chain.rpc<string>('eth_blockNumber'));
  const block = await chain.rpc<any>('eth_getBlockByNumber', [tag, false]);
  assert.equal(s.chainId, '31337');
  assert.equal(s.blockHash, block.hash);
  assert.equal(s.blockTime, BigInt(block.timestamp).toString());
  assert.match(s.merkleRoot, /^0x[0-9a-f]{64}$/);
  assert.match(s.signature, /^0x[0-9a-f]{128}$/);
  assert.match(s.relayKey, /^0x0[23][0-9a-f]{64}$/);

  const token = fixtureInterface('TestToken');
  for (const [i, address] of [alice, bob].entries()) {
    const account = s.accounts[i];
    assert.equal(account.address, address);
    assert.equal(account.nonce, BigInt(await chain.rpc<string>('eth_getTransactionCount', [address, tag])).toString());
    assert.equal(account.balance, BigInt(await chain.rpc<string>('eth_getBalance', [address, tag])).toString());
    for (const [j, t] of [tokenA, tokenB].entries()) {
      assert.deepEqual(account.tokens[j], {
        token: t.address,
        symbol: await view(token, t.address, 'symbol'),
        decimals: String(await view(token, t.address, 'decimals')),
        balance: String(await view(token, t.address, 'balanceOf', [address])),
      });
    }
  }
  assert.equal(s.accounts[0].tokens[0].balance, String(900n * E18));

  const safeIface = stack.safeInterface;
  const [modules] = await view(safeIface, safe, 'getModulesPaginated', ['0x0000000000000000000000000000000000000001', 10]);
  assert.deepEqual(s.safes, [
    {
      address: safe,
      owners: [...(await view(safeIface, safe, 'getOwners'))],
      threshold: String(await view(safeIface, safe, 'getThreshold')),
      nonce: String(await view(safeIface, safe, 'nonce')),
      version: await view(safeIface, safe, 'VERSION'),
      implementation: word(await chain.rpc<string>('eth_getStorageAt', [safe, '0x0', tag])),
      modules: [...modules],
      guard: word(await chain.rpc<string>('eth_getStorageAt', [safe, '0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8', tag])),
      fallbackHandler: word(await chain.rpc<string>('eth_getStorageAt', [safe, '0x6c9a6c4a39284e37ed1cf53d337577d14212a4870fb976a4366c693b939918d5', tag])),
    },
  ]);
  // The values themselves, not only the agreement: the real Safe 1.4.1 as set up above.
  assert.deepEqual(s.safes[0].owners, [bob, carol, dave]);
  assert.equal(s.safes[0].implementation, stack.addresses.Safe);
  assert.equal(s.safes[0].fallbackHandler, stack.addresses.CompatibilityFallbackHandler);
  assert.deepEqual(s.safes[0].modules, [dave]);
  assert.equal(s.safes[0].version, '1.4.1');
  assert.equal(s.accounts.length, 2);

  const history = await chain.rpc<any>('eth_feeHistory', ['0x5', tag, [50]]);
  const base = BigInt(history.baseFeePerGas.at(-1));
  const tip = history.reward.reduce((max: bigint, row: string[]) => (BigInt(row[0]!) > max ? BigInt(row[0]!) : max), 0n);
  assert.deepEqual(s.fees, { baseFee: base.toString(), maxPriorityFeePerGas: tip.toString(), maxFeePerGas: (2n * base + tip).toString() });

  const holders = [alice, bob, safe];
  assert.equal(s.positions.length, 9);
  for (const [k, holder] of holders.entries()) {
    const shares = await view(vault.iface, vault.address, 'balanceOf', [holder]);
    assert.deepEqual(s.positions[k], {
      adapter: 'erc4626-shares',
      account: holder,
      contract: vault.address,
      values: [
        { name: 'asset', value: await view(vault.iface, vault.address, 'asset') },
        { name: 'shares', value: String(shares) },
        { name: 'assets', value: String(await view(vault.iface, vault.address, 'convertToAssets', [shares])) },
      ],
    });
    const data = await view(pool.iface, pool.address, 'getUserAccountData', [holder]);
    assert.deepEqual(
      s.positions[3 + k].values.map((v: any) => [v.name, v.value]),
      ['totalCollateralBase', 'totalDebtBase', 'availableBorrowsBase', 'currentLiquidationThreshold', 'ltv', 'healthFactor'].map((name, i) => [name, String(data[i])]),
    );
    assert.deepEqual(s.positions[6 + k].values, [{ name: 'balance', value: String(await view(token, tokenA.address, 'balanceOf', [holder])) }]);
  }
  assert.equal(s.positions[0].values[1].value, String(100n * E18));
  assert.equal(s.positions[3].values[5].value, String(4n * E18));
  assert.deepEqual(s.crossCheck, { endpoints: '1', disagreements: [] });
});

test("changing the Safe's slot 0 between two snapshots raises safe-implementation-changed on import", async () => {
  const key = runAirlock(['relay', 'key', '--json', '--db', relayDb]).json;
  assert.equal(pairRelayCli(custody, key).status, 0);
  const first = runAirlock(['snapshot', 'import', '--json', '--db', vaultDb, '--chain-id', '31337'], JSON.stringify(takeSnapshot()));
  assert.equal(first.status, 0, first.stdout);
  assert.deepEqual(first.json.snapshot.warnings, []);

  // The Bybit trace: the proxy now delegates to other code, owners and threshold untouched (here the
  // SafeL2 singleton, so every Safe view still answers).
  const attacker = stack.addresses.SafeL2;
  await chain.rpc('anvil_setStorageAt', [safe, '0x0', '0x' + attacker.slice(2).toLowerCase().padStart(64, '0')]);
  await chain.rpc('anvil_mine', ['0x1']);
  const second = takeSnapshot();
  assert.equal(second.safes[0].implementation, attacker);
  const run = runAirlock(['snapshot', 'import', '--json', '--db', vaultDb, '--chain-id', '31337'], JSON.stringify(second));
  assert.equal(run.status, 1, 'a critical warning makes the import exit 1');
  const warnings = run.json.snapshot.warnings;
  assert.deepEqual(warnings.map((w: any) => [w.code, w.severity]), [['safe-implementation-changed', 'critical']]);
  assert.ok(warnings[0].message.includes(stack.addresses.Safe) && warnings[0].message.includes(attacker), warnings[0].message);
  // The warning stays with the stored snapshot.
  const listed = runAirlock(['snapshot', 'list', '--json', '--db', vaultDb]).json.snapshots;
  assert.equal(listed[0].warnings[0].code, 'safe-implementation-changed');
});

test('owner, threshold, module and guard changes between two snapshots each raise their critical warning', async () => {
  // Done by the Safe itself (impersonated), as an attacker holding a quorum would; the guard by storage.
  await sendFrom(chain, safe, { to: safe, data: encodeCall(stack.safeInterface, 'addOwnerWithThreshold', [alice, 3]) });
  await sendFrom(chain, safe, { to: safe, data: encodeCall(stack.safeInterface, 'enableModule', [carol]) });
  await chain.rpc('anvil_setStorageAt', [safe, '0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8', '0x' + bob.slice(2).toLowerCase().padStart(64, '0')]);
  await chain.rpc('anvil_mine', ['0x1']);
  const s = takeSnapshot();
  assert.deepEqual(s.safes[0].owners, [alice, bob, carol, dave]);
  assert.equal(s.safes[0].threshold, '3');
  assert.deepEqual(s.safes[0].modules, [carol, dave]);
  assert.equal(s.safes[0].guard, bob);
  const run = runAirlock(['snapshot', 'import', '--json', '--db', vaultDb, '--chain-id', '31337'], JSON.stringify(s));
  assert.equal(run.status, 1);
  assert.deepEqual(
    run.json.snapshot.warnings.map((w: any) => [w.code, w.severity]),
    [['safe-owners-changed', 'critical'], ['safe-threshold-changed', 'critical'], ['safe-modules-changed', 'critical'], ['safe-guard-changed', 'critical']],
  );
});

test('a Safe whose new implementation no longer answers is still snapshotted from its storage, and warned about', async () => {
  const before = takeSnapshot().safes[0];
  await chain.rpc('anvil_setStorageAt', [safe, '0x0', '0x' + tokenA.address.slice(2).toLowerCase().padStart(64, '0')]);
  await chain.rpc('anvil_mine', ['0x1']);
  const s = takeSnapshot();
  assert.deepEqual(s.safes[0], { ...before, implementation: tokenA.address, version: 'unreadable: the implementation does not answer' });
  const run = runAirlock(['snapshot', 'import', '--json', '--db', vaultDb, '--chain-id', '31337'], JSON.stringify(s));
  assert.equal(run.status, 1);
  assert.deepEqual(run.json.snapshot.warnings.map((w: any) => w.code), ['safe-implementation-changed']);
});

test('a broadcast transaction that reverts is reported as reverted, with what that means', async () => {
  const daveKey = DEV_ACCOUNTS[3]!.privateKey;
  const nonce = BigInt(await chain.rpc<string>('eth_getTransactionCount', [dave, 'latest']));
  // dave holds no TSA: transferring some reverts inside the token.
  const tx = buildTransaction({
    type: 'eip1559', chainId: 31337n, nonce, maxPriorityFeePerGas: 1_000_000_000n, maxFeePerGas: 20_000_000_000n, gasLimit: 100_000n,
    to: tokenA.address, value: 0n, data: hexToBytes(encodeCall(tokenA.iface, 'transfer', [alice, 1n]).slice(2)),
  });
  const signed = signTransaction(tx, SecretBytes.copyOf(hexToBytes(daveKey.slice(2))));
  const run = runAirlock(['relay', 'broadcast', '--confirm', '--json', '--db', relayDb, '--rpc', chain.url], '0x' + bytesToHex(signed.raw));
  assert.equal(run.status, 1, 'a reverted transaction is a finding: exit 1');
  assert.equal(run.json.status, 'reverted');
  // OpenZeppelin 5 reverts with a custom error: decoded by name from the replay's revert data.
  assert.equal(run.json.revertReason, `ERC20InsufficientBalance(sender=${dave}, balance=0, needed=1)`);
  assert.match(run.json.detail, /reverted \(ERC20InsufficientBalance\(.*\)\): it changed nothing except paying its gas and using nonce/);
  const receipt = await chain.rpc<any>('eth_getTransactionReceipt', [run.json.txHash]);
  assert.equal(receipt.status, '0x0');
  assert.equal(run.json.blockNumber, BigInt(receipt.blockNumber).toString());
});

/** Creation code of a contract whose every call reverts with `revertData` (at most 242 bytes): copy it, revert with it. */
function reverterCreationCode(revertData: Uint8Array): string {
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  const n = revertData.length;
  // Runtime: CODECOPY(0, 12, n); REVERT(0, n); then the data at offset 12.
  const runtime = `60${hex(n)}600c600039` + `60${hex(n)}6000fd` + bytesToHex(revertData);
  // Creation: CODECOPY(0, 12, runtime length); RETURN(0, runtime length); then the runtime at offset 12.
  const size = runtime.length / 2;
  return `0x60${hex(size)}600c600039` + `60${hex(size)}6000f3` + runtime;
}

test('a signed transaction that reverts with a reason string: the CLI and the queue say the reason, replayed at its block', async () => {
  const reason = 'paused by the council';
  const errorData = hexToBytes(new Interface(['error Error(string)']).encodeErrorResult('Error', [reason]).slice(2));
  const deployed = await sendFrom(chain, alice, { data: reverterCreationCode(errorData) });
  const reverter = getAddress(deployed.contractAddress!);
  const daveKey = DEV_ACCOUNTS[3]!.privateKey;
  const nonce = BigInt(await chain.rpc<string>('eth_getTransactionCount', [dave, 'latest']));
  const tx = buildTransaction({ type: 'eip1559', chainId: 31337n, nonce, maxPriorityFeePerGas: 1_000_000_000n, maxFeePerGas: 20_000_000_000n, gasLimit: 100_000n, to: reverter, value: 0n, data: hexToBytes('8456cb59') });
  const raw = '0x' + bytesToHex(signTransaction(tx, SecretBytes.copyOf(hexToBytes(daveKey.slice(2)))).raw);
  const run = runAirlock(['relay', 'broadcast', '--confirm', '--json', '--db', relayDb, '--rpc', chain.url], raw);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.equal(run.json.status, 'reverted');
  assert.equal(run.json.revertReason, reason);
  assert.match(run.json.detail, /but reverted \(paused by the council\)/);
  assert.match(run.json.endpoints[0].detail, /^in block \d+, reverted: paused by the council$/);
  const queued = runAirlock(['relay', 'queue', '--json', '--db', relayDb]).json.broadcasts.find((b: any) => b.txHash === run.json.txHash);
  assert.match(queued.detail, /reverted \(paused by the council\)/, 'the queue keeps the reason');
});

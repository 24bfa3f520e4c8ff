// Checks the chain test helpers themselves: anvil starts and stops, the fixtures compile and deploy, and the Safe
// 1.4.1 stack lands at its canonical addresses from the published bytecode.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Wallet } from 'ethers';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../../helpers/anvil';
import { callView, compileFixtures, deployFixture, deploySafe, deploySafeStack, encodeCall, fixtureInterface, safeArtifact, sendFrom, SAFE_141_CANONICAL } from '../../helpers/chain';

describe('chain test helpers', () => {
  let anvil: Anvil;
  before(async () => {
    anvil = await startAnvil();
  });
  after(async () => {
    await anvil.stop();
  });

  it('lists dev accounts whose keys derive their addresses, each funded', async () => {
    for (const account of DEV_ACCOUNTS) {
      assert.equal(new Wallet(account.privateKey).address, account.address);
      assert.ok(BigInt(await anvil.rpc<string>('eth_getBalance', [account.address, 'latest'])) > 0n);
    }
  });

  it('starts anvil with another chain id and stops it: the port no longer answers', async () => {
    const other = await startAnvil({ chainId: 5 });
    assert.equal(other.chainId, 5n);
    assert.equal(await other.rpc('eth_chainId'), '0x5');
    await other.stop();
    await assert.rejects(other.rpc('eth_chainId'));
  });

  it('answers RPC errors with the node message', async () => {
    await assert.rejects(anvil.rpc('eth_noSuchMethod'), /eth_noSuchMethod/);
  });

  it('compiles every fixture', () => {
    const out = compileFixtures();
    for (const name of ['TestToken', 'TestVault', 'PausableTarget', 'TestTimelock', 'MockAavePool']) assert.ok(out[name]?.bytecode.length! > 100, name);
  });

  it('installs the Safe 1.4.1 stack at the canonical addresses by CREATE2 through the singleton factory', async () => {
    const stack = await deploySafeStack(anvil);
    assert.deepEqual(stack.addresses, SAFE_141_CANONICAL);
    for (const name of Object.keys(SAFE_141_CANONICAL)) assert.equal(stack.installedBy[name as keyof typeof SAFE_141_CANONICAL], 'create2', name);
    for (const [name, address] of Object.entries(stack.addresses)) {
      const code = await anvil.rpc<string>('eth_getCode', [address, 'latest']);
      assert.equal(code, safeArtifact(name as keyof typeof SAFE_141_CANONICAL).deployedBytecode, name);
    }
    const owners = [DEV_ACCOUNTS[1]!.address, DEV_ACCOUNTS[2]!.address, DEV_ACCOUNTS[3]!.address];
    const safe = await deploySafe(anvil, stack, owners, 2);
    assert.deepEqual([...(await callView(anvil, safe, stack.safeInterface, 'getOwners'))], owners);
    assert.equal(await callView(anvil, safe, stack.safeInterface, 'getThreshold'), 2n);
    assert.equal(await callView(anvil, safe, stack.safeInterface, 'VERSION'), '1.4.1');
  });

  it('deploys a token, a vault, a pausable target, a timelock and the Aave mock that answer their views', async () => {
    const admin = DEV_ACCOUNTS[0]!.address;
    const token = await deployFixture(anvil, 'TestToken', ['USD Coin', 'USDC', 6, admin, 1_000_000n]);
    assert.equal(await callView(anvil, token.address, token.iface, 'decimals'), 6n);
    assert.equal(await callView(anvil, token.address, token.iface, 'balanceOf', [admin]), 1_000_000n);
    const vault = await deployFixture(anvil, 'TestVault', [token.address, 'Vault USDC', 'vUSDC']);
    assert.equal(await callView(anvil, vault.address, vault.iface, 'asset'), token.address);
    const target = await deployFixture(anvil, 'PausableTarget', [admin, admin]);
    assert.equal(await callView(anvil, target.address, target.iface, 'paused'), false);
    await sendFrom(anvil, admin, { to: target.address, data: encodeCall(target.iface, 'pause') });
    assert.equal(await callView(anvil, target.address, target.iface, 'paused'), true);
    const timelock = await deployFixture(anvil, 'TestTimelock', [60n, [admin], [admin], admin]);
    assert.equal(await callView(anvil, timelock.address, timelock.iface, 'getMinDelay'), 60n);
    const pool = await deployFixture(anvil, 'MockAavePool');
    await sendFrom(anvil, admin, { to: pool.address, data: encodeCall(pool.iface, 'setUserAccountData', [admin, 1n, 2n, 3n, 4n, 5n, 6n]) });
    assert.deepEqual([...(await callView(anvil, pool.address, fixtureInterface('MockAavePool'), 'getUserAccountData', [admin]))], [1n, 2n, 3n, 4n, 5n, 6n]);
  });
});

// Proof on a real chain (anvil + the published Safe 1.4.1 bytecode): the hashes Airlock shows are the ones the Safe
// contract computes, and a 2-of-3 Safe executes owner changes, pause() and a MultiSendCallOnly batch signed by two
// separate vault databases, joined with `safe combine` and sent by a vault-signed executor transaction.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Interface, ZeroAddress } from 'ethers';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil';
import {
  baseFee,
  callView,
  createAndSign,
  createCliVault,
  deployFixture,
  deploySafe,
  deploySafeStack,
  encodeCall,
  nonceOf,
  sendRaw,
  setBalance,
  type CliVault,
  type Deployed,
  type SafeStack,
} from '../helpers/chain';
import { runAirlock } from '../helpers/cli';
import type { SafeTxMessage } from '../helpers/safe-tx-type';

const CHAIN_ID = '31337';
const THIRD_OWNER = DEV_ACCOUNTS[2]!.address;
const NEW_OWNER = DEV_ACCOUNTS[3]!.address;
const multiSendCallOnly = new Interface(['function multiSend(bytes transactions)']);

describe('Safe 1.4.1 on anvil', () => {
  let anvil: Anvil;
  let stack: SafeStack;
  let safe: string;
  let target: Deployed;
  let vaultA: CliVault;
  let vaultB: CliVault;
  /** The executed owner swap, kept for the bad-signature cases (combine is offline, so the chain has moved on harmlessly). */
  let swap: { input: { executor: Record<string, unknown> }; digest: string; owners: string[]; signatureA: string };
  const dir = mkdtempSync(join(tmpdir(), 'airlock-chain-safe-'));

  before(async () => {
    anvil = await startAnvil();
    stack = await deploySafeStack(anvil);
    vaultA = createCliVault(dir, 'Vault A', [['Alice', 'alice correct horse'], ['Bob', 'bob battery staple'], ['Carol', 'carol purple monkey']], 2, ['safe-owner', 'executor']);
    vaultB = createCliVault(dir, 'Vault B', [['Dana', 'dana quiet lantern']], 1, ['safe-owner']);
    safe = await deploySafe(anvil, stack, [vaultA.address['safe-owner']!, vaultB.address['safe-owner']!, THIRD_OWNER], 2);
    target = await deployFixture(anvil, 'PausableTarget', [DEV_ACCOUNTS[0]!.address, safe]);
    await setBalance(anvil, safe, 5n * 10n ** 18n);
    await setBalance(anvil, vaultA.address.executor!, 10n ** 18n);
  });
  after(async () => {
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const view = (fn: string, args: unknown[] = []) => callView(anvil, safe, stack.safeInterface, fn, args);
  const owners = async () => [...((await view('getOwners')) as string[])];

  it('safe hash prints the domainSeparator and getTransactionHash of the deployed Safe for calls, transfers, owner changes and batches', async () => {
    const domainSeparator = await view('domainSeparator');
    const batch = multiSendCallOnly.encodeFunctionData('multiSend', [packBatch([[safe, 0n, encodeCall(stack.safeInterface, 'changeThreshold', [1])], [target.address, 0n, '0x8456cb59']])]);
    const cases: Array<{ name: string; to: string; value?: bigint; data?: string; operation?: number; nonce: bigint; refund?: boolean }> = [
      { name: 'plain call', to: target.address, data: encodeCall(target.iface, 'pause'), nonce: 0n },
      { name: 'value transfer', to: NEW_OWNER, value: 12345678901234567890n, nonce: 1n },
      { name: 'swapOwner', to: safe, data: encodeCall(stack.safeInterface, 'swapOwner', [vaultB.address['safe-owner'], THIRD_OWNER, NEW_OWNER]), nonce: 2n },
      { name: 'MultiSendCallOnly batch (delegatecall)', to: stack.addresses.MultiSendCallOnly, data: batch, operation: 1, nonce: 7n },
      { name: 'refund fields set', to: target.address, data: '0x8456cb59', nonce: 300n, refund: true },
    ];
    for (const c of cases) {
      const tx = {
        to: c.to,
        value: c.value ?? 0n,
        data: c.data ?? '0x',
        operation: c.operation ?? 0,
        safeTxGas: c.refund ? 50_000n : 0n,
        baseGas: c.refund ? 21_000n : 0n,
        gasPrice: c.refund ? 7n : 0n,
        gasToken: c.refund ? target.address : ZeroAddress,
        refundReceiver: c.refund ? NEW_OWNER : ZeroAddress,
      };
      const run = runAirlock([
        'safe', 'hash', '--json', '--chain-id', CHAIN_ID, '--safe', safe, '--safe-version', '1.4.1',
        '--to', tx.to, '--value', String(tx.value), '--data', tx.data, '--operation', String(tx.operation),
        '--safe-tx-gas', String(tx.safeTxGas), '--base-gas', String(tx.baseGas), '--gas-price', String(tx.gasPrice),
        '--gas-token', tx.gasToken, '--refund-receiver', tx.refundReceiver, '--nonce', String(c.nonce),
      ]);
      assert.equal(run.status, 0, `${c.name}: ${run.stdout}${run.stderr}`);
      const onChain = await view('getTransactionHash', [tx.to, tx.value, tx.data, tx.operation, tx.safeTxGas, tx.baseGas, tx.gasPrice, tx.gasToken, tx.refundReceiver, c.nonce]);
      assert.equal(run.json.safeTxHash, onChain, c.name);
      assert.equal(run.json.domainHash, domainSeparator, c.name);
    }
  });

  /** Both vaults build the same draft, agree on its digest (= getTransactionHash) and sign; returns the Safe tx and signatures. */
  async function ownerSignatures(actions: unknown[]) {
    const input = {
      chainId: CHAIN_ID,
      executor: { kind: 'safe', safe, version: '1.4.1', owners: await owners(), threshold: Number(await view('getThreshold')), nonce: String(await view('nonce')) },
      actions,
      context: { chainId: CHAIN_ID, nonce: String(await view('nonce')) },
    };
    const a = createAndSign(vaultA, input);
    const b = createAndSign(vaultB, input);
    assert.equal(a.draft.digest, b.draft.digest, 'two vaults, one draft input, one digest');
    const safeTx = a.draft.review.safeTx as SafeTxMessage;
    const onChain = await view('getTransactionHash', [safeTx.to, safeTx.value, safeTx.data, safeTx.operation, safeTx.safeTxGas, safeTx.baseGas, safeTx.gasPrice, safeTx.gasToken, safeTx.refundReceiver, safeTx.nonce]);
    assert.equal(a.draft.digest, onChain, 'the digest each vault signs is the Safe contract\'s getTransactionHash');
    assert.equal(a.draft.review.domainHash, await view('domainSeparator'));
    assert.deepEqual(a.signed.signatures.map((s: { owner: string }) => s.owner), [vaultA.address['safe-owner']]);
    assert.deepEqual(b.signed.signatures.map((s: { owner: string }) => s.owner), [vaultB.address['safe-owner']]);
    return { input, safeTx, digest: a.draft.digest as string, signatures: [a.signed.signatures[0].signature as string, b.signed.signatures[0].signature as string] };
  }

  function combine(safeTxHash: string, safeOwners: string[], threshold: number, signatures: string[]) {
    return runAirlock(['safe', 'combine', '--json'], JSON.stringify({ safeTxHash, owners: safeOwners, threshold, signatures }));
  }

  /** Vault A's executor account signs a safe-exec draft; the raw transaction goes to anvil. */
  async function execute(safeTx: SafeTxMessage, signatures: string) {
    const executor = vaultA.address.executor!;
    const fee = await baseFee(anvil);
    const { draft, signed } = createAndSign(vaultA, {
      chainId: CHAIN_ID,
      executor: { kind: 'eoa', from: executor, nonce: String(await nonceOf(anvil, executor)), gasLimit: '400000', maxFeePerGas: String(fee * 2n + 10n ** 9n), maxPriorityFeePerGas: String(10n ** 9n) },
      actions: [{ type: 'safe-exec', safe, safeTx, signatures }],
    });
    assert.equal(draft.kind, 'eoa');
    const receipt = await sendRaw(anvil, signed.rawTransaction);
    assert.equal(receipt.status, '0x1', 'execTransaction succeeded');
    assert.equal(receipt.transactionHash, signed.hash);
    const executionSuccess = stack.safeInterface.getEvent('ExecutionSuccess')!.topicHash;
    assert.ok(receipt.logs.some((log) => log.address.toLowerCase() === safe.toLowerCase() && log.topics[0] === executionSuccess), 'the Safe emitted ExecutionSuccess');
  }

  it('swaps an owner with signatures from two separate vaults, combined and executed by a vault-signed transaction', async () => {
    const before = await owners();
    const { input, safeTx, digest, signatures } = await ownerSignatures([{ type: 'safe-swap-owner', oldOwner: THIRD_OWNER, newOwner: NEW_OWNER }]);
    swap = { input, digest, owners: before, signatureA: signatures[0]! };
    const joined = combine(digest, before, 2, [signatures[1]!, signatures[0]!]);
    assert.equal(joined.status, 0, joined.stdout + joined.stderr);
    const sorted = [vaultA.address['safe-owner']!, vaultB.address['safe-owner']!].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
    assert.deepEqual(joined.json.signers, sorted);
    await execute(safeTx, joined.json.signatures);
    assert.deepEqual(await owners(), before.map((o) => (o === THIRD_OWNER ? NEW_OWNER : o)));
    assert.equal(await view('nonce'), 1n);
  });

  it('pauses a protocol whose PAUSER_ROLE the Safe holds', async () => {
    assert.equal(await callView(anvil, target.address, target.iface, 'paused'), false);
    const { safeTx, digest, signatures } = await ownerSignatures([{ type: 'pause', target: target.address }]);
    assert.equal(safeTx.operation, 0);
    const joined = combine(digest, await owners(), 2, signatures);
    assert.equal(joined.status, 0, joined.stdout + joined.stderr);
    await execute(safeTx, joined.json.signatures);
    assert.equal(await callView(anvil, target.address, target.iface, 'paused'), true);
  });

  it('runs unpause + changeThreshold as one batch through the canonical MultiSendCallOnly (delegatecall)', async () => {
    const { safeTx, digest, signatures } = await ownerSignatures([
      { type: 'unpause', target: target.address },
      { type: 'safe-change-threshold', threshold: 1 },
    ]);
    assert.equal(safeTx.operation, 1);
    assert.equal(safeTx.to, stack.addresses.MultiSendCallOnly);
    const joined = combine(digest, await owners(), 2, signatures);
    assert.equal(joined.status, 0, joined.stdout + joined.stderr);
    await execute(safeTx, joined.json.signatures);
    assert.equal(await callView(anvil, target.address, target.iface, 'paused'), false);
    assert.equal(await view('getThreshold'), 1n);
  });

  it('safe combine refuses a non-owner vault\'s signature, a duplicate and too few signatures (exit 2, nothing joined)', async () => {
    // Vault C was given a wrong owner list that includes its own account; prevOwner of the swapped owner is
    // unchanged, so C builds the same Safe transaction and signs it, yet C is no owner of the Safe.
    const vaultC = createCliVault(dir, 'Vault C', [['Erin', 'erin velvet compass']], 1, ['safe-owner']);
    const wrongOwners = [...swap.owners, vaultC.address['safe-owner']!];
    const c = createAndSign(vaultC, { ...swap.input, executor: { ...swap.input.executor, owners: wrongOwners } });
    assert.equal(c.draft.digest, swap.digest);
    const { digest, owners: realOwners, signatureA: sigA } = swap;
    const sigC = c.signed.signatures[0].signature as string;
    const cases: Array<[string, string[], string, string]> = [
      ['non-owner', [sigA, sigC], 'safe-signature-not-owner', `The signature from ${vaultC.address['safe-owner']} is not from a current owner of this Safe`],
      ['duplicate', [sigA, sigA], 'safe-signature-duplicate', `${vaultA.address['safe-owner']} signed twice`],
      ['below threshold', [sigA], 'safe-threshold-not-reached', 'This Safe needs 2 owner signatures and 1 valid one is present; collect 1 more'],
    ];
    for (const [name, signatures, code, message] of cases) {
      const run = combine(digest, realOwners, 2, signatures);
      assert.equal(run.status, 2, `${name}: ${run.stdout}${run.stderr}`);
      assert.equal(run.json.error.code, code, name);
      assert.ok(run.json.error.message.startsWith(message), `${name}: ${run.json.error.message}`);
      assert.equal(run.json.signatures, undefined, name);
    }
  });
});

/** MultiSend's packed encoding, written independently of shared/evm/multisend.ts (ethers solidityPacked would do too). */
function packBatch(calls: Array<[string, bigint, string]>): string {
  const word = (n: bigint) => n.toString(16).padStart(64, '0');
  return `0x${calls.map(([to, value, data]) => `00${to.slice(2).toLowerCase()}${word(value)}${word(BigInt((data.length - 2) / 2))}${data.slice(2)}`).join('')}`;
}

// Proof on a real chain (anvil): transactions the vault signs from drafts — an EIP-1559 native sweep, an ERC-20
// sweep, a legacy EIP-155 transfer — land with the balances computed beforehand; blocked drafts sign nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Transaction } from 'ethers';
import { startAnvil, type Anvil } from '../helpers/anvil';
import {
  balanceOf,
  baseFee,
  callView,
  createAndSign,
  createCliVault,
  createDraft,
  deployFixture,
  nonceOf,
  sendRaw,
  setBalance,
  signDraft,
  type CliVault,
} from '../helpers/chain';
import { runAirlock } from '../helpers/cli';

const CHAIN_ID = 31337n;
const GWEI = 10n ** 9n;
const ETHER = 10n ** 18n;
/** Fresh recipients (no code, no balance) so every balance change is ours. */
const COLD_WALLET = '0x1111111111111111111111111111111111111111';
const BACKUP_WALLET = '0x2222222222222222222222222222222222222222';

describe('vault-signed transactions on anvil', () => {
  let anvil: Anvil;
  let vault: CliVault;
  let treasury: string;
  const dir = mkdtempSync(join(tmpdir(), 'airlock-chain-sweep-'));

  before(async () => {
    anvil = await startAnvil();
    vault = createCliVault(dir, 'Sweep vault', [['Alice', 'alice correct horse'], ['Bob', 'bob battery staple'], ['Carol', 'carol purple monkey']], 2, ['eoa-treasury']);
    treasury = vault.address['eoa-treasury']!;
  });
  after(async () => {
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function eip1559Fees() {
    const maxPriorityFeePerGas = GWEI;
    return { maxFeePerGas: 2n * (await baseFee(anvil)) + maxPriorityFeePerGas, maxPriorityFeePerGas };
  }

  it('sweeps the whole native balance with EIP-1559 (type 2): the recipient gets balance − 21000 × maxFee, the sender keeps the unused fee', async () => {
    const balance = 3n * ETHER + 123_456_789n;
    await setBalance(anvil, treasury, balance);
    const fees = await eip1559Fees();
    const { draft, signed } = createAndSign(vault, {
      chainId: String(CHAIN_ID),
      executor: { kind: 'eoa', from: treasury, nonce: String(await nonceOf(anvil, treasury)), maxFeePerGas: String(fees.maxFeePerGas), maxPriorityFeePerGas: String(fees.maxPriorityFeePerGas) },
      actions: [{ type: 'native-sweep', to: COLD_WALLET }],
      context: { chainId: String(CHAIN_ID), balance: String(balance), nonce: String(await nonceOf(anvil, treasury)) },
    });
    assert.deepEqual(draft.blocking, []);
    const expectedValue = balance - 21_000n * fees.maxFeePerGas;

    // An independent library reads the same transaction and recovers the same sender.
    const parsed = Transaction.from(signed.rawTransaction);
    assert.equal(parsed.type, 2);
    assert.equal(parsed.chainId, CHAIN_ID);
    assert.equal(parsed.from, treasury);
    assert.equal(parsed.to, COLD_WALLET);
    assert.equal(parsed.value, expectedValue);
    assert.equal(parsed.gasLimit, 21_000n);
    assert.equal(parsed.unsignedHash, draft.digest, 'the digest the vault showed is the transaction signing hash');

    const receipt = await sendRaw(anvil, signed.rawTransaction);
    assert.equal(receipt.status, '0x1');
    assert.equal(receipt.transactionHash, signed.hash);
    assert.equal(await balanceOf(anvil, COLD_WALLET), expectedValue);
    const paid = BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice);
    assert.equal(await balanceOf(anvil, treasury), balance - expectedValue - paid);
    assert.equal(await balanceOf(anvil, treasury), 21_000n * (fees.maxFeePerGas - BigInt(receipt.effectiveGasPrice)));
  });

  it('sweeps an ERC-20 balance: transfer(to, the whole balance) moves every raw unit', async () => {
    await setBalance(anvil, treasury, ETHER);
    const amount = 1_234_567_890n; // 1,234.567890 USDC
    const token = await deployFixture(anvil, 'TestToken', ['USD Coin', 'USDC', 6, treasury, amount]);
    const fees = await eip1559Fees();
    const nonce = String(await nonceOf(anvil, treasury));
    const { draft, signed } = createAndSign(vault, {
      chainId: String(CHAIN_ID),
      executor: { kind: 'eoa', from: treasury, nonce, gasLimit: '100000', maxFeePerGas: String(fees.maxFeePerGas), maxPriorityFeePerGas: String(fees.maxPriorityFeePerGas) },
      actions: [{ type: 'erc20-sweep', token: token.address, to: COLD_WALLET }],
      context: { chainId: String(CHAIN_ID), nonce, balance: String(ETHER), tokenBalances: { [token.address]: String(amount) }, tokens: { [token.address]: { symbol: 'USDC', decimals: 6 } } },
    });
    assert.match(JSON.stringify(draft.review), /1,?234\.56789 USDC/, 'the review shows token units with the symbol');
    const parsed = Transaction.from(signed.rawTransaction);
    assert.equal(parsed.to, token.address);
    assert.equal(parsed.data, token.iface.encodeFunctionData('transfer', [COLD_WALLET, amount]));
    const receipt = await sendRaw(anvil, signed.rawTransaction);
    assert.equal(receipt.status, '0x1');
    assert.equal(await callView(anvil, token.address, token.iface, 'balanceOf', [COLD_WALLET]), amount);
    assert.equal(await callView(anvil, token.address, token.iface, 'balanceOf', [treasury]), 0n);
  });

  it('sends a legacy EIP-155 transaction (v = chainId × 2 + 35|36) that lands', async () => {
    await setBalance(anvil, treasury, ETHER);
    const gasPrice = 3n * (await baseFee(anvil)) + GWEI;
    const value = ETHER / 4n;
    const nonce = String(await nonceOf(anvil, treasury));
    const { signed } = createAndSign(vault, {
      chainId: String(CHAIN_ID),
      executor: { kind: 'eoa', from: treasury, nonce, gasPrice: String(gasPrice) },
      actions: [{ type: 'native-transfer', to: BACKUP_WALLET, value: String(value) }],
      context: { chainId: String(CHAIN_ID), nonce, balance: String(ETHER) },
    });
    const parsed = Transaction.from(signed.rawTransaction);
    assert.equal(parsed.type, 0);
    assert.equal(parsed.from, treasury);
    assert.ok([CHAIN_ID * 2n + 35n, CHAIN_ID * 2n + 36n].includes(parsed.signature!.networkV!), `v is ${parsed.signature!.networkV}`);
    const receipt = await sendRaw(anvil, signed.rawTransaction);
    assert.equal(receipt.status, '0x1');
    assert.equal(BigInt(receipt.effectiveGasPrice), gasPrice);
    assert.equal(await balanceOf(anvil, BACKUP_WALLET), value);
    assert.equal(await balanceOf(anvil, treasury), ETHER - value - 21_000n * gasPrice);
  });

  it('draft sign refuses a draft for another chain and one with a stale nonce: exit 2, nothing signed, nothing sent', async () => {
    const nonce = await nonceOf(anvil, treasury);
    const base = {
      chainId: String(CHAIN_ID),
      executor: { kind: 'eoa', from: treasury, nonce: String(nonce), maxFeePerGas: String(10n * GWEI), maxPriorityFeePerGas: String(GWEI) },
      actions: [{ type: 'native-transfer', to: COLD_WALLET, value: '1000' }],
    };
    const cases: Array<[string, unknown, string]> = [
      ['chain-mismatch', { ...base, context: { chainId: '1', balance: String(ETHER) } }, 'chain-mismatch'],
      ['stale-nonce', { ...base, context: { chainId: String(CHAIN_ID), nonce: String(nonce + 1n), balance: String(ETHER) } }, 'stale-nonce'],
    ];
    for (const [name, input, code] of cases) {
      const created = createDraft(vault, input);
      assert.equal(created.status, 0, `${name}: ${created.stdout}${created.stderr}`);
      const draft = created.json.draft;
      assert.deepEqual(draft.blocking.map((w: { code: string }) => w.code), [code], name);
      const signed = signDraft(vault, draft, draft.acknowledgementsRequired);
      assert.equal(signed.status, 2, `${name}: ${signed.stdout}${signed.stderr}`);
      assert.equal(signed.json.error.code, 'signing-blocked', name);
      assert.deepEqual(signed.json.review.blocking.map((w: { code: string }) => w.code), [code], `${name}: the review is printed beside the refusal`);
      assert.match(signed.json.error.message, /^Nothing was signed/, name);
      assert.equal(signed.json.rawTransaction, undefined, name);
      const shown = runAirlock(['draft', 'show', '--db', vault.db, '--id', String(draft.id), '--json']);
      assert.deepEqual(shown.json.draft.signatures, [], `${name}: no signature stored`);
      assert.equal(shown.json.draft.status, 'draft', name);
    }
    assert.equal(await nonceOf(anvil, treasury), nonce, 'no transaction left the vault');
  });
});

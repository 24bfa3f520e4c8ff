// Amounts as people type them (ETH, gwei, wei, a bare number in the field's unit) read into exact wei, refused with a
// typed sentence when negative, too precise, too large or not a number; and wei written back exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AirlockError } from '../../../../shared/errors';
import { conversionLine, formatAmount, formatWithRaw, MAX_UINT256, parseAmount, readAmount, weiToUnitText, type EvmUnit } from '../../../../shared/evm/units';

const wei = (text: string, unit: EvmUnit) => parseAmount(text, unit).wei;
const refusal = (text: string, unit: EvmUnit) => {
  try {
    parseAmount(text, unit, 'Max fee per gas');
  } catch (error) {
    assert.ok(error instanceof AirlockError);
    return { code: error.code, message: error.message };
  }
  assert.fail(`"${text}" was accepted`);
};

test('reads an amount with its unit in any case, or a bare number in the field\'s unit', () => {
  assert.equal(wei('30 gwei', 'eth'), 30_000_000_000n);
  assert.equal(wei('0.5 ETH', 'gwei'), 5n * 10n ** 17n);
  assert.equal(wei('0.5 eth', 'wei'), 5n * 10n ** 17n);
  assert.equal(wei('2 ether', 'wei'), 2n * 10n ** 18n);
  assert.equal(wei('1000000000 wei', 'eth'), 1_000_000_000n);
  assert.equal(wei('30', 'gwei'), 30_000_000_000n);
  assert.equal(wei('1.5', 'eth'), 15n * 10n ** 17n);
  assert.equal(wei('  7wei ', 'gwei'), 7n);
  assert.equal(wei('.5 gwei', 'wei'), 500_000_000n);
  assert.equal(wei('0x1bc16d674ec80000', 'wei'), 2n * 10n ** 18n, 'hex is a raw wei integer');
  assert.deepEqual(parseAmount('1 gwei', 'eth'), { wei: 1_000_000_000n, unit: 'gwei' });
});

test('1 wei at every unit\'s finest decimal, 18 decimals of ETH, and trailing zeros beyond the unit', () => {
  assert.equal(wei('0.000000000000000001 ETH', 'wei'), 1n);
  assert.equal(wei('0.000000001', 'gwei'), 1n);
  assert.equal(wei('1.000000000000000001', 'eth'), 10n ** 18n + 1n);
  assert.equal(wei('1.50000000000000000000', 'gwei'), 1_500_000_000n, 'zeros past the 9th decimal add nothing');
});

test('max uint256 is accepted in wei and in ETH; one wei more is refused', () => {
  assert.equal(wei(MAX_UINT256.toString(), 'wei'), MAX_UINT256);
  assert.equal(wei(`${weiToUnitText(MAX_UINT256, 'eth')} ETH`, 'wei'), MAX_UINT256);
  assert.equal(wei(`0x${'f'.repeat(64)}`, 'wei'), MAX_UINT256);
  assert.equal(refusal((MAX_UINT256 + 1n).toString(), 'wei').code, 'amount-too-large');
  assert.equal(refusal('1e80', 'gwei').code, 'amount-unreadable');
});

test('refuses negative, too precise, garbage, commas and empty input, each with a sentence naming the field', () => {
  const cases: Array<[string, EvmUnit, string, RegExp]> = [
    ['-1', 'gwei', 'amount-negative', /^Max fee per gas cannot be negative: "-1"\.$/],
    ['-0.5 ETH', 'gwei', 'amount-negative', /negative/],
    ['0.0000000001', 'gwei', 'amount-too-precise', /finer than 1 wei: gwei has at most 9 decimals/],
    ['0.0000000000000000001 ETH', 'wei', 'amount-too-precise', /ETH has at most 18 decimals/],
    ['1.5 wei', 'eth', 'amount-too-precise', /wei has no decimals/],
    ['thirty', 'gwei', 'amount-unreadable', /is not an amount: "thirty"\. Write a number with an optional unit/],
    ['30 gwie', 'gwei', 'amount-unreadable', /not an amount/],
    ['1.2.3', 'eth', 'amount-unreadable', /not an amount/],
    ['0x1f', 'gwei', 'amount-unreadable', /not an amount/],
    ['ETH', 'eth', 'amount-unreadable', /not an amount/],
    ['1,5 ETH', 'eth', 'amount-unreadable', /without commas, with a dot for decimals/],
    ['   ', 'eth', 'amount-missing', /^Max fee per gas is missing\.$/],
    ['9'.repeat(200), 'wei', 'amount-unreadable', /too long/],
  ];
  for (const [text, unit, code, message] of cases) {
    const error = refusal(text, unit);
    assert.equal(error.code, code, text);
    assert.match(error.message, message, text);
  }
});

test('round trip: the text an input holds reads back to the same wei in every unit', () => {
  const samples = [0n, 1n, 999n, 10n ** 9n - 1n, 10n ** 9n, 123_456_789_012_345_678n, 10n ** 18n, 10n ** 18n + 1n, MAX_UINT256];
  for (const unit of ['wei', 'gwei', 'eth'] as const) {
    for (const sample of samples) assert.equal(wei(weiToUnitText(sample, unit), unit), sample, `${sample} in ${unit}`);
  }
  let x = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < 200; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) % MAX_UINT256;
    const value = x >> BigInt(i % 200);
    for (const unit of ['wei', 'gwei', 'eth'] as const) assert.equal(wei(`${weiToUnitText(value, unit)} ${unit}`, 'wei'), value);
  }
});

test('writes wei as ETH or gwei grouped, with the raw integer beside, and the live conversion line', () => {
  assert.equal(formatAmount(1_234_500_000_000_000_000_000n, 'eth'), '1,234.5 ETH');
  assert.equal(formatAmount(30_000_000_000n, 'gwei'), '30 gwei');
  assert.equal(formatAmount(1n, 'eth'), '0.000000000000000001 ETH');
  assert.equal(formatAmount(21_000n, 'wei'), '21,000 wei');
  assert.equal(formatWithRaw(5n * 10n ** 17n, 'eth'), '0.5 ETH (500000000000000000 wei)');
  assert.equal(formatWithRaw(7n, 'wei'), '7 wei');
  assert.equal(conversionLine(parseAmount('30', 'gwei'), 'gwei'), '= 30,000,000,000 wei');
  assert.equal(conversionLine(parseAmount('0.5 ETH', 'gwei'), 'gwei'), '= 500,000,000 gwei = 500,000,000,000,000,000 wei');
  assert.equal(conversionLine(parseAmount('1500000000000000000', 'wei'), 'wei'), '= 1.5 ETH');
  assert.deepEqual(readAmount('30 gwei', 'eth'), { wei: '30000000000', line: '= 0.00000003 ETH = 30,000,000,000 wei' });
  assert.deepEqual(readAmount('-1', 'eth', 'Amount'), { error: 'Amount cannot be negative: "-1".' });
});

// Native-coin amounts as people type and read them: "30 gwei", "0.5 ETH", "1000000000 wei" or a bare number in the
// field's own unit, read into an exact wei integer (bigint, never a float) or refused with a sentence; and wei written
// back as ETH or gwei with the raw integer beside it. The one parser and formatter of amounts and fees on every screen.
import { AirlockError } from '../errors';

export type EvmUnit = 'wei' | 'gwei' | 'eth';

export const UNIT_DECIMALS: Readonly<Record<EvmUnit, number>> = { wei: 0, gwei: 9, eth: 18 };
export const UNIT_NAMES: Readonly<Record<EvmUnit, string>> = { wei: 'wei', gwei: 'gwei', eth: 'ETH' };
export const MAX_UINT256 = 2n ** 256n - 1n;

/** Longer text than any uint256 in wei written out with 18 decimals is refused before any arithmetic. */
const MAX_TEXT = 120;
const SUFFIXES: ReadonlyArray<readonly [RegExp, EvmUnit]> = [
  [/\s*gwei$/i, 'gwei'],
  [/\s*wei$/i, 'wei'],
  [/\s*(eth|ether)$/i, 'eth'],
];
const DECIMAL = /^([0-9]*)(?:\.([0-9]*))?$/;
const HEX = /^0x[0-9a-fA-F]{1,64}$/;

/** A typed amount read exactly: the wei it means and the unit it was written in. */
export interface ParsedAmount {
  wei: bigint;
  unit: EvmUnit;
}

/**
 * Reads `text` as an amount; a bare number is in `fieldUnit`. Refuses (AirlockError, the sentence naming `what`):
 * empty text, a negative amount, more decimals than the unit has (less than 1 wei), more than uint256, and anything
 * else that is not a plain number with an optional unit. Commas are refused: "1,5" is 1.5 in half the world.
 */
export function parseAmount(text: string, fieldUnit: EvmUnit, what = 'The amount'): ParsedAmount {
  const trimmed = text.trim();
  if (trimmed === '') throw new AirlockError('amount-missing', `${what} is missing.`);
  if (trimmed.length > MAX_TEXT) throw new AirlockError('amount-unreadable', `${what} is too long to be an amount.`);
  const shown = trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed;
  const [number, unit] = splitUnit(trimmed, fieldUnit);
  if (number.startsWith('-')) throw new AirlockError('amount-negative', `${what} cannot be negative: "${shown}".`);
  if (number.includes(',')) throw new AirlockError('amount-unreadable', `${what}: write it without commas, with a dot for decimals, e.g. 0.5 ETH or 30 gwei ("${shown}").`);
  const wei = HEX.test(number) && unit === 'wei' ? BigInt(number) : decimalToWei(number, unit, what, shown);
  if (wei > MAX_UINT256) throw new AirlockError('amount-too-large', `${what} is larger than any amount a transaction can carry (2^256 − 1 wei): "${shown}".`);
  return { wei, unit };
}

function splitUnit(text: string, fieldUnit: EvmUnit): [string, EvmUnit] {
  for (const [suffix, unit] of SUFFIXES) if (suffix.test(text)) return [text.replace(suffix, '').trim(), unit];
  return [text, fieldUnit];
}

function decimalToWei(number: string, unit: EvmUnit, what: string, shown: string): bigint {
  const match = DECIMAL.exec(number);
  if (!match || number === '' || number === '.') {
    throw new AirlockError('amount-unreadable', `${what} is not an amount: "${shown}". Write a number with an optional unit, e.g. 0.5 ETH, 30 gwei or 1000000000 wei.`);
  }
  const decimals = UNIT_DECIMALS[unit];
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > decimals) {
    const most = decimals === 0 ? 'wei has no decimals' : `${UNIT_NAMES[unit]} has at most ${decimals} decimals`;
    throw new AirlockError('amount-too-precise', `${what} is finer than 1 wei: ${most} ("${shown}").`);
  }
  return BigInt(match[1] || '0') * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/** Wei as a plain decimal in `unit`, no grouping and no unit name: what an input box holds, read back exactly. */
export function weiToUnitText(wei: bigint, unit: EvmUnit): string {
  const decimals = UNIT_DECIMALS[unit];
  const digits = wei.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** "1,234.5 ETH", "30 gwei", "21,000 wei": thousands grouped, trailing zeros trimmed, exact. */
export function formatAmount(wei: bigint, unit: EvmUnit): string {
  const [whole = '0', fraction] = weiToUnitText(wei, unit).split('.');
  return `${group(whole)}${fraction ? `.${fraction}` : ''} ${UNIT_NAMES[unit]}`;
}

/** "0.5 ETH (500000000000000000 wei)": the readable amount with the raw integer beside it, as other tools show it. */
export function formatWithRaw(wei: bigint, unit: EvmUnit): string {
  return unit === 'wei' ? formatAmount(wei, 'wei') : `${formatAmount(wei, unit)} (${wei} wei)`;
}

/** The live reading under an input: "= 30,000,000,000 wei", or "= 0.5 ETH = 500,000,000,000,000,000 wei" when typed in another unit than the field's. */
export function conversionLine(parsed: ParsedAmount, fieldUnit: EvmUnit): string {
  const wei = formatAmount(parsed.wei, 'wei');
  if (fieldUnit === 'wei') return parsed.unit === 'wei' ? `= ${formatAmount(parsed.wei, 'eth')}` : `= ${wei}`;
  return parsed.unit === fieldUnit ? `= ${wei}` : `= ${formatAmount(parsed.wei, fieldUnit)} = ${wei}`;
}

/** Reads `text` in `fieldUnit`: the wei as a decimal string and the live line, or the refusal's sentence. */
export function readAmount(text: string, fieldUnit: EvmUnit, what?: string): { wei: string; line: string } | { error: string } {
  try {
    const parsed = parseAmount(text, fieldUnit, what);
    return { wei: parsed.wei.toString(), line: conversionLine(parsed, fieldUnit) };
  } catch (error) {
    if (error instanceof AirlockError) return { error: error.message };
    throw error;
  }
}

function group(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// How snapshot numbers read on screen: token amounts from base units and decimals, ETH and gwei, and a
// snapshot's age as "3 h 12 min" — the recovery point a key holder must weigh before signing against it.

/** "1234.5" from base units and decimals, exact (BigInt), trailing zeros trimmed, thousands grouped. */
export function formatUnits(baseUnits: string, decimals: number): string {
  if (!/^[0-9]+$/.test(baseUnits)) return baseUnits;
  const value = BigInt(baseUnits);
  const scale = 10n ** BigInt(Math.max(0, Math.min(decimals, 77)));
  const whole = (value / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = decimals > 0 ? (value % scale).toString().padStart(decimals, '0').replace(/0+$/, '') : '';
  return fraction ? `${whole}.${fraction}` : whole;
}

export function formatEth(wei: string): string {
  return `${formatUnits(wei, 18)} ETH`;
}

export function formatGwei(wei: string): string {
  return `${formatUnits(wei, 9)} gwei`;
}

/** "42 s", "12 min", "3 h 12 min", "2 d 4 h". */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** Older than this, a snapshot is flagged as stale: nonces, balances and fees may have moved. */
export const STALE_AFTER_SECONDS = 60 * 60;

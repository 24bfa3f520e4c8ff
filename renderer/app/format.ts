// How facts are written on screen: times in UTC (holders may sit in different time zones), short hashes.

export { formatUtc } from '../../shared/time';

/** The first 12 hex digits: enough to compare by eye, the full hash is shown next to it. */
export function shortHash(hex: string): string {
  return hex.slice(0, 12);
}

/** "1 entry", "3 entries". */
export function countOf(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "eth0", "eth0 and wlan0", "eth0, wlan0 and usb0". */
export function listInProse(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

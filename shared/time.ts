// How a moment is written for a holder, on screen and in error sentences alike: in UTC, since holders may sit in
// different time zones.

/** "2025-11-24 09:00:05 UTC": unambiguous for every holder, whatever the laptop's time zone. */
export function formatUtc(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return 'unknown time';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

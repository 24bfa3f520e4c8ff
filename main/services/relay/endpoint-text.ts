// Text an RPC endpoint wrote (error messages, token symbols, Safe versions, position values) made fit to show:
// bounded, and with no character that hides or reorders what a person reads (controls, bidi overrides, zero-width).

/** Line breaks and tabs become spaces; every other control, format (bidi, zero-width), separator or lone surrogate becomes U+FFFD. */
const WHITESPACE_CONTROLS = /[\t\n\r]/g;
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

/**
 * `text` with hidden characters replaced by a visible U+FFFD, cut to at most `max` UTF-16 units (an ellipsis
 * marks the cut; a surrogate pair is never split).
 */
export function endpointText(text: string, max: number): string {
  const shown = text.replace(WHITESPACE_CONTROLS, ' ').replace(HIDDEN, '\uFFFD');
  if (shown.length <= max) return shown;
  let end = Math.max(0, max - 1);
  const last = shown.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return shown.slice(0, end) + '…';
}

// Risk warnings, most severe first: each with its severity in words and a mark, never by colour alone, its code,
// its sentence, and whether it blocks signing.
import type { DraftJson } from '../../shared/bridge';
import { el } from '../app/dom';

type Warning = DraftJson['warnings'][number];

const ORDER: Readonly<Record<Warning['severity'], number>> = { critical: 0, high: 1, medium: 2, info: 3 };
const LABEL: Readonly<Record<Warning['severity'], string>> = { critical: '◆ Critical', high: '▲ High', medium: '● Medium', info: '○ Info' };

export function sortWarnings(warnings: readonly Warning[]): Warning[] {
  return [...warnings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}

export function warningList(warnings: readonly Warning[], blocking: readonly Warning[]): HTMLElement {
  if (warnings.length === 0) {
    return el('p', { className: 'warnings-none', testid: 'warnings-none' }, ['No risk rule fired. That is not a proof of safety: read every call above.']);
  }
  const blocks = new Set(blocking.map((w) => `${w.code}\u0000${w.message}`));
  return el(
    'ul',
    { className: 'warning-list', testid: 'warning-list' },
    sortWarnings(warnings).map((w) => {
      const isBlocking = blocks.has(`${w.code}\u0000${w.message}`);
      return el('li', { className: `warning warning-${w.severity}`, testid: 'warning', attrs: { 'data-code': w.code, 'data-severity': w.severity, 'data-blocking': String(isBlocking) } }, [
        el('span', { className: 'warning-severity', testid: 'warning-severity' }, [LABEL[w.severity]]),
        el('span', { className: 'warning-text' }, [
          el('span', { className: 'warning-message', testid: 'warning-message' }, [w.message]),
          el('span', { className: 'warning-meta' }, [el('code', { testid: 'warning-code' }, [w.code]), isBlocking ? el('strong', { className: 'warning-blocks' }, [' · blocks signing']) : null]),
        ]),
      ]);
    }),
  );
}

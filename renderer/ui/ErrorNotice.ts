// A refusal or failure as the key holder sees it: the sentence first, the code for support after it; and the one way
// a page draws what it reads from main: the answer while the page is still shown, or the refusal in its place.
import { el, replace, type Child } from '../app/dom';
import type { Scope } from '../app/scope';
import { toPublicError } from '../bridge';
import type { PublicError } from '../../shared/errors';

export function errorNotice(error: PublicError, testid = 'error-notice'): HTMLElement {
  return el('div', { className: 'notice notice-error', testid, attrs: { role: 'alert' } }, [
    el('p', { className: 'notice-message', testid: 'error-message' }, [error.message]),
    el('p', { className: 'notice-code' }, ['Error code ', el('code', { testid: 'error-code' }, [error.code])]),
  ]);
}

/** Reads, then draws what `draw` makes of the answer in `target`; a failure is drawn there as its notice. Nothing once the page is left. */
export async function loadInto<T>(target: Element, spec: { scope: Pick<Scope, 'shown'>; errorTestId: string; read(): Promise<T>; draw(answer: T): readonly Child[] }): Promise<void> {
  try {
    const answer = await spec.read();
    if (spec.scope.shown()) replace(target, spec.draw(answer));
  } catch (error) {
    if (spec.scope.shown()) replace(target, [errorNotice(toPublicError(error), spec.errorTestId)]);
  }
}

// A refusal or failure as the key holder sees it: the sentence first, the code for support after it.
import { el } from '../app/dom';
import type { PublicError } from '../../shared/errors';

export function errorNotice(error: PublicError, testid = 'error-notice'): HTMLElement {
  return el('div', { className: 'notice notice-error', testid, attrs: { role: 'alert' } }, [
    el('p', { className: 'notice-message', testid: 'error-message' }, [error.message]),
    el('p', { className: 'notice-code' }, ['Error code ', el('code', { testid: 'error-code' }, [error.code])]),
  ]);
}

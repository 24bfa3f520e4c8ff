// SECURITY(H-20): when the window cannot reach Airlock it shows why and offers nothing else.
import { el } from './dom';
import type { PublicError } from '../../shared/errors';
import { errorNotice } from '../ui/ErrorNotice';

export function fatalScreen(error: PublicError): HTMLElement {
  return el('main', { className: 'fatal', testid: 'fatal-screen' }, [
    el('div', { className: 'fatal-card' }, [
      el('h1', { className: 'fatal-title' }, ['Airlock cannot start this window']),
      errorNotice(error, 'fatal-error'),
      el('p', { className: 'fatal-hint' }, ['No data was read or changed. If this happens again after a restart, note the error code for support.']),
    ]),
  ]);
}

// The top of every view: its <h1> and one sentence of what it is for.
import { el } from '../app/dom';

export function viewHeader(title: string, purpose: string): { header: HTMLElement; heading: HTMLHeadingElement } {
  // tabindex -1: the shell moves focus here after navigation, so the new view is announced.
  const heading = el('h1', { className: 'view-title', testid: 'heading', attrs: { tabindex: '-1' } }, [title]);
  const header = el('header', { className: 'view-header' }, [heading, el('p', { className: 'view-purpose', testid: 'purpose' }, [purpose])]);
  return { header, heading };
}

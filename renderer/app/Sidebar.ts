// The dark sidebar: the app's name and role, and one button per view, grouped as the treasury works.
import { el } from './dom';
import type { AppStatus, ViewGroup } from './view';

export function sidebar(
  status: AppStatus,
  groups: readonly ViewGroup[],
  onSelect: (viewId: string) => void,
): { root: HTMLElement; setActive(viewId: string): void } {
  const buttons = new Map<string, HTMLButtonElement>();
  const nav = el('nav', { className: 'sidebar-nav', testid: 'sidebar-nav', attrs: { 'aria-label': 'Sections' } });
  for (const group of groups) {
    const list = el('ul', { className: 'nav-list' });
    for (const view of group.views) {
      const button = el('button', { className: 'nav-button', testid: `nav-${view.id}`, attrs: { type: 'button' }, on: { click: () => onSelect(view.id) } }, [
        view.title,
      ]);
      buttons.set(view.id, button);
      list.append(el('li', {}, [button]));
    }
    nav.append(el('div', { className: 'nav-group' }, [el('p', { className: 'nav-group-label', attrs: { 'aria-hidden': 'true' } }, [group.label]), list]));
  }
  const role = status.mode === 'vault' ? 'Vault' : 'Relay';
  const roleLine = status.mode === 'vault' ? 'Offline recovery' : 'Online companion';
  const root = el('aside', { className: 'sidebar', testid: 'sidebar', attrs: { 'data-mode': status.mode } }, [
    el('div', { className: 'brand' }, [
      el('span', { className: 'brand-mark', attrs: { 'aria-hidden': 'true' } }),
      el('div', { className: 'brand-text' }, [
        el('p', { className: 'brand-name' }, ['Airlock']),
        el('p', { className: 'brand-role', testid: 'brand-role' }, [`${role} · ${roleLine}`]),
      ]),
    ]),
    nav,
  ]);
  return {
    root,
    setActive(viewId) {
      for (const [id, button] of buttons) {
        if (id === viewId) button.setAttribute('aria-current', 'page');
        else button.removeAttribute('aria-current');
      }
    },
  };
}

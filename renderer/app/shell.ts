// The window's frame: air-gap banner on top, sidebar, the current view, status bar at the bottom.
import { el } from './dom';
import { startNetworkMonitor } from './network-monitor';
import type { AppStatus, ViewContext, ViewInstance } from './view';
import { viewGroupsFor } from './views';
import type { Bridge } from '../bridge';
import { airgapBanner } from './AirgapBanner';
import { sidebar } from './Sidebar';
import { statusBar } from './StatusBar';

/** A view that may refuse to be left, e.g. while share cards are being handed out; it shows the reason itself. */
interface GuardedView extends ViewInstance {
  leaveBlocked?(): string | null;
}

export function mountShell(root: HTMLElement, bridge: Bridge, status: AppStatus): void {
  const network = startNetworkMonitor(bridge);
  const context: ViewContext = { bridge, status, network };
  const groups = viewGroupsFor(status.mode);
  const views = new Map(groups.flatMap((group) => group.views.map((view) => [view.id, view] as const)));

  const main = el('main', { className: 'content', testid: 'content' });
  const nav = sidebar(status, groups, (id) => show(id, true));
  const bar = statusBar(status);
  const frame = [el('div', { className: 'workspace' }, [nav.root, main]), bar.root];

  // The relay is meant to be online: it gets no banner, only the status bar line.
  if (status.mode === 'vault') {
    const banner = airgapBanner();
    network.subscribe(banner.update);
    frame.unshift(banner.root);
  }
  network.subscribe(bar.update);

  root.dataset.mode = status.mode;
  root.replaceChildren(...frame);

  let current: ViewInstance | undefined;
  function show(id: string, moveFocus: boolean): void {
    const view = views.get(id);
    if (!view) return;
    if ((current as GuardedView | undefined)?.leaveBlocked?.()) return;
    current?.dispose?.();
    current = view.render(context);
    main.replaceChildren(current.root);
    main.scrollTop = 0;
    nav.setActive(id);
    document.title = `${view.title} — Airlock ${status.mode === 'vault' ? 'Vault' : 'Relay'}`;
    if (moveFocus) current.heading.focus();
  }

  const first = groups[0]?.views[0];
  if (first) show(first.id, false);
}

// The window's frame: air-gap banner on top, sidebar, the current view, status bar at the bottom. The router
// decides which view is shown; the sidebar and the views themselves ask it.
import { el } from './dom';
import { startNetworkMonitor } from './network-monitor';
import { createRouter } from './router';
import type { AppStatus, ViewContext, ViewInstance } from './view';
import { viewGroupsFor } from './views';
import type { Bridge } from '../bridge';
import { airgapBanner } from './AirgapBanner';
import { modeBand } from './ModeBand';
import { sidebar } from './Sidebar';
import { statusBar } from './StatusBar';
import { bridgeEndpointStorage, createRelayEndpoints } from '../relay/RelayEndpointsModel';

export function mountShell(root: HTMLElement, bridge: Bridge, status: AppStatus): void {
  const network = startNetworkMonitor(bridge);
  const groups = viewGroupsFor(status.mode);
  const views = new Map(groups.flatMap((group) => group.views.map((view) => [view.id, view] as const)));

  const main = el('main', { className: 'content', testid: 'content' });
  const router = createRouter<ViewInstance>({
    has: (id) => views.has(id),
    open: (id, params) => views.get(id)!.render(context, params),
    show(id, view, { focus }) {
      main.replaceChildren(view.root);
      main.scrollTop = 0;
      nav.setActive(id);
      document.title = `${views.get(id)!.title} — Airlock ${status.mode === 'vault' ? 'Vault' : 'Relay'}`;
      if (focus) view.heading.focus();
    },
  });
  // The relay remembers its endpoints in its database; the vault has no relay channels (H-11) and reads no chain.
  const relayEndpoints = createRelayEndpoints(status.mode === 'relay' ? bridgeEndpointStorage(bridge) : undefined);
  const context: ViewContext = { bridge, status, network, router, relayEndpoints };
  const nav = sidebar(status, groups, (id) => router.go(id));
  const bar = statusBar(status);
  const frame = [el('div', { className: 'workspace' }, [nav.root, main]), bar.root];

  // Which machine this is, atop the window: a vault and a relay must never be mistaken for one another.
  frame.unshift(modeBand(status.mode));
  // The relay is meant to be online: it gets no banner, only the status bar line.
  if (status.mode === 'vault') {
    const banner = airgapBanner();
    network.subscribe(banner.update);
    frame.unshift(banner.root);
  }
  network.subscribe(bar.update);

  root.dataset.mode = status.mode;
  root.replaceChildren(...frame);

  const first = groups[0]?.views[0];
  if (first) router.go(first.id, undefined, { focus: false });
}

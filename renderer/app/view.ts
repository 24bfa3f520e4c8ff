// What a view is to the shell, and the one skeleton every view is drawn in (defineView): a <section> named by its
// <h1>, the sentence saying what the view is for, then the view's own page, given the scope it lives in (is it still
// shown; what to let go of when it is left). Views reach each other only through the router.
import type { ResponseOf } from '../../shared/bridge';
import type { Bridge } from '../bridge';
import type { RelayEndpoints } from '../relay/RelayEndpointsModel';
import { viewHeader } from '../ui/ViewHeader';
import { el, type Child } from './dom';
import type { NetworkMonitor } from './network-monitor';
import type { ParamsOf, Router } from './router';
import { createScope, type Scope } from './scope';

export type AppStatus = ResponseOf<'app.status'>;

export interface ViewContext {
  bridge: Bridge;
  status: AppStatus;
  network: NetworkMonitor;
  router: Router;
  /** The relay's RPC endpoints for this window's session (empty and unused in the vault). */
  relayEndpoints: RelayEndpoints;
}

export interface ViewInstance {
  /** The view's root element; carries data-testid="view-<id>". */
  root: HTMLElement;
  /** The view's <h1>, focused after navigation so screen readers announce the new view. */
  heading: HTMLElement;
  /** Stops timers and subscriptions when the holder leaves the view. */
  dispose?(): void;
  /** Null when leaving is harmless; otherwise shows and returns the sentence saying why not (e.g. share cards being handed out). */
  leaveBlocked?(): string | null;
}

export interface ViewDef {
  /** Stable, kebab-case: nav-<id> and view-<id> in the DOM. */
  id: string;
  /** The <h1> and the sidebar label. */
  title: string;
  render(context: ViewContext, params: object): ViewInstance;
}

export interface ViewGroup {
  label: string;
  views: readonly ViewDef[];
}

/** What a view draws under its header. What it holds while shown goes in its scope; `dispose` is for a page kept as an object. */
export interface Page {
  root: HTMLElement | readonly Child[];
  dispose?(): void;
  leaveBlocked?(): string | null;
}

/** Draws a view's page; `scope` ends when the holder leaves the view (scope.shown() is then false). */
export type PageFn<V extends string> = (context: ViewContext, scope: Scope, params: ParamsOf<V>) => Page;

export interface ViewSpec<V extends string> {
  id: V;
  title: string;
  /** One sentence: what the view is for (it may depend on the mode). */
  purpose: string | ((context: ViewContext) => string);
  page: PageFn<V>;
}

export function defineView<V extends string>(spec: ViewSpec<V>): ViewDef {
  return {
    id: spec.id,
    title: spec.title,
    render(context, params) {
      const { header, heading } = viewHeader(spec.title, typeof spec.purpose === 'string' ? spec.purpose : spec.purpose(context));
      heading.id = `title-${spec.id}`;
      const scope = createScope();
      const page = spec.page(context, scope, params as ParamsOf<V>);
      if (page.dispose) scope.onDispose(() => page.dispose!());
      const content = Array.isArray(page.root) ? page.root : [page.root as HTMLElement];
      const root = el('section', { className: `view view-${spec.id}`, testid: `view-${spec.id}`, attrs: { 'aria-labelledby': `title-${spec.id}` } }, [header, ...content]);
      return { root, heading, dispose: scope.dispose, ...(page.leaveBlocked ? { leaveBlocked: page.leaveBlocked } : {}) };
    },
  };
}

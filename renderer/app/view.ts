// What a view is to the shell: an id (used in test ids), a title, and a render function.
import type { ResponseOf } from '../../shared/bridge';
import type { Bridge } from '../bridge';
import type { NetworkMonitor } from './network-monitor';

export type AppStatus = ResponseOf<'app.status'>;

export interface ViewContext {
  bridge: Bridge;
  status: AppStatus;
  network: NetworkMonitor;
}

export interface ViewInstance {
  /** The view's root element; carries data-testid="view-<id>". */
  root: HTMLElement;
  /** The view's <h1>, focused after navigation so screen readers announce the new view. */
  heading: HTMLElement;
  /** Stops timers and subscriptions when the holder leaves the view. */
  dispose?(): void;
}

export interface ViewDef {
  /** Stable, kebab-case: nav-<id> and view-<id> in the DOM. */
  id: string;
  /** The <h1> and the sidebar label. */
  title: string;
  render(context: ViewContext): ViewInstance;
}

export interface ViewGroup {
  label: string;
  views: readonly ViewDef[];
}

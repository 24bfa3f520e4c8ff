// Which view is shown, and with what: a view hands work to another only through a route's parameters (Build opens
// Review & sign on the draft it stored), never through a module variable. No DOM here: the shell draws what it shows.

/** The parameters a view may be opened with. A view not named here takes none. */
export interface RouteParams {
  /** Review & sign opens on this draft (else on the newest). */
  review: { draft?: number };
}

export type ParamsOf<V extends string> = V extends keyof RouteParams ? RouteParams[V] : Record<string, never>;

/** What the router needs of a shown view: it may refuse to be left (its sentence shown by itself), and is disposed when left. */
export interface ShownView {
  leaveBlocked?(): string | null;
  dispose?(): void;
}

export interface GoOptions {
  /** Move the focus to the new view's heading (default), so a screen reader announces it; not at start-up. */
  focus?: boolean;
}

export interface Router {
  /** Shows `view` with `params`; false when the current view refused to be left or the view is unknown. */
  go<V extends string>(view: V, params?: ParamsOf<V>, options?: GoOptions): boolean;
  /** The view shown now, or null before the first. */
  current(): string | null;
}

export interface RouterHost<I extends ShownView> {
  /** Whether this mode has the view. */
  has(view: string): boolean;
  /** Builds the view. */
  open(view: string, params: object): I;
  /** Puts the built view on screen. */
  show(view: string, instance: I, options: Required<GoOptions>): void;
}

export function createRouter<I extends ShownView>(host: RouterHost<I>): Router {
  let current: { view: string; instance: I } | null = null;
  return {
    go(view, params, options = {}) {
      if (!host.has(view) || current?.instance.leaveBlocked?.()) return false;
      // The old view lets go of what it holds (timers, an unlock in progress) before the new one starts.
      current?.instance.dispose?.();
      current = null;
      const instance = host.open(view, params ?? {});
      current = { view, instance };
      host.show(view, instance, { focus: options.focus ?? true });
      return true;
    },
    current: () => current?.view ?? null,
  };
}

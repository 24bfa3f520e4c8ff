// What a shown page (or a panel inside it) holds until the holder leaves it: whether it is still shown, so an answer
// that comes back later draws nothing, and what to let go of then (timers, scanners, animated QR codes, panels).
// defineView makes one per page and ends it when the router leaves the view. No DOM: tested in Node.

export interface Disposable {
  dispose(): void;
}

/** One disposable at a time (the open scanner, the answer's QR): holding a new one lets go of the one before. */
export interface Slot<T extends Disposable> {
  /** Lets go of what the slot held and holds `thing` instead; returns it. Once the scope has ended, `thing` is let go of at once. */
  hold<U extends T>(thing: U): U;
  /** What the slot holds now, or null. */
  current(): T | null;
  /** Lets go of what the slot holds. */
  clear(): void;
}

export interface Scope {
  /** True until the page is left: asked after every await, before drawing. */
  shown(): boolean;
  /** `fn` runs once when the page is left; the last registered runs first. Once ended, it runs at once. */
  onDispose(fn: () => void): void;
  /** Keeps a disposable until the page is left; returns it. */
  own<T extends Disposable>(thing: T): T;
  slot<T extends Disposable>(): Slot<T>;
  /** A scope inside this one (a section drawn again on reload): it ends with this one, or earlier by its own dispose(). */
  child(): OwnedScope;
}

/** A scope and the call that ends it: held by whoever made it (defineView for a page). */
export interface OwnedScope extends Scope {
  /** Marks the scope left and runs what was registered, once; later calls do nothing. */
  dispose(): void;
}

export function createScope(): OwnedScope {
  let ended = false;
  const cleanups: Array<() => void> = [];

  const scope: OwnedScope = {
    shown: () => !ended,
    onDispose(fn) {
      if (ended) fn();
      else cleanups.push(fn);
    },
    own(thing) {
      scope.onDispose(() => thing.dispose());
      return thing;
    },
    slot<T extends Disposable>(): Slot<T> {
      let held: T | null = null;
      const clear = () => {
        const was = held;
        held = null;
        was?.dispose();
      };
      scope.onDispose(clear);
      return {
        hold(thing) {
          clear();
          if (ended) thing.dispose();
          else held = thing;
          return thing;
        },
        current: () => held,
        clear,
      };
    },
    child() {
      const inner = createScope();
      const end = () => inner.dispose();
      scope.onDispose(end);
      return {
        ...inner,
        dispose() {
          const at = cleanups.indexOf(end);
          if (at >= 0) cleanups.splice(at, 1);
          inner.dispose();
        },
      };
    },
    dispose() {
      if (ended) return;
      ended = true;
      for (const fn of cleanups.splice(0).reverse()) fn();
    },
  };
  return scope;
}

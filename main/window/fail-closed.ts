// SECURITY(H-20): what main does when the window can no longer be trusted: a pure policy from the
// event to the actions, so the order (secrets first, then the window, then the user) is tested.

export type FailureEvent =
  | { kind: 'preload-error' }
  | { kind: 'render-process-gone'; reason: string }
  | { kind: 'unresponsive' }
  | { kind: 'main-error' };

/** In execution order. 'lock-secrets' first: whatever happens next, no secret stays unlocked. */
export type FailureAction = 'lock-secrets' | 'close-window' | 'show-fatal' | 'quit';

/**
 * Every failure is treated as hostile, including a 'clean-exit' of the renderer and a renderer
 * that merely hangs: a vault that keeps running with a window it no longer controls is worse than
 * a vault that must be restarted.
 */
export function failureActions(_event: FailureEvent): FailureAction[] {
  return ['lock-secrets', 'close-window', 'show-fatal', 'quit'];
}

export interface FatalNotice {
  title: string;
  message: string;
}

/** The sentence the fatal dialog shows: what happened and what to do, no stack, no error text. */
export function fatalNotice(event: FailureEvent): FatalNotice {
  const title = 'Airlock stopped to protect the vault';
  const what: Record<FailureEvent['kind'], string> = {
    'preload-error': 'The window could not start its secure bridge.',
    'render-process-gone': 'The window stopped unexpectedly.',
    unresponsive: 'The window stopped responding.',
    'main-error': 'Airlock hit an unexpected error.',
  };
  return {
    title,
    message: `${what[event.kind]} Everything unlocked was locked again and Airlock will now close. Start it again; if this keeps happening, please report it.`,
  };
}

/** Runs the actions in order; one failing action never stops the ones after it (quit must happen). */
export function runFailureActions(actions: readonly FailureAction[], run: Readonly<Record<FailureAction, () => void>>): unknown[] {
  const errors: unknown[] = [];
  for (const action of actions) {
    try {
      run[action]();
    } catch (error) {
      errors.push(error);
    }
  }
  return errors;
}

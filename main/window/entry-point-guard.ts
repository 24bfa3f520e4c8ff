// The machinery under the vault's runtime guards (network H-10, processes H-26): replaces named functions of
// Node modules, prototypes or globals with stubs that throw, remembering each original so tests can undo it.
import { syncBuiltinESMExports } from 'node:module';
import { AirlockError } from '../../shared/errors';

/** One object whose named functions a guard replaces (a module, a prototype, globalThis, process). */
export interface GuardTarget {
  label: string;
  object: object;
  keys: readonly string[];
}

export interface Replaced {
  object: object;
  key: string;
  descriptor: PropertyDescriptor;
}

/** A stub that throws the guard's typed error, naming the entry point for the report (never any argument). */
export function refusal(code: string, message: string, entryPoint: string): (...args: unknown[]) => never {
  return function forbidden(): never {
    throw new AirlockError(code, message, { entryPoint });
  };
}

/**
 * Puts `value` in place of `object[key]`, recording the original in `into` first, so even a half-finished install
 * can be undone. A property that cannot be replaced throws here, and main treats that as fatal.
 */
export function replaceEntryPoint(object: object, key: string, value: unknown, into: Replaced[]): void {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  // Absent in this Node build (e.g. EventSource without its flag): nothing to reach, nothing to guard.
  if (descriptor === undefined) return;
  into.push({ object, key, descriptor });
  Object.defineProperty(object, key, { configurable: true, enumerable: descriptor.enumerable ?? false, writable: false, value });
}

/** Replaces every key of every target with a refusal stub, then refreshes named ESM imports of the built-ins. */
export function replaceEntryPoints(targets: readonly GuardTarget[], stub: (entryPoint: string) => unknown, into: Replaced[]): void {
  for (const target of targets) {
    for (const key of target.keys) replaceEntryPoint(target.object, key, stub(`${target.label}.${key}`), into);
  }
  // Named ESM imports (`import { request } from 'node:http'`) are separate bindings: refresh them.
  syncBuiltinESMExports();
}

/** Test-only: puts every original back, newest first. */
export function putBack(replaced: Replaced[]): void {
  for (const { object, key, descriptor } of replaced.reverse()) Object.defineProperty(object, key, descriptor);
  replaced.length = 0;
  syncBuiltinESMExports();
}

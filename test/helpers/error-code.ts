// Refusals compared by code in one line: the code of the AirlockError a call throws ("accepted" when it returns), and
// the assert.throws predicate for one code.
import assert from 'node:assert/strict';
import { AirlockError } from '../../shared/errors';

export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AirlockError, `expected an AirlockError, got ${String(error)}`);
    return error.code;
  }
  return 'accepted';
}

/** For assert.throws: an AirlockError with this code, and, when `message` is given, a sentence that matches it. */
export const hasCode = (code: string, message?: RegExp) => (e: unknown) =>
  e instanceof AirlockError && e.code === code && (!message || message.test(e.message));

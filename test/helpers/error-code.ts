// The code of the AirlockError a call throws, or "accepted" when it returns: refusals compared by code in one line.
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

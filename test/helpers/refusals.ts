// Awaits a promise that must be refused with one AirlockError code; returns the error for further checks.
import assert from 'node:assert/strict';
import { AirlockError } from '../../shared/errors';

export async function rejectsWith(promise: Promise<unknown>, code: string): Promise<AirlockError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AirlockError, `expected ${code}, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

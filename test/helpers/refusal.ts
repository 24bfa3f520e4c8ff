// One assertion for "refused with this AirlockError": the code, and words of the sentence a key holder reads.
import assert from 'node:assert/strict';
import { AirlockError } from '../../shared/errors';

export function refuses(fn: () => unknown, code: string, words: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof AirlockError, String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, words);
    return true;
  });
}

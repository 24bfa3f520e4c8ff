// The H-19 property of a parser, in one place: whatever it is given, it returns or refuses with an AirlockError (of the
// one code, where the parser has one), and never throws anything else: a TypeError or a library's RangeError is the bug.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AirlockError } from '../../shared/errors';

export function assertOnlyAirlockErrors<T>(inputs: fc.Arbitrary<T>, call: (input: T) => unknown, options: { code?: string; numRuns?: number } = {}): void {
  fc.assert(
    fc.property(inputs, (input) => {
      try {
        call(input);
      } catch (error) {
        assert.ok(error instanceof AirlockError && (options.code === undefined || error.code === options.code), String(error));
      }
    }),
    options.numRuns === undefined ? {} : { numRuns: options.numRuns },
  );
}

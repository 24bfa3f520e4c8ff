// The vault's watch list for its relay: public addresses only, one strict versioned parser for both sides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AirlockError } from '../../../../shared/errors';
import { parseWatchList, watchListBytes } from '../../../../shared/airgap/watch-list';

const list = {
  version: 1 as const,
  vault: 'Acme treasury',
  accounts: [{ address: '0x9858effd232b4033e47d90003d41ec34ecaeda94', label: 'Treasury' }],
  safes: [{ address: '0x2222222222222222222222222222222222222222', label: 'Safe' }],
};

test('round-trips through its bytes with addresses in EIP-55', () => {
  const parsed = parseWatchList(watchListBytes(parseWatchList(list)));
  assert.equal(parsed.accounts[0]!.address, '0x9858EfFD232B4033E47d90003D41EC34EcaEda94');
  assert.deepEqual(parseWatchList(watchListBytes(parsed)), parsed);
});

test('refuses another version, extra fields, bad addresses and unreadable bytes, with a sentence', () => {
  const refused = (value: unknown, pattern: RegExp) => assert.throws(() => parseWatchList(value), (e: unknown) => e instanceof AirlockError && e.code === 'watch-list-invalid' && pattern.test(e.message));
  refused({ ...list, version: 2 }, /"version"/);
  refused({ ...list, secret: 'x' }, /not an Airlock watch list/);
  refused({ ...list, accounts: [{ address: '0x12', label: 'x' }] }, /"accounts.0.address" is not an address/);
  refused(new Uint8Array([0xff, 0xfe]), /not readable JSON/);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      try {
        parseWatchList(bytes);
      } catch (error) {
        assert.ok(error instanceof AirlockError);
      }
    }),
    { numRuns: 300 },
  );
});

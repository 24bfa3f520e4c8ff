// A Safe is signed into a snapshot only if a Safe contract can be in that state, and a snapshot request is
// refused before any request when a vault could not accept its size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toChecksumAddress } from '../../../../../shared/evm/address';
import { AirlockError } from '../../../../../shared/errors';
import { checkSafe, SAFE_SENTINEL } from '../../../../../main/services/relay/snapshot-safes';
import { checkSnapshotRequest } from '../../../../../main/services/relay/snapshot-taker';

const address = (n: number) => toChecksumAddress(Uint8Array.from({ length: 20 }, (_, i) => (i === 0 ? 0xaa : i >= 18 ? (n >> ((19 - i) * 8)) & 255 : 0)));
const SAFE = address(9999);
const good = { address: SAFE, owners: [address(1), address(2), address(3)], threshold: '2', nonce: '5', version: '1.4.1', implementation: address(50), modules: [], guard: address(0), fallbackHandler: address(0) };

function refusal(fn: () => void): AirlockError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AirlockError);
    return error;
  }
  assert.fail('expected a refusal');
}

test('a working Safe passes; threshold 0, above its owners, repeated or impossible owners and too many are refused', () => {
  checkSafe(good, 'http://rpc');
  const cases: [object, RegExp][] = [
    [{ threshold: '0' }, /a threshold of 0 for 3 owners/],
    [{ threshold: '4' }, /a threshold of 4 for 3 owners/],
    [{ owners: [address(1), address(1).toLowerCase(), address(2)] }, /an owner listed twice/],
    [{ owners: [SAFE_SENTINEL, address(1)] }, /0x0+1 among its owners/],
    [{ owners: [SAFE, address(1)], threshold: '1' }, /among its owners/],
    [{ owners: Array.from({ length: 257 }, (_, i) => address(i + 1)) }, /257 owners \(a snapshot holds at most 256\)/],
    [{ nonce: (2n ** 64n).toString() }, /a nonce of/],
    [{ modules: [address(7), address(7)] }, /a module listed twice/],
    [{ modules: [SAFE_SENTINEL] }, /an impossible module address/],
  ];
  for (const [change, message] of cases) {
    const error = refusal(() => checkSafe({ ...good, ...change }, 'http://rpc'));
    assert.equal(error.code, 'snapshot-safe-invalid');
    assert.match(error.message, message);
    assert.match(error.message, /^The RPC endpoint http:\/\/rpc reports the Safe/);
  }
});

test('a request over the limits is refused with every limit it breaks', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => address(i + 1));
  checkSnapshotRequest({ accounts: many(256), safes: many(64), tokens: many(64), positions: [] }, 4);
  const error = refusal(() => checkSnapshotRequest({ accounts: many(300), safes: many(65), tokens: many(65), positions: [{ adapter: 'erc20-balance', contract: address(1) }, { adapter: 'erc20-balance', contract: address(2) }, { adapter: 'erc20-balance', contract: address(3) }, { adapter: 'erc20-balance', contract: address(4) }] }, 5));
  assert.equal(error.code, 'snapshot-too-large');
  assert.match(error.message, /5 endpoints \(at most 4\), 300 accounts \(at most 256\), 65 Safes \(at most 64\), 65 tokens \(at most 64\), 1460 positions/);
});

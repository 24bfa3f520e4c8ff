// Times what the review screen does for a Safe batch: safeTxHash plus risk analysis of a 50-call MultiSend.
import { encodeFunctionCall } from '../../shared/evm/abi';
import { toChecksumAddress } from '../../shared/evm/address';
import { encodeMultiSend, type MultiSendCall } from '../../shared/evm/multisend';
import { analyzeSafeTx } from '../../shared/drafting/risk';
import { safeTxHashes, ZERO_ADDRESS, type SafeTxRequest } from '../../shared/evm/safe';
import { median } from './figures';
import type { Report } from './run';

const RUNS = 50;
const WARM_UP = 5;

const address = (n: number) => toChecksumAddress(Uint8Array.from({ length: 20 }, (_, i) => (i === 19 ? n : 0x11 * (i % 15))));

function batchRequest(size: number): SafeTxRequest {
  const safe = address(200);
  const calls: MultiSendCall[] = Array.from({ length: size }, (_, i): MultiSendCall => {
    switch (i % 5) {
      case 0:
        return { operation: 0, to: address(1), value: 0n, data: encodeFunctionCall('transfer(address,uint256)', [address(i + 10), BigInt(i) * 10n ** 18n]) };
      case 1:
        return { operation: 0, to: address(2), value: 0n, data: encodeFunctionCall('approve(address,uint256)', [address(i + 10), (1n << 256n) - 1n]) };
      case 2:
        return { operation: 0, to: address(i + 10), value: 10n ** 17n, data: new Uint8Array() };
      case 3:
        return { operation: 0, to: address(3), value: 0n, data: encodeFunctionCall('pause()', []) };
      default:
        return { operation: 0, to: safe, value: 0n, data: encodeFunctionCall('changeThreshold(uint256)', [2n]) };
    }
  });
  return {
    chainId: 1n,
    safe,
    version: '1.4.1',
    tx: {
      to: toChecksumAddress(Uint8Array.from([0x96, 0x41, 0xd7, 0x64, 0xfc, 0x13, 0xc8, 0xb6, 0x24, 0xc0, 0x44, 0x30, 0xc7, 0x35, 0x6c, 0x1c, 0x7c, 0x81, 0x02, 0xe2])),
      value: 0n,
      data: encodeMultiSend(calls),
      operation: 1,
      safeTxGas: 0n,
      baseGas: 0n,
      gasPrice: 0n,
      gasToken: ZERO_ADDRESS,
      refundReceiver: ZERO_ADDRESS,
      nonce: 42n,
    },
  };
}

export async function bench(report: Report): Promise<void> {
  const request = batchRequest(50);
  const registered = Array.from({ length: 60 }, (_, i) => address(i));
  const times: number[] = [];
  let warnings = 0;
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const t0 = performance.now();
    safeTxHashes(request);
    warnings = analyzeSafeTx({ chainId: 1n, safeNonce: 42n, registeredAddresses: registered }, request).length;
    const t1 = performance.now();
    if (run >= WARM_UP) times.push(t1 - t0);
  }
  if (warnings === 0) throw new Error('safe bench: the batch should raise warnings');
  report('Safe hash + risk analysis of a 50-call MultiSend', median(times), 'ms');
}

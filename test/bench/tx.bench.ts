// Times building and signing 1,000 native sweep transactions (EIP-1559), and decoding them back.
import { SecretBytes } from '../../shared/crypto/secret';
import { encodeFunctionCall } from '../../shared/evm/abi';
import { buildTransaction, createTransactionSigner, decodeSignedTransaction, type SignedTransaction, type TransactionSigner } from '../../shared/evm/tx';
import { median } from './figures';
import type { Report } from './run';

const COUNT = 1000;
const RUNS = 5;
const MAX_FEE = 40_000_000_000n;
const TREASURY = '0x3535353535353535353535353535353535353535';

/** One sweep per account: `signerFor(i)` gives account i's signer (the same one, or a fresh one per account). */
function sweepAll(signerFor: (i: number) => TransactionSigner, erc20: boolean): SignedTransaction[] {
  const out: SignedTransaction[] = [];
  for (let i = 0; i < COUNT; i++) {
    const balance = 10n ** 18n + BigInt(i);
    const gasLimit = erc20 ? 65_000n : 21_000n;
    const tx = buildTransaction({
      type: 'eip1559',
      chainId: 1n,
      nonce: BigInt(i),
      maxFeePerGas: MAX_FEE,
      maxPriorityFeePerGas: 1_000_000_000n,
      gasLimit,
      to: erc20 ? '0x' + '7a'.repeat(20) : TREASURY,
      // A native sweep sends the balance minus the most the fee can cost.
      value: erc20 ? 0n : balance - MAX_FEE * gasLimit,
      data: erc20 ? encodeFunctionCall('transfer(address,uint256)', [TREASURY, balance]) : new Uint8Array(0),
    });
    out.push(signerFor(i).sign(tx));
  }
  return out;
}

function time<T>(fn: () => T): [number, T] {
  const t0 = performance.now();
  const value = fn();
  return [performance.now() - t0, value];
}

export function bench(report: Report): void {
  // 1,000 distinct accounts, as a treasury-wide sweep signs: each key once, its address computed once.
  const keys = Array.from({ length: COUNT }, (_, i) => {
    const bytes = new Uint8Array(32).fill(0x46);
    bytes[0] = i >> 8;
    bytes[1] = i & 0xff;
    return SecretBytes.copyOf(bytes);
  });
  try {
    const perAccount = (i: number) => createTransactionSigner(keys[i]!);
    const one = createTransactionSigner(keys[0]!);
    const same = () => one;
    sweepAll(perAccount, false); // warm-up: JIT and secp256k1 precomputes
    const distinct: number[] = [];
    const native: number[] = [];
    const token: number[] = [];
    const decode: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const [ms, signed] = time(() => sweepAll(perAccount, false));
      distinct.push(ms);
      native.push(time(() => sweepAll(same, false))[0]);
      token.push(time(() => sweepAll(same, true))[0]);
      decode.push(time(() => signed.forEach((s) => decodeSignedTransaction(s.raw)))[0]);
    }
    report(`tx build + sign ${COUNT} sweep transactions (${COUNT} accounts)`, median(distinct), 'ms');
    report(`tx build + sign ${COUNT} sweep transactions (one signer)`, median(native), 'ms');
    report(`tx build + sign ${COUNT} ERC-20 sweeps (one signer)`, median(token), 'ms');
    report(`tx decode + recover sender of ${COUNT} transactions`, median(decode), 'ms');
  } finally {
    for (const key of keys) key.dispose();
  }
}

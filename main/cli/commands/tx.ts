// `airlock tx decode`: reads a raw signed transaction (hex) on stdin and prints every field, the
// decoded call, warnings and the recovered sender, so anyone can check what a vault signed.
import { bigIntToBytes, toHex } from '../../../shared/bytes';
import { AirlockError } from '../../../shared/errors';
import { knownCallJson, type KnownCallJson } from '../../../shared/evm/known-calls';
import { decodeSignedTransaction, transactionJson, type SignedTransaction, type TransactionJson } from '../../../shared/evm/tx';
import { analyzeTransactionCall } from '../../../shared/drafting/risk';
import type { Warning } from '../../../shared/drafting/rules';
import type { CliCommand } from '../command';

export interface DecodedTxJson extends TransactionJson {
  /** The EIP-2718 type number: 2, or 0 for legacy. */
  typeNumber: 2 | 0;
  call: KnownCallJson | null;
  warnings: Warning[];
  from: string;
  hash: string;
  signature: { yParity: 0 | 1; v: string; r: string; s: string };
}

/** The JSON `airlock tx decode` prints for a decoded signed transaction. */
export function describeSignedTransaction(signed: SignedTransaction): DecodedTxJson {
  const tx = signed.transaction;
  const { call, warnings } = analyzeTransactionCall({}, { from: signed.from, to: tx.to, value: tx.value, data: tx.data });
  return {
    ...transactionJson(tx),
    typeNumber: tx.type === 'eip1559' ? 2 : 0,
    call: knownCallJson(call),
    warnings,
    from: signed.from,
    hash: toHex(signed.hash),
    signature: {
      yParity: signed.signature.yParity,
      v: signed.signature.v.toString(),
      r: toHex(bigIntToBytes(signed.signature.r, 32)),
      s: toHex(bigIntToBytes(signed.signature.s, 32)),
    },
  };
}

export const txCommands: CliCommand[] = [
  {
    path: ['tx', 'decode'],
    summary:
      'Decode a raw signed transaction (hex on stdin, EIP-1559 or legacy EIP-155): prints type, chainId, nonce, fees, to, value, data, ' +
      'the decoded call, warnings, the recovered sender (from) and the hash.',
    options: [],
    async run(input) {
      const text = (await input.readStdin()).trim();
      if (text === '') {
        throw new AirlockError('tx-invalid', '`airlock tx decode` reads a raw signed transaction as hexadecimal text on standard input, and it read nothing.');
      }
      return describeSignedTransaction(decodeSignedTransaction(text));
    },
  },
];

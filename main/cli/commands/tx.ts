// `airlock tx decode`: reads a raw signed transaction (hex) on stdin and prints every field, the
// decoded call, warnings and the recovered sender, so anyone can check what a vault signed.
import { bytesToHex } from '@noble/hashes/utils.js';
import { AirlockError, isAirlockError } from '../../../shared/errors';
import { abiValueToJson, type AbiJson } from '../../../shared/evm/abi';
import { decodeKnownCall, type KnownCall } from '../../../shared/evm/known-calls';
import { decodeSignedTransaction, type SignedTransaction } from '../../../shared/evm/tx';
import type { CliCommand } from '../command';

export type TxWarningSeverity = 'critical' | 'high' | 'medium' | 'info';

export interface TxWarning {
  code: string;
  severity: TxWarningSeverity;
  message: string;
}

export interface DecodedTxJson {
  type: 'eip1559' | 'legacy';
  /** The EIP-2718 type number: 2, or 0 for legacy. */
  typeNumber: 2 | 0;
  chainId: string;
  nonce: string;
  fees: { maxFeePerGas: string; maxPriorityFeePerGas: string; gasLimit: string } | { gasPrice: string; gasLimit: string };
  to: string | null;
  value: string;
  data: string;
  accessList: Array<{ address: string; storageKeys: string[] }>;
  call: { name: string; signature: string; params: Array<{ name: string; type: string; value: AbiJson }> } | null;
  warnings: TxWarning[];
  from: string;
  hash: string;
  signature: { yParity: 0 | 1; v: string; r: string; s: string };
}

/** Allowances at or above 2^128 are "unlimited" in practice (wallets use 2^256-1). */
const UNLIMITED_ALLOWANCE = 1n << 128n;

/** The JSON `airlock tx decode` prints for a decoded signed transaction. */
export function describeSignedTransaction(signed: SignedTransaction): DecodedTxJson {
  const tx = signed.transaction;
  const warnings: TxWarning[] = [];
  let call: KnownCall | null = null;
  try {
    call = decodeKnownCall(tx.data);
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    warnings.push({
      code: 'malformed-call',
      severity: 'critical',
      message: `${error.message} What this transaction does cannot be shown; do not broadcast it.`,
    });
  }
  const selector = tx.data.length >= 4 ? `0x${bytesToHex(tx.data.subarray(0, 4))}` : null;
  if (tx.data.length > 0 && call === null && warnings.length === 0) {
    warnings.push({
      code: 'unknown-function',
      severity: 'high',
      message:
        selector === null
          ? `The transaction carries ${tx.data.length} bytes of data that are not a function call Airlock knows. Confirm the data with its author.`
          : `The transaction calls an unknown function (selector ${selector}) on ${tx.to ?? 'a new contract'}; Airlock cannot show what it does. Confirm the data with its author.`,
    });
  }
  if (call) warnings.push(...approvalWarnings(call, tx.to));
  if (tx.to === null) {
    warnings.push({
      code: 'contract-creation',
      severity: 'high',
      message: 'The transaction has no recipient: it deploys a new contract from its data. Recovery transactions never do this.',
    });
  }
  return {
    type: tx.type,
    typeNumber: tx.type === 'eip1559' ? 2 : 0,
    chainId: tx.chainId.toString(),
    nonce: tx.nonce.toString(),
    fees:
      tx.type === 'eip1559'
        ? { maxFeePerGas: tx.maxFeePerGas.toString(), maxPriorityFeePerGas: tx.maxPriorityFeePerGas.toString(), gasLimit: tx.gasLimit.toString() }
        : { gasPrice: tx.gasPrice.toString(), gasLimit: tx.gasLimit.toString() },
    to: tx.to,
    value: tx.value.toString(),
    data: '0x' + bytesToHex(tx.data),
    accessList: tx.type === 'eip1559' ? tx.accessList.map((e) => ({ address: e.address, storageKeys: e.storageKeys.map((k) => '0x' + bytesToHex(k)) })) : [],
    call: call && {
      name: call.name,
      signature: call.signature,
      params: call.params.map((p) => ({ name: p.name, type: p.type, value: abiValueToJson(p.value) })),
    },
    warnings,
    from: signed.from,
    hash: '0x' + bytesToHex(signed.hash),
    signature: {
      yParity: signed.signature.yParity,
      v: signed.signature.v.toString(),
      r: '0x' + signed.signature.r.toString(16).padStart(64, '0'),
      s: '0x' + signed.signature.s.toString(16).padStart(64, '0'),
    },
  };
}

function approvalWarnings(call: KnownCall, token: string | null): TxWarning[] {
  const value = (name: string) => call.params.find((p) => p.name === name)?.value;
  if ((call.name === 'approve' || call.name === 'increaseAllowance') && call.params.length === 2) {
    const amount = call.params[1]!.value;
    if (typeof amount === 'bigint' && amount >= UNLIMITED_ALLOWANCE) {
      return [
        {
          code: 'unlimited-approval',
          severity: 'high',
          message: `This lets ${String(value('spender'))} spend an unlimited amount of the token at ${token ?? '(no address)'}. Approve only the exact amount needed, or revoke instead.`,
        },
      ];
    }
  }
  if (call.name === 'setApprovalForAll' && value('approved') === true) {
    return [
      {
        code: 'unlimited-approval',
        severity: 'high',
        message: `This lets ${String(value('operator'))} move every token of the collection at ${token ?? '(no address)'}.`,
      },
    ];
  }
  return [];
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

// What a reviewer must be warned about in a transaction's call: unknown or malformed call data,
// unlimited approvals, contract creation. Shared so vault-built, decoded and requested transactions
// are reviewed by one rule set.
import { bytesToHex } from '@noble/hashes/utils.js';
import { isAirlockError } from '../errors';
import { decodeKnownCall, type KnownCall } from '../evm/known-calls';

export type TxWarningSeverity = 'critical' | 'high' | 'medium' | 'info';

export interface TxWarning {
  code: string;
  severity: TxWarningSeverity;
  message: string;
}

/** Allowances at or above 2^128 are "unlimited" in practice (wallets use 2^256-1). */
const UNLIMITED_ALLOWANCE = 1n << 128n;

/** The decoded call (null if none or unknown) and the warnings for a transaction's `to` and `data`. */
export function reviewCall(to: string | null, data: Uint8Array): { call: KnownCall | null; warnings: TxWarning[] } {
  const warnings: TxWarning[] = [];
  let call: KnownCall | null = null;
  try {
    call = decodeKnownCall(data);
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    warnings.push({
      code: 'malformed-call',
      severity: 'critical',
      message: `${error.message} What this transaction does cannot be shown; do not sign or broadcast it.`,
    });
  }
  const selector = data.length >= 4 ? `0x${bytesToHex(data.subarray(0, 4))}` : null;
  if (data.length > 0 && call === null && warnings.length === 0) {
    warnings.push({
      code: 'unknown-function',
      severity: 'high',
      message:
        selector === null
          ? `The transaction carries ${data.length} bytes of data that are not a function call Airlock knows. Confirm the data with its author.`
          : `The transaction calls an unknown function (selector ${selector}) on ${to ?? 'a new contract'}; Airlock cannot show what it does. Confirm the data with its author.`,
    });
  }
  if (call) warnings.push(...approvalWarnings(call, to));
  if (to === null) {
    warnings.push({
      code: 'contract-creation',
      severity: 'high',
      message: 'The transaction has no recipient: it deploys a new contract from its data. Recovery transactions never do this.',
    });
  }
  return { call, warnings };
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

// One draft action → one call (to, value, data) with a sentence describing it: sweeps, transfers,
// approval revokes, any contract call, Safe owner management, DAO emergency templates, Safe execTransaction.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { fromHex, toHex, utf8ToBytes } from '../bytes';
import { AirlockError, isAirlockError } from '../errors';
import { encodeFunctionCall } from '../evm/abi';
import type { Address } from '../evm/address';
import { encodeContractCall } from './contract-call';
import { draftInvalid, type DraftAction, type DraftContext } from './input';
import { encodeAddOwnerWithThreshold, encodeChangeThreshold, encodeExecTransaction, encodeRemoveOwner, encodeSwapOwner, type SafeTx } from '../evm/safe';

export interface ActionSummary {
  type: string;
  /** A sentence for the reviewer, e.g. "Sweep 1.5 ETH to 0x…". */
  description: string;
  to: Address;
  value: bigint;
  data: Uint8Array;
}

/** What an action needs besides itself. `owners` is the Safe's owner list as the batch has left it so far. */
export interface ActionEnv {
  executor: 'eoa' | 'safe';
  chainId: bigint;
  context: DraftContext;
  /** The Safe executing the draft (Safe executor only). */
  safe?: Address;
  owners: Address[];
  /** The most the EOA's transaction can pay for gas (gasLimit × max fee): what a native sweep leaves behind. */
  maxGasCost?: bigint;
}

const SAFE_ONLY = new Set(['safe-add-owner', 'safe-remove-owner', 'safe-swap-owner', 'safe-change-threshold']);
const DEFAULT_ADMIN_ROLE = new Uint8Array(32);

export function buildAction(action: DraftAction, index: number, env: ActionEnv): ActionSummary {
  const field = `actions[${index}]`;
  if (SAFE_ONLY.has(action.type) && env.executor !== 'safe') {
    throw draftInvalid(`In the draft description, ${field} is a ${action.type}, which only a Safe executor can do (to the Safe itself); the executor is an EOA.`);
  }
  if (action.type === 'safe-exec' && env.executor !== 'eoa') {
    throw draftInvalid(`In the draft description, ${field} is a safe-exec, which an EOA executor sends; a Safe executor takes the Safe's own actions directly.`);
  }
  try {
    return build(action, field, env);
  } catch (error) {
    if (isAirlockError(error) && error.code !== 'draft-invalid') {
      throw new AirlockError(error.code, `In the draft description, ${field} (${action.type}): ${error.message}`, error.params);
    }
    throw error;
  }
}

function build(action: DraftAction, field: string, env: ActionEnv): ActionSummary {
  const summary = (to: Address, value: bigint, data: Uint8Array, description: string): ActionSummary => ({ type: action.type, description, to, value, data });
  const call = (signature: string, args: Parameters<typeof encodeFunctionCall>[1]) => encodeFunctionCall(signature, args);
  switch (action.type) {
    case 'native-sweep': {
      const balance = env.context.balance;
      if (balance === undefined) {
        throw draftInvalid(`In the draft description, ${field} sweeps the whole native balance, so context.balance must give it (in wei).`);
      }
      const fee = env.executor === 'eoa' ? (env.maxGasCost ?? 0n) : 0n;
      const value = BigInt(balance) - fee;
      if (value <= 0n) {
        throw draftInvalid(
          `In the draft description, ${field} cannot sweep: the balance of ${balance} wei does not cover the most the gas can cost (${fee} wei = gas limit × max fee). Lower the fee or the gas limit.`,
        );
      }
      return summary(action.to, value, new Uint8Array(0), `Sweep ${nativeAmount(value, env.chainId)} to ${action.to}${fee > 0n ? ` (balance minus at most ${nativeAmount(fee, env.chainId)} of gas)` : ''}`);
    }
    case 'native-transfer': {
      const value = BigInt(action.value);
      return summary(action.to, value, new Uint8Array(0), `Send ${nativeAmount(value, env.chainId)} to ${action.to}`);
    }
    case 'erc20-sweep': {
      const text = action.amount ?? tokenEntry(env.context.tokenBalances, action.token);
      if (text === undefined) {
        throw draftInvalid(`In the draft description, ${field}.amount is missing and context.tokenBalances has no balance for ${action.token}; give one of them.`);
      }
      const amount = BigInt(text);
      return summary(action.token, 0n, call('transfer(address,uint256)', [action.to, amount]), `${action.amount === undefined ? 'Sweep' : 'Send'} ${tokenAmount(amount, action.token, env.context)} to ${action.to}`);
    }
    case 'revoke-approval':
      return summary(action.token, 0n, call('approve(address,uint256)', [action.spender, 0n]), `Revoke ${action.spender}'s allowance of ${tokenName(action.token, env.context)}`);
    case 'contract-call': {
      const { fn, data } = encodeContractCall(action, field);
      const value = BigInt(action.value ?? '0');
      return summary(action.to, value, data, `Call ${fn.signature} on ${action.to}${value > 0n ? ` with ${nativeAmount(value, env.chainId)}` : ''}`);
    }
    case 'safe-add-owner': {
      const data = encodeAddOwnerWithThreshold(env.owners, action.owner, action.threshold);
      env.owners.unshift(action.owner); // addOwner links the new owner at the head of the list
      return summary(env.safe!, 0n, data, `Add ${action.owner} as an owner of the Safe, threshold ${action.threshold} of ${env.owners.length}`);
    }
    case 'safe-remove-owner': {
      const data = encodeRemoveOwner(env.owners, action.owner, action.threshold);
      env.owners.splice(ownerIndex(env.owners, action.owner), 1);
      return summary(env.safe!, 0n, data, `Remove ${action.owner} from the Safe's owners, threshold ${action.threshold} of ${env.owners.length}`);
    }
    case 'safe-swap-owner': {
      const data = encodeSwapOwner(env.owners, action.oldOwner, action.newOwner);
      env.owners[ownerIndex(env.owners, action.oldOwner)] = action.newOwner;
      return summary(env.safe!, 0n, data, `Replace Safe owner ${action.oldOwner} with ${action.newOwner}`);
    }
    case 'safe-change-threshold':
      return summary(env.safe!, 0n, encodeChangeThreshold(env.owners, action.threshold), `Change the Safe's threshold to ${action.threshold} of ${env.owners.length}`);
    case 'pause':
      return summary(action.target, 0n, call('pause()', []), `Pause ${action.target}`);
    case 'unpause':
      return summary(action.target, 0n, call('unpause()', []), `Unpause ${action.target}`);
    case 'timelock-cancel':
      return summary(action.timelock, 0n, call('cancel(bytes32)', [fromHex(action.operationId)]), `Cancel timelock operation ${action.operationId.toLowerCase()} on ${action.timelock}`);
    case 'revoke-role':
    case 'renounce-role': {
      const role = roleId(action.role, `${field}.role`);
      const verb = action.type === 'revoke-role' ? 'revokeRole' : 'renounceRole';
      const text = action.type === 'revoke-role' ? `Revoke ${roleLabel(action.role)} from ${action.account}` : `Renounce ${roleLabel(action.role)} for ${action.account}`;
      return summary(action.target, 0n, call(`${verb}(bytes32,address)`, [role, action.account]), `${text} on ${action.target}`);
    }
    case 'safe-exec': {
      const tx = safeTxFromJson(action.safeTx);
      const signatures = fromHex(action.signatures);
      if (signatures.length === 0 || signatures.length % 65 !== 0) {
        throw draftInvalid(`In the draft description, ${field}.signatures must be the owners' 65-byte signatures back to back; ${signatures.length} bytes is not.`);
      }
      const what = tx.operation === 1 ? `delegatecall to ${tx.to}` : `call to ${tx.to}`;
      return summary(action.safe, 0n, encodeExecTransaction(tx, signatures), `Execute Safe transaction ${tx.nonce} of ${action.safe} (${what}) with ${signatures.length / 65} signature${signatures.length === 65 ? '' : 's'}`);
    }
  }
}

/** A SafeTx as a safe-exec action (and the review) writes it: the inverse of safeTxFromJson. */
export function safeTxJson(tx: SafeTx): Extract<DraftAction, { type: 'safe-exec' }>['safeTx'] {
  return {
    to: tx.to,
    value: tx.value.toString(),
    data: toHex(tx.data),
    operation: tx.operation,
    safeTxGas: tx.safeTxGas.toString(),
    baseGas: tx.baseGas.toString(),
    gasPrice: tx.gasPrice.toString(),
    gasToken: tx.gasToken,
    refundReceiver: tx.refundReceiver,
    nonce: tx.nonce.toString(),
  };
}

/** A safe-exec action's SafeTx as the Safe hashes it. */
export function safeTxFromJson(json: Extract<DraftAction, { type: 'safe-exec' }>['safeTx']): SafeTx {
  return {
    to: json.to,
    value: BigInt(json.value),
    data: fromHex(json.data),
    operation: json.operation,
    safeTxGas: BigInt(json.safeTxGas),
    baseGas: BigInt(json.baseGas),
    gasPrice: BigInt(json.gasPrice),
    gasToken: json.gasToken,
    refundReceiver: json.refundReceiver,
    nonce: BigInt(json.nonce),
  };
}

/** A role as AccessControl stores it: 0x + 64 hex as is, DEFAULT_ADMIN_ROLE = 0, any other name keccak256(name). */
export function roleId(role: string, field: string): Uint8Array {
  if (/^0x[0-9a-fA-F]{64}$/.test(role)) return fromHex(role);
  if (role === 'DEFAULT_ADMIN_ROLE') return DEFAULT_ADMIN_ROLE.slice();
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,99}$/.test(role)) {
    throw draftInvalid(`In the draft description, ${field} must be a role name such as "PAUSER_ROLE" or its 32-byte id (0x + 64 hex digits).`);
  }
  return keccak_256(utf8ToBytes(role));
}

function roleLabel(role: string): string {
  return role.startsWith('0x') ? `role ${role.toLowerCase()}` : role;
}

function ownerIndex(owners: readonly Address[], owner: Address): number {
  return owners.findIndex((o) => o.toLowerCase() === owner.toLowerCase());
}

/** An entry of a map keyed by address text in any case. */
export function tokenEntry<T>(map: Readonly<Record<string, T>> | undefined, token: Address): T | undefined {
  if (!map) return undefined;
  const key = Object.keys(map).find((k) => k.trim().toLowerCase() === token.toLowerCase());
  return key === undefined ? undefined : map[key];
}

const NATIVE_SYMBOLS: Record<string, string> = { '1': 'ETH', '10': 'ETH', '8453': 'ETH', '42161': 'ETH', '11155111': 'ETH', '17000': 'ETH', '31337': 'ETH', '137': 'POL', '100': 'xDAI', '56': 'BNB' };

/** "1.5 ETH" (18 decimals; the coin's symbol when the chain is one Airlock knows). */
export function nativeAmount(wei: bigint, chainId: bigint): string {
  return `${formatUnits(wei, 18)} ${NATIVE_SYMBOLS[chainId.toString()] ?? 'native coin'}`;
}

/** "1,000.5 USDC (0x…)" when context.tokens knows the token, else "1000500 raw units of token 0x…". */
export function tokenAmount(raw: bigint, token: Address, context: DraftContext): string {
  const meta = tokenEntry(context.tokens, token);
  return meta ? `${formatUnits(raw, meta.decimals)} ${meta.symbol} (${token})` : `${raw} raw units of token ${token}`;
}

function tokenName(token: Address, context: DraftContext): string {
  const meta = tokenEntry(context.tokens, token);
  return meta ? `${meta.symbol} (${token})` : `token ${token}`;
}

/** 1500000000000000000n, 18 → "1.5": exact, no rounding. */
export function formatUnits(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}


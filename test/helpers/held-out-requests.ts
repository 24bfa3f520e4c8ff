// The held-out signing requests of SECURITY H-23, built with another wallet's library (Keystone's registry): the
// shapes an attacker sends, each with what the one signing policy must do with it on every path (app, `airlock
// sign`, `airlock sign --db`) and the `airlock safe hash` arguments of the same Safe transaction.
import { DataType, EthSignRequest } from '@keystonehq/bc-ur-registry-eth';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '@scure/bip39';
import { Interface, Transaction, TypedDataEncoder } from 'ethers';
import { encodeUr } from '../../shared/airgap/ur';
import { safeTxTypes, type SafeTxMessage } from './safe-tx-type';

export const HELD_OUT_MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
/** m/44'/60'/0'/0/0 of the mnemonic above. */
export const HELD_OUT_ADDRESS = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
const PATH = "m/44'/60'/0'/0/0";
const XFP = HDKey.fromMasterSeed(mnemonicToSeedSync(HELD_OUT_MNEMONIC)).fingerprint.toString(16).padStart(8, '0');
const ZERO = '0x0000000000000000000000000000000000000000';
const MAX_UINT256 = (1n << 256n) - 1n;
const erc20 = new Interface(['function transfer(address to, uint256 amount)', 'function approve(address spender, uint256 amount)']);
const safeAbi = new Interface([
  'function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)',
  'function approveHash(bytes32 hashToApprove)',
  'function changeMasterCopy(address _masterCopy)',
]);

export interface HeldOutCase {
  name: string;
  parts: string[];
  /** Codes that must refuse signing whatever is acknowledged. */
  blocking: string[];
  /** Codes that must be acknowledged (on the mnemonic path; the vault adds registry codes such as recipient-not-registered). */
  acknowledge: string[];
  /** Every code the review must raise on the mnemonic path (the same set `airlock safe hash` gives for a SafeTx). */
  codes: string[];
  /** For a SafeTx: the `airlock safe hash` options of the same transaction. */
  safeHashArgs?: string[];
}

function parts(data: Buffer, type: DataType, chainId: number): string[] {
  const request = EthSignRequest.constructETHRequest(data, type, PATH, XFP, '1f6f0b2a-6b57-4a7b-9d0e-4c1d3b5a7e21', chainId, undefined, 'held-out');
  return encodeUr('eth-sign-request', new Uint8Array(request.toCBOR()), 400);
}

/** eth_signTypedData_v4 JSON of a SafeTx as the Safe app sends it; `legacy`: a Safe before 1.3.0 (no chain id in the domain). */
function safeTxTypedData(safe: string, chainId: number, tx: SafeTxMessage, legacy: boolean): Buffer {
  const domainType = legacy ? [{ name: 'verifyingContract', type: 'address' }] : [{ name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }];
  return Buffer.from(
    JSON.stringify({
      types: { EIP712Domain: domainType, ...safeTxTypes() },
      primaryType: 'SafeTx',
      domain: legacy ? { verifyingContract: safe } : { chainId, verifyingContract: safe },
      message: tx,
    }),
  );
}

function safeHashArgs(safe: string, chainId: number, version: string, tx: SafeTxMessage): string[] {
  return [
    '--chain-id', String(chainId), '--safe', safe, '--safe-version', version, '--to', tx.to, '--value', tx.value, '--data', tx.data,
    '--operation', String(tx.operation), '--safe-tx-gas', tx.safeTxGas, '--base-gas', tx.baseGas, '--gas-price', tx.gasPrice,
    '--gas-token', tx.gasToken, '--refund-receiver', tx.refundReceiver, '--nonce', tx.nonce,
  ];
}

/** Bybit, 21 Feb 2025: Safe 1.1.1 (legacy domain), DELEGATECALL to the attacker's contract, dressed as transfer(…, 0). */
const BYBIT_SAFE = '0x1Db92e2EeBC8E0c075a02BeA49a2935BcD2dFCF4';
const BYBIT_TX: SafeTxMessage = {
  to: '0x96221423681A6d52E184D440a8eFCEbB105C7242',
  value: '0',
  data: erc20.encodeFunctionData('transfer', ['0xbDd077f651EBe7f7b3cE16fe5F2b025BE2969516', 0n]),
  operation: 1,
  safeTxGas: '45746',
  baseGas: '0',
  gasPrice: '0',
  gasToken: ZERO,
  refundReceiver: ZERO,
  nonce: '71',
};

/** A Safe 1.4.1 transfer whose gas refund is paid in a stranger's token to a stranger. */
const REFUND_SAFE = '0x2222222222222222222222222222222222222222';
const REFUND_TX: SafeTxMessage = {
  to: HELD_OUT_ADDRESS,
  value: '1000000000000000',
  data: '0x',
  operation: 0,
  safeTxGas: '100000',
  baseGas: '50000',
  gasPrice: '1000000000000',
  gasToken: '0x5555555555555555555555555555555555555555',
  refundReceiver: '0x6666666666666666666666666666666666666666',
  nonce: '3',
};

export function heldOutCases(): HeldOutCase[] {
  const chain10 = Transaction.from({ type: 2, chainId: 10, nonce: 0, maxFeePerGas: 30_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n, gasLimit: 21_000n, to: HELD_OUT_ADDRESS, value: 10n ** 15n });
  const approval = Transaction.from({
    type: 2,
    chainId: 1,
    nonce: 4,
    maxFeePerGas: 30_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
    gasLimit: 60_000n,
    to: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
    data: erc20.encodeFunctionData('approve', ['0x7777777777777777777777777777777777777777', MAX_UINT256]),
  });
  const raw = (tx: Transaction) => Buffer.from(tx.unsignedSerialized.slice(2), 'hex');
  return [
    {
      name: 'a Bybit-shaped SafeTx (legacy domain, DELEGATECALL dressed as transfer)',
      parts: parts(safeTxTypedData(BYBIT_SAFE, 1, BYBIT_TX, true), DataType.typedData, 1),
      blocking: ['disguised-delegatecall'],
      acknowledge: ['untrusted-delegatecall'],
      codes: ['disguised-delegatecall', 'untrusted-delegatecall', 'legacy-domain-replayable'],
      safeHashArgs: safeHashArgs(BYBIT_SAFE, 1, '1.1.1', BYBIT_TX),
    },
    {
      name: 'a SafeTx whose gas refund goes in a stranger\'s token to a stranger',
      parts: parts(safeTxTypedData(REFUND_SAFE, 1, REFUND_TX, false), DataType.typedData, 1),
      blocking: [],
      acknowledge: ['gas-refund-rerouting'],
      codes: ['gas-refund-rerouting'],
      safeHashArgs: safeHashArgs(REFUND_SAFE, 1, '1.4.1', REFUND_TX),
    },
    {
      name: 'an EIP-1559 transaction for chain 10 inside a request for chain 1',
      parts: parts(raw(chain10), DataType.typedTransaction, 1),
      blocking: ['chain-mismatch'],
      acknowledge: [],
      codes: ['chain-mismatch'],
    },
    {
      name: 'an unlimited ERC-20 approval',
      parts: parts(raw(approval), DataType.typedTransaction, 1),
      blocking: [],
      acknowledge: ['unlimited-approval'],
      codes: ['unlimited-approval'],
    },
  ];
}

const SAFE_TX_TYPES = {
  SafeTx: ['to:address', 'value:uint256', 'data:bytes', 'operation:uint8', 'safeTxGas:uint256', 'baseGas:uint256', 'gasPrice:uint256', 'gasToken:address', 'refundReceiver:address', 'nonce:uint256'].map((f) => {
    const [name, type] = f.split(':');
    return { name: name!, type: type! };
  }),
};

/**
 * Further ways to the same effect as the held-out Bybit request, each needing no signature from the review's SafeTx
 * path: the vault account executing the Safe transaction itself (execTransaction in an ordinary transaction, its own
 * approval pre-validated as msg.sender), the bare safeTxHash as a 32-byte personal message (a Safe takes that eth_sign
 * signature) or approved on chain (approveHash), and a delegatecall dressed as the singleton change it makes.
 */
export function furtherAttackCases(): HeldOutCase[] {
  const bybitHash = TypedDataEncoder.hash({ verifyingContract: BYBIT_SAFE }, SAFE_TX_TYPES, BYBIT_TX);
  const eip1559 = (to: string, data: string) =>
    Buffer.from(Transaction.from({ type: 2, chainId: 1, nonce: 5, maxFeePerGas: 30_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n, gasLimit: 300_000n, to, data }).unsignedSerialized.slice(2), 'hex');
  // r = the executing owner, s = 0, v = 1: the Safe counts msg.sender's own approval without a signature.
  const ownApproval = '0x' + HELD_OUT_ADDRESS.slice(2).toLowerCase().padStart(64, '0') + '0'.repeat(64) + '01';
  const t = BYBIT_TX;
  const execute = safeAbi.encodeFunctionData('execTransaction', [t.to, t.value, t.data, t.operation, t.safeTxGas, t.baseGas, t.gasPrice, t.gasToken, t.refundReceiver, ownApproval]);
  const singleton: SafeTxMessage = { ...REFUND_TX, to: BYBIT_TX.to, value: '0', data: safeAbi.encodeFunctionData('changeMasterCopy', ['0xbDd077f651EBe7f7b3cE16fe5F2b025BE2969516']), operation: 1, safeTxGas: '0', baseGas: '0', gasPrice: '0', gasToken: ZERO, refundReceiver: ZERO };
  return [
    {
      name: 'the Bybit SafeTx executed by the vault account (execTransaction in an EIP-1559 transaction)',
      parts: parts(eip1559(BYBIT_SAFE, execute), DataType.typedTransaction, 1),
      blocking: ['disguised-delegatecall'],
      acknowledge: ['untrusted-delegatecall'],
      codes: ['disguised-delegatecall', 'untrusted-delegatecall'],
    },
    {
      name: 'the Bybit safeTxHash as a 32-byte personal message (eth_sign)',
      parts: parts(Buffer.from(bybitHash.slice(2), 'hex'), DataType.personalMessage, 1),
      blocking: ['opaque-hash'],
      acknowledge: [],
      codes: ['opaque-hash'],
    },
    {
      name: 'the Bybit safeTxHash approved on chain (approveHash)',
      parts: parts(eip1559(BYBIT_SAFE, safeAbi.encodeFunctionData('approveHash', [bybitHash])), DataType.typedTransaction, 1),
      blocking: ['opaque-hash'],
      acknowledge: [],
      codes: ['opaque-hash'],
    },
    {
      name: 'a SafeTx delegatecalling an unknown contract with changeMasterCopy',
      parts: parts(safeTxTypedData(REFUND_SAFE, 1, singleton, false), DataType.typedData, 1),
      blocking: ['disguised-delegatecall'],
      acknowledge: ['untrusted-delegatecall', 'safe-configuration-change'],
      codes: ['disguised-delegatecall', 'untrusted-delegatecall', 'safe-configuration-change'],
      safeHashArgs: safeHashArgs(REFUND_SAFE, 1, '1.4.1', singleton),
    },
  ];
}

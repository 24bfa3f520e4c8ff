// The Safe's SafeTx as its contracts and the Safe app state it, written out in the tests apart from shared/evm/safe.ts,
// so that ethers' encoder and the held-out wallet requests check our hashing against the published type, not itself.
/** The EIP-712 types of a SafeTx; Safe 0.1.0 named the sixth field dataGas, later versions baseGas. */
export const safeTxTypes = (sixth: 'baseGas' | 'dataGas' = 'baseGas') => ({
  SafeTx: [
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'data', type: 'bytes' },
    { name: 'operation', type: 'uint8' },
    { name: 'safeTxGas', type: 'uint256' },
    { name: sixth, type: 'uint256' },
    { name: 'gasPrice', type: 'uint256' },
    { name: 'gasToken', type: 'address' },
    { name: 'refundReceiver', type: 'address' },
    { name: 'nonce', type: 'uint256' },
  ],
});

/** A SafeTx message as JSON carries it (the Safe app's typed data, our review's safeTx): numbers as decimal strings. */
export interface SafeTxMessage {
  to: string;
  value: string;
  data: string;
  operation: 0 | 1;
  safeTxGas: string;
  baseGas: string;
  gasPrice: string;
  gasToken: string;
  refundReceiver: string;
  nonce: string;
}

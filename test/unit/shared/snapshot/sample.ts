// A realistic snapshot body for the snapshot unit tests (addresses are the first anvil dev accounts).
import type { SnapshotBody } from '../../../../shared/snapshot/schema';

export const RELAY_SECRET = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
export const OTHER_SECRET = Uint8Array.from({ length: 32 }, (_, i) => 100 - i);

export function sampleBody(): SnapshotBody {
  return {
    version: 1,
    chainId: '31337',
    blockNumber: '42',
    blockHash: '0x' + 'ab'.repeat(32),
    blockTime: '1700000000',
    takenAt: '1700000001000',
    accounts: [
      {
        address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
        nonce: '3',
        balance: '10000000000000000000000',
        tokens: [{ token: '0x5FbDB2315678afecb367f032d93F642f64180aa3', symbol: 'T=1 ]', decimals: '18', balance: '5' }],
      },
    ],
    safes: [
      {
        address: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
        owners: ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'],
        threshold: '2',
        nonce: '0',
        version: '1.4.1',
        implementation: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
        modules: [],
        guard: '0x0000000000000000000000000000000000000000',
        fallbackHandler: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
      },
    ],
    fees: { baseFee: '875000000', maxPriorityFeePerGas: '1000000000', maxFeePerGas: '2750000000' },
    positions: [
      {
        adapter: 'erc4626-shares',
        account: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
        contract: '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9',
        values: [
          { name: 'shares', value: '100' },
          { name: 'assets', value: '101' },
        ],
      },
    ],
    crossCheck: { endpoints: '2', disagreements: [{ path: 'accounts[0].balance', endpoint: '1', expected: '1', observed: '2' }] },
  };
}

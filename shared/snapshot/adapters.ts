// DeFi position adapters as data: which view functions to call on a contract for an account, and how
// to name what they return. The relay runs them (main/services/relay/snapshot-taker.ts); adding a
// protocol means adding an entry here, not code.
import { toHex } from '../bytes';
import { AirlockError } from '../errors';
import type { AbiValue } from '../evm/abi';

/** An argument of an adapter call: the account the position belongs to, or a value an earlier call returned. */
export type AdapterArgument = { from: 'account' } | { from: 'output'; name: string };

export interface AdapterCall {
  /** Human-readable signature with named outputs; the names become the position's values. */
  function: string;
  args: readonly AdapterArgument[];
}

export interface PositionAdapter {
  id: string;
  label: string;
  calls: readonly AdapterCall[];
}

export const POSITION_ADAPTERS: readonly PositionAdapter[] = [
  {
    id: 'erc20-balance',
    label: 'ERC-20 token balance',
    calls: [{ function: 'balanceOf(address) view returns (uint256 balance)', args: [{ from: 'account' }] }],
  },
  {
    id: 'erc4626-shares',
    label: 'ERC-4626 vault shares and the assets they redeem for',
    calls: [
      { function: 'asset() view returns (address asset)', args: [] },
      { function: 'balanceOf(address) view returns (uint256 shares)', args: [{ from: 'account' }] },
      { function: 'convertToAssets(uint256) view returns (uint256 assets)', args: [{ from: 'output', name: 'shares' }] },
    ],
  },
  {
    id: 'aave-v3-account',
    label: 'Aave v3 account data (base currency, health factor with 18 decimals)',
    calls: [
      {
        function:
          'getUserAccountData(address) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)',
        args: [{ from: 'account' }],
      },
    ],
  },
];

export function findAdapter(id: string): PositionAdapter {
  const adapter = POSITION_ADAPTERS.find((a) => a.id === id);
  if (!adapter) {
    throw new AirlockError('adapter-unknown', `There is no position adapter "${id.slice(0, 40)}". Known adapters: ${POSITION_ADAPTERS.map((a) => a.id).join(', ')}.`);
  }
  return adapter;
}

/** A decoded return value as snapshot text: integers in decimal, addresses EIP-55, booleans as words, bytes as hex. */
export function adapterValueText(value: AbiValue): string {
  if (typeof value === 'bigint') return value.toString(10);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return toHex(value);
  throw new AirlockError('adapter-invalid', 'A position adapter returned a list; adapters may only name single values.');
}

// Bitcoin networks as the vault names them: mainnet, and testnet (testnet3/4 and signet share its addresses
// and its tpub keys). Each maps to its address parameters, its BIP-32 key versions and its BIP-44 coin type.
import { NETWORK, TEST_NETWORK } from '@scure/btc-signer';
import { AirlockError } from '../errors';

export const BTC_NETWORKS = ['mainnet', 'testnet'] as const;
export type BtcNetwork = (typeof BTC_NETWORKS)[number];

/** BIP-32 extended-key version bytes: xpub/xprv on mainnet, tpub/tprv on the test networks. */
export const KEY_VERSIONS: Readonly<Record<BtcNetwork, { public: number; private: number }>> = Object.freeze({
  mainnet: { public: 0x0488b21e, private: 0x0488ade4 },
  testnet: { public: 0x043587cf, private: 0x04358394 },
});

/** The coin-type level of BIP-44/48/84/86 paths: 0' for bitcoin, 1' for every test network. */
export const COIN_TYPE: Readonly<Record<BtcNetwork, number>> = Object.freeze({ mainnet: 0, testnet: 1 });

export function addressParams(network: BtcNetwork): typeof NETWORK {
  return network === 'mainnet' ? NETWORK : TEST_NETWORK;
}

export function parseBtcNetwork(value: unknown): BtcNetwork {
  if (value === 'mainnet' || value === 'testnet') return value;
  if (value === 'signet' || value === 'regtest' || value === 'testnet4') return 'testnet';
  throw new AirlockError('btc-network-invalid', `"${String(value).slice(0, 20)}" is not a Bitcoin network Airlock knows; use mainnet or testnet (testnet also covers signet).`);
}

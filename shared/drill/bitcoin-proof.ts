// The drill's Bitcoin proof of control: the same statement the EIP-191 proof signs, signed with BIP-322 by the
// first receive address of the vault's Bitcoin treasury account, so anyone can check that the drilled quorum
// controls the Bitcoin too, with the address alone (no vault, no chain).
import { signBip322, verifyBip322 } from '../btc/bip322';
import type { BtcNetwork } from '../btc/network';

export interface BitcoinDrillProof {
  /** The P2WPKH or P2TR address that signed (receive address 0 of the account). */
  address: string;
  network: BtcNetwork;
  /** BIP-322 simple signature, base64. */
  signature: string;
}

export function signBitcoinDrillProof(statement: string, privateKey: Uint8Array, kind: 'p2wpkh' | 'p2tr', address: string, network: BtcNetwork): BitcoinDrillProof {
  return { address, network, signature: signBip322(statement, privateKey, kind) };
}

export interface BitcoinProofVerdict {
  address: string | null;
  valid: boolean;
  problem: string | null;
}

/** Checks the optional `bitcoin` part of a drill proof over the statement the EIP-191 part signs. */
export function verifyBitcoinDrillProof(statement: string, value: unknown): BitcoinProofVerdict {
  if (typeof value !== 'object' || value === null) return { address: null, valid: false, problem: 'The proof\'s "bitcoin" part must be {"address","network","signature"}.' };
  const { address, network, signature } = value as Record<string, unknown>;
  if (typeof address !== 'string' || typeof signature !== 'string' || (network !== 'mainnet' && network !== 'testnet')) {
    return { address: null, valid: false, problem: 'The proof\'s "bitcoin" part needs an address, a network (mainnet or testnet) and a BIP-322 signature.' };
  }
  const shown = address.slice(0, 100);
  if (!verifyBip322(address, statement, signature, network)) {
    return { address: shown, valid: false, problem: `The BIP-322 signature does not prove that ${shown} signed this statement: the statement, the address or the signature was changed.` };
  }
  return { address: shown, valid: true, problem: null };
}

// The accounts the drafting and review tests name, checksummed: the executing account, a Safe and its three owners, a
// token, someone who is neither owner nor registered, and a contract the actions call.
import type { Address } from '../../shared/evm/address';

export const FROM = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94' as Address;
export const SAFE = '0x1Db92e2EeBC8E0c075a02BeA49a2935BcD2dFCF4' as Address;
export const TOKEN = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' as Address;
export const ALICE = '0x6813Eb9362372EEF6200f3b1dbC3f819671cBA69' as Address;
export const BOB = '0x1efF47bc3a10a45D4B230B5d10E37751FE6AA718' as Address;
export const CAROL = '0xe1AB8145F7E55DC933d51a18c793F901A3A0b276' as Address;
export const STRANGER = '0xE57bFE9F44b819898F47BF37E5AF72a0783e1141' as Address;
export const TARGET = '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045' as Address;

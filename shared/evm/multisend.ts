// Safe MultiSend batches (the packed operation ‖ to ‖ value ‖ dataLength ‖ data encoding) and the Safe
// library deployments a Safe may delegatecall: the allowlist behind the untrusted-delegatecall check.
import { bytesToBigInt, concatBytes } from '../bytes';
import { AirlockError } from '../errors';
import { decodeFunctionCall, encodeFunctionCall, uintWord } from './abi';
import { addressBytes, parseAddress, toChecksumAddress, type Address } from './address';

export interface MultiSendCall {
  /** 0 = call, 1 = delegatecall (MultiSendCallOnly reverts on 1). */
  operation: 0 | 1;
  to: Address;
  value: bigint;
  data: Uint8Array;
}

export const MULTI_SEND_SIGNATURE = 'multiSend(bytes)';
/** 1 + 20 + 32 + 32 bytes before each call's data. */
const HEADER = 85;
const UINT256_MAX = (1n << 256n) - 1n;

/** The packed `transactions` argument of multiSend. */
export function encodeMultiSendTransactions(calls: readonly MultiSendCall[]): Uint8Array {
  return concatBytes(
    ...calls.flatMap((call, i) => {
      if (call.operation !== 0 && call.operation !== 1) throw multiSendInvalid(`Call ${i + 1} has operation ${String(call.operation)}; it must be 0 (call) or 1 (delegatecall).`);
      if (call.value < 0n || call.value > UINT256_MAX) throw multiSendInvalid(`Call ${i + 1} has a value outside uint256.`);
      return [Uint8Array.of(call.operation), addressBytes(call.to), uintWord(call.value), uintWord(BigInt(call.data.length)), call.data];
    }),
  );
}

/** Reads the packed `transactions` argument, refusing any byte that does not belong to a whole call. */
export function decodeMultiSendTransactions(packed: Uint8Array): MultiSendCall[] {
  const calls: MultiSendCall[] = [];
  let at = 0;
  while (at < packed.length) {
    const n = calls.length + 1;
    if (packed.length - at < HEADER) {
      throw multiSendInvalid(`The batch ends in the middle of call ${n}: ${packed.length - at} bytes are left and a call header needs ${HEADER}.`);
    }
    const operation = packed[at]!;
    if (operation !== 0 && operation !== 1) throw multiSendInvalid(`Call ${n} of the batch has operation ${operation}; only 0 (call) and 1 (delegatecall) exist.`);
    const to = toChecksumAddress(packed.subarray(at + 1, at + 21));
    const value = readUint256(packed, at + 21);
    const length = readUint256(packed, at + 53);
    const start = at + HEADER;
    if (length > BigInt(packed.length - start)) {
      throw multiSendInvalid(`Call ${n} of the batch says its data is ${length} bytes, but only ${packed.length - start} bytes follow.`);
    }
    const end = start + Number(length);
    calls.push({ operation, to, value, data: packed.slice(start, end) });
    at = end;
  }
  return calls;
}

/** multiSend(bytes) calldata for a batch. */
export function encodeMultiSend(calls: readonly MultiSendCall[]): Uint8Array {
  return encodeFunctionCall(MULTI_SEND_SIGNATURE, [encodeMultiSendTransactions(calls)]);
}

/** The calls inside multiSend(bytes) calldata. */
export function decodeMultiSend(data: Uint8Array): MultiSendCall[] {
  const [packed] = decodeFunctionCall(MULTI_SEND_SIGNATURE, data);
  if (!(packed instanceof Uint8Array)) throw multiSendInvalid('The multiSend call does not carry a bytes argument.');
  return decodeMultiSendTransactions(packed);
}

/** True when calldata starts with the multiSend(bytes) selector 0x8d80ff0a. */
export function isMultiSendCall(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x8d && data[1] === 0x80 && data[2] === 0xff && data[3] === 0x0a;
}

// ---------------------------------------------------------------------------------------------------------------
// Deployments (safe-global/safe-deployments src/assets/v<version>/<contract>.json, read at commit d0989c95).

export type SafeLibrary = 'MultiSendCallOnly' | 'MultiSend' | 'SignMessageLib' | 'SafeMigration';

export interface SafeDeployment {
  contract: SafeLibrary;
  version: '1.3.0' | '1.4.1' | '1.5.0';
  /** canonical: Safe singleton factory; eip155: the replay-protected factory deployment; zksync: zkSync's own. */
  variant: 'canonical' | 'eip155' | 'zksync';
  address: Address;
}

const DEPLOYMENT_TABLE: ReadonlyArray<readonly [SafeLibrary, SafeDeployment['version'], SafeDeployment['variant'], string]> = [
  ['MultiSendCallOnly', '1.3.0', 'canonical', '0x40A2aCCbd92BCA938b02010E17A5b8929b49130D'],
  ['MultiSendCallOnly', '1.3.0', 'eip155', '0xA1dabEF33b3B82c7814B6D82A79e50F4AC44102B'],
  ['MultiSendCallOnly', '1.3.0', 'zksync', '0xf220D3b4DFb23C4ade8C88E526C1353AbAcbC38F'],
  ['MultiSendCallOnly', '1.4.1', 'canonical', '0x9641d764fc13c8B624c04430C7356C1C7C8102e2'],
  ['MultiSendCallOnly', '1.4.1', 'zksync', '0x0408EF011960d02349d50286D20531229BCef773'],
  ['MultiSendCallOnly', '1.5.0', 'canonical', '0xA83c336B20401Af773B6219BA5027174338D1836'],
  ['MultiSend', '1.3.0', 'canonical', '0xA238CBeb142c10Ef7Ad8442C6D1f9E89e07e7761'],
  ['MultiSend', '1.3.0', 'eip155', '0x998739BFdAAdde7C933B942a68053933098f9EDa'],
  ['MultiSend', '1.3.0', 'zksync', '0x0dFcccB95225ffB03c6FBB2559B530C2B7C8A912'],
  ['MultiSend', '1.4.1', 'canonical', '0x38869bf66a61cF6bDB996A6aE40D5853Fd43B526'],
  ['MultiSend', '1.4.1', 'zksync', '0x309D0B190FeCCa8e1D5D8309a16F7e3CB133E885'],
  ['MultiSend', '1.5.0', 'canonical', '0x218543288004CD07832472D464648173c77D7eB7'],
  ['SignMessageLib', '1.3.0', 'canonical', '0xA65387F16B013cf2Af4605Ad8aA5ec25a2cbA3a2'],
  ['SignMessageLib', '1.3.0', 'eip155', '0x98FFBBF51bb33A056B08ddf711f289936AafF717'],
  ['SignMessageLib', '1.3.0', 'zksync', '0x357147caf9C0cCa67DfA0CF5369318d8193c8407'],
  ['SignMessageLib', '1.4.1', 'canonical', '0xd53cd0aB83D845Ac265BE939c57F53AD838012c9'],
  ['SignMessageLib', '1.4.1', 'zksync', '0xAca1ec0a1A575CDCCF1DC3d5d296202Eb6061888'],
  ['SignMessageLib', '1.5.0', 'canonical', '0x4FfeF8222648872B3dE295Ba1e49110E61f5b5aa'],
  ['SafeMigration', '1.4.1', 'canonical', '0x526643F69b81B008F46d95CD5ced5eC0edFFDaC6'],
  ['SafeMigration', '1.4.1', 'zksync', '0x817756C6c555A94BCEE39eB5a102AbC1678b09A7'],
  ['SafeMigration', '1.5.0', 'canonical', '0x6439e7ABD8Bb915A5263094784C5CF561c4172AC'],
];

/** Every known deployment, parsed once so a typo in the table fails loudly at load. */
export const SAFE_DEPLOYMENTS: readonly SafeDeployment[] = DEPLOYMENT_TABLE.map(([contract, version, variant, address]) => ({
  contract,
  version,
  variant,
  address: parseAddress(address),
}));

const BY_ADDRESS = new Map(SAFE_DEPLOYMENTS.map((d) => [d.address.toLowerCase(), d]));

/** The Safe library deployed at this address, if it is one Airlock knows. */
export function safeDeploymentAt(address: Address): SafeDeployment | undefined {
  return BY_ADDRESS.get(address.toLowerCase());
}

/**
 * SECURITY: the only targets a Safe may delegatecall without a critical warning. MultiSend (which can itself
 * delegatecall) is on the list only because the risk analysis decodes its batch and checks every call in it.
 */
export function isTrustedDelegateCallTarget(address: Address): boolean {
  return BY_ADDRESS.has(address.toLowerCase());
}

function readUint256(bytes: Uint8Array, at: number): bigint {
  return bytesToBigInt(bytes.subarray(at, at + 32));
}

function multiSendInvalid(message: string): AirlockError {
  return new AirlockError('multisend-invalid', message);
}

// `airlock safe hash`: the domain hash, message hash and safeTxHash of a Safe transaction, its decoded call and
// risk warnings, offline: what safe-tx-hashes-util shows, for comparing with a hardware wallet's screen.
import { fromHex, toHex } from '../../../shared/bytes';
import { abiValueToJson } from '../../../shared/evm/abi';
import { parseAddress, type Address } from '../../../shared/evm/address';
import { decodeKnownCall } from '../../../shared/evm/known-calls';
import { analyzeSafeTx } from '../../../shared/drafting/risk';
import { decodeSafeSignatures, encodeSignatures, parseSafeVersion, safeTxHashes, ZERO_ADDRESS, type SafeTx } from '../../../shared/evm/safe';
import { AirlockError } from '../../../shared/errors';
import { optionalOne, requireOne } from '../args';
import { z } from 'zod';
import type { CliCommand } from '../command';
import { parseJsonInput } from '../stdin-json';

const UINT256_MAX = (1n << 256n) - 1n;

/** The one parser of `safe hash`'s options. Defaults follow safe-tx-hashes-util: 0, empty data, the zero address. */
export function parseSafeHashOptions(options: Readonly<Record<string, readonly string[]>>) {
  const address = (name: string, fallback?: Address): Address => {
    const text = fallback === undefined ? requireOne(options, name) : optionalOne(options, name);
    if (text === undefined) return fallback!;
    try {
      return parseAddress(text);
    } catch (error) {
      if (error instanceof AirlockError) throw new AirlockError(error.code, `--${name}: ${error.message}`, { option: name });
      throw error;
    }
  };
  const chainId = integer(options, 'chain-id', undefined);
  if (chainId === 0n) throw usage('--chain-id must be the chain id of the Safe\'s network (1 for Ethereum mainnet), not 0.');
  const safe = address('safe');
  const version = parseSafeVersion(requireOne(options, 'safe-version'));
  const operation = integer(options, 'operation', 0n);
  if (operation !== 0n && operation !== 1n) throw usage('--operation must be 0 (call) or 1 (delegatecall).');
  const tx: SafeTx = {
    to: address('to'),
    value: integer(options, 'value', 0n),
    data: hexData(optionalOne(options, 'data') ?? '0x'),
    operation: Number(operation) as 0 | 1,
    safeTxGas: integer(options, 'safe-tx-gas', 0n),
    baseGas: integer(options, 'base-gas', 0n),
    gasPrice: integer(options, 'gas-price', 0n),
    gasToken: address('gas-token', ZERO_ADDRESS),
    refundReceiver: address('refund-receiver', ZERO_ADDRESS),
    nonce: integer(options, 'nonce', undefined),
  };
  return { chainId, safe, version, tx };
}

function integer(options: Readonly<Record<string, readonly string[]>>, name: string, fallback: bigint | undefined): bigint {
  const text = fallback === undefined ? requireOne(options, name) : optionalOne(options, name);
  if (text === undefined) return fallback!;
  if (!/^([0-9]+|0x[0-9a-fA-F]+)$/.test(text)) throw usage(`--${name} must be a whole number, in decimal or 0x hexadecimal; "${text.slice(0, 80)}" is not.`);
  const n = BigInt(text);
  if (n > UINT256_MAX) throw usage(`--${name} is larger than a uint256 can hold.`);
  return n;
}

function hexData(text: string): Uint8Array {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(text)) {
    throw usage('--data must be 0x followed by two hexadecimal digits per byte (for example 0xa9059cbb...), or 0x for none.');
  }
  return fromHex(text);
}

function usage(message: string): AirlockError {
  return new AirlockError('usage-invalid', message);
}

/** The decoded call, or null for empty data, an unknown function or calldata that does not decode (risk warns about those). */
function knownCall(data: Uint8Array) {
  if (data.length === 0) return null;
  try {
    return decodeKnownCall(data);
  } catch (error) {
    if (error instanceof AirlockError) return null;
    throw error;
  }
}


const hexBytes = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, 'must be 0x followed by hexadecimal bytes');
const combineInput = z
  .object({
    safeTxHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be the 32-byte safeTxHash as 0x + 64 hex digits'),
    owners: z.array(z.string()).min(1).max(100),
    threshold: z.number().int().min(1).max(100),
    signatures: z.array(hexBytes).min(1).max(100),
  })
  .strict();

/** Joins owner signatures collected from separate vaults into execTransaction's `signatures` argument. */
function combineSignatures(spec: z.infer<typeof combineInput>) {
  const safeTxHash = fromHex(spec.safeTxHash);
  const owners = spec.owners.map((o, i) => {
    try {
      return parseAddress(o);
    } catch (error) {
      if (error instanceof AirlockError) throw new AirlockError(error.code, `owners[${i}]: ${error.message}`);
      throw error;
    }
  });
  const signatures = spec.signatures.flatMap((text) => decodeSafeSignatures(safeTxHash, fromHex(text)));
  const joined = encodeSignatures({ safeTxHash, owners, threshold: spec.threshold, signatures });
  const signers = decodeSafeSignatures(safeTxHash, joined).map((s) => s.owner);
  return { signatures: toHex(joined), signers };
}

export const safeCommands: CliCommand[] = [
  {
    path: ['safe', 'hash'],
    summary:
      'Compute a Safe transaction\'s domain hash, message hash and safeTxHash offline, decode its call and list risk warnings. ' +
      'Required: --chain-id --safe --safe-version --to --nonce; optional (default 0 / 0x / zero address): --value --data --operation ' +
      '--safe-tx-gas --base-gas --gas-price --gas-token --refund-receiver.',
    options: ['chain-id', 'safe', 'safe-version', 'to', 'value', 'data', 'operation', 'safe-tx-gas', 'base-gas', 'gas-price', 'gas-token', 'refund-receiver', 'nonce'],
    async run(input) {
      const request = parseSafeHashOptions(input.options);
      const hashes = safeTxHashes(request);
      const known = knownCall(request.tx.data);
      return {
        domainHash: toHex(hashes.domainHash),
        messageHash: toHex(hashes.messageHash),
        safeTxHash: toHex(hashes.safeTxHash),
        method: known && {
          name: known.name,
          params: known.params.map((p) => ({ name: p.name, type: p.type, value: abiValueToJson(p.value) })),
        },
        warnings: analyzeSafeTx({}, request).map(({ code, severity, message }) => ({ code, severity, message })),
      };
    },
  },
  {
    path: ['safe', 'combine'],
    summary:
      'Join Safe owner signatures from separate vaults (stdin: {"safeTxHash","owners","threshold","signatures":["0x…"]}): each must recover to a ' +
      'current owner, no owner twice, at least the threshold; prints execTransaction\'s signatures argument, sorted by owner.',
    options: [],
    async run(input) {
      return combineSignatures(parseJsonInput(await input.readStdin(), combineInput, 'the signatures to combine'));
    },
  },
];

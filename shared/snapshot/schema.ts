// The chain snapshot the relay signs and the vault imports: its type and its one strict parser.
// Every number is a canonical decimal string and every hex value lower case, so one JSON text has
// exactly one meaning and any changed character changes a canonical entry (see canonical.ts).
import { z } from 'zod';
import { AirlockError } from '../errors';
import { parseAddress } from '../evm/address';

export const SNAPSHOT_VERSION = 1;
/** Caps so a hostile payload cannot make the vault allocate without bound (H-19). */
export const SNAPSHOT_LIMITS = { accounts: 256, tokens: 64, safes: 64, owners: 256, modules: 256, positions: 1024, values: 16, disagreements: 4096, text: 256 } as const;

const decimal = z.string().max(80).regex(/^(0|[1-9][0-9]*)$/, 'a decimal number without leading zeros');
const hash32 = z.string().regex(/^0x[0-9a-f]{64}$/, 'a 32-byte lower-case hex value');
const hexBytes = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`), `${bytes} bytes of 0x lower-case hex`);
/** Exactly the EIP-55 spelling: a differently-cased address is a different text, so it is refused, not normalised. */
export const checksummedAddress = z.string().refine((text) => {
  try {
    return parseAddress(text) === text;
  } catch {
    return false;
  }
}, 'an EIP-55 checksummed address');
const address = checksummedAddress;
const text = z.string().max(SNAPSHOT_LIMITS.text);

const tokenBalance = z.object({ token: address, symbol: text, decimals: decimal, balance: decimal }).strict();
const account = z.object({ address, nonce: decimal, balance: decimal, tokens: z.array(tokenBalance).max(SNAPSHOT_LIMITS.tokens) }).strict();
const safe = z
  .object({
    address,
    owners: z.array(address).max(SNAPSHOT_LIMITS.owners),
    threshold: decimal,
    nonce: decimal,
    version: text,
    implementation: address,
    modules: z.array(address).max(SNAPSHOT_LIMITS.modules),
    guard: address,
    fallbackHandler: address,
  })
  .strict();
const fees = z.object({ baseFee: decimal, maxPriorityFeePerGas: decimal, maxFeePerGas: decimal }).strict();
const positionValue = z.object({ name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/), value: text }).strict();
const position = z
  .object({ adapter: z.string().regex(/^[a-z0-9-]{1,40}$/), account: address, contract: address, values: z.array(positionValue).max(SNAPSHOT_LIMITS.values) })
  .strict();
const disagreement = z.object({ path: text, endpoint: decimal, expected: text, observed: text }).strict();

/** Everything the Merkle root covers. */
export const snapshotBodySchema = z
  .object({
    version: z.literal(SNAPSHOT_VERSION),
    chainId: decimal,
    blockNumber: decimal,
    blockHash: hash32,
    blockTime: decimal,
    takenAt: decimal,
    accounts: z.array(account).max(SNAPSHOT_LIMITS.accounts),
    safes: z.array(safe).max(SNAPSHOT_LIMITS.safes),
    fees,
    positions: z.array(position).max(SNAPSHOT_LIMITS.positions),
    crossCheck: z.object({ endpoints: decimal, disagreements: z.array(disagreement).max(SNAPSHOT_LIMITS.disagreements) }).strict(),
  })
  .strict();

/** The body plus its root, the relay's signature over it and the relay's public key. */
export const signedSnapshotSchema = snapshotBodySchema
  .extend({
    merkleRoot: hash32,
    /** 64-byte compact secp256k1 signature (r || s, low-s), hex. */
    signature: hexBytes(64),
    /** 33-byte compressed secp256k1 public key of the relay's device key, hex. */
    relayKey: hexBytes(33),
  })
  .strict();

export type SnapshotBody = z.infer<typeof snapshotBodySchema>;
export type SignedSnapshot = z.infer<typeof signedSnapshotSchema>;
export type SnapshotAccount = SnapshotBody['accounts'][number];
export type SnapshotSafe = SnapshotBody['safes'][number];
export type SnapshotPosition = SnapshotBody['positions'][number];
export type SnapshotDisagreement = SnapshotBody['crossCheck']['disagreements'][number];

/** The one parser for a snapshot from outside (QR, stdin, database): names the first bad field. */
export function parseSignedSnapshot(value: unknown): SignedSnapshot {
  const parsed = signedSnapshotSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'the snapshot';
    throw new AirlockError('snapshot-malformed', `This is not a valid Airlock snapshot: ${field} is not right (${issue?.message ?? 'invalid'}). Take a new snapshot on the relay.`, {
      field,
    });
  }
  return parsed.data;
}

/** Parses snapshot JSON text (at most 4 MiB). */
export function parseSignedSnapshotJson(textValue: string): SignedSnapshot {
  if (textValue.length > 4 * 1024 * 1024) throw new AirlockError('snapshot-malformed', 'The snapshot is larger than 4 MiB; Airlock refuses it.');
  let json: unknown;
  try {
    json = JSON.parse(textValue);
  } catch {
    throw new AirlockError('snapshot-malformed', 'The snapshot is not valid JSON. Scan or copy it again.');
  }
  return parseSignedSnapshot(json);
}

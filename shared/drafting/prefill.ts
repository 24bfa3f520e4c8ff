// Drafts built from a verified relay snapshot: the executor's nonce, fees and (for a Safe) owners, threshold and
// version are taken from the snapshot where the description leaves them out, and the chain state the review
// checks against (chain id, balances, nonce, token metadata, the Safe's owners) comes from the snapshot, never
// from typing. The result is an ordinary draft description, so a stored draft rebuilds without the snapshot.
import { AirlockError } from '../errors';
import type { SignedSnapshot } from '../snapshot/schema';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const same = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

/**
 * Fills a draft description (raw JSON, parsed afterwards by parseDraftInput) from snapshot `id`. The caller has
 * verified the snapshot's Merkle root and relay signature. Values the description gives explicitly are kept, and
 * the review then compares them with the snapshot (stale nonce, other owners, other chain).
 */
export function prefillFromSnapshot(description: unknown, id: number, snapshot: SignedSnapshot): Json {
  if (!isObject(description) || !isObject(description.executor)) {
    throw new AirlockError('draft-invalid', 'The draft description must be a JSON object with an "executor" ({"kind":"eoa","from":…} or {"kind":"safe","safe":…}).');
  }
  const executor: Json = { ...description.executor };
  const chainId = description.chainId ?? snapshot.chainId;
  const userContext = isObject(description.context) ? description.context : {};
  const tokens: Record<string, { symbol: string; decimals: number }> = {};
  const tokenBalances: Record<string, string> = {};
  const context: Json = {
    chainId: snapshot.chainId,
    snapshotAt: new Date(Number(snapshot.takenAt)).toISOString(),
    snapshot: { id, blockNumber: snapshot.blockNumber, merkleRoot: snapshot.merkleRoot },
    ...(userContext.policy !== undefined ? { policy: userContext.policy } : {}),
  };

  const holder = executor.kind === 'safe' ? executor.safe : executor.from;
  if (typeof holder !== 'string') {
    throw new AirlockError('draft-invalid', 'The executor must name its account ("from") or Safe ("safe") so the snapshot can supply its state.');
  }
  const account = snapshot.accounts.find((a) => same(holder, a.address));
  if (account) {
    context.balance = account.balance;
    for (const token of account.tokens) {
      tokens[token.token] = { symbol: token.symbol, decimals: Number(token.decimals) };
      tokenBalances[token.token] = token.balance;
    }
  }
  if (executor.kind === 'safe') {
    const safe = snapshot.safes.find((s) => same(holder, s.address));
    if (!safe) throw notInSnapshot(holder, id, 'Safe');
    executor.owners ??= safe.owners;
    executor.threshold ??= Number(safe.threshold);
    executor.nonce ??= safe.nonce;
    if (executor.version === undefined && /^\d+\.\d+\.\d+/.test(safe.version)) executor.version = safe.version.match(/^\d+\.\d+\.\d+/)![0];
    context.nonce = safe.nonce;
    context.safeOwners = safe.owners;
    context.safeThreshold = Number(safe.threshold);
  } else {
    if (!account) throw notInSnapshot(holder, id, 'account');
    executor.nonce ??= account.nonce;
    if (executor.gasPrice === undefined) {
      executor.maxFeePerGas ??= snapshot.fees.maxFeePerGas;
      executor.maxPriorityFeePerGas ??= snapshot.fees.maxPriorityFeePerGas;
    }
    context.nonce = account.nonce;
  }
  if (Object.keys(tokens).length > 0) {
    context.tokens = tokens;
    context.tokenBalances = tokenBalances;
  }
  return { ...description, chainId, executor, context };
}

function notInSnapshot(address: string, id: number, what: string): AirlockError {
  return new AirlockError(
    'snapshot-missing-account',
    `Snapshot ${id} has no ${what} ${address}. Take a snapshot on the relay that includes it, import it, and build the draft again.`,
  );
}

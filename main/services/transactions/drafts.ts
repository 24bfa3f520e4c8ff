// Recovery-transaction drafts: the vault builds a transaction (or a Safe transaction) from its description,
// reviews it, stores it, and signs it only after a quorum unlock, only for its own registered accounts, only
// what was reviewed (the digest the holders saw), never with a blocking warning. Every step is audited.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { fromHex, toHex } from '../../../shared/bytes';
import type { DraftJson, SignedDraftJson } from '../../../shared/bridge';
import { AirlockError } from '../../../shared/errors';
import { parseAddress, type Address } from '../../../shared/evm/address';
import { buildDraft, parseDraftInput, type BuiltDraft, type DraftInput } from '../../../shared/drafting/draft';
import { safeTxJson } from '../../../shared/drafting/actions';
import { enforceSigningPolicy } from '../../../shared/drafting/policy';
import { reviewDraft, type DraftReview, type DraftReviewContext } from '../../../shared/drafting/review';
import { prefillFromSnapshot } from '../../../shared/drafting/prefill';
import { simulationRequestJson, type SimulationRequestJson } from '../../../shared/simulation/request';
import type { SignedSnapshot } from '../../../shared/snapshot/schema';
import { deriveAccountKey } from '../../../shared/evm/hd';
import { decodeSafeSignatures, encodeSignatures, safeSignatureBytes, signSafeTxHashWith } from '../../../shared/evm/safe';
import { signTransaction } from '../../../shared/evm/tx';
import type { Db } from '../../db/connection';
import { appendAuditEntry } from '../../db/audit';
import { readPolicy } from '../../db/drills';
import {
  discardUnsignedDraft,
  insertDraft,
  insertDraftSignature,
  listDrafts,
  readDraft,
  readDraftSignatures,
  setDraftStatus,
  type DraftPurpose,
  type DraftRecord,
} from '../../db/drafts';
import { readAccounts, requireVault, type AccountRecord, type VaultRecord } from '../../db/vault';
import type { Clock } from '../deps';
import { importSimulation, simulationEvidence, type DraftExpectation } from './draft-simulations';
import type { SnapshotService } from '../snapshots/snapshots';
import type { UnlockService } from '../custody/unlock';

/**
 * SECURITY(H-24): what the holders reviewed — the digest (0x hex) or its four fingerprint words — is required;
 * signing is refused when the draft no longer rebuilds to it. `acknowledge`: the warning codes the signer explicitly
 * acknowledged (e.g. unknown-function after checking the raw data).
 */
export type SignDraftOptions = ({ digest: string } | { fingerprint: string }) & { acknowledge?: readonly string[] };

/** Who sends a Safe transaction once enough owners signed: one of the vault's accounts, with its nonce and fees. */
export interface SafeExecutionRequest {
  /** Co-owners' signatures (0x hex, 65 bytes each, or several back to back), from their own vaults. */
  signatures: readonly string[];
  executor: Record<string, unknown>;
  context?: Record<string, unknown>;
}

export interface DraftService {
  /** With `snapshotId`, nonces, fees, balances and the Safe's owners come from that verified relay snapshot. */
  create(input: unknown, options?: { purpose?: DraftPurpose; snapshotId?: number }): DraftJson;
  /**
   * From a Safe draft: joins this vault's own signatures with co-owners' (each checked to recover to a current
   * owner, no duplicates, threshold reached, owner order) into a new draft in which an account of this vault
   * calls execTransaction. Nothing is signed; the new draft is reviewed like any other.
   */
  executeSafe(id: number, request: SafeExecutionRequest): DraftJson;
  list(): DraftJson[];
  get(id: number): DraftJson;
  /**
   * Sets an unsigned draft aside for good (audited in the same transaction): it stays listed as discarded and can
   * never be signed or executed. A signed draft is refused: its signature exists, and discarding would not revoke it.
   */
  discard(id: number): DraftJson;
  /**
   * Everything signing checks before a key is touched (the reviewed digest, the draft's status, the signing policy),
   * so a caller can refuse before holders present their shares. Returns the draft as reviewed.
   */
  checkSignable(id: number, options: SignDraftOptions): DraftJson;
  sign(id: number, options: SignDraftOptions): SignedDraftJson;
  /** The draft unsigned, for the relay to simulate (no secret in it): the transaction or Safe transaction and its digest. */
  simulationRequest(id: number): SimulationRequestJson;
  /** Verifies the relay's signed simulation report of draft `id` (paired relay, digest, chain, block) and keeps it; the draft reviewed with it. */
  importSimulation(id: number, report: unknown): DraftJson;
}

interface Rebuilt {
  record: DraftRecord;
  input: DraftInput;
  built: BuiltDraft;
  review: DraftReview;
}


/** What the draft functions work with: the vault's database, its clock, the unlock session that signs, its snapshots. */
export interface DraftDeps {
  db: Db;
  clock: Clock;
  unlock: UnlockService;
  snapshots?: SnapshotService;
}

/** The draft functions bound to their dependencies, for the bridge and the CLI. */
export function createDraftService(deps: DraftDeps): DraftService {
  return {
    create: (input, options) => createDraft(deps, input, options),
    executeSafe: (id, request) => executeSafeDraft(deps, id, request),
    list: () => listDraftsJson(deps),
    get: (id) => toJson(deps, load(deps, requireVault(deps.db), id)),
    discard: (id) => discardDraft(deps, id),
    checkSignable: (id, options) => toJson(deps, signable(deps, requireVault(deps.db), id, options).draft),
    sign: (id, options) => signDraft(deps, id, options),
    simulationRequest: (id) => draftSimulationRequest(deps, id),
    importSimulation: (id, report) => importDraftSimulation(deps, id, report),
  };
}

export function createDraft(deps: DraftDeps, json: unknown, options: { purpose?: DraftPurpose; snapshotId?: number } = {}): DraftJson {
  const { db, clock } = deps;
  const vault = requireVault(db);
  const input = parseDraftInput(options.snapshotId === undefined ? json : prefillFromSnapshot(json, options.snapshotId, verifiedSnapshot(deps, options.snapshotId)));
  const built = buildDraft(input);
  const review = reviewDraft(built, input, reviewContext(deps, vault));
  const purpose = options.purpose ?? 'recovery';
  const id = db
    .transaction(() => {
      const draftId = insertDraft(db, {
        vaultId: vault.id,
        createdAt: clock.now(),
        title: built.title,
        kind: built.kind,
        chainId: built.chainId.toString(),
        inputJson: JSON.stringify(input),
        digest: review.digest,
        purpose,
      });
      appendAuditEntry(db, {
        at: clock.now(),
        actor: 'vault',
        action: 'draft-created',
        details: {
          vault: vault.id,
          draft: draftId,
          kind: built.kind,
          purpose,
          chainId: built.chainId.toString(),
          digest: toHex(review.digest),
          fingerprint: review.fingerprint,
          warnings: review.warnings.map((w) => w.code).join(',') || null,
          snapshot: input.context?.snapshot?.id ?? null,
        },
      });
      return draftId;
    })
    .immediate();
  return toJson(deps, load(deps, vault, id));
}

export function executeSafeDraft(deps: DraftDeps, id: number, request: SafeExecutionRequest): DraftJson {
  const { db } = deps;
  const { record, built, review } = load(deps, requireVault(db), id);
  if (record.status === 'discarded') throw discardedError(id);
  if (built.kind !== 'safe') {
    throw new AirlockError('draft-not-safe', `Draft ${id} is an account transaction, not a Safe transaction; only Safe transactions collect owner signatures.`);
  }
  if (record.purpose === 'rehearsal') throw new AirlockError('draft-rehearsal', `Draft ${id} is a drill rehearsal; it is never executed.`);
  const given = request.signatures.map((text, i) => {
    if (typeof text !== 'string' || !/^0x([0-9a-fA-F]{130})+$/.test(text.trim())) {
      throw new AirlockError('input-invalid', `Signature ${i + 1} is not a Safe owner signature: expected 0x followed by 130 hex digits (65 bytes) per owner.`);
    }
    return fromHex(text.trim());
  });
  const own = readDraftSignatures(db, id).map((s) => s.signature);
  const signatures = [...own, ...given].flatMap((bytes) => decodeSafeSignatures(review.digest, bytes));
  // Duplicates of this vault's own signature (scanned back from the relay) are expected; drop exact repeats.
  const unique = [...new Map(signatures.map((s) => [toHex(safeSignatureBytes(s)), s])).values()];
  const joined = encodeSignatures({ safeTxHash: review.digest, owners: built.owners, threshold: built.threshold, signatures: unique });
  return createDraft(deps, {
    title: `Execute: ${built.title}`.slice(0, 120),
    chainId: built.chainId.toString(),
    executor: { ...request.executor, kind: 'eoa' },
    actions: [
      {
        type: 'safe-exec',
        safe: built.safe,
        safeTx: safeTxJson(built.request.tx),
        signatures: toHex(joined),
        version: built.version,
        owners: built.owners,
        threshold: built.threshold,
      },
    ],
    ...(request.context ? { context: request.context } : {}),
  });
}

export function listDraftsJson(deps: DraftDeps): DraftJson[] {
  const vault = requireVault(deps.db);
  return listDrafts(deps.db, vault.id).map((record) => toJson(deps, rebuild(deps, vault, record)));
}

export function discardDraft(deps: DraftDeps, id: number): DraftJson {
  const { db, clock } = deps;
  const vault = requireVault(db);
  db.transaction(() => {
    const record = readDraft(db, vault.id, id);
    if (!record) throw new AirlockError('draft-unknown', `There is no draft ${id} in this vault. List the drafts to find the right number.`);
    if (record.status === 'discarded') throw discardedError(id);
    if (record.status === 'signed' || !discardUnsignedDraft(db, vault.id, id)) {
      throw new AirlockError(
        'draft-already-signed',
        `Draft ${id} is already signed, so discarding it would not take its signature back. To stop it, spend its nonce with another transaction (or replace the Safe transaction) first.`,
      );
    }
    appendAuditEntry(db, {
      at: clock.now(),
      actor: 'vault',
      action: 'draft-discarded',
      details: { vault: vault.id, draft: id, kind: record.kind, purpose: record.purpose, digest: toHex(record.digest) },
    });
  }).immediate();
  return toJson(deps, load(deps, vault, id));
}

export function draftSimulationRequest(deps: DraftDeps, id: number): SimulationRequestJson {
  const { input, built, review } = load(deps, requireVault(deps.db), id);
  return simulationRequestJson(built, review.digest, input.context?.snapshot?.blockNumber ?? null);
}

export function importDraftSimulation(deps: DraftDeps, id: number, report: unknown): DraftJson {
  const vault = requireVault(deps.db);
  const { input, built, review } = load(deps, vault, id);
  importSimulation(deps.db, deps.clock, id, report, expectation(built, input, review.digest));
  return toJson(deps, load(deps, vault, id));
}

export function signDraft(deps: DraftDeps, id: number, options: SignDraftOptions): SignedDraftJson {
  const { db, clock, unlock } = deps;
  const vault = requireVault(db);
  const { draft, acknowledged, signers, todo } = signable(deps, vault, id, options);
  const { record, built, review } = draft;
  const digest = toHex(review.digest);

  const made = todo.length === 0 ? [] : unlock.withSeed((seed) => todo.map((account) => ({ account, signature: signWith(seed, account, built, review) })));
  if (made.length > 0) {
    db.transaction(() => {
      // SECURITY(H-24): discarded from another window or the CLI while the holders unlocked: nothing is stored,
      // nothing handed out.
      if (readDraft(db, vault.id, id)?.status === 'discarded') throw discardedError(id);
      for (const { account, signature } of made) {
        insertDraftSignature(db, id, { signer: account.address, signedAt: clock.now(), signature });
        appendAuditEntry(db, {
          at: clock.now(),
          actor: 'vault',
          action: 'draft-signed',
          details: {
            vault: vault.id,
            draft: id,
            kind: built.kind,
            purpose: record.purpose,
            signer: account.address,
            digest,
            fingerprint: review.fingerprint,
            // What the holders explicitly accepted (e.g. untrusted-delegatecall) stays on record with the signature.
            acknowledged: acknowledged.join(',') || null,
          },
        });
      }
      if (record.status !== 'signed') setDraftStatus(db, id, 'signed');
    }).immediate();
    unlock.checkpoint(); // SECURITY(H-25): the vault signs its audit head, covering these signatures' entries.
  }
  const stored = readDraftSignatures(db, id);
  const mine = new Set(signers.map((a) => a.address.toLowerCase()));
  const signatures = stored.filter((s) => mine.has(s.signer.toLowerCase()));
  const base = { id, kind: built.kind, purpose: record.purpose, digest, fingerprint: review.fingerprint };
  if (built.kind === 'eoa') {
    const raw = signatures[0]!.signature;
    return {
      ...base,
      from: built.from,
      // SECURITY: a rehearsal (drill) transaction never leaves the vault in broadcastable form.
      ...(record.purpose === 'recovery' ? { rawTransaction: toHex(raw) } : {}),
      hash: toHex(keccak_256(raw)),
      signatures: [],
    };
  }
  return { ...base, signatures: signatures.map((s) => ({ owner: s.signer, ...(record.purpose === 'recovery' ? { signature: toHex(s.signature) } : {}) })) };
}

/** A stored snapshot, verified again (Merkle root, the pinned relay's signature, chain) before anything is built on it. */
function verifiedSnapshot({ snapshots }: DraftDeps, id: number): SignedSnapshot {
  if (!snapshots) throw new AirlockError('snapshot-not-found', 'This vault keeps no relay snapshots.');
  return snapshots.use(id).body;
}
function reviewContext({ db, clock }: DraftDeps, vault: VaultRecord): DraftReviewContext {
  return {
    registeredAddresses: readAccounts(db, vault.id).map((a) => a.address as Address),
    freshness: { now: clock.now(), maxSnapshotAgeSeconds: readPolicy(db, vault.id).maxSnapshotAgeHours * 3600 },
  };
}

/** A stored draft is rebuilt from its description every time; it must still give the digest that was reviewed. */
function rebuild(deps: DraftDeps, vault: VaultRecord, record: DraftRecord): Rebuilt {
  const { db } = deps;
  let json: unknown;
  try {
    json = JSON.parse(record.inputJson);
  } catch {
    throw new AirlockError('db-corrupt', `Draft ${record.id}'s stored description is not readable; the file was changed outside Airlock.`);
  }
  const input = parseDraftInput(json);
  const built = buildDraft(input);
  const simulation = simulationEvidence(db, record.id, expectation(built, input, record.digest));
  const review = reviewDraft(built, input, { ...reviewContext(deps, vault), simulation });
  if (toHex(review.digest) !== toHex(record.digest)) {
    throw new AirlockError(
      'draft-changed',
      `Draft ${record.id} no longer builds to the transaction that was reviewed (the stored description or this version of Airlock differs). Build it again and review it before anyone signs.`,
    );
  }
  return { record, input, built, review };
}

function toJson({ db, clock }: DraftDeps, { record, input, review }: Rebuilt): DraftJson {
  return {
    id: record.id,
    title: record.title,
    kind: record.kind,
    purpose: record.purpose,
    status: record.status,
    createdAt: record.createdAt,
    chainId: record.chainId,
    digest: toHex(review.digest),
    fingerprint: review.fingerprint,
    input: input as unknown as Record<string, unknown>,
    review: review.json,
    warnings: review.warnings,
    blocking: review.blocking,
    acknowledgementsRequired: review.acknowledgementsRequired,
    // SECURITY(H-23): a drill signs its rehearsal with the acknowledgements given for the holders; its signature never
    // leaves the vault (a Safe owner signature is as usable as a raw transaction), so no path around the policy.
    signatures: readDraftSignatures(db, record.id).map((s) => ({
      signer: s.signer,
      signedAt: s.signedAt,
      ...(record.purpose === 'recovery' ? { signature: toHex(s.signature) } : {}),
    })),
    basis: basisOf(input, clock.now()),
  };
}

function load(deps: DraftDeps, vault: VaultRecord, id: number): Rebuilt {
  const record = readDraft(deps.db, vault.id, id);
  if (!record) throw new AirlockError('draft-unknown', `There is no draft ${id} in this vault. List the drafts to find the right number.`);
  return rebuild(deps, vault, record);
}

/** SECURITY(H-23, H-24): the draft as reviewed, its status, and the one signing policy, before any key is derived. */
function signable(deps: DraftDeps, vault: VaultRecord, id: number, options: SignDraftOptions) {
  const { db } = deps;
  const draft = load(deps, vault, id);
  const { record, review } = draft;
  const given = options as Partial<{ digest: unknown; fingerprint: unknown }> | undefined;
  const matches =
    typeof given?.digest === 'string'
      ? given.digest.trim().toLowerCase() === toHex(review.digest)
      : typeof given?.fingerprint === 'string'
        ? normalizeWords(given.fingerprint) === review.fingerprint
        : null;
  if (matches === null) throw reviewedMissing(id);
  if (!matches) {
    throw new AirlockError(
      'draft-changed',
      `Draft ${id} is not the transaction that was reviewed: its digest is ${toHex(review.digest)} (fingerprint "${review.fingerprint}"). Review it again (airlock draft show --id ${id}) before signing.`,
    );
  }
  if (record.status === 'discarded') throw discardedError(id);
  const signers = signersFor(draft.built, readAccounts(db, vault.id));
  const already = new Set(readDraftSignatures(db, id).map((s) => s.signer.toLowerCase()));
  const todo = signers.filter((a) => !already.has(a.address.toLowerCase()));
  // A draft whose signatures all exist only hands them out again: what blocks still refuses, but the acknowledgements
  // were given (and audited) when it was signed. Anything new to sign needs them now.
  const { acknowledged } = enforceSigningPolicy(todo.length === 0 ? review.blocking : review.warnings, options.acknowledge ?? [], toJson(deps, draft));
  return { draft, acknowledged, signers, todo };
}


/** What a simulation report must be about: this digest on this chain, no earlier than the draft's snapshot. */
function expectation(built: BuiltDraft, input: DraftInput, digest: Uint8Array): DraftExpectation {
  const block = input.context?.snapshot?.blockNumber;
  return { digest, chainId: built.chainId, minBlock: block === undefined ? null : BigInt(block) };
}

/** The vault's accounts that sign this draft: the EOA that sends it, or every vault account among the Safe's owners. */
function signersFor(built: BuiltDraft, accounts: readonly AccountRecord[]): AccountRecord[] {
  if (built.kind === 'eoa') {
    const account = accounts.find((a) => a.address.toLowerCase() === built.from.toLowerCase());
    if (!account) {
      throw new AirlockError('draft-account-unregistered', `${built.from} is not a registered account of this vault, so the vault cannot sign for it. Nothing was signed.`);
    }
    return [account];
  }
  const owners = new Set(built.owners.map((o) => o.toLowerCase()));
  const mine = accounts.filter((a) => owners.has(a.address.toLowerCase()));
  if (mine.length === 0) {
    throw new AirlockError(
      'draft-not-an-owner',
      `None of this vault's accounts is an owner of the Safe ${built.safe}, so it cannot sign this Safe transaction. Nothing was signed.`,
    );
  }
  return mine;
}

/** Derives the account's key from the unlocked seed, checks it is that account, signs, and disposes the key. */
function signWith(seed: Uint8Array, account: AccountRecord, built: BuiltDraft, review: DraftReview): Uint8Array {
  const { account: derived, privateKey } = deriveAccountKey(seed, account.path);
  try {
    const address = parseAddress(account.address);
    if (derived.address !== address) {
      throw new AirlockError('account-mismatch', `The key at ${account.path} is ${derived.address}, not the registered ${address}; nothing was signed.`);
    }
    if (built.kind === 'eoa') return signTransaction(built.transaction, privateKey).raw;
    return safeSignatureBytes(signSafeTxHashWith(review.digest, privateKey, address));
  } finally {
    privateKey.dispose();
  }
}

/** The snapshot a draft was built from: chain state as of that block, and how old it is now (the draft's recovery point). */
function basisOf(input: DraftInput, now: number): DraftJson['basis'] {
  const snapshot = input.context?.snapshot;
  if (!snapshot) return null;
  const takenAt = input.context?.snapshotAt === undefined ? NaN : Date.parse(input.context.snapshotAt);
  const known = Number.isFinite(takenAt);
  return { snapshotId: snapshot.id, blockNumber: String(snapshot.blockNumber), takenAt: known ? takenAt : null, ageSeconds: known ? Math.max(0, Math.floor((now - takenAt) / 1000)) : null };
}

function discardedError(id: number): AirlockError {
  return new AirlockError('draft-discarded', `Draft ${id} was discarded, so it can never be signed or executed. Build a new draft if the transaction is still needed.`);
}

function reviewedMissing(id: number): AirlockError {
  return new AirlockError(
    'draft-review-missing',
    `Nothing was signed: say which review you approved. Give draft ${id}'s digest ("digest":"0x…") or its four fingerprint words ("fingerprint":"…") as \`airlock draft show --id ${id}\` prints them.`,
  );
}

const normalizeWords = (words: string) => words.trim().toLowerCase().split(/\s+/).join(' ');

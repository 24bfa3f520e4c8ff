// Executing a signed Safe draft with its co-owners' signatures, apart from the DOM: each signature or relay bundle
// (pasted or scanned) checked to be for this very Safe transaction, who has signed so far against the threshold,
// the executor accounts and this chain's verified snapshots, nonce and fees from one of them, and the execution
// draft built by drafts.executeSafe. No DOM here.
import { parseSafeAirgapBytes, parseSafeAirgapText, signatureHex, type SafeAirgapPayload } from '../../shared/airgap/safe-signature';
import type { ResponseOf, VaultSummaryView } from '../../shared/bridge';
import { toHex } from '../../shared/bytes';
import { AirlockError, isAirlockError, type PublicError } from '../../shared/errors';
import { parseAmount, weiToUnitText } from '../../shared/evm/units';
import { toPublicError, type Bridge } from '../bridge';
import { FEE_UNIT } from './DraftFormModel';

export interface SafeExecuteTarget {
  draftId: number;
  chainId: string;
  safe: string;
  /** The draft's safeTxHash (0x, lower case). */
  safeTxHash: string;
  /** Owners whose signature this vault already holds for the draft. */
  ownSigners: readonly string[];
  /** The Safe's threshold the draft was built for, when known. */
  threshold?: number;
}

/** What the holder typed for the executor: the account, its nonce and fees, and the snapshot they came from. */
export interface ExecutorFields {
  from: string;
  nonce: string;
  gasLimit: string;
  /** Fees per gas as typed: gwei, or with a unit ("30 gwei", "30000000000 wei"); sent in wei. */
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
  /** '' when typed here. */
  snapshotId: string;
}

type Snapshot = ResponseOf<'snapshots.list'>['snapshots'][number];
type Account = VaultSummaryView['accounts'][number];
export const DEFAULT_GAS_LIMIT = '300000';
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export class SafeExecuteModel {
  /** Co-owner signatures by owner (lower case) → 65-byte hex; a bundle adds each of its owners. */
  private readonly collected = new Map<string, { owner: string; hex: string }>();
  accounts: Account[] = [];
  snapshots: Snapshot[] = [];

  constructor(
    private readonly bridge: Pick<Bridge, 'call'>,
    readonly target: SafeExecuteTarget,
  ) {}

  /** The executor accounts (executors first) and the verified snapshots of the draft's chain; the refusal otherwise. */
  async load(): Promise<PublicError | null> {
    try {
      const [summary, list] = await Promise.all([this.bridge.call('vault.summary', {}), this.bridge.call('snapshots.list', {})]);
      this.accounts = [...(summary.vault?.accounts ?? [])].sort((a, b) => Number(b.role === 'executor') - Number(a.role === 'executor'));
      // Only snapshots that verified again just now (H-30): never a damaged one or one from a revoked relay.
      this.snapshots = list.snapshots.filter((s) => s.chainId === this.target.chainId && s.status === 'verified');
      return null;
    } catch (error) {
      return toPublicError(error);
    }
  }

  /** A pasted signature or bundle (JSON or ur:…). */
  addText(text: string): PublicError | null {
    return this.add(() => parseSafeAirgapText(text));
  }

  /** A scanned one: the UR's type and payload. */
  addScanned(type: string, payload: Uint8Array): PublicError | null {
    return this.add(() => parseSafeAirgapBytes(type, payload));
  }

  /** Everyone who has signed: this vault's owners first, then the co-owners added here. */
  signers(): Array<{ owner: string; source: 'vault' | 'co-owner' }> {
    const own = this.target.ownSigners.map((owner) => ({ owner, source: 'vault' as const }));
    return [...own, ...this.coOwners().map((s) => ({ owner: s.owner, source: 'co-owner' as const }))];
  }

  /** "2 of 3 owner signatures", ": enough to execute" once the threshold is met. */
  progressLine(): string {
    const count = this.signers().length;
    const threshold = this.target.threshold;
    return threshold ? `${count} of ${threshold} owner signatures${count >= threshold ? ': enough to execute' : ''}` : `${count} owner signatures`;
  }

  /** The executor's nonce and the fees (in gwei, as the boxes read them) in snapshot `id`; the refusal when it no longer verifies or lacks the account. */
  async fromSnapshot(id: number, from: string): Promise<{ nonce: string; maxFeePerGas: string; maxPriorityFeePerGas: string } | { error: PublicError }> {
    try {
      const { snapshot, body } = await this.bridge.call('snapshots.get', { id });
      if (!body || snapshot.problem) throw new AirlockError(snapshot.problem?.code ?? 'snapshot-damaged', snapshot.problem?.message ?? `Snapshot ${id} no longer verifies.`);
      const account = body.accounts.find((a) => same(a.address, from));
      if (!account) throw new AirlockError('snapshot-missing-account', `Snapshot ${id} has no entry for ${from}. Take a snapshot that includes it, or type the nonce and fees.`);
      const gwei = (wei: string) => weiToUnitText(BigInt(wei), FEE_UNIT);
      return { nonce: account.nonce, maxFeePerGas: gwei(body.fees.maxFeePerGas), maxPriorityFeePerGas: gwei(body.fees.maxPriorityFeePerGas) };
    } catch (error) {
      return { error: publicError(error) };
    }
  }

  /** Builds the execTransaction draft; its id, or the refusal. */
  async execute(fields: ExecutorFields): Promise<{ draftId: number } | { error: PublicError }> {
    const signatures = this.coOwners().map((s) => s.hex);
    if (signatures.length === 0) return { error: { code: 'safe-exec-empty', message: 'Add at least one co-owner\'s signature or the relay\'s bundle first.' } };
    if (!fields.from) return { error: { code: 'safe-exec-no-executor', message: 'This vault has no account to send the transaction from; register one under Holders & shares.' } };
    const snapshot = this.snapshots.find((s) => String(s.id) === fields.snapshotId);
    const nonce = fields.nonce.trim();
    let fees: { maxFeePerGas: string; maxPriorityFeePerGas: string };
    try {
      fees = {
        maxFeePerGas: parseAmount(fields.maxFeePerGas, FEE_UNIT, 'Max fee per gas').wei.toString(),
        maxPriorityFeePerGas: parseAmount(fields.maxPriorityFeePerGas, FEE_UNIT, 'Max priority fee per gas').wei.toString(),
      };
    } catch (error) {
      return { error: publicError(error) };
    }
    try {
      const { draft } = await this.bridge.call('drafts.executeSafe', {
        id: this.target.draftId,
        signatures,
        executor: { from: fields.from, nonce, gasLimit: fields.gasLimit.trim(), ...fees },
        ...(snapshot ? { context: { chainId: this.target.chainId, nonce, snapshot: { id: snapshot.id, blockNumber: snapshot.blockNumber, merkleRoot: snapshot.merkleRoot } } } : {}),
      });
      return { draftId: draft.id };
    } catch (error) {
      return { error: toPublicError(error) };
    }
  }

  private coOwners(): Array<{ owner: string; hex: string }> {
    return [...this.collected.values()].filter((s) => !this.target.ownSigners.some((o) => same(o, s.owner)));
  }

  private add(parse: () => SafeAirgapPayload): PublicError | null {
    try {
      this.accept(parse());
      return null;
    } catch (error) {
      return publicError(error);
    }
  }

  private accept(payload: SafeAirgapPayload): void {
    const { target } = this;
    const hash = toHex(payload.safeTxHash);
    if (payload.chainId.toString() !== target.chainId || !same(payload.safe, target.safe) || hash !== target.safeTxHash) {
      throw new AirlockError(
        'safe-bundle-mismatch',
        `This ${payload.type === 'bundle' ? 'bundle' : 'signature'} is for Safe ${payload.safe} on chain ${payload.chainId}, transaction ${hash}; this draft is ${target.safeTxHash}. Scan the one made for this draft.`,
      );
    }
    const signatures = payload.type === 'bundle' ? payload.signatures : [payload.signature];
    for (const s of signatures) this.collected.set(s.owner.toLowerCase(), { owner: s.owner, hex: signatureHex(s) });
  }
}

/** A payload refused here (parsed in this window) keeps its sentence; anything else goes through the bridge's mapping. */
function publicError(error: unknown): PublicError {
  return isAirlockError(error) ? { code: error.code, message: error.message } : toPublicError(error);
}

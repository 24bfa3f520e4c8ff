// PSBT signing by the vault, as the app and `airlock psbt sign --db` do it: a scanned ur:crypto-psbt (or base64) is
// reviewed in full against the vault's registered accounts and wallets, and only after a quorum unlock the
// reviewed PSBT — the very bytes, by their hash — is signed under the one signing policy and answered as an
// animated ur:crypto-psbt. Reviews, refusals and signatures are audited; a signature seals a checkpoint (H-25).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '../../../shared/bytes';
import type { Transaction } from '@scure/btc-signer';
import { fingerprintText } from '../../../shared/airgap/fingerprint';
import { decodeUrParts, encodeUr } from '../../../shared/airgap/ur';
import type { BtcNetwork } from '../../../shared/btc/network';
import type { Claim, Ownership } from '../../../shared/btc/ownership';
import { decodePsbt, psbtBase64, psbtBytesFromBase64 } from '../../../shared/btc/psbt';
import { psbtReviewJson, reviewPsbt, type PsbtReview, type PsbtReviewJson } from '../../../shared/btc/review';
import { inferNetwork } from '../../../shared/btc/seed-ownership';
import { signReviewedPsbt } from '../../../shared/btc/sign';
import { buildCryptoPsbt, CRYPTO_PSBT, parseCryptoPsbt } from '../../../shared/btc/ur';
import { enforceSigningPolicy } from '../../../shared/drafting/policy';
import { AirlockError } from '../../../shared/errors';
import type { Db } from '../../db/connection';
import { appendAuditEntry } from '../../db/audit';
import { readVault, requireVault } from '../../db/vault';
import { checkWalletKeysWithSeed, type BitcoinAccountService } from './bitcoin-accounts';
import type { Clock } from '../deps';
import type { UnlockService } from '../custody/unlock';

/** Bytes per animated-QR part of a signed PSBT (the CLI's parts; the app chooses its own density). */
export const PSBT_UR_FRAGMENT = 200;

export interface PsbtInput {
  /** Base64 PSBT (CLI) or the scanned ur:crypto-psbt parts (app, CLI). */
  psbt?: string;
  parts?: readonly string[];
  /** A runbook's rule: every output must pay this registered wallet (the fallback sweep). */
  outputsOnlyTo?: string;
  /** When the PSBT names no key of the vault: which network its addresses are on. */
  network?: BtcNetwork;
}

export interface PsbtAnswer {
  psbt: string;
  /** ur:crypto-psbt parts of the signed PSBT. */
  parts: string[];
  /** The CBOR payload of the answer, hex, for the app's animated QR. */
  payload: string;
  fingerprint: string;
  signedInputs: number[];
}

/** A PSBT's bytes from base64 or UR parts: exactly one of them. */
export function psbtBytesOf(input: Pick<PsbtInput, 'psbt' | 'parts'>): Uint8Array {
  if (input.parts && input.parts.length > 0) return parseCryptoPsbt(decodeUrParts(input.parts, [CRYPTO_PSBT]).payload);
  if (typeof input.psbt === 'string') return psbtBytesFromBase64(input.psbt);
  throw new AirlockError('input-invalid', 'Give the PSBT as "psbt" (base64) or "request" (the ur:crypto-psbt parts).');
}

/** The signed answer in both forms: base64 and animated UR. */
export function psbtAnswer(signed: Uint8Array, signedInputs: number[]): PsbtAnswer {
  const cbor = buildCryptoPsbt(signed);
  return { psbt: psbtBase64(decodePsbt(signed)), parts: encodeUr(CRYPTO_PSBT, cbor, PSBT_UR_FRAGMENT), payload: bytesToHex(cbor), fingerprint: fingerprintText(CRYPTO_PSBT, cbor), signedInputs };
}

interface Pending {
  tx: Transaction;
  review: PsbtReview;
  json: PsbtReviewJson;
  claims: Claim[];
  ownership: Ownership;
  fingerprint: string;
}

export interface PsbtService {
  /** Decodes and reviews; nothing is signed. Returns the key the review is approved by (the PSBT's hash). */
  review(input: PsbtInput): { psbtKey: string; review: PsbtReviewJson; fingerprint: string };
  /** SECURITY(H-23): the policy over the reviewed PSBT, before any holder presents a share. */
  checkSignable(psbtKey: string, acknowledge: readonly string[]): void;
  /** Signs the reviewed PSBT with the unlocked vault under the policy; acknowledgements audited with it. */
  approve(psbtKey: string, acknowledge: readonly string[]): PsbtAnswer;
}

export function createPsbtService({ db, clock, unlock, bitcoin }: { db: Db; clock: Clock; unlock: UnlockService; bitcoin: BitcoinAccountService }): PsbtService {
  const pending = new Map<string, Pending>();
  const audit = (action: string, details: Record<string, string | number | boolean | null>) =>
    db.transaction(() => appendAuditEntry(db, { at: clock.now(), actor: 'vault', action, details: { vault: readVault(db)?.id ?? null, ...details } })).immediate();
  const pendingOrThrow = (key: string) => {
    const entry = pending.get(key);
    if (!entry) throw new AirlockError('psbt-unknown', 'This PSBT has not been reviewed on this vault (or was already signed). Scan it again.');
    return entry;
  };

  return {
    review(input) {
      requireVault(db);
      const bytes = psbtBytesOf(input);
      const tx = decodePsbt(bytes);
      const fallbackNetwork = input.network ?? 'mainnet';
      const network = inferNetwork(tx, bitcoin.ownership(fallbackNetwork).masterFingerprint, fallbackNetwork);
      const ownership = bitcoin.ownership(network);
      const outputsOnlyTo = input.outputsOnlyTo ? bitcoin.wallet(input.outputsOnlyTo) : undefined;
      const { review, claims } = reviewPsbt(tx, network, ownership, outputsOnlyTo ? { outputsOnlyTo } : {});
      const psbtKey = bytesToHex(sha256(bytes));
      const fingerprint = fingerprintText(CRYPTO_PSBT, bytes);
      const json = psbtReviewJson(review);
      pending.set(psbtKey, { tx, review, json, claims, ownership, fingerprint });
      audit('psbt-reviewed', { txid: review.txid, fingerprint, signing: review.signing, fee: review.fee, warnings: review.warnings.map((w) => w.code).join(',') || null });
      return { psbtKey, review: json, fingerprint };
    },
    checkSignable(psbtKey, acknowledge) {
      const entry = pendingOrThrow(psbtKey);
      enforceSigningPolicy(entry.review.warnings, acknowledge, entry.json);
    },
    approve(psbtKey, acknowledge) {
      const entry = pendingOrThrow(psbtKey);
      try {
        enforceSigningPolicy(entry.review.warnings, acknowledge, entry.json);
      } catch (error) {
        if (error instanceof AirlockError) audit('psbt-refused', { txid: entry.review.txid, code: error.code });
        throw error;
      }
      const signed = unlock.withSeed((seed) => {
        // The stored accounts and wallets were read before the unlock: their keys must be this seed's own.
        checkWalletKeysWithSeed(entry.ownership, seed);
        return signReviewedPsbt(entry.tx, entry.review, entry.claims, seed, acknowledge);
      });
      pending.delete(psbtKey);
      const answer = psbtAnswer(signed.psbt, signed.signedInputs);
      audit('psbt-signed', {
        txid: entry.review.txid,
        fingerprint: entry.fingerprint,
        inputs: signed.signedInputs.join(','),
        fee: entry.review.fee,
        answer: answer.fingerprint,
        acknowledged: signed.acknowledged.join(',') || null,
      });
      unlock.checkpoint(); // SECURITY(H-25): the vault signs its audit head, covering the entry just written.
      return answer;
    },
  };
}

// Signing requests from other wallets (ERC-4527 eth-sign-request): the vault reviews a scanned
// request in full, and only after a quorum unlock signs exactly what was reviewed, for one of its
// registered accounts, answering with an eth-signature UR. Every review and signature is audited.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, toHex } from '../../../shared/bytes';
import { HDKey } from '@scure/bip32';
import { buildEthSignature, ETH_SIGNATURE, ETH_SIGN_REQUEST, parseEthSignRequest, type EthSignRequestValue } from '../../../shared/airgap/erc4527';
import { fingerprintText } from '../../../shared/airgap/fingerprint';
import { decodeUrParts, encodeUr, MAX_FRAGMENT_BYTES } from '../../../shared/airgap/ur';
import { AirlockError } from '../../../shared/errors';
import { parseAddress } from '../../../shared/evm/address';
import { deriveAccountKey } from '../../../shared/evm/hd';
import { enforceSigningPolicy } from '../../../shared/drafting/policy';
import { reviewSignRequest, reviewToJson, signReviewedRequest, type Review, type ReviewJson } from '../../../shared/drafting/sign-request';
import type { Db } from '../../db/connection';
import { appendAuditEntry } from '../../db/audit';
import { readAccounts, readVault, requireVault } from '../../db/vault';
import type { Clock } from '../deps';
import type { UnlockService } from '../custody/unlock';

export interface SignAnswer {
  /** One single-part ur:eth-signature carrying the request's id. */
  signature: string;
  address: string;
  fingerprint: string;
}

/**
 * Signs a reviewed request with the key at its path under `seed`; shared by the vault and `airlock sign`.
 * SECURITY(H-23): the signing policy runs first, here, so no caller can sign around it.
 */
export function answerSignRequest(request: EthSignRequestValue, review: Review, seed: Uint8Array, acknowledge: readonly string[]): SignAnswer {
  enforceSigningPolicy(review.warnings, acknowledge, reviewToJson(review));
  const master = HDKey.fromMasterSeed(seed);
  const masterFingerprint = master.fingerprint;
  master.wipePrivateData();
  const key = deriveAccountKey(seed, request.derivationPath.text);
  try {
    const { signature, address } = signReviewedRequest(review, key.privateKey, { masterFingerprint });
    const cbor = buildEthSignature({ signature, ...(request.requestId ? { requestId: request.requestId } : {}) });
    const [part, ...rest] = encodeUr(ETH_SIGNATURE, cbor, MAX_FRAGMENT_BYTES);
    if (!part || rest.length > 0) throw new AirlockError('internal', 'The eth-signature did not fit one UR part.');
    return { signature: part, address, fingerprint: fingerprintText(ETH_SIGNATURE, cbor) };
  } finally {
    key.privateKey.dispose();
  }
}

export interface SignRequestService {
  /** Decodes and reviews scanned parts; nothing is signed. Returns a key to approve it by. */
  review(parts: readonly string[]): { requestKey: string; review: ReviewJson; fingerprint: string };
  /**
   * SECURITY(H-23): the signing policy over the reviewed request, before any key is touched: blocking codes refuse,
   * acknowledgeable codes must each be acknowledged. Lets a caller refuse before holders present their shares.
   */
  checkSignable(requestKey: string, acknowledge: readonly string[]): void;
  /** Signs the reviewed request with the unlocked vault, under the signing policy; the acknowledgements are audited with it. */
  approve(requestKey: string, acknowledge: readonly string[]): SignAnswer;
}

export function createSignRequestService({ db, clock, unlock }: { db: Db; clock: Clock; unlock: UnlockService }): SignRequestService {
  const pending = new Map<string, { request: EthSignRequestValue; review: Review; json: ReviewJson }>();
  const pendingOrThrow = (requestKey: string) => {
    const entry = pending.get(requestKey);
    if (!entry) throw new AirlockError('sign-request-unknown', 'This request has not been reviewed on this vault (or was already signed). Scan it again.');
    return entry;
  };
  const audit = (action: string, details: Record<string, string | number | boolean | null>) =>
    db.transaction(() => appendAuditEntry(db, { at: clock.now(), actor: 'vault', action, details })).immediate();

  return {
    review(parts) {
      const vault = requireVault(db);
      const { payload } = decodeUrParts(parts, [ETH_SIGN_REQUEST]);
      const request = parseEthSignRequest(payload);
      const account = readAccounts(db, vault.id).find((a) => a.path === request.derivationPath.text);
      if (!account) {
        throw new AirlockError(
          'sign-request-unregistered-account',
          `The request asks for the key at ${request.derivationPath.text}, which is not a registered account of this vault. Nothing was signed.`,
        );
      }
      if (request.address && request.address.toLowerCase() !== account.address.toLowerCase()) {
        throw new AirlockError('sign-request-wrong-account', `The request names ${request.address}, but ${request.derivationPath.text} is ${account.address} in this vault. Nothing was signed.`);
      }
      const registeredAddresses = readAccounts(db, vault.id).map((a) => parseAddress(a.address));
      const review = reviewSignRequest(request, { registeredAddresses });
      // The key is the payload's hash: the same request scanned twice is the same pending review.
      const requestKey = bytesToHex(sha256(payload));
      const fingerprint = fingerprintText(ETH_SIGN_REQUEST, payload);
      const json = reviewToJson(review);
      pending.set(requestKey, { request, review, json });
      audit('sign-request-reviewed', {
        vault: vault.id,
        dataType: request.dataType,
        account: account.address,
        fingerprint,
        warnings: review.warnings.map((w) => w.code).join(',') || null,
      });
      return { requestKey, review: json, fingerprint };
    },
    checkSignable(requestKey, acknowledge) {
      const entry = pendingOrThrow(requestKey);
      enforceSigningPolicy(entry.review.warnings, acknowledge, entry.json);
    },
    approve(requestKey, acknowledge) {
      const entry = pendingOrThrow(requestKey);
      let acknowledged: readonly string[];
      try {
        ({ acknowledged } = enforceSigningPolicy(entry.review.warnings, acknowledge, entry.json));
      } catch (error) {
        if (error instanceof AirlockError) audit('sign-request-refused', { vault: readVault(db)!.id, dataType: entry.request.dataType, code: error.code });
        throw error;
      }
      const answer = unlock.withSeed((seed) => answerSignRequest(entry.request, entry.review, seed, acknowledge));
      pending.delete(requestKey);
      audit('sign-request-signed', {
        vault: readVault(db)!.id,
        dataType: entry.request.dataType,
        account: answer.address,
        fingerprint: answer.fingerprint,
        digest: toHex(entry.review.digest),
        // What the holders explicitly accepted stays on record with the signature.
        acknowledged: acknowledged.join(',') || null,
      });
      unlock.checkpoint(); // SECURITY(H-25): the vault signs its audit head, covering the entry just written.
      return answer;
    },
  };
}


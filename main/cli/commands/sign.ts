// `airlock sign`: answers an ERC-4527 eth-sign-request (scanned UR parts) with an eth-signature, headless. With
// --db it signs with the quorum-unlocked vault exactly as the app does (same review, same policy, audited); without
// it, with a BIP-39 mnemonic on stdin, for scripting and interop tests. Either way the one signing policy decides.
import { z } from 'zod';
import { ETH_SIGN_REQUEST, parseEthSignRequest } from '../../../shared/airgap/erc4527';
import { decodeUrParts } from '../../../shared/airgap/ur';
import { seedFromBip39 } from '../../../shared/crypto/seed';
import { zeroize } from '../../../shared/crypto/secret';
import { enforceSigningPolicy } from '../../../shared/drafting/policy';
import { reviewSignRequest, reviewToJson, type ReviewJson } from '../../../shared/drafting/sign-request';
import { answerSignRequest } from '../../services/transactions/sign-requests';
import { optionalOne } from '../args';
import type { CliCommand } from '../command';
import { parseJsonInput } from '../stdin-json';
import { holdersInput } from '../unlock-input';
import { whileUnlocked, withVaultCustody } from '../vault-session';

const requestParts = z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(10_000)]);
const acknowledge = z.array(z.string().max(64)).max(30).default([]);

const mnemonicInput = z
  .object({
    mnemonic: z.string().min(1).max(1000),
    passphrase: z.string().max(1000).default(''),
    request: requestParts,
    acknowledge,
  })
  .strict();

const vaultInput = z.object({ ...holdersInput, request: requestParts, acknowledge }).strict();

export interface SignAnswer {
  /** One single-part `ur:eth-signature/...`, echoing the request id. */
  signature: string;
  /** The EIP-55 address that signed. */
  address: string;
  review: ReviewJson;
}

/** Signs one eth-sign-request (all its scanned UR parts) with the BIP-39 wallet `mnemonic` + `passphrase`. */
export async function signWithMnemonic(mnemonic: string, passphrase: string, parts: readonly string[], acknowledged: readonly string[] = []): Promise<SignAnswer> {
  const { payload } = decodeUrParts(parts, [ETH_SIGN_REQUEST]);
  const request = parseEthSignRequest(payload);
  // Review and policy first: a request that cannot be shown, or that the policy refuses, is refused before any key is derived.
  const review = reviewSignRequest(request);
  const json = reviewToJson(review);
  enforceSigningPolicy(review.warnings, acknowledged, json);
  const seed = await seedFromBip39(mnemonic, passphrase);
  try {
    const { signature, address } = answerSignRequest(request, review, seed, acknowledged);
    return { signature, address, review: json };
  } finally {
    zeroize(seed);
  }
}

const partsOf = (request: z.infer<typeof requestParts>) => (typeof request === 'string' ? [request] : request).map((p) => p.trim());

export const signCommands: CliCommand[] = [
  {
    path: ['sign'],
    summary:
      'Answer an ERC-4527 eth-sign-request (legacy or EIP-1559 transaction, EIP-712 typed data, personal message) under the signing policy. ' +
      'With --db: the vault signs after a quorum unlock, as the app does; stdin {"holders":[{"name","passphrase"}],"request":["ur:eth-sign-request/...", ...],"acknowledge":[...]}. ' +
      'Without --db (scripting and interop tests): stdin {"mnemonic":"...","passphrase":"","request":[...],"acknowledge":[...]}. ' +
      'Prints {"signature":"ur:eth-signature/...","address":"0x...","review":{...}}; a refusal prints the review beside the error and exits 2.',
    options: ['db'],
    async run(input) {
      const text = await input.readStdin();
      if (optionalOne(input.options, 'db') === undefined) {
        const spec = parseJsonInput(text, mnemonicInput, 'the sign request');
        return signWithMnemonic(spec.mnemonic, spec.passphrase, partsOf(spec.request), spec.acknowledge);
      }
      const spec = parseJsonInput(text, vaultInput, 'the sign request');
      return withVaultCustody(input, async (custody) => {
        const { requestKey, review } = custody.signRequests.review(partsOf(spec.request));
        // Refused by the policy before any holder's passphrase is used.
        custody.signRequests.checkSignable(requestKey, spec.acknowledge);
        return whileUnlocked(custody, spec, () => {
          const answer = custody.signRequests.approve(requestKey, spec.acknowledge);
          return { signature: answer.signature, address: answer.address, fingerprint: answer.fingerprint, review };
        });
      });
    },
  },
];

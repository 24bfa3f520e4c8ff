// `airlock sign`: answers an ERC-4527 eth-sign-request (scanned UR parts) with an eth-signature, headless, for
// scripting and interop tests. The app itself signs with the unlocked vault, never with a typed mnemonic.
import { z } from 'zod';
import { ETH_SIGN_REQUEST, parseEthSignRequest } from '../../../shared/airgap/erc4527';
import { decodeUrParts } from '../../../shared/airgap/ur';
import { seedFromBip39 } from '../../../shared/crypto/seed';
import { zeroize } from '../../../shared/crypto/secret';
import { reviewSignRequest, reviewToJson, type ReviewJson } from '../../../shared/drafting/sign-request';
import { answerSignRequest } from '../../services/sign-requests';
import type { CliCommand } from '../command';
import { parseJsonInput } from '../stdin-json';

const signInput = z
  .object({
    mnemonic: z.string().min(1).max(1000),
    passphrase: z.string().max(1000).default(''),
    request: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(10_000)]),
  })
  .strict();

export interface SignAnswer {
  /** One single-part `ur:eth-signature/...`, echoing the request id. */
  signature: string;
  /** The EIP-55 address that signed. */
  address: string;
  review: ReviewJson;
}

/** Signs one eth-sign-request (all its scanned UR parts) with the BIP-39 wallet `mnemonic` + `passphrase`. */
export async function signWithMnemonic(mnemonic: string, passphrase: string, parts: readonly string[]): Promise<SignAnswer> {
  const { payload } = decodeUrParts(parts, [ETH_SIGN_REQUEST]);
  const request = parseEthSignRequest(payload);
  // Review first: a request that cannot be shown is refused before any key is derived.
  const review = reviewSignRequest(request);
  const seed = await seedFromBip39(mnemonic, passphrase);
  try {
    const { signature, address } = answerSignRequest(request, review, seed);
    return { signature, address, review: reviewToJson(review) };
  } finally {
    zeroize(seed);
  }
}

export const signCommands: CliCommand[] = [
  {
    path: ['sign'],
    summary:
      'Answer an ERC-4527 eth-sign-request (legacy or EIP-1559 transaction, EIP-712 typed data, personal message). ' +
      'Stdin: {"mnemonic":"...","passphrase":"","request":["ur:eth-sign-request/...", ...]} (all scanned parts, any order, duplicates allowed); ' +
      'prints {"signature":"ur:eth-signature/...","address":"0x...","review":{...}}. For scripting and interop tests only: the app signs with the unlocked vault.',
    options: [],
    async run(input) {
      const spec = parseJsonInput(await input.readStdin(), signInput, 'the sign request');
      const parts = typeof spec.request === 'string' ? [spec.request] : spec.request;
      return signWithMnemonic(spec.mnemonic, spec.passphrase, parts.map((p) => p.trim()));
    },
  },
];

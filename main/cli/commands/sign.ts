// `airlock sign`: answers an ERC-4527 eth-sign-request (scanned UR parts) with an eth-signature, headless, for
// scripting and interop tests. The app itself signs with the unlocked vault, never with a typed mnemonic.
import { HDKey } from '@scure/bip32';
import { z } from 'zod';
import { buildEthSignature, ETH_SIGNATURE, ETH_SIGN_REQUEST, parseEthSignRequest } from '../../../shared/airgap/erc4527';
import { decodeUrParts, encodeUr, MAX_FRAGMENT_BYTES } from '../../../shared/airgap/ur';
import { seedFromBip39 } from '../../../shared/crypto/seed';
import { zeroize } from '../../../shared/crypto/secret';
import { AirlockError } from '../../../shared/errors';
import { deriveAccountKey } from '../../../shared/evm/hd';
import { reviewSignRequest, reviewToJson, signReviewedRequest, type ReviewJson } from '../../../shared/evm/sign-request';
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
  let masterFingerprint: number;
  let key: ReturnType<typeof deriveAccountKey>;
  try {
    const master = HDKey.fromMasterSeed(seed);
    masterFingerprint = master.fingerprint;
    master.wipePrivateData();
    key = deriveAccountKey(seed, request.derivationPath.text);
  } finally {
    zeroize(seed);
  }
  try {
    const { signature, address } = signReviewedRequest(review, key.privateKey, { masterFingerprint });
    const cbor = buildEthSignature({ signature, ...(request.requestId ? { requestId: request.requestId } : {}) });
    const [part, ...rest] = encodeUr(ETH_SIGNATURE, cbor, MAX_FRAGMENT_BYTES);
    if (!part || rest.length > 0) throw new AirlockError('internal', 'The eth-signature did not fit one UR part.');
    return { signature: part, address, review: reviewToJson(review) };
  } finally {
    key.privateKey.dispose();
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

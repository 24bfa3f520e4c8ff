// `airlock psbt sign|decode`: Airlock as the offline signer a watch-only coordinator (Sparrow, Specter, Nunchuk,
// Caravan) hands its PSBTs to. With --db the vault signs after a quorum unlock, exactly as the app does (same
// review, same policy, audited); without it, a BIP-39 mnemonic on stdin signs, for scripting and interop tests.
// Either way the one signing policy decides, and a refusal prints the review beside the error (exit 2).
import { z } from 'zod';
import { parseDescriptor } from '../../../shared/btc/descriptor';
import { parseBtcNetwork, type BtcNetwork } from '../../../shared/btc/network';
import { walletOf, type Ownership } from '../../../shared/btc/ownership';
import { decodePsbt } from '../../../shared/btc/psbt';
import { psbtReviewJson, reviewPsbt, type PsbtReviewJson } from '../../../shared/btc/review';
import { inferNetwork, masterFingerprintOf, ownershipFromSeed } from '../../../shared/btc/seed-ownership';
import { signReviewedPsbt } from '../../../shared/btc/sign';
import { seedFromBip39 } from '../../../shared/crypto/seed';
import { zeroize } from '../../../shared/crypto/secret';
import { enforceSigningPolicy } from '../../../shared/drafting/policy';
import { isBitcoinStep, resolveStep } from '../../../shared/drill/runbooks';
import { AirlockError } from '../../../shared/errors';
import { psbtAnswer, psbtBytesOf } from '../../services/bitcoin/bitcoin-psbt';
import { optionalOne } from '../args';
import type { CliCommand } from '../command';
import { parseJsonInput, readJsonInput } from '../stdin-json';
import { holdersInput } from '../unlock-input';
import { whileUnlocked, withVaultCustody, type Custody } from '../vault-session';

const psbtFields = {
  psbt: z.string().min(1).max(6_000_000).optional(),
  request: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(10_000)]).optional(),
  acknowledge: z.array(z.string().max(64)).max(30).default([]),
  network: z.enum(['mainnet', 'testnet', 'signet', 'regtest', 'testnet4']).optional(),
};
const mnemonicInput = z
  .object({ mnemonic: z.string().min(1).max(1000), passphrase: z.string().max(1000).default(''), descriptors: z.array(z.string().max(6000)).max(10).default([]), ...psbtFields })
  .strict();
const vaultInput = z.object({ ...holdersInput, ...psbtFields, outputsOnlyTo: z.string().min(1).max(60).optional(), runbook: z.string().min(1).max(60).optional() }).strict();

/** The fallback wallet a runbook's Bitcoin step requires every output to pay. */
function runbookWallet(custody: Custody, name: string): string {
  const runbook = custody.drills.runbooks().find((r) => r.name === name);
  if (!runbook) throw new AirlockError('runbook-unknown', `There is no runbook "${name.slice(0, 60)}".`);
  for (const step of runbook.steps) {
    const description = resolveStep(step.draft, runbook.params, () => undefined);
    if (isBitcoinStep(description)) return description.outputsOnlyTo;
  }
  throw new AirlockError('runbook-not-bitcoin', `The runbook "${runbook.name}" has no Bitcoin step, so it sets no rule for a PSBT.`);
}
const decodeInput = z.object({ psbt: psbtFields.psbt, request: psbtFields.request, network: psbtFields.network, descriptors: mnemonicInput.shape.descriptors }).strict();

const partsOf = (request: string | string[] | undefined) => (request === undefined ? undefined : (typeof request === 'string' ? request.split(/\s+/) : request).map((p) => p.trim()).filter(Boolean));
const networkOf = (text: string | undefined): BtcNetwork | undefined => (text === undefined ? undefined : parseBtcNetwork(text));

export interface PsbtSignOutput {
  psbt: string;
  parts: string[];
  review: PsbtReviewJson;
}

/** Signs with a BIP-39 wallet: the review and the policy first; the seed only for what the review found ours. */
export async function signPsbtWithMnemonic(spec: z.infer<typeof mnemonicInput>): Promise<PsbtSignOutput> {
  const tx = decodePsbt(psbtBytesOf({ ...(spec.psbt ? { psbt: spec.psbt } : {}), ...(spec.request ? { parts: partsOf(spec.request)! } : {}) }));
  const seed = await seedFromBip39(spec.mnemonic, spec.passphrase);
  try {
    const network = inferNetwork(tx, masterFingerprintOf(seed), networkOf(spec.network) ?? 'mainnet');
    const { review, claims } = reviewPsbt(tx, network, ownershipFromSeed(seed, tx, network, spec.descriptors));
    const json = psbtReviewJson(review);
    enforceSigningPolicy(review.warnings, spec.acknowledge, json);
    const signed = signReviewedPsbt(tx, review, claims, seed, spec.acknowledge);
    const { psbt, parts } = psbtAnswer(signed.psbt, signed.signedInputs);
    return { psbt, parts, review: json };
  } finally {
    zeroize(seed);
  }
}

/** Watch-only descriptors for `psbt decode` without a vault: change is verified against them. */
function ownershipFromDescriptors(descriptors: readonly string[], network: BtcNetwork): Ownership {
  const parsed = descriptors.map((text) => parseDescriptor(text, network));
  const fingerprint = parsed.flatMap((d) => d.keys).find((k) => k.fingerprint !== null)?.fingerprint ?? -1;
  return { masterFingerprint: fingerprint, wallets: parsed.map((d, i) => walletOf(`descriptor ${i + 1}`, d)) };
}

/** `psbt decode` reads JSON, or the bare base64 PSBT, or ur:crypto-psbt parts one per line. */
function decodeSpec(text: string): z.infer<typeof decodeInput> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return parseJsonInput(trimmed, decodeInput, 'the PSBT');
  if (/^ur:/i.test(trimmed)) return { request: trimmed.split(/\s+/), descriptors: [] };
  if (trimmed.length === 0) readJsonInput(trimmed, 'the PSBT');
  return { psbt: trimmed, descriptors: [] };
}

export const psbtCommands: CliCommand[] = [
  {
    path: ['psbt', 'sign'],
    summary:
      'Sign a Bitcoin PSBT (v0 or v2) under the signing policy: every input and output reviewed, change verified, then the vault\'s inputs signed. ' +
      'Without --db: stdin {"mnemonic","passphrase"?,"psbt":"<base64>"} or {…,"request":["ur:crypto-psbt/…",…]}, "acknowledge":[codes], "descriptors":[multisig descriptors]. ' +
      'With --db: {"holders":[{"name","passphrase"}],"psbt"|"request","acknowledge"} after a quorum unlock; "outputsOnlyTo":"<wallet>" or "runbook":"sweep-btc-to-fallback" requires every output to pay that registered wallet. ' +
      'Prints {"psbt":"<base64>","parts":["ur:crypto-psbt/…"],"review":{inputs,outputs,fee,feeRate,warnings,…}}; a refusal prints the review beside the error and exits 2.',
    options: ['db'],
    async run(input) {
      const text = await input.readStdin();
      if (optionalOne(input.options, 'db') === undefined) return signPsbtWithMnemonic(parseJsonInput(text, mnemonicInput, 'the PSBT to sign'));
      const spec = parseJsonInput(text, vaultInput, 'the PSBT to sign');
      return withVaultCustody(input, async (custody) => {
        const parts = partsOf(spec.request);
        const network = networkOf(spec.network);
        const outputsOnlyTo = spec.runbook ? runbookWallet(custody, spec.runbook) : spec.outputsOnlyTo;
        const { psbtKey, review } = custody.psbt.review({
          ...(spec.psbt ? { psbt: spec.psbt } : {}),
          ...(parts ? { parts } : {}),
          ...(outputsOnlyTo ? { outputsOnlyTo } : {}),
          ...(network ? { network } : {}),
        });
        // Refused by the policy before any holder's passphrase is used.
        custody.psbt.checkSignable(psbtKey, spec.acknowledge);
        return whileUnlocked(custody, spec, () => {
          const answer = custody.psbt.approve(psbtKey, spec.acknowledge);
          return { psbt: answer.psbt, parts: answer.parts, review };
        });
      });
    },
  },
  {
    path: ['psbt', 'decode'],
    summary:
      'Review a PSBT without signing and without any key: inputs, outputs (change verified against --db\'s accounts and wallets, or "descriptors" given), fee, sat/vB, locktime, RBF, warnings. ' +
      'Stdin: the base64 PSBT, ur:crypto-psbt parts one per line, or {"psbt"|"request","network"?,"descriptors"?}.',
    options: ['db'],
    async run(input) {
      const spec = decodeSpec(await input.readStdin());
      const parts = partsOf(spec.request);
      const source = { ...(spec.psbt ? { psbt: spec.psbt } : {}), ...(parts ? { parts } : {}) };
      const network = networkOf(spec.network);
      if (optionalOne(input.options, 'db') !== undefined) {
        return withVaultCustody(input, (custody) => ({ review: custody.psbt.review({ ...source, ...(network ? { network } : {}) }).review }));
      }
      const tx = decodePsbt(psbtBytesOf(source));
      const probe = ownershipFromDescriptors(spec.descriptors, network ?? 'mainnet');
      const resolved = inferNetwork(tx, probe.masterFingerprint, network ?? 'mainnet');
      return { review: psbtReviewJson(reviewPsbt(tx, resolved, ownershipFromDescriptors(spec.descriptors, resolved)).review) };
    },
  },
];

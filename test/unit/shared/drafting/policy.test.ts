// The one rules table and the one signing policy (SECURITY H-23, H-24): every code Airlock raises is in the table,
// the table is complete and consistent, and the held-out requests get the same codes and the same verdict as
// `safe hash` would give the same Safe transaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseEthSignRequest } from '../../../../shared/airgap/erc4527';
import { decodeUrParts } from '../../../../shared/airgap/ur';
import { enforceSigningPolicy, SigningRefusedError } from '../../../../shared/drafting/policy';
import { analyzeSafeTx } from '../../../../shared/drafting/risk';
import { assess, isWarningCode, RULES, warning, type WarningCode } from '../../../../shared/drafting/rules';
import { reviewSignRequest, reviewToJson } from '../../../../shared/drafting/sign-request';
import { AirlockError } from '../../../../shared/errors';
import { toHex } from '../../../../shared/bytes';
import { parseSafeHashOptions } from '../../../../main/cli/commands/safe';
import { furtherAttackCases, heldOutCases } from '../../../helpers/held-out-requests';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test('H-23 every warning code raised in shared/ and main/ is in the one rules table, and every code in the table is raised somewhere', () => {
  const raised = new Map<string, string>();
  for (const file of [...sources('shared'), ...sources('main')]) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    // warning('code', …) and add('code', …): the two ways a review raises a warning.
    for (const match of text.matchAll(/\b(?:warning|add)\(\s*'([a-z0-9-]+)'/g)) raised.set(match[1]!, relative(ROOT, join(ROOT, file)));
    // A hand-made warning object bypasses the table: there must be none. (A snapshot's import warnings are about
    // accepting chain state, not signing, and keep their own list beside the snapshot comparison.)
    if (file !== join('shared', 'snapshot', 'changes.ts')) {
      assert.doesNotMatch(text, /\{\s*code:\s*'[a-z-]+',\s*severity:\s*'(critical|high|medium|info)'/, `${file} builds a warning by hand`);
    }
  }
  for (const [code, file] of raised) assert.ok(isWarningCode(code), `${file} raises "${code}", which is not in the rules table`);
  for (const code of Object.keys(RULES)) assert.ok(raised.has(code), `the rules table lists "${code}", which nothing raises`);
});

test('H-23 the table is consistent: acknowledgeable codes have a label to tick, blocking ones none; each sentence is a sentence', () => {
  for (const [code, rule] of Object.entries(RULES) as Array<[WarningCode, (typeof RULES)[WarningCode]]>) {
    assert.match(rule.sentence, /^[A-Z].{20,}\.$/, code);
    const label = (rule as { acknowledgement?: string }).acknowledgement;
    if (rule.disposition === 'acknowledge') assert.match(label ?? '', /^(I |The ).{10,}\.$/, `${code} needs an acknowledgement label`);
    else assert.equal(label, undefined, `${code} is not acknowledgeable and must not offer a box to tick`);
  }
  // The Bybit disguise and a wrong chain are never signable; the delegatecall to an unknown library stays acknowledgeable.
  assert.equal(RULES['disguised-delegatecall'].disposition, 'block');
  assert.equal(RULES['chain-mismatch'].disposition, 'block');
  assert.equal(RULES['untrusted-delegatecall'].disposition, 'acknowledge');
  assert.equal(RULES['gas-refund-rerouting'].disposition, 'acknowledge');
  assert.equal(RULES['unlimited-approval'].disposition, 'acknowledge');
});

test('H-23 the policy: a blocking code refuses whatever is acknowledged, each acknowledgeable code must be named, a typo is refused', () => {
  const review = { digest: '0x00' };
  const unknown = warning('unknown-function', 'The transaction calls an unknown function.');
  const approval = warning('unlimited-approval', 'The transaction approves an unlimited amount.');
  const chain = warning('chain-mismatch', 'The transaction is for chain 10.');
  const info = warning('nonce-gap', 'The nonce is ahead.');
  assert.deepEqual(assess([unknown, approval, info]), { blocking: [], acknowledgementsRequired: ['unknown-function', 'unlimited-approval'] });
  assert.throws(
    () => enforceSigningPolicy([chain, unknown], ['chain-mismatch', 'unknown-function'], review),
    (e: unknown) => e instanceof SigningRefusedError && e.code === 'signing-blocked' && e.review === review && /chain 10/.test(e.message),
  );
  assert.throws(
    () => enforceSigningPolicy([unknown, approval], ['unknown-function'], review),
    (e: unknown) => e instanceof SigningRefusedError && e.code === 'signing-needs-acknowledgement' && /\(unlimited-approval\)/.test(e.message) && !/\(unknown-function/.test(e.message),
  );
  assert.throws(() => enforceSigningPolicy([approval], ['unlimitted-approval'], review), (e: unknown) => e instanceof AirlockError && e.code === 'acknowledgement-unknown');
  assert.deepEqual(enforceSigningPolicy([unknown, approval, info], ['unlimited-approval', 'unknown-function', 'nonce-gap'], review).acknowledged, ['unknown-function', 'unlimited-approval']);
  assert.deepEqual(enforceSigningPolicy([info], [], review).acknowledged, []);
});

// The four held-out requests, then the other ways to the Bybit effect (executing it, signing its bare hash).
for (const heldOut of [...heldOutCases(), ...furtherAttackCases()]) {
  test(`H-23 request: ${heldOut.name} — its codes and verdict, and the same codes as safe hash gives`, () => {
    const request = parseEthSignRequest(decodeUrParts(heldOut.parts, ['eth-sign-request']).payload);
    const review = reviewSignRequest(request);
    assert.deepEqual(new Set(review.warnings.map((w) => w.code)), new Set(heldOut.codes), JSON.stringify(review.warnings));
    const json = reviewToJson(review) as { blocking: Array<{ code: string }>; acknowledgementsRequired: string[] };
    assert.deepEqual(json.blocking.map((w) => w.code).sort(), [...heldOut.blocking].sort());
    assert.deepEqual([...json.acknowledgementsRequired].sort(), [...heldOut.acknowledge].sort());
    if (heldOut.blocking.length > 0) {
      // Acknowledging everything, blocking codes included, still signs nothing.
      assert.throws(() => enforceSigningPolicy(review.warnings, heldOut.codes, json), (e: unknown) => e instanceof AirlockError && e.code === 'signing-blocked');
    } else {
      assert.throws(() => enforceSigningPolicy(review.warnings, [], json), (e: unknown) => e instanceof AirlockError && e.code === 'signing-needs-acknowledgement');
      assert.deepEqual(enforceSigningPolicy(review.warnings, heldOut.acknowledge, json).acknowledged.sort(), [...heldOut.acknowledge].sort());
    }
    if (heldOut.safeHashArgs) {
      const options: Record<string, string[]> = {};
      for (let i = 0; i < heldOut.safeHashArgs.length; i += 2) options[heldOut.safeHashArgs[i]!.slice(2)] = [heldOut.safeHashArgs[i + 1]!];
      const codes = analyzeSafeTx({}, parseSafeHashOptions(options)).map((w) => w.code);
      assert.deepEqual(new Set(codes), new Set(heldOut.codes), 'safe hash of the same fields raises the same codes');
      assert.ok(review.dataType === 'typed-data' && review.safe, 'read as a Safe transaction');
    }
  });
}

test('H-23 opaque-hash: the 32-byte message is the Bybit request\'s own safeTxHash (what a Safe takes as an eth_sign approval); 31 or 33 bytes are plain messages', () => {
  const review = (parts: string[]) => reviewSignRequest(parseEthSignRequest(decodeUrParts(parts, ['eth-sign-request']).payload));
  const [bybit] = heldOutCases();
  const [, hashMessage] = furtherAttackCases();
  const safeTx = review(bybit!.parts);
  const message = review(hashMessage!.parts);
  assert.ok(safeTx.dataType === 'typed-data' && safeTx.safe && message.dataType === 'personal-message');
  assert.equal(toHex(message.message), toHex(safeTx.safe.hashes.safeTxHash));
  for (const length of [31, 33]) {
    const plain = reviewSignRequest({ ...parseEthSignRequest(decodeUrParts(hashMessage!.parts, ['eth-sign-request']).payload), signData: new Uint8Array(length).fill(0xab) });
    assert.deepEqual(plain.warnings, [], `${length} bytes`);
  }
});

// The relay's signed-set screen model: typed CHAIN=URL lines read per chain (refusals name the line and chain), a set
// signed by ethers (an independent implementation) decoded and grouped by chain in set order, a chain without
// endpoints refused before anything is sent, and main's per-chain answer read into status rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Wallet } from 'ethers';
import { SIGNED_SET_UR_TYPE } from '../../../../shared/airgap/airlock-types';
import { encodeUr } from '../../../../shared/airgap/ur';
import { parseChainEndpointLines, setRefusal } from '../../../../renderer/relay/ChainEndpointsModel';
import { endpointsForSet, previewSetText, setStatus } from '../../../../renderer/relay/SignedSetModel';
import { errorCode } from '../../../helpers/error-code';

const wallet = new Wallet('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const TO = '0x6813Eb9362372EEF6200f3b1dbC3f819671cBA69';
const GWEI = 1_000_000_000n;
const rawOn = (chainId: bigint, nonce: number) =>
  wallet.signTransaction({ type: 2, chainId, nonce, maxFeePerGas: 30n * GWEI, maxPriorityFeePerGas: GWEI, gasLimit: 21_000n, to: TO, value: 1n });

test('reads CHAIN=URL lines into endpoints per chain, normalised, several lines for one chain kept in order', () => {
  assert.deepEqual(parseChainEndpointLines('1=https://RPC.one.example\n\n  10 = http://127.0.0.1:9545 \n1=https://two.example'), [
    { chainId: '1', endpoints: ['https://rpc.one.example/', 'https://two.example/'] },
    { chainId: '10', endpoints: ['http://127.0.0.1:9545/'] },
  ]);
});

test('refuses a line without a chain, a bad URL (naming line and chain), a repeated URL and an empty box', () => {
  assert.throws(() => parseChainEndpointLines('https://rpc.example.org'), /^AirlockError: Line 1 is not CHAIN=URL/);
  assert.throws(() => parseChainEndpointLines('1=https://a.example\n10=ftp://b.example'), /Line 2 \(chain 10\): An RPC endpoint starts with https:\/\/ or http:\/\//);
  assert.throws(() => parseChainEndpointLines('1=https://user:pw@a.example'), /Leave user names and passwords out/);
  assert.throws(() => parseChainEndpointLines('1=https://a.example\n1=https://A.example/'), /already in the list/);
  assert.equal(errorCode(() => parseChainEndpointLines(' \n ')), 'chain-endpoints-invalid');
});

test('decodes a scanned set and groups its items by chain in set order; a chain without endpoints is refused before sending', async () => {
  const set = { version: 1, items: [{ chainId: '10', draft: 3, rawTransaction: await rawOn(10n, 0) }, { chainId: '1', draft: 4, rawTransaction: await rawOn(1n, 5) }, { chainId: '10', draft: 5, rawTransaction: await rawOn(10n, 1) }] };
  const text = encodeUr(SIGNED_SET_UR_TYPE, new TextEncoder().encode(JSON.stringify(set)), 250).join('\n');
  const preview = previewSetText(text);
  assert.equal(preview.text, text, 'exactly the decoded text is what would be sent');
  assert.deepEqual(preview.chains.map((c) => [c.chainId, c.items.map((i) => i.draft)]), [['10', [3, 5]], ['1', [4]]]);
  const first = preview.chains[0]!.items[0]!;
  assert.ok(first.kind === 'transaction');
  assert.match(first.transaction.summary, /^Send 0\.000000000000000001 ETH \(1 wei\) to 0x6813.* on chain 10, .* nonce 0 of /);
  assert.equal(first.transaction.fingerprint.split(' ').length, 4);
  const given = parseChainEndpointLines('10=http://127.0.0.1:9545\n1=https://a.example\n5=https://unused.example');
  assert.deepEqual(endpointsForSet(preview, given).map((g) => g.chainId), ['10', '1'], 'a chain the set does not use is left out');
  assert.throws(() => endpointsForSet(preview, parseChainEndpointLines('10=http://127.0.0.1:9545')), /No endpoint is given for chain 1 of the set\. Nothing was sent/);
});

test('refuses a set whose item is signed for another chain than it claims, with the parser sentence naming it', async () => {
  const forged = JSON.stringify({ version: 1, items: [{ chainId: '10', draft: 1, rawTransaction: await rawOn(1n, 0) }] });
  assert.equal(errorCode(() => previewSetText(forged)), 'signed-set-chain-mismatch');
  assert.equal(errorCode(() => previewSetText('not a set')), 'signed-set-malformed');
  const shown = setRefusal(captured(() => previewSetText(forged)));
  assert.equal(shown.code, 'signed-set-chain-mismatch');
  assert.match(shown.message, /^Item 1 of the signed set \(chain 10\) is signed for chain 1, not the chain it claims/, 'the sentence shown names item and chain');
  assert.equal(setRefusal(new TypeError('x')).code, 'internal', 'a bug is not shown as a refusal sentence');
});

function captured(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

test("reads main's per-chain answer into rows: transaction hash and block, owner signature's Safe hash, refusals", () => {
  const rows = setStatus([
    { chainId: '1', ok: true, items: [{ draft: 4, kind: 'transaction', txHash: '0xaa', status: 'confirmed', blockNumber: '12', alreadyQueued: true, detail: 'Mined.' }] },
    {
      chainId: '10',
      ok: false,
      items: [
        { draft: 3, kind: 'safe-signature', status: 'collected', safeTxHash: '0xbb', owner: '0x1', added: true, signers: 1, threshold: 2, detail: '1 of 2 owner signatures.' },
        { draft: 5, kind: 'transaction', status: 'failed', code: 'broadcast-rejected', detail: 'The node refused it.' },
      ],
    },
  ]);
  assert.deepEqual(rows, [
    { chainId: '1', ok: true, rows: [{ chainId: '1', draft: 4, kind: 'transaction', status: 'confirmed', hash: '0xaa', blockNumber: '12', alreadyQueued: true, detail: 'Mined.' }] },
    {
      chainId: '10',
      ok: false,
      rows: [
        { chainId: '10', draft: 3, kind: 'safe-signature', status: 'collected', hash: '0xbb', blockNumber: null, alreadyQueued: false, detail: '1 of 2 owner signatures.' },
        { chainId: '10', draft: 5, kind: 'transaction', status: 'failed', hash: '', blockNumber: null, alreadyQueued: false, detail: 'The node refused it.' },
      ],
    },
  ]);
});

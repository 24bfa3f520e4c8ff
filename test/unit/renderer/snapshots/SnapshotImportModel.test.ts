// The vault's snapshot import model: a snapshot set (its ur: parts or JSON) told from one snapshot, the chains the
// person expects read from "1, 10", refusals before anything reaches main, and the sentence after an import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SNAPSHOT_SET_UR_TYPE, SNAPSHOT_UR_TYPE } from '../../../../shared/airgap/airlock-types';
import { encodeUr } from '../../../../shared/airgap/ur';
import { importedSentence, importOrder, isSnapshotSetText } from '../../../../renderer/snapshots/SnapshotImportModel';

const bytes = (text: string) => new TextEncoder().encode(text);
const SET_JSON = JSON.stringify({ version: 1, snapshots: [{ chainId: '1' }, { chainId: '10' }] });
const ONE_JSON = JSON.stringify({ version: 1, chainId: '1', blockNumber: '5' });

test('tells a snapshot set (ur: parts or JSON with snapshots) from one snapshot', () => {
  assert.equal(isSnapshotSetText(encodeUr(SNAPSHOT_SET_UR_TYPE, bytes(SET_JSON), 100).join('\n')), true);
  assert.equal(isSnapshotSetText(`  ${SET_JSON}\n`), true);
  assert.equal(isSnapshotSetText(ONE_JSON), false);
  assert.equal(isSnapshotSetText(encodeUr(SNAPSHOT_UR_TYPE, bytes(ONE_JSON), 100).join('\n')), false);
  assert.equal(isSnapshotSetText('{"snapshots": '), false, 'broken JSON is left for main to refuse');
});

test('a set takes every chain listed; one snapshot takes exactly one', () => {
  assert.deepEqual(importOrder(SET_JSON, ' 1, 10 '), { kind: 'set', chainIds: ['1', '10'] });
  assert.deepEqual(importOrder(SET_JSON, '10'), { kind: 'set', chainIds: ['10'] }, 'main refuses a set whose chains differ, naming the chain');
  assert.deepEqual(importOrder(ONE_JSON, '1'), { kind: 'snapshot', chainId: '1' });
});

test('refuses an empty box, a chain that is not a number, a chain listed twice and several chains for one snapshot', () => {
  const code = (order: ReturnType<typeof importOrder>) => ('error' in order ? order.error.code : order.kind);
  assert.equal(code(importOrder('  ', '1')), 'snapshot-empty');
  assert.equal(code(importOrder(SET_JSON, '')), 'chain-id-invalid');
  assert.equal(code(importOrder(SET_JSON, '1, 0x0a')), 'chain-id-invalid');
  assert.equal(code(importOrder(SET_JSON, '1 1')), 'chain-id-invalid');
  const several = importOrder(ONE_JSON, '1, 10');
  assert.ok('error' in several);
  assert.match(several.error.message, /^This is one snapshot, not a set/);
});

test('says what was imported: one snapshot, or every chain of a set with its block, and how many warnings', () => {
  assert.equal(importedSentence([{ id: 3, chainId: '1', blockNumber: '100', warnings: [] }]), 'Imported snapshot 3: chain 1, block 100.');
  assert.equal(
    importedSentence([{ id: 4, chainId: '1', blockNumber: '100', warnings: [{}] }, { id: 5, chainId: '10', blockNumber: '7', warnings: [{}] }]),
    'Imported 2 snapshots in one go: chain 1 at block 100 (snapshot 4), chain 10 at block 7 (snapshot 5). 2 warning(s): read them below before you rely on them.',
  );
});

// Drafts and simulation reports for the simulation unit tests: a Safe pausing two targets, and the report a relay
// would sign for it (addresses are anvil dev accounts and fixed test contracts).
import { bytesToHex } from '@noble/hashes/utils.js';
import { buildDraft, parseDraftInput, type DraftInput } from '../../../../shared/drafting/draft';
import type { SimulationBody } from '../../../../shared/simulation/report';
import { safeTxHashes } from '../../../../shared/evm/safe';

export const RELAY_SECRET = Uint8Array.from({ length: 32 }, (_, i) => i + 7);
export const OTHER_SECRET = Uint8Array.from({ length: 32 }, (_, i) => 90 - i);
export const SAFE = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
export const OWNERS = ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'];
export const TARGET = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
export const OTHER_TARGET = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';
export const STRANGER = '0x000000000000000000000000000000000000dEaD';
export const TREASURY = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

export function safeInput(actions: unknown[], extra: Record<string, unknown> = {}): DraftInput {
  return parseDraftInput({
    chainId: '31337',
    executor: { kind: 'safe', safe: SAFE, version: '1.4.1', owners: OWNERS, threshold: 2, nonce: '4' },
    actions,
    context: { snapshot: { id: 1, blockNumber: '40', merkleRoot: `0x${'11'.repeat(32)}` } },
    ...extra,
  });
}

export function built(input: DraftInput) {
  const draft = buildDraft(input);
  const digest = draft.kind === 'safe' ? safeTxHashes(draft.request).safeTxHash : new Uint8Array(32);
  return { draft, digest, digestHex: `0x${bytesToHex(digest)}` };
}

/** A successful report for `digest` with no effect at all; tests add the effects they need. */
export function cleanReport(digest: string, overrides: Partial<SimulationBody> = {}): SimulationBody {
  return {
    version: 1,
    chainId: '31337',
    blockNumber: '42',
    blockHash: `0x${'ab'.repeat(32)}`,
    simulatedAt: '1700000001000',
    digest,
    kind: 'safe',
    executor: SAFE,
    traced: true,
    overrides: ['2 owners injected for the simulation only.'],
    outcome: { status: 'success', reason: null, gasUsed: '61000', returnData: `0x${'00'.repeat(31)}01`, safeTxHash: digest },
    balanceChanges: [],
    approvals: [],
    safeChanges: [],
    codeChanges: [],
    storageChanges: [],
    events: [],
    crossCheck: { endpoints: '1', disagreements: [] },
    ...overrides,
  };
}

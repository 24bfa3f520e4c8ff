// Review & sign's "Show the signed set" without the DOM: which drafts can go in a signed set (signed recovery drafts;
// a rehearsal never leaves the vault), which are ticked at first (those built with the newest one: a runbook's
// recovery creates its drafts together, one per step and chain), and the set main returns decoded by the relay's own
// parser into the rows shown under the QR, so the vault lists exactly the items and fingerprints the relay will show.
import type { DraftJson } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { toPublicError, type Bridge } from '../bridge';
import { previewSetText, type SetPreview } from '../relay/SignedSetModel';

/** Drafts built within this long of each other count as one build (one runbook's recovery creates them in one go). */
export const ONE_BUILD_MS = 60_000;

export interface SetItemRow {
  chainId: string;
  draft: number;
  kind: 'transaction' | 'safe-signature';
  /** The relay's own sentence for the item: what it does on its chain. */
  summary: string;
  fingerprint: string;
}

export type ShownSet = { set: unknown; json: string; rows: SetItemRow[]; chains: string[] };

/** Signed recovery drafts, newest first: what a signed set can hold (main checks each again when asked). */
export function setCandidates(drafts: readonly DraftJson[]): DraftJson[] {
  return drafts.filter((d) => d.status === 'signed' && d.purpose === 'recovery').sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
}

/** Ticked at first: the candidates built together with the newest one, oldest first (the runbook's step order). */
export function initialChoice(candidates: readonly DraftJson[]): number[] {
  const newest = candidates[0];
  if (!newest) return [];
  return candidates
    .filter((d) => newest.createdAt - d.createdAt <= ONE_BUILD_MS)
    .map((d) => d.id)
    .sort((a, b) => a - b);
}

/** The rows under the QR: each item decoded as the relay decodes it. */
export function setRows(preview: SetPreview): SetItemRow[] {
  return preview.chains.flatMap((chain) =>
    chain.items.map((item) => {
      const shown = item.kind === 'transaction' ? item.transaction : item.safeSignature;
      return { chainId: chain.chainId, draft: item.draft, kind: item.kind, summary: shown.summary, fingerprint: shown.fingerprint };
    }),
  );
}

/** Asks main for the set of the chosen drafts (in id order) and decodes it; a refusal names the draft. */
export async function showSignedSet(bridge: Pick<Bridge, 'call'>, chosen: readonly number[]): Promise<ShownSet | { error: PublicError }> {
  if (chosen.length === 0) return { error: { code: 'signed-set-empty', message: 'Tick at least one signed draft to show in the set.' } };
  try {
    const { set } = await bridge.call('drafts.signedSet', { ids: [...chosen].sort((a, b) => a - b) });
    const json = JSON.stringify(set);
    const preview = previewSetText(json);
    return { set, json, rows: setRows(preview), chains: preview.chains.map((c) => c.chainId) };
  } catch (error) {
    return { error: toPublicError(error) };
  }
}

// What the restore form holds: the backup file chosen in the open dialog (and what it says of itself), and the quorum
// that opens it — each holder with their passphrase or, where it is lost, their paper share's words. It becomes exactly
// the backup.restore request; obvious gaps are named first. Secrets are wiped as soon as they are sent or abandoned.
// Pure (no DOM, no bridge): tested in Node; ./RestorePane.ts draws it.
import type { RequestOf, ResponseOf } from '../../shared/bridge';
import { countOf, formatUtc } from '../app/format';

export type BackupInspectionView = NonNullable<ResponseOf<'backup.chooseFile'>['inspection']>;
export type RestoreRequest = RequestOf<'backup.restore'>;

export interface RestoringHolderDraft {
  name: string;
  /** How this holder opens their share: the passphrase that seals it in the backup, or the paper card. */
  with: 'passphrase' | 'words';
  secret: string;
}

export interface RestoreDraft {
  path: string | null;
  inspection: BackupInspectionView | null;
  holders: RestoringHolderDraft[];
  slip39Passphrase: string;
  bip39Passphrase: string;
  /** The latest backup's four words (or hash) as the holders recorded them; empty when they have no record. */
  expect: string;
}

export function newRestoreDraft(): RestoreDraft {
  return { path: null, inspection: null, holders: [emptyHolder(), emptyHolder()], slip39Passphrase: '', bip39Passphrase: '', expect: '' };
}

export function emptyHolder(): RestoringHolderDraft {
  return { name: '', with: 'passphrase', secret: '' };
}

/** One more holder row, empty. */
export function addHolder(draft: RestoreDraft): RestoreDraft {
  return { ...draft, holders: [...draft.holders, emptyHolder()] };
}

/** The holder at `index` with `change` applied; the others as they were. */
export function changeHolder(draft: RestoreDraft, index: number, change: Partial<RestoringHolderDraft>): RestoreDraft {
  return { ...draft, holders: draft.holders.map((h, i) => (i === index ? { ...h, ...change } : h)) };
}

/** The file the open dialog returned, with what its header says. */
export function chooseFile(draft: RestoreDraft, path: string | null, inspection: BackupInspectionView | null): RestoreDraft {
  return path ? { ...draft, path, inspection } : draft;
}

/** The backup's own account of itself, before any secret: what a holder checks against the media's label. */
export function describeFile(inspection: BackupInspectionView): string[] {
  return [
    `A backup of vault ${inspection.vaultId ?? '(none)'} made ${formatUtc(inspection.createdAt)}.`,
    `${countOf(inspection.holders ?? 0, 'holder', 'holders')} keep shares of it; it holds ${countOf(inspection.auditCount, 'audit entry', 'audit entries')}.`,
    `Its four words: “${inspection.hashWords}” (compare them with the label on the media).`,
  ];
}

/** The request, or the sentences that say what is missing. Holder names are as registered (capitals count). */
export function toRestoreRequest(draft: RestoreDraft): { request: RestoreRequest | null; problems: string[] } {
  const problems: string[] = [];
  if (!draft.path) problems.push('Choose the backup file first.');
  if (draft.inspection && draft.inspection.kind !== 'vault') problems.push('This file is a relay’s backup, not a vault’s.');
  const holders = draft.holders.filter((h) => h.name.trim() || h.secret);
  if (holders.length === 0) problems.push('Holders of a quorum are needed: each with their passphrase or their paper share.');
  const seen = new Set<string>();
  for (const [i, holder] of holders.entries()) {
    const label = holder.name.trim() || `Holder ${i + 1}`;
    if (!holder.name.trim()) problems.push(`${label}: type the holder's name as it was registered.`);
    else if (seen.has(holder.name.trim().toLowerCase())) problems.push(`${label} is listed twice.`);
    seen.add(holder.name.trim().toLowerCase());
    if (!holder.secret.trim()) problems.push(`${label}: ${holder.with === 'passphrase' ? 'type their passphrase' : 'type the words of their paper share'}.`);
  }
  if (problems.length > 0) return { request: null, problems };
  const request: RestoreRequest = {
    path: draft.path!,
    holders: holders.map((h) => (h.with === 'passphrase' ? { name: h.name.trim(), passphrase: h.secret } : { name: h.name.trim(), words: h.secret })),
    ...(draft.slip39Passphrase ? { slip39Passphrase: draft.slip39Passphrase } : {}),
    ...(draft.bip39Passphrase ? { bip39Passphrase: draft.bip39Passphrase } : {}),
    ...(draft.expect.trim() ? { expect: draft.expect.trim() } : {}),
  };
  return { request, problems };
}

/** Forgets every secret typed (JS strings cannot be zeroed; dropping them is what the renderer can do). */
export function wipeRestoreDraft(draft: RestoreDraft): RestoreDraft {
  return { ...draft, holders: draft.holders.map((h) => ({ ...h, secret: '' })), slip39Passphrase: '', bip39Passphrase: '' };
}

export type RestoreReportView = ResponseOf<'backup.restore'>;

export function describeRestored(report: RestoreReportView): string[] {
  return [
    `The vault “${report.vault.name}” is restored from the backup of ${formatUtc(report.backup.createdAt)} (“${report.backup.hashWords}”), opened by ${report.holders.join(' and ')}.`,
    `Verified before it was written: integrity, ${countOf(report.verification.auditEntries, 'audit entry', 'audit entries')} and ${countOf(report.verification.checkpointsVerified, 'signed checkpoint', 'signed checkpoints')}, ${countOf(report.accounts.length, 'address', 'addresses')} derived again.`,
    'The audit log continues with “restored from backup”. Make a new backup of this laptop soon.',
  ];
}

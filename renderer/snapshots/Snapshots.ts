// The Snapshots & positions view (vault): the recovery point (age of the snapshot drills and drafts build on)
// first, the trusted relays and pairing, import, the imported history with each snapshot's status (verified
// again on every load: damaged or from a revoked relay is said plainly), and the chosen snapshot in full with
// the warnings raised against the previous one (a Safe whose slot 0, owners, modules or guard changed, nonces).
import type { ResponseOf } from '../../shared/bridge';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import { formatUtc, shortHash } from '../app/format';
import type { Scope } from '../app/scope';
import { defineView, type Page, type ViewContext } from '../app/view';
import { errorNotice } from '../ui/ErrorNotice';
import { addressLabels, snapshotDetails, type AddressLabels } from './SnapshotDetails';
import { formatAge, STALE_AFTER_SECONDS } from './SnapshotFormat';
import { snapshotImport } from './SnapshotImport';
import { snapshotPairing } from './SnapshotPairing';
import { warningList } from '../transactions/WarningList';

type Summary = ResponseOf<'snapshots.list'>['snapshots'][number];

/** A status in words and a mark, never by colour alone. */
const STATUS: Readonly<Record<Summary['status'], string>> = { verified: '✓ verified', damaged: '✗ damaged', revoked: '✗ revoked relay' };

export const snapshotsView = defineView({
  id: 'snapshots', title: 'Snapshots & positions', page: snapshotsPage,
  purpose: 'Chain state the paired relay signed: balances, nonces, Safes and positions per account. Everything the vault builds is only as fresh as this.',
});

/** "recovery point: 3 h 12 min old", with the stale flag when it is over an hour. */
function recoveryPoint(s: Summary, testid: string): HTMLElement {
  const stale = s.ageSeconds > STALE_AFTER_SECONDS;
  return el('p', { className: `snapshot-age${stale ? ' snapshot-age-stale' : ''}`, testid, attrs: { 'data-age-seconds': String(s.ageSeconds), 'data-stale': String(stale) } }, [
    el('span', { className: 'snapshot-age-label' }, ['Recovery point: ']),
    el('strong', { testid: `${testid}-text` }, [`${formatAge(s.ageSeconds)} old`]),
    el('span', { className: 'snapshot-age-detail' }, [` · chain ${s.chainId}, block ${s.blockNumber}, read ${formatUtc(s.takenAt)}`]),
    stale ? el('span', { className: 'snapshot-age-detail' }, [' · nonces, balances and fees may have moved since: take a new snapshot before signing.']) : null,
  ]);
}

type Shown = ResponseOf<'snapshots.get'>;

/** The chosen snapshot: its age and relay, its problem when it no longer verifies, and its contents only when it does. */
function selectedPanel(snapshot: Shown['snapshot'], body: Shown['body'], labels: AddressLabels): HTMLElement {
  return el('section', { className: 'panel snapshot-selected', testid: 'snapshot-selected', attrs: { 'data-id': String(snapshot.id), 'data-status': snapshot.status, 'aria-labelledby': 'selected-heading' } }, [
    el('h2', { className: 'panel-title', attrs: { id: 'selected-heading' } }, [`Snapshot ${snapshot.id}: chain ${snapshot.chainId}, block ${snapshot.blockNumber}`]),
    el('p', { className: 'snapshot-selected-age', testid: 'selected-age', attrs: { 'data-age-seconds': String(snapshot.ageSeconds) } }, [
      'This snapshot is ',
      el('strong', { testid: 'selected-age-text' }, [`${formatAge(snapshot.ageSeconds)} old`]),
      ` (read ${formatUtc(snapshot.takenAt)}).`,
    ]),
    el('p', { className: 'muted' }, [`Signed by the relay with fingerprint ${snapshot.relayFingerprint}; imported ${formatUtc(snapshot.importedAt)}.`]),
    snapshot.problem ? errorNotice(snapshot.problem, 'snapshot-problem') : null,
    body ? warningsPart(snapshot.warnings, body.crossCheck.endpoints === '1') : null,
    body ? snapshotDetails(body, labels) : null,
  ]);
}

function warningsPart(warnings: Summary['warnings'], singleEndpoint: boolean): HTMLElement {
  if (warnings.length === 0) {
    return el('p', { className: 'muted', testid: 'snapshot-warnings-none' }, [
      'No Safe changed its implementation, owners, threshold, modules, guard or fallback handler, and no nonce moved since the previous snapshot',
      // One endpoint has nothing to agree with: the cross-check warning below says so.
      singleEndpoint ? '.' : ', and the endpoints agreed.',
    ]);
  }
  return el('div', { className: 'snapshot-warnings', testid: 'snapshot-warnings' }, [
    el('h3', { className: 'snapshot-section-title' }, ['Warnings against the previous snapshot']),
    warningList(warnings, []),
  ]);
}

function snapshotsPage(context: ViewContext, scope: Scope): Page {
  let selected: number | null = null;
  const banner = el('div', { testid: 'recovery-point-slot' });
  const history = el('div', { testid: 'snapshot-history' });
  const detail = el('div', { testid: 'snapshot-selected-slot' });
  // Pairing, unpairing or pairing again changes the status of that relay's snapshots: list them again.
  const pairing = scope.own(snapshotPairing(context.bridge, () => void loadList()));
  // The vault's registered accounts, read once: snapshot accounts show their labels (none before a vault exists).
  const labels = context.bridge.call('vault.summary', {}).then(
    ({ vault }) => addressLabels(vault?.accounts ?? []),
    () => addressLabels([]),
  );
  const importer = scope.own(
    snapshotImport(context.bridge, (imported) => {
      selected = imported[0]!.id;
      void loadList().then(() => banner.scrollIntoView({ block: 'start' }));
    }),
  );

  async function loadList(): Promise<void> {
    try {
      const { snapshots } = await context.bridge.call('snapshots.list', {});
      if (!scope.shown()) return;
      const latest = snapshots.find((s) => s.current);
      replace(banner, [recoveryBanner(snapshots, latest)]);
      replace(history, [historyTable(snapshots, selected, (id) => void loadDetail(id))]);
      if (selected === null) selected = (latest ?? snapshots[0])?.id ?? null;
      if (selected !== null) await loadDetail(selected);
    } catch (error) {
      if (scope.shown()) replace(history, [errorNotice(toPublicError(error), 'snapshots-error')]);
    }
  }

  async function loadDetail(id: number): Promise<void> {
    selected = id;
    for (const row of history.querySelectorAll<HTMLElement>('[data-testid="history-row"]')) row.setAttribute('aria-current', String(row.dataset.id === String(id)));
    try {
      const [{ snapshot, body }, known] = await Promise.all([context.bridge.call('snapshots.get', { id }), labels]);
      if (!scope.shown() || selected !== id) return;
      replace(detail, [selectedPanel(snapshot, body, known)]);
    } catch (error) {
      if (scope.shown()) replace(detail, [errorNotice(toPublicError(error), 'snapshot-error')]);
    }
  }

  void pairing.load();
  void loadList();

  return {
    root: el('div', { className: 'snapshots-page' }, [
      banner,
      detail,
      el('section', { className: 'panel', attrs: { 'aria-labelledby': 'history-heading' } }, [el('h2', { className: 'panel-title', attrs: { id: 'history-heading' } }, ['Imported snapshots']), history]),
      importer.root,
      pairing.root,
    ]),
  };
}

/** The recovery point the vault builds on, or why there is none. */
function recoveryBanner(snapshots: readonly Summary[], latest: Summary | undefined): HTMLElement {
  if (latest) return recoveryPoint(latest, 'recovery-point');
  return el('p', { className: 'snapshot-age snapshot-age-none', testid: 'recovery-point-none' }, [
    snapshots.length
      ? 'No stored snapshot can be built on (each is damaged or from a revoked relay): take a new one on a trusted relay and import it here.'
      : 'No snapshot imported yet: the vault knows no balances, nonces or fees. Take one on the relay and import it here.',
  ]);
}

function historyTable(snapshots: readonly Summary[], selected: number | null, open: (id: number) => void): HTMLElement {
  if (snapshots.length === 0) return el('p', { className: 'muted', testid: 'history-none' }, ['No snapshots yet.']);
  return el('table', { className: 'data-table', testid: 'history-table' }, [
    el('thead', {}, [el('tr', {}, ['#', 'Chain', 'Block', 'Age', 'Read at', 'Merkle root', 'Status', 'Warnings', ''].map((h) => el('th', { attrs: { scope: 'col' } }, [h])))]),
    el(
      'tbody',
      {},
      snapshots.map((s) =>
        el('tr', { testid: 'history-row', attrs: { 'data-id': String(s.id), 'data-status': s.status, 'aria-current': String(s.id === selected) } }, [
          el('td', {}, [String(s.id)]),
          el('td', {}, [s.chainId]),
          el('td', { testid: 'history-block' }, [s.blockNumber]),
          el('td', { testid: 'history-age' }, [formatAge(s.ageSeconds)]),
          el('td', {}, [formatUtc(s.takenAt)]),
          el('td', {}, [el('code', { className: 'hash', attrs: { title: s.merkleRoot } }, [shortHash(s.merkleRoot)])]),
          el('td', { testid: 'history-status', attrs: { title: s.problem?.message ?? '' } }, [el('strong', { className: s.status === 'verified' ? 'coverage-ok' : 'coverage-late' }, [STATUS[s.status]])]),
          el('td', { testid: 'history-warnings' }, [
            s.warnings.length ? el('strong', { className: s.warnings.some((w) => w.severity === 'critical') ? 'snapshot-warning-count' : '' }, [`${s.warnings.length} ⚠`]) : 'none',
          ]),
          el('td', {}, [el('button', { className: 'button button-small', testid: 'history-open', attrs: { type: 'button' }, on: { click: () => open(s.id) } }, ['Show'])]),
        ]),
      ),
    ),
  ]);
}

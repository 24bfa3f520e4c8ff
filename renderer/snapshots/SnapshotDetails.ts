// One signed chain snapshot as the relay shows it after taking it and the vault after importing it:
// chain and block, each account's ETH and token balances, each Safe's configuration, positions, fees,
// and the endpoints' cross-check (one endpoint alone is a warning). Addresses in blocks of four, with the
// vault's label when registered. Text only; every value is from the signed body.
import type { SignedSnapshot, SnapshotAccount, SnapshotPosition, SnapshotSafe } from '../../shared/snapshot/schema';
import { el, type Child } from '../app/dom';
import { formatUtc } from '../app/format';
import { hexBlocks } from '../ui/HexBlocks';
import { formatEth, formatGwei, formatUnits } from './SnapshotFormat';

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

/** The vault's labels of its registered addresses, keyed by lower-case address. */
export type AddressLabels = ReadonlyMap<string, string>;

export function addressLabels(registered: ReadonlyArray<{ address: string; label: string }>): AddressLabels {
  return new Map(registered.map((r) => [r.address.toLowerCase(), r.label]));
}

export function snapshotDetails(snapshot: SignedSnapshot, labels: AddressLabels = new Map()): HTMLElement {
  const address = (a: string) => addressOf(a, labels);
  return el('div', { className: 'snapshot-details', testid: 'snapshot-details', attrs: { 'data-block': snapshot.blockNumber, 'data-chain': snapshot.chainId } }, [
    blockFacts(snapshot),
    crossCheck(snapshot),
    section('Accounts', 'snapshot-accounts', snapshot.accounts.length ? snapshot.accounts.map((a) => accountCard(a, labels)) : [none('No accounts in this snapshot.')]),
    section('Safes', 'snapshot-safes', snapshot.safes.length ? snapshot.safes.map((s) => safeCard(s, address)) : [none('No Safes in this snapshot.')]),
    section('Positions', 'snapshot-positions', snapshot.positions.length ? [positionTable(snapshot.positions, address)] : [none('No DeFi positions in this snapshot.')]),
    section('Fees at this block', 'snapshot-fees', [
      factList([
        ['Base fee', formatGwei(snapshot.fees.baseFee), 'fee-base'],
        ['Priority fee', formatGwei(snapshot.fees.maxPriorityFeePerGas), 'fee-priority'],
        ['Max fee', formatGwei(snapshot.fees.maxFeePerGas), 'fee-max'],
      ]),
    ]),
  ]);
}

function blockFacts(s: SignedSnapshot): HTMLElement {
  return factList([
    ['Chain', s.chainId, 'snapshot-chain'],
    ['Block', s.blockNumber, 'snapshot-block'],
    ['Block hash', el('code', { className: 'hash' }, [s.blockHash]), 'snapshot-block-hash'],
    ['Block time', formatUtc(Number(s.blockTime) * 1000), 'snapshot-block-time'],
    ['Read by the relay', formatUtc(Number(s.takenAt)), 'snapshot-taken-at'],
    ['Merkle root', el('code', { className: 'hash' }, [s.merkleRoot]), 'snapshot-root'],
    ['Relay key', el('code', { className: 'hash' }, [s.relayKey]), 'snapshot-relay-key'],
  ]);
}

function crossCheck(s: SignedSnapshot): HTMLElement {
  const { endpoints, disagreements } = s.crossCheck;
  if (endpoints === '1') {
    // A lying or broken node would go unnoticed: a risk to weigh before signing, so a warning, never a calm note.
    return el('p', { className: 'notice notice-warn', testid: 'snapshot-crosscheck', attrs: { 'data-state': 'single' } }, [
      el('strong', {}, ['⚠ Not cross-checked: ']),
      'read from one RPC endpoint only, so a lying or broken node would go unnoticed. Add a second, independent endpoint on the relay and take the snapshot again.',
    ]);
  }
  if (disagreements.length === 0) {
    return el('p', { className: 'notice notice-info', testid: 'snapshot-crosscheck', attrs: { 'data-state': 'agree' } }, [`${endpoints} RPC endpoints agreed on every value.`]);
  }
  return el('div', { className: 'notice notice-error', testid: 'snapshot-crosscheck', attrs: { 'data-state': 'disagree', role: 'alert' } }, [
    el('p', { className: 'notice-message' }, [
      `The RPC endpoints disagreed on ${disagreements.length} value(s). One of them is wrong or lying: do not rely on this snapshot until you know which.`,
    ]),
    el(
      'ul',
      { className: 'snapshot-disagreements' },
      disagreements.slice(0, 50).map((d) =>
        el('li', { testid: 'snapshot-disagreement', attrs: { 'data-path': d.path } }, [
          el('code', {}, [d.path]),
          `: endpoint 1 says ${d.expected}, endpoint ${Number(d.endpoint) + 1} says ${d.observed}`,
        ]),
      ),
    ),
  ]);
}

function accountCard(a: SnapshotAccount, labels: AddressLabels): HTMLElement {
  const label = labels.get(a.address.toLowerCase());
  return el('div', { className: 'snapshot-card', testid: 'snapshot-account', attrs: { 'data-address': a.address, 'data-registered': String(label !== undefined) } }, [
    el('p', { className: 'snapshot-card-title' }, [
      label ? el('strong', { className: 'snapshot-address-label', testid: 'account-label' }, [label]) : el('span', { className: 'muted', testid: 'account-label' }, ['Not a registered account']),
    ]),
    hexBlocks(a.address, 'account-address'),
    factList([
      ['ETH', el('span', { testid: 'account-balance', attrs: { 'data-wei': a.balance } }, [formatEth(a.balance)]), 'account-balance-row'],
      ['Nonce', a.nonce, 'account-nonce'],
    ]),
    a.tokens.length
      ? table(
          ['Token', 'Balance', 'Contract'],
          a.tokens.map((t) => [
            t.symbol || '(no symbol)',
            el('span', { testid: 'token-balance', attrs: { 'data-raw': t.balance, 'data-symbol': t.symbol } }, [`${formatUnits(t.balance, Number(t.decimals))} ${t.symbol}`]),
            hexBlocks(t.token),
          ]),
          'account-tokens',
        )
      : null,
  ]);
}

/** An address in blocks of four, after the vault's label when it is a registered one. */
function addressOf(address: string, labels: AddressLabels): HTMLElement {
  const label = labels.get(address.toLowerCase());
  return el('span', { className: 'snapshot-address' }, [label ? el('strong', { className: 'snapshot-address-label' }, [label]) : null, hexBlocks(address)]);
}

function safeCard(s: SnapshotSafe, address: (a: string) => HTMLElement): HTMLElement {
  const list = (items: readonly string[]) => (items.length ? el('span', { className: 'snapshot-address-list' }, items.map(address)) : 'none');
  const optional = (a: string) => (a === ZERO_ADDRESS ? 'none' : address(a));
  return el('div', { className: 'snapshot-card', testid: 'snapshot-safe', attrs: { 'data-address': s.address } }, [
    el('p', { className: 'snapshot-card-title' }, ['Safe ', address(s.address)]),
    factList([
      ['Threshold', `${s.threshold} of ${s.owners.length}`, 'safe-threshold'],
      ['Owners', list(s.owners), 'safe-owners'],
      ['Nonce', s.nonce, 'safe-nonce'],
      ['Version', s.version, 'safe-version'],
      ['Implementation (slot 0)', address(s.implementation), 'safe-implementation'],
      ['Modules', list(s.modules), 'safe-modules'],
      ['Guard', optional(s.guard), 'safe-guard'],
      ['Fallback handler', optional(s.fallbackHandler), 'safe-fallback'],
    ]),
  ]);
}

function positionTable(positions: readonly SnapshotPosition[], address: (a: string) => HTMLElement): HTMLElement {
  return table(
    ['Adapter', 'Account', 'Contract', 'Values'],
    positions.map((p) => [p.adapter, address(p.account), address(p.contract), el('span', {}, p.values.map((v, i) => `${i ? ' · ' : ''}${v.name} ${v.value}`))]),
    'positions-table',
  );
}

function section(title: string, testid: string, children: readonly Child[]): HTMLElement {
  return el('section', { className: 'snapshot-section', testid }, [el('h3', { className: 'snapshot-section-title' }, [title]), ...children]);
}

function factList(rows: ReadonlyArray<readonly [string, Child, string]>): HTMLElement {
  return el(
    'dl',
    { className: 'fact-list' },
    rows.flatMap(([label, value, testid]) => [el('dt', {}, [label]), el('dd', { testid }, [value])]),
  );
}

function table(headings: readonly string[], rows: ReadonlyArray<readonly Child[]>, testid: string): HTMLElement {
  return el('table', { className: 'data-table snapshot-table', testid }, [
    el('thead', {}, [el('tr', {}, headings.map((h) => el('th', { attrs: { scope: 'col' } }, [h])))]),
    el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, [c]))))),
  ]);
}

function none(text: string): HTMLElement {
  return el('p', { className: 'muted' }, [text]);
}

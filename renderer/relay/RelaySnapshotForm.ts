// What the relay is asked to read: accounts, Safes, tokens and DeFi positions, one per line, as the
// relay.snapshot request wants them. Addresses are checked by the relay service, which names a bad one.
import type { WatchList } from '../../shared/airgap/watch-list';
import type { RequestOf } from '../../shared/bridge';
import { POSITION_ADAPTERS } from '../../shared/snapshot/adapters';
import { el } from '../app/dom';
import { field } from '../ui/Field';

export type SnapshotOrder = Omit<RequestOf<'relay.snapshot'>, 'endpoints'>;

export interface RelaySnapshotForm {
  root: HTMLElement;
  /** Fills accounts and Safes from the vault's watch list (scanned): what the relay must read for that vault. */
  useWatchList(list: WatchList): void;
  /** The order as typed, or a sentence naming the first line that cannot be read. */
  read(): { order: SnapshotOrder } | { problem: string };
}

/** Remembered while this window is open, so leaving the view does not lose what was typed. */
const typed = { accounts: '', safes: '', tokens: '', positions: '' };

export function relaySnapshotForm(): RelaySnapshotForm {
  const area = (key: keyof typeof typed, testid: string, placeholder: string) => {
    const box = el('textarea', { className: 'input relay-lines', testid, attrs: { rows: '3', spellcheck: 'false', autocomplete: 'off', placeholder } });
    box.value = typed[key];
    box.addEventListener('input', () => (typed[key] = box.value));
    return box;
  };
  const adapters = POSITION_ADAPTERS.map((a) => `${a.id} (${a.label})`).join('; ');
  const root = el('div', { className: 'relay-snapshot-form', testid: 'snapshot-form' }, [
    field({ label: 'Accounts', control: area('accounts', 'snapshot-accounts-input', '0x… one address a line'), hint: 'Nonce, ETH balance and every token below are read for each.' }),
    field({ label: 'Safes', control: area('safes', 'snapshot-safes-input', '0x… one Safe a line'), hint: 'Owners, threshold, nonce, version, implementation (slot 0), modules, guard and fallback handler.' }),
    field({ label: 'Tokens (ERC-20)', control: area('tokens', 'snapshot-tokens-input', '0x… one token contract a line'), hint: 'Balance, symbol and decimals for every account and Safe.' }),
    field({ label: 'Positions', control: area('positions', 'snapshot-positions-input', 'adapter 0xContract, one a line'), hint: `Adapters: ${adapters}.` }),
  ]);
  return {
    root,
    useWatchList(list) {
      typed.accounts = list.accounts.map((a) => a.address).join('\n');
      typed.safes = list.safes.map((a) => a.address).join('\n');
      for (const [key, testid] of [['accounts', 'snapshot-accounts-input'], ['safes', 'snapshot-safes-input']] as const) {
        const box = root.querySelector<HTMLTextAreaElement>(`[data-testid="${testid}"]`);
        if (box) box.value = typed[key];
      }
    },
    read() {
      const lines = (text: string) => text.split(/[\s,;]+/).filter(Boolean);
      const positions: SnapshotOrder['positions'] = [];
      for (const line of typed.positions.split('\n').map((l) => l.trim()).filter(Boolean)) {
        const [adapter, contract, ...rest] = line.split(/[\s:]+/);
        if (!adapter || !contract || rest.length) return { problem: `Position line "${line.slice(0, 80)}": write the adapter, a space, then the contract address.` };
        if (!POSITION_ADAPTERS.some((a) => a.id === adapter)) return { problem: `Position line "${line.slice(0, 80)}": "${adapter}" is not an adapter. Use one of: ${POSITION_ADAPTERS.map((a) => a.id).join(', ')}.` };
        positions.push({ adapter, contract });
      }
      const order = { accounts: lines(typed.accounts), safes: lines(typed.safes), tokens: lines(typed.tokens), positions };
      if (order.accounts.length + order.safes.length === 0) return { problem: 'Add at least one account or Safe to read.' };
      return { order };
    },
  };
}

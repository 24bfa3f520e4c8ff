// The Bitcoin view (vault): the Bitcoin accounts registered from the vault's seed and the multisig wallets it
// knows ("2 of 3: cosigners …"), the watch-only export a coordinator imports (animated ur:crypto-account and
// ur:crypto-output, with the descriptors as text), and signing a coordinator's PSBT (./PsbtSigning.ts).
import { hexToBytes } from '../../shared/bytes';
import type { ResponseOf } from '../../shared/bridge';
import { toPublicError } from '../bridge';
import { el, replace } from '../app/dom';
import type { OwnedScope, Scope } from '../app/scope';
import { defineView, type Page, type ViewContext } from '../app/view';
import { animatedQr } from '../components/AnimatedQr';
import { errorNotice } from '../ui/ErrorNotice';
import { field, selectInput, textInput, wordsInput } from '../ui/Field';
import { ACCOUNT_KINDS, accountRequest, walletRequest, type AccountForm, type FormResult, type WalletForm } from './BitcoinModel';
import { psbtSigningSection } from './PsbtSigning';

type Overview = ResponseOf<'bitcoin.overview'>;
const NETWORKS = [['mainnet', 'Mainnet'], ['testnet', 'Testnet / signet']] as const;

export const bitcoinView = defineView({
  id: 'bitcoin', title: 'Bitcoin', page: bitcoinPage,
  purpose: 'The treasury\'s Bitcoin from the same quorum: accounts, the watch-only export for a coordinator, and PSBTs signed offline.',
});

function bitcoinPage(context: ViewContext, scope: Scope): Page {
  const root = el('div', { className: 'bitcoin-page', testid: 'bitcoin-page' });
  // The export and signing sections are drawn again on every load; what the last ones held goes first.
  const sections = scope.slot<OwnedScope>();

  async function load(): Promise<void> {
    sections.clear();
    try {
      const [{ vault }, overview] = await Promise.all([context.bridge.call('vault.summary', {}), context.bridge.call('bitcoin.overview', {})]);
      if (!scope.shown()) return;
      if (!vault) {
        replace(root, [el('p', { className: 'empty-state-title', testid: 'empty-state-title' }, ['No vault yet. Create or import it under Holders & shares first.'])]);
        return;
      }
      const drawn = sections.hold(scope.child());
      const signing = psbtSigningSection(context, drawn, vault, overview.wallets.map((w) => w.name));
      replace(root, [accountsSection(overview), accountForm(), walletsSection(overview), walletForm(), exportSection(context, drawn), signing]);
    } catch (error) {
      if (scope.shown()) replace(root, [errorNotice(toPublicError(error), 'bitcoin-error')]);
    }
  }

  /** A form's submit: its model's request or the sentence saying what to fix; then the bridge call, and the page again. */
  function submitter<T>(message: HTMLElement, errorId: string, parse: () => FormResult<T>, call: (request: T) => Promise<unknown>) {
    return async () => {
      const parsed = parse();
      if (!parsed.ok) return replace(message, [el('p', { className: 'field-error' }, [parsed.message])]);
      try {
        await call(parsed.request);
        await load();
      } catch (error) {
        replace(message, [errorNotice(toPublicError(error), errorId)]);
      }
    };
  }

  function accountForm(): HTMLElement {
    const form: AccountForm = { kind: 'p2wpkh', network: 'mainnet', index: '0', label: '' };
    const message = el('div', { testid: 'btc-account-message' });
    const submit = submitter(message, 'btc-account-error', () => accountRequest(form), (request) => context.bridge.call('bitcoin.addAccount', request));
    return el('form', { className: 'bitcoin-form', testid: 'btc-account-form', on: { submit: (e) => (e.preventDefault(), void submit()) } }, [
      el('h3', {}, ['Register an account (the vault must be unlocked)']),
      field({ label: 'Kind', control: selectInput({ testid: 'btc-account-kind', value: form.kind, options: ACCOUNT_KINDS, onChange: (v) => (form.kind = v) }) }),
      field({ label: 'Network', control: selectInput({ testid: 'btc-account-network', value: form.network, options: NETWORKS, onChange: (v) => (form.network = v) }) }),
      field({ label: 'Account number', control: textInput({ testid: 'btc-account-index', value: form.index, onInput: (v) => (form.index = v) }) }),
      field({ label: 'Label', control: textInput({ testid: 'btc-account-label', value: form.label, onInput: (v) => (form.label = v) }) }),
      el('button', { className: 'button', testid: 'btc-account-add', attrs: { type: 'submit' } }, ['Register account']),
      message,
    ]);
  }

  function walletForm(): HTMLElement {
    const form: WalletForm = { name: '', network: 'mainnet', descriptor: '' };
    const message = el('div', { testid: 'btc-wallet-message' });
    const submit = submitter(message, 'btc-wallet-error', () => walletRequest(form), (request) => context.bridge.call('bitcoin.importWallet', request));
    return el('form', { className: 'bitcoin-form', testid: 'btc-wallet-form', on: { submit: (e) => (e.preventDefault(), void submit()) } }, [
      el('h3', {}, ['Import a multisig wallet (the vault must be unlocked: it seals the wallet)']),
      field({ label: 'Name', control: textInput({ testid: 'btc-wallet-name', value: form.name, onInput: (v) => (form.name = v) }) }),
      field({ label: 'Network', control: selectInput({ testid: 'btc-wallet-network', value: form.network, options: NETWORKS, onChange: (v) => (form.network = v) }) }),
      field({ label: 'Descriptor', hint: 'wsh(sortedmulti(…)) as Sparrow or Caravan exports it, with its #checksum.', control: wordsInput({ testid: 'btc-wallet-descriptor', value: '', rows: 4, onInput: (v) => (form.descriptor = v) }) }),
      el('button', { className: 'button', testid: 'btc-wallet-import', attrs: { type: 'submit' } }, ['Import wallet']),
      message,
    ]);
  }

  void load();
  return { root };
}

function accountsSection(overview: Overview): HTMLElement {
  return el('section', { className: 'bitcoin-accounts', testid: 'btc-accounts' }, [
    el('h2', {}, [`Accounts (${overview.accounts.length})`]),
    overview.accounts.length === 0 ? el('p', { className: 'muted' }, ['No Bitcoin account yet: register one below after a quorum unlock. Each is derived again at every unlock.']) : null,
    el(
      'ul',
      { className: 'bitcoin-list' },
      overview.accounts.map((a) =>
        el('li', { testid: 'btc-account', attrs: { 'data-path': a.path, 'data-sealed': String(a.sealed) } }, [
          el('strong', {}, [a.label]),
          ` · ${a.network} · `,
          el('code', {}, [a.path]),
          a.firstAddress ? [' · first address ', el('code', { className: 'address', testid: 'btc-account-address' }, [a.firstAddress])] : ' · multisig cosigner key',
          el('pre', { className: 'sign-review-json', testid: 'btc-account-descriptor' }, [a.descriptor]),
          a.sealed
            ? null
            : el('p', { className: 'field-error', testid: 'btc-account-unsealed' }, [
                'Not sealed by this vault: its key, label or role was changed in the vault file outside Airlock, or it was registered before accounts were sealed. Do not give its addresses to anyone: no review or export uses it until a quorum unlock, which derives it again from the key and seals it if it matches (a changed key stops the unlock).',
              ]),
        ].flat()),
      ),
    ),
  ]);
}

function walletsSection(overview: Overview): HTMLElement {
  return el('section', { className: 'bitcoin-wallets', testid: 'btc-wallets' }, [
    el('h2', {}, [`Multisig wallets (${overview.wallets.length})`]),
    el(
      'ul',
      { className: 'bitcoin-list' },
      overview.wallets.map((w) =>
        el('li', { testid: 'btc-wallet', attrs: { 'data-name': w.name, 'data-sealed': String(w.sealed) } }, [
          el('strong', {}, [w.name]),
          ' · ',
          el('span', { testid: 'btc-wallet-summary' }, [w.summary]),
          ' · first address ',
          el('code', { className: 'address' }, [w.firstAddress]),
          w.sealed
            ? null
            : el('p', { className: 'field-error', testid: 'btc-wallet-unsealed' }, [
                'Not sealed by this vault: it was added or changed in the vault file outside Airlock, or imported before wallets were sealed. It is used for nothing (no change verified, no sweep, no export) until you import its descriptor again from the coordinator while the vault is unlocked.',
              ]),
        ]),
      ),
    ),
  ]);
}

function exportSection(context: ViewContext, scope: Scope): HTMLElement {
  const body = el('div', { testid: 'btc-export-body' });
  // Each showing's QR codes, let go of at the next showing or with the section.
  const shown = scope.slot<OwnedScope>();
  const show = async () => {
    const codes = shown.hold(scope.child());
    try {
      const { exports } = await context.bridge.call('bitcoin.export', {});
      replace(
        body,
        exports.map((entry) => {
          const qr = codes.own(animatedQr({ source: { type: entry.type, payload: hexToBytes(entry.payload) }, destination: 'relay', label: 'Watch-only Bitcoin wallet' }));
          return el('div', { className: 'watch-only-export', testid: 'btc-export', attrs: { 'data-type': entry.type } }, [
            el('p', { className: 'muted' }, [entry.note]),
            qr.root,
            ...entry.descriptors.map((d) => el('pre', { className: 'sign-review-json', testid: 'btc-export-descriptor' }, [d])),
          ]);
        }),
      );
    } catch (error) {
      replace(body, [errorNotice(toPublicError(error), 'btc-export-error')]);
    }
  };
  return el('section', { className: 'bitcoin-export', testid: 'btc-export-section' }, [
    el('h2', {}, ['Watch-only export for the coordinator']),
    el('button', { className: 'button', testid: 'btc-export-show', attrs: { type: 'button' }, on: { click: () => void show() } }, ['Show descriptors and QR']),
    body,
  ]);
}

// The create/import wizard's form, steps 1–3: where the key comes from, the holders and groups with
// their thresholds and SLIP-39 settings, and the accounts to register. Every input writes the setup.
import { el, replace } from '../app/dom';
import { checkbox, choiceGroup, field, secretInput, selectInput, textInput, wordsInput } from '../ui/Field';
import { wordHint } from './WordHint';
import {
  accountPathText,
  addAccount,
  addGroup,
  addHolder,
  diceCounterText,
  MAX_ACCOUNT_INDEX,
  passphraseMatch,
  pathText,
  removeAccount,
  removeGroup,
  removeHolder,
  ROLE_LABELS,
  SCHEME_LABELS,
  thresholdChoices,
  type AccountSetup,
  type AccountRole,
  type GroupSetup,
  type HolderSetup,
  type PathScheme,
  type SourceKind,
  type VaultSetup,
} from './VaultSetupModel';

// ---------- step 1: the key ----------

export function keyStep(setup: VaultSetup, rerender: () => void): HTMLElement[] {
  const source = choiceGroup<SourceKind>({
    legend: 'Where the key comes from',
    name: 'vault-source',
    testid: 'source-choices',
    value: setup.source,
    choices: [
      { value: 'new', title: 'Create a new key', detail: 'Airlock makes a fresh master secret on this computer.', testid: 'source-new' },
      { value: 'bip39', title: 'Import a BIP-39 recovery phrase', detail: 'The 12 or 24 words of an existing wallet, with its passphrase if it has one.', testid: 'source-bip39' },
      { value: 'slip39', title: 'Import SLIP-39 shares', detail: 'Enough shares of an existing SLIP-39 set to rebuild it; they are split again for these holders.', testid: 'source-slip39' },
    ],
    onChange: (value) => {
      setup.source = value;
      rerender();
    },
  });
  const name = field({
    label: 'Vault name',
    control: textInput({ testid: 'vault-name', value: setup.name, onInput: (v) => (setup.name = v), attrs: { maxlength: '80' } }),
    hint: 'Printed on every share card, e.g. "Acme treasury".',
  });
  const details = setup.source === 'new' ? newKeyFields(setup, rerender) : setup.source === 'bip39' ? bip39Fields(setup) : slip39Fields(setup);
  return [name, source, el('div', { className: 'step-panel' }, details)];
}

function newKeyFields(setup: VaultSetup, rerender: () => void): HTMLElement[] {
  const strength = choiceGroup<128 | 256>({
    legend: 'Key strength',
    name: 'secret-bits',
    testid: 'secret-bits',
    value: setup.secretBits,
    choices: [
      { value: 128, title: '128 bits', detail: 'Shares of 20 words. Strong for any treasury.', testid: 'secret-bits-128' },
      { value: 256, title: '256 bits', detail: 'Shares of 33 words.', testid: 'secret-bits-256' },
    ],
    onChange: (value) => {
      setup.secretBits = value;
      rerender();
    },
  });
  const counter = el('p', { className: 'dice-counter', testid: 'dice-counter', attrs: { 'aria-live': 'polite' } });
  const updateCounter = () => replace(counter, [diceCounterText(setup)]);
  const dice = wordsInput({
    testid: 'dice-rolls',
    value: setup.diceText,
    rows: 3,
    onInput: (v) => {
      setup.diceText = v;
      updateCounter();
    },
    attrs: { placeholder: 'e.g. 3 6 1 4 4 2 5 …', inputmode: 'numeric' },
  });
  updateCounter();
  const full = Math.ceil(setup.secretBits / Math.log2(6));
  return [
    strength,
    field({
      label: 'Dice rolls (optional)',
      control: dice,
      hint:
        `Roll a six-sided die and type each result (1 to 6); spaces and line breaks are ignored. Your rolls are mixed with this ` +
        `computer's randomness, never used instead of it: a careless dice session cannot weaken the key. About ${full} rolls ` +
        `match ${setup.secretBits} bits.`,
    }),
    counter,
  ];
}

function bip39Fields(setup: VaultSetup): HTMLElement[] {
  const phrase = wordsInput({ testid: 'bip39-mnemonic', value: setup.bip39Mnemonic, rows: 3, onInput: (v) => (setup.bip39Mnemonic = v) });
  return [
    field({ label: 'BIP-39 recovery phrase', control: phrase, hint: 'The 12, 15, 18, 21 or 24 words, separated by spaces.' }),
    wordHint(phrase, { list: 'bip39', testid: 'bip39-word-hint' }).root,
    field({
      label: 'BIP-39 passphrase (optional)',
      control: secretInput({ testid: 'bip39-passphrase', value: setup.bip39Passphrase, onInput: (v) => (setup.bip39Passphrase = v) }),
      hint: 'Only if the phrase was used with one (sometimes called the 25th word). If you enter one, it is needed at every unlock.',
    }),
  ];
}

function slip39Fields(setup: VaultSetup): HTMLElement[] {
  const shares = wordsInput({ testid: 'slip39-shares', value: setup.slip39Shares, rows: 6, onInput: (v) => (setup.slip39Shares = v) });
  return [
    field({
      label: 'SLIP-39 shares, one per line',
      control: shares,
      hint: 'Enough shares of one set to meet its quorum. They are combined here and split again for the holders you name next.',
    }),
    wordHint(shares, { list: 'slip39', testid: 'slip39-word-hint', linesAreShares: true }).root,
    field({
      label: 'SLIP-39 passphrase of these shares (empty if none)',
      control: secretInput({ testid: 'slip39-passphrase', value: setup.slip39Passphrase, onInput: (v) => (setup.slip39Passphrase = v) }),
      hint: 'A wrong passphrase does not fail: it rebuilds a different, valid-looking key. The new shares keep this passphrase; it is needed at every unlock.',
    }),
    field({
      label: 'Type the SLIP-39 passphrase again',
      control: secretInput({ testid: 'slip39-passphrase-confirm', value: setup.slip39PassphraseConfirm, onInput: (v) => (setup.slip39PassphraseConfirm = v) }),
    }),
  ];
}

// ---------- step 2: holders ----------

export function holdersStep(setup: VaultSetup, rerender: () => void): HTMLElement[] {
  const groups = setup.groups.map((group, gi) => groupFields(setup, group, gi, rerender));
  const add = button('group-add', 'button', 'Add a group', () => (addGroup(setup), rerender()));
  const groupThreshold =
    setup.groups.length > 1
      ? field({
          label: 'Groups needed to unlock',
          control: selectInput({
            testid: 'group-threshold',
            value: setup.groupThreshold,
            options: setup.groups.map((_, i) => [i + 1, `Any ${i + 1} of ${setup.groups.length} groups`] as const),
            onChange: (v) => (setup.groupThreshold = v),
          }),
          hint: 'Each of these groups must reach its own threshold.',
        })
      : el('p', { className: 'muted' }, ['One group: its threshold alone decides the quorum. Add a group for, say, a board and a backup circle.']);
  return [
    el('p', { className: 'step-lead' }, [
      'Hand the keyboard to each holder in turn: they type their own name and passphrase. The passphrase protects their share in this ' +
        'vault; it is asked at every unlock and is never printed on their card.',
    ]),
    ...groups,
    el('div', { className: 'step-row' }, [add]),
    groupThreshold,
    slip39Settings(setup),
  ];
}

function groupFields(setup: VaultSetup, group: GroupSetup, gi: number, rerender: () => void): HTMLElement {
  const holders = group.holders.map((holder, hi) => holderFields(group, holder, gi, hi, rerender));
  const add = button('holder-add', 'button', 'Add a holder', () => (addHolder(group), rerender()));
  const remove = setup.groups.length > 1 ? button('group-remove', 'button button-quiet', 'Remove this group', () => (removeGroup(setup, gi), rerender())) : null;
  const choices = thresholdChoices(group.holders.length);
  return el('fieldset', { className: 'group-box', testid: 'group', attrs: { 'data-group': String(gi) } }, [
    el('legend', { className: 'group-legend' }, [`Group ${gi + 1}`]),
    el('div', { className: 'group-top' }, [
      field({ label: 'Group name', control: textInput({ testid: 'group-name', value: group.name, onInput: (v) => (group.name = v), attrs: { maxlength: '40' } }) }),
      field({
        label: 'Holders needed in this group',
        control: selectInput({
          testid: 'member-threshold',
          value: group.memberThreshold,
          options: choices.map((k) => [k, `Any ${k} of ${group.holders.length} holders`] as const),
          onChange: (v) => (group.memberThreshold = v),
        }),
      }),
    ]),
    ...holders,
    el('div', { className: 'step-row' }, [add, remove]),
  ]);
}

function holderFields(group: GroupSetup, holder: HolderSetup, gi: number, hi: number, rerender: () => void): HTMLElement {
  const match = el('p', { className: 'passphrase-match', testid: 'holder-match', attrs: { 'aria-live': 'polite' } });
  const showMatch = () => {
    const { state, line } = passphraseMatch(holder);
    match.dataset.state = state;
    match.textContent = line;
  };
  showMatch();
  const remove = group.holders.length > 1 ? button('holder-remove', 'button button-quiet', 'Remove', () => (removeHolder(group, hi), rerender()), `Remove holder ${hi + 1} of group ${gi + 1}`) : null;
  return el('div', { className: 'holder-row', testid: 'holder', attrs: { 'data-holder': `${gi}-${hi}` } }, [
    el('p', { className: 'holder-number', attrs: { 'aria-hidden': 'true' } }, [String(hi + 1)]),
    field({ label: 'Holder name', control: textInput({ testid: 'holder-name', value: holder.name, onInput: (v) => (holder.name = v), attrs: { maxlength: '64' } }) }),
    field({
      label: 'Passphrase',
      control: secretInput({
        testid: 'holder-passphrase',
        value: holder.passphrase,
        onInput: (v) => {
          holder.passphrase = v;
          showMatch();
        },
      }),
    }),
    field({
      label: 'Passphrase again',
      control: secretInput({
        testid: 'holder-passphrase-confirm',
        value: holder.confirm,
        onInput: (v) => {
          holder.confirm = v;
          showMatch();
        },
      }),
    }),
    el('div', { className: 'holder-side' }, [remove]),
    match,
  ]);
}

function slip39Settings(setup: VaultSetup): HTMLElement {
  const passphrase =
    setup.source === 'slip39'
      ? [el('p', { className: 'muted' }, ['The new shares keep the SLIP-39 passphrase of the imported set (step 1).'])]
      : [
          field({
            label: 'SLIP-39 passphrase (optional)',
            control: secretInput({ testid: 'slip39-passphrase', value: setup.slip39Passphrase, onInput: (v) => (setup.slip39Passphrase = v) }),
            hint: 'Leave empty unless you need it. If you set one, it is needed at every unlock in addition to the holders; without it the shares rebuild a different key.',
          }),
          field({
            label: 'SLIP-39 passphrase again',
            control: secretInput({ testid: 'slip39-passphrase-confirm', value: setup.slip39PassphraseConfirm, onInput: (v) => (setup.slip39PassphraseConfirm = v) }),
          }),
        ];
  return el('fieldset', { className: 'group-box settings-box', testid: 'slip39-settings' }, [
    el('legend', { className: 'group-legend' }, ['SLIP-39 settings']),
    ...passphrase,
    el('div', { className: 'group-top' }, [
      field({
        label: 'Iteration exponent',
        control: selectInput({
          testid: 'iteration-exponent',
          value: setup.iterationExponent,
          options: Array.from({ length: 16 }, (_, e) => [e, `${e} · ${(10_000 * 2 ** e).toLocaleString('en-GB')} PBKDF2 iterations`] as const),
          onChange: (v) => (setup.iterationExponent = v),
        }),
        hint: 'How slow a passphrase guess is. 1 is the common default; higher values slow every unlock too.',
      }),
    ]),
    checkbox({
      testid: 'extendable',
      checked: setup.extendable,
      label: 'Extendable set',
      hint: 'Lets you add shares to this set later without changing the others. Leave on unless a tool you rely on needs the older format.',
      onChange: (v) => (setup.extendable = v),
    }),
  ]);
}

// ---------- step 3: accounts ----------

export function accountsStep(setup: VaultSetup, rerender: () => void): HTMLElement[] {
  const rows = setup.accounts.map((account, ai) => accountFields(setup, account, ai, rerender));
  const add = button('account-add', 'button', 'Add an account', () => (addAccount(setup), rerender()));
  return [
    el('p', { className: 'step-lead' }, [
      'Register the accounts this key controls. Their addresses are derived when the vault is created, and every unlock derives ' +
        'them again: that is how the holders know the right key was rebuilt.',
    ]),
    ...rows,
    el('div', { className: 'step-row' }, [add]),
  ];
}

function accountFields(setup: VaultSetup, account: AccountSetup, ai: number, rerender: () => void): HTMLElement {
  const path = el('code', { className: 'account-path', testid: 'account-path' }, [pathText(account.scheme, account.index)]);
  const showPath = () => (path.textContent = accountPathText(account));
  const remove = setup.accounts.length > 1 ? button('account-remove', 'button button-quiet', 'Remove', () => (removeAccount(setup, ai), rerender())) : null;
  const label = field({ label: 'Label', control: textInput({ testid: 'account-label', value: account.label, onInput: (v) => (account.label = v), attrs: { maxlength: '64' } }) });
  const role = field({
    label: 'Role',
    control: selectInput<AccountRole>({
      testid: 'account-role',
      value: account.role,
      options: (Object.keys(ROLE_LABELS) as AccountRole[]).map((r) => [r, ROLE_LABELS[r]] as const),
      onChange: (v) => (account.role = v),
    }),
  });
  const scheme = field({
    label: 'Path scheme',
    control: selectInput<PathScheme>({
      testid: 'account-scheme',
      value: account.scheme,
      options: (Object.keys(SCHEME_LABELS) as PathScheme[]).map((s) => [s, SCHEME_LABELS[s]] as const),
      onChange: (v) => {
        account.scheme = v;
        showPath();
      },
    }),
  });
  const index = field({
    label: 'Account number',
    control: textInput({
      testid: 'account-index',
      type: 'number',
      value: String(account.index),
      onInput: (v) => {
        account.index = v.trim() === '' ? NaN : Number(v);
        showPath();
      },
      attrs: { min: '0', max: String(MAX_ACCOUNT_INDEX), step: '1' },
    }),
  });
  return el('div', { className: 'account-row', testid: 'account', attrs: { 'data-account': String(ai) } }, [
    el('div', { className: 'account-line account-line-names' }, [label, role]),
    el('div', { className: 'account-line account-line-path' }, [
      scheme,
      index,
      el('div', { className: 'account-side' }, [el('span', { className: 'field-label' }, ['Path']), path]),
      el('div', { className: 'account-remove' }, [remove]),
    ]),
  ]);
}

function button(testid: string, className: string, label: string, onClick: () => void, ariaLabel?: string): HTMLButtonElement {
  return el('button', { className, testid, attrs: { type: 'button', ...(ariaLabel ? { 'aria-label': ariaLabel } : {}) }, on: { click: onClick } }, [label]);
}

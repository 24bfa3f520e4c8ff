// The create/import wizard: key, holders, accounts, review, then vault.create (one KDF per share, a
// few seconds) and the share cards handed to each holder one at a time (ShareHandout). The draft keeps
// everything typed across steps and refusals, and is wiped as soon as the vault exists or is abandoned.
import type { VaultSummaryView } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { toPublicError } from '../bridge';
import { el, replace, type Child } from '../app/dom';
import { countOf } from '../app/format';
import type { ViewContext } from '../app/view';
import { errorNotice } from '../ui/ErrorNotice';
import { accountsStep, holdersStep, keyStep } from './CreateVaultForm';
import {
  checkAccountsStep,
  checkHoldersStep,
  checkKeyStep,
  createRequest,
  diceRollCount,
  holderCount,
  importedShareCount,
  importedWordCount,
  newDraft,
  pathText,
  ROLE_LABELS,
  wipeDraft,
  type SourceKind,
  type VaultDraft,
} from './VaultSetupModel';
import { shareHandout, type ShareHandout } from './ShareHandout';

type FormStep = 'key' | 'holders' | 'accounts' | 'review';
type Step = FormStep | 'creating' | 'cards' | 'done';

const STEPS: ReadonlyArray<{ id: FormStep | 'cards'; title: string }> = [
  { id: 'key', title: 'Key' },
  { id: 'holders', title: 'Holders' },
  { id: 'accounts', title: 'Accounts' },
  { id: 'review', title: 'Review' },
  { id: 'cards', title: 'Share cards' },
];

const STEP_HEADINGS: Readonly<Record<FormStep, string>> = {
  key: 'Step 1 · Where the key comes from',
  holders: 'Step 2 · Holders, groups and quorum',
  accounts: 'Step 3 · Accounts to register',
  review: 'Step 4 · Review and create',
};

/** Roughly one KDF per share (scrypt N=2^17, ~1 s on the reference machine): paces the progress line. */
const SECONDS_PER_SHARE_ESTIMATE = 1.1;

export interface CreateVaultWizard {
  root: HTMLElement;
  /** Null when leaving is harmless; otherwise shows and returns the sentence saying why not. */
  leaveBlocked(): string | null;
  dispose(): void;
}

export interface CreateVaultOptions {
  source: SourceKind;
  onCancel(): void;
  onFinished(vault: VaultSummaryView): void;
}

export function createVaultWizard(context: ViewContext, options: CreateVaultOptions): CreateVaultWizard {
  let draft: VaultDraft = newDraft(options.source);
  let step: Step = 'key';
  let problems: string[] = [];
  /** A refusal from vault.create, kept on the step that caused it (and on Review, where Create was pressed). */
  const refusals: Partial<Record<FormStep, PublicError & { source: SourceKind }>> = {};
  let handout: ShareHandout | null = null;
  let progressTimer: ReturnType<typeof setInterval> | undefined;
  let confirmingCancel = false;

  const title = el('h2', { className: 'wizard-title', testid: 'wizard-title', attrs: { tabindex: '-1' } }, [
    options.source === 'new' ? 'Create a vault' : 'Import an existing key',
  ]);
  const stepper = el('ol', { className: 'stepper', testid: 'wizard-stepper' });
  const leaveNotice = el('div', { className: 'notice notice-warn', testid: 'leave-blocked', attrs: { role: 'alert' } });
  leaveNotice.hidden = true;
  const body = el('div', { className: 'wizard-body', testid: 'wizard-body' });
  const actions = el('div', { className: 'wizard-actions', testid: 'wizard-actions' });
  const cards = el('div', { className: 'wizard-cards', testid: 'wizard-cards' });
  const root = el('section', { className: 'wizard', testid: 'create-vault-wizard', attrs: { 'aria-labelledby': 'wizard-title' } }, [
    title,
    stepper,
    leaveNotice,
    body,
    actions,
    cards,
  ]);
  title.id = 'wizard-title';

  function render(focus = true): void {
    root.dataset.step = step;
    title.textContent = draft.source === 'new' ? 'Create a vault' : 'Import an existing key';
    renderStepper();
    leaveNotice.hidden = true;
    const handingOut = step === 'cards' || step === 'done';
    body.hidden = handingOut;
    actions.hidden = handingOut;
    cards.hidden = !handingOut;
    if (handingOut) return; // the hand-out draws itself and moves the focus
    renderForm();
    if (focus) (body.querySelector<HTMLElement>('[data-focus-target]') ?? title).focus();
  }

  function renderStepper(): void {
    const currentIndex = step === 'done' ? STEPS.length : STEPS.findIndex((s) => s.id === (step === 'creating' ? 'review' : step));
    replace(
      stepper,
      STEPS.map((s, i) =>
        el('li', { className: 'stepper-item', attrs: { 'data-state': i < currentIndex ? 'done' : i === currentIndex ? 'current' : 'todo', ...(i === currentIndex ? { 'aria-current': 'step' } : {}) } }, [
          el('span', { className: 'stepper-number', attrs: { 'aria-hidden': 'true' } }, [i < currentIndex ? '✓' : String(i + 1)]),
          s.title,
        ]),
      ),
    );
  }

  // ---------- steps 1–4 ----------

  function renderForm(): void {
    const formStep: FormStep = step === 'creating' ? 'review' : (step as FormStep);
    const heading = el('h3', { className: 'step-title', testid: 'step-title', attrs: { tabindex: '-1', 'data-focus-target': '' } }, [STEP_HEADINGS[formStep]]);
    const rerender = () => render(false);
    const fields =
      formStep === 'key' ? keyStep(draft, rerender) : formStep === 'holders' ? holdersStep(draft, rerender) : formStep === 'accounts' ? accountsStep(draft, rerender) : reviewStep();
    replace(body, [heading, problemsNotice(), refusalNotice(formStep), ...fields, step === 'creating' ? progressLine() : null]);
    renderFormActions(formStep);
  }

  function problemsNotice(): HTMLElement | null {
    if (problems.length === 0) return null;
    return el('div', { className: 'notice notice-error', testid: 'step-problems', attrs: { role: 'alert' } }, [
      el('p', { className: 'notice-message' }, [problems.length === 1 ? 'One thing to fix before going on:' : `${problems.length} things to fix before going on:`]),
      el('ul', { className: 'notice-list' }, problems.map((p) => el('li', { testid: 'step-problem' }, [p]))),
    ]);
  }

  function refusalNotice(formStep: FormStep): HTMLElement | null {
    const refusal = refusals[formStep];
    // A refusal of an import no longer applies once the key comes from elsewhere.
    if (!refusal || refusal.source !== draft.source) return null;
    const cause = stepForRefusal(refusal, draft.source);
    const notice = errorNotice({ code: refusal.code, message: refusal.message }, 'step-error');
    if (formStep === 'review' && cause !== 'review') {
      notice.append(
        el('p', { className: 'notice-action' }, [
          el('button', { className: 'button', testid: 'step-error-goto', attrs: { type: 'button' }, on: { click: () => go(cause) } }, [
            `Go to ${STEPS.find((s) => s.id === cause)?.title ?? 'that step'}`,
          ]),
        ]),
      );
    }
    return notice;
  }

  function renderFormActions(formStep: FormStep): void {
    const busy = step === 'creating';
    const order: FormStep[] = ['key', 'holders', 'accounts', 'review'];
    const at = order.indexOf(formStep);
    const back = el('button', { className: 'button', testid: 'wizard-back', attrs: { type: 'button' }, on: { click: () => go(order[at - 1]!) } }, ['Back']);
    back.hidden = at === 0;
    const next =
      formStep === 'review'
        ? el('button', { className: 'button button-primary', testid: 'create-vault-submit', attrs: { type: 'button' }, on: { click: () => void submit() } }, [
            busy ? 'Creating…' : options.source === 'new' ? 'Create the vault' : 'Import and create the vault',
          ])
        : el('button', { className: 'button button-primary', testid: 'wizard-next', attrs: { type: 'button' }, on: { click: () => advance(formStep, order[at + 1]!) } }, ['Next']);
    const cancel = confirmingCancel
      ? el('span', { className: 'cancel-confirm', testid: 'cancel-confirm' }, [
          'Discard everything typed so far? ',
          el('button', { className: 'button button-danger', testid: 'wizard-discard', attrs: { type: 'button' }, on: { click: () => cancelWizard() } }, ['Discard']),
          ' ',
          el('button', { className: 'button', testid: 'wizard-keep', attrs: { type: 'button' }, on: { click: () => askCancel(false) } }, ['Keep editing']),
        ])
      : el('button', { className: 'button button-quiet', testid: 'wizard-cancel', attrs: { type: 'button' }, on: { click: () => askCancel(true) } }, ['Cancel']);
    for (const button of [back, next, ...(cancel instanceof HTMLButtonElement ? [cancel] : [...cancel.querySelectorAll('button')])]) button.disabled = busy;
    replace(actions, [back, next, el('span', { className: 'wizard-actions-gap' }), cancel]);
    // While the KDFs run nothing in the form may change.
    for (const control of body.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLButtonElement>('input, select, textarea, button')) {
      control.disabled = busy;
    }
  }

  function advance(from: FormStep, to: FormStep): void {
    problems = from === 'key' ? checkKeyStep(draft) : from === 'holders' ? checkHoldersStep(draft) : checkAccountsStep(draft);
    if (problems.length > 0) {
      render(false);
      body.querySelector<HTMLElement>('[data-testid="step-problems"]')?.focus();
      return;
    }
    delete refusals[from];
    // Coming back to Review after a change: the old refusal is answered by pressing Create again.
    if (to === 'review') delete refusals.review;
    go(to);
  }

  function go(to: FormStep): void {
    problems = [];
    confirmingCancel = false;
    step = to;
    render();
  }

  function askCancel(asking: boolean): void {
    confirmingCancel = asking;
    render(false);
  }

  function cancelWizard(): void {
    wipeDraft(draft);
    dispose();
    options.onCancel();
  }

  function reviewStep(): HTMLElement[] {
    const request = createRequest(draft);
    const facts: Array<[string, Child]> = [
      ['Vault', el('strong', { testid: 'review-name' }, [request.name])],
      ['Key', el('span', { testid: 'review-key' }, [keySentence()])],
      ['Quorum', el('span', { testid: 'review-quorum' }, [reviewQuorum(request)])],
      [
        'Groups',
        el(
          'ul',
          { className: 'review-list', testid: 'review-groups' },
          request.groups.map((g, i) =>
            el('li', {}, [el('strong', {}, [`Group ${i + 1} · ${g.name}`]), ` — any ${g.memberThreshold} of ${g.holders.length} holders: `, g.holders.map((h) => h.name).join(', ')]),
          ),
        ),
      ],
      ['SLIP-39 passphrase', request.slip39Passphrase ? el('strong', {}, ['Set: needed at every unlock, in addition to the holders']) : 'None'],
      ['SLIP-39 format', `Iteration exponent ${request.iterationExponent} · ${request.extendable ? 'extendable' : 'not extendable'}`],
      [
        'Accounts',
        el(
          'ul',
          { className: 'review-list', testid: 'review-accounts' },
          request.accounts.map((a) => el('li', {}, [el('strong', {}, [a.label]), ` · ${ROLE_LABELS[a.role]} · `, el('code', {}, [pathText(a.scheme, a.index)])])),
        ),
      ],
    ];
    const n = holderCount(draft);
    return [
      el('dl', { className: 'review' }, facts.map(([label, value]) => el('div', { className: 'review-row' }, [el('dt', {}, [label]), el('dd', {}, [value])]))),
      el('div', { className: 'notice notice-info' }, [
        el('p', {}, [
          `Next, Airlock encrypts each share with its holder's passphrase (about a second each, ${countOf(n, 'share', 'shares')}), then shows each `,
          'holder their share card, one at a time. Have every holder here, with paper or a printer. The words are shown once; a card can be ',
          'reprinted later only with its holder\'s passphrase.',
        ]),
        draft.source !== 'new'
          ? el('p', { className: 'notice-extra' }, [
              el('strong', {}, ['After import, compare the account addresses with the ones you know. ']),
              'A mistyped passphrase does not fail: it rebuilds a different key with different addresses.',
            ])
          : null,
      ]),
    ];
  }

  function reviewQuorum(request: ReturnType<typeof createRequest>): string {
    const only = request.groups.length === 1 ? request.groups[0] : undefined;
    if (only) return `Any ${only.memberThreshold} of ${only.holders.length} holders`;
    return `Any ${request.groupThreshold} of ${request.groups.length} groups, each reaching its own threshold`;
  }

  function keySentence(): string {
    if (draft.source === 'new') {
      const rolls = diceRollCount(draft);
      const dice = rolls === 0 ? 'no dice rolls' : `mixed with ${countOf(rolls, 'dice roll', 'dice rolls')}`;
      return `New ${draft.secretBits}-bit key from this computer's randomness, ${dice}`;
    }
    if (draft.source === 'bip39') {
      return `Imported BIP-39 recovery phrase (${countOf(importedWordCount(draft), 'word', 'words')}), ${draft.bip39Passphrase ? 'with a BIP-39 passphrase (needed at every unlock)' : 'no BIP-39 passphrase'}`;
    }
    return `Imported SLIP-39 set (${countOf(importedShareCount(draft), 'share', 'shares')}), split again for these holders`;
  }

  function progressLine(): HTMLElement {
    return el('div', { className: 'create-progress', testid: 'create-progress', attrs: { role: 'status', 'aria-live': 'polite' } }, [
      el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }),
      el('span', { testid: 'create-progress-text' }, [progressText(1)]),
    ]);
  }

  function progressText(k: number): string {
    return `Encrypting share ${k} of ${holderCount(draft)}… Keep this window open.`;
  }

  async function submit(): Promise<void> {
    if (step !== 'review') return;
    const problemsNow = [...checkKeyStep(draft), ...checkHoldersStep(draft), ...checkAccountsStep(draft)];
    if (problemsNow.length > 0) {
      problems = problemsNow;
      render(false);
      return;
    }
    delete refusals.review;
    step = 'creating';
    render(false);
    const total = holderCount(draft);
    const startedAt = Date.now();
    progressTimer = setInterval(() => {
      const k = Math.min(total, 1 + Math.floor((Date.now() - startedAt) / (SECONDS_PER_SHARE_ESTIMATE * 1000)));
      const text = body.querySelector('[data-testid="create-progress-text"]');
      if (text) text.textContent = progressText(k);
    }, 250);
    try {
      const reply = await context.bridge.call('vault.create', createRequest(draft));
      wipeDraft(draft);
      step = 'cards';
      render(false);
      handout = shareHandout(reply, {
        onChange: () => (leaveNotice.hidden = true),
        onAllDone: () => {
          step = 'done';
          renderStepper();
          root.dataset.step = step;
        },
        onFinish: (vault) => finish(vault),
      });
      cards.replaceChildren(handout.root);
      return;
    } catch (error) {
      const refusal = { ...toPublicError(error), source: draft.source };
      const cause = stepForRefusal(refusal, draft.source);
      refusals.review = refusal;
      refusals[cause] = refusal;
      step = 'review';
    } finally {
      clearInterval(progressTimer);
      progressTimer = undefined;
    }
    render();
  }

  function finish(vault: VaultSummaryView): void {
    dispose();
    options.onFinished(vault);
  }

  function leaveBlocked(): string | null {
    let sentence: string | null = null;
    if (step === 'creating') sentence = 'Airlock is encrypting the shares. Wait until the share cards appear.';
    else if (step === 'cards' && handout) {
      const left = handout.remaining();
      sentence = `${countOf(left, 'holder has', 'holders have')} not finished with their share card yet. Hand out every card first: leaving now would lose the words.`;
    } else if (step !== 'done') sentence = 'You are setting up a vault. Finish it, or press Cancel to discard it, before leaving this page.';
    if (sentence) {
      replace(leaveNotice, [el('p', { className: 'notice-message' }, [sentence])]);
      leaveNotice.hidden = false;
      leaveNotice.focus();
    }
    return sentence;
  }

  function dispose(): void {
    if (progressTimer !== undefined) clearInterval(progressTimer);
    handout?.dispose();
    handout = null;
    wipeDraft(draft);
    draft = newDraft(options.source);
    root.replaceChildren();
  }

  leaveNotice.tabIndex = -1;
  render(false);
  return { root, leaveBlocked, dispose };
}

/** Which step a refusal from vault.create belongs to, so the sentence is shown where it can be fixed. */
export function stepForRefusal(error: PublicError, source: SourceKind): FormStep {
  const { code, message } = error;
  // An imported SLIP-39 set's passphrase is typed with its shares, in step 1.
  if (source === 'slip39' && code.startsWith('passphrase-invalid')) return 'key';
  if (code === 'hd-path-invalid' || (code === 'vault-layout-invalid' && /account/i.test(message))) return 'accounts';
  if (code === 'vault-layout-invalid' && /name the vault|give the vault a name/i.test(message)) return 'key';
  if (code === 'vault-layout-invalid' || code === 'split-parameters-invalid' || code.startsWith('passphrase-')) return 'holders';
  if (/^(dice|bip39|mnemonic|share|shares|slip39|checksum|word)/.test(code)) return 'key';
  return 'review';
}

// The create/import wizard on screen: it draws CreateVaultModel's step (the forms of steps 1–3 in
// CreateVaultForm, the review here), sends vault.create when the model allows it, paces the progress line while
// the shares are encrypted (a few seconds), and hands the reply to the share cards (ShareHandout).
import type { VaultSummaryView } from '../../shared/bridge';
import { toPublicError } from '../bridge';
import { el, replace, type Child } from '../app/dom';
import { countOf } from '../app/format';
import type { ViewContext } from '../app/view';
import { errorNotice } from '../ui/ErrorNotice';
import { accountsStep, holdersStep, keyStep } from './CreateVaultForm';
import { CreateVaultModel, STEP_HEADINGS, STEPS, type FormStep } from './CreateVaultModel';
import { shareHandout, type ShareHandout } from './ShareHandout';
import { createRequest, holderCount, keySentence, pathText, quorumSentence, ROLE_LABELS, type SourceKind, type VaultSetup } from './VaultSetupModel';

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
  return new WizardScreen(context, options);
}

/** The wizard's elements and what each button does; the state is the model's. */
class WizardScreen implements CreateVaultWizard {
  private readonly model: CreateVaultModel;
  private handout: ShareHandout | null = null;
  private stopProgress: (() => void) | null = null;
  private readonly title: HTMLElement;
  private readonly stepper = el('ol', { className: 'stepper', testid: 'wizard-stepper' });
  private readonly leaveNotice = el('div', { className: 'notice notice-warn', testid: 'leave-blocked', attrs: { role: 'alert', tabindex: '-1' } });
  private readonly body = el('div', { className: 'wizard-body', testid: 'wizard-body' });
  private readonly actions = el('div', { className: 'wizard-actions', testid: 'wizard-actions' });
  private readonly cards = el('div', { className: 'wizard-cards', testid: 'wizard-cards' });
  readonly root: HTMLElement;

  constructor(
    private readonly context: ViewContext,
    private readonly options: CreateVaultOptions,
  ) {
    this.model = new CreateVaultModel(options.source);
    this.title = el('h2', { className: 'wizard-title', testid: 'wizard-title', attrs: { tabindex: '-1', id: 'wizard-title' } }, [this.model.title]);
    this.leaveNotice.hidden = true;
    this.root = el('section', { className: 'wizard', testid: 'create-vault-wizard', attrs: { 'aria-labelledby': 'wizard-title' } }, [
      this.title,
      this.stepper,
      this.leaveNotice,
      this.body,
      this.actions,
      this.cards,
    ]);
    this.render(false);
  }

  private render(focus = true): void {
    const { model, body } = this;
    this.root.dataset.step = model.step;
    this.title.textContent = model.title;
    replace(this.stepper, stepperItems(model));
    this.leaveNotice.hidden = true;
    body.hidden = this.actions.hidden = model.handingOut;
    this.cards.hidden = !model.handingOut;
    if (model.handingOut) return; // the hand-out draws itself and moves the focus
    replace(body, formStep(model, () => this.render(false), (to) => this.go(to)));
    replace(this.actions, wizardActions(model, this));
    // While the KDFs run nothing in the form may change.
    for (const control of [...body.querySelectorAll<FormControl>('input, select, textarea, button'), ...this.actions.querySelectorAll<FormControl>('button')]) {
      control.disabled = model.step === 'creating';
    }
    if (focus) (body.querySelector<HTMLElement>('[data-focus-target]') ?? this.title).focus();
  }

  go(to: FormStep): void {
    this.model.go(to);
    this.render();
  }

  advance(): void {
    if (this.model.advance()) return this.render();
    this.render(false);
    this.body.querySelector<HTMLElement>('[data-testid="step-problems"]')?.focus();
  }

  askCancel(asking: boolean): void {
    this.model.askCancel(asking);
    this.render(false);
  }

  discard(): void {
    this.dispose();
    this.options.onCancel();
  }

  async submit(): Promise<void> {
    const request = this.model.beginCreate();
    this.render(false);
    if (!request) return;
    this.stopProgress = paceProgress(this.model, this.body);
    try {
      const reply = await this.context.bridge.call('vault.create', request);
      this.model.created();
      this.render(false);
      this.handout = shareHandout(reply, {
        onChange: () => (this.leaveNotice.hidden = true),
        onAllDone: () => this.handedOut(),
        onFinish: (vault) => this.finish(vault),
      });
      this.cards.replaceChildren(this.handout.root);
    } catch (error) {
      this.model.refused(toPublicError(error));
      this.render();
    } finally {
      this.stopProgress?.();
      this.stopProgress = null;
    }
  }

  private handedOut(): void {
    this.model.handedOut();
    replace(this.stepper, stepperItems(this.model));
    this.root.dataset.step = this.model.step;
  }

  private finish(vault: VaultSummaryView): void {
    this.dispose();
    this.options.onFinished(vault);
  }

  leaveBlocked(): string | null {
    const sentence = this.model.leaveBlocked(this.handout?.remaining() ?? 0);
    if (sentence) {
      replace(this.leaveNotice, [el('p', { className: 'notice-message' }, [sentence])]);
      this.leaveNotice.hidden = false;
      this.leaveNotice.focus();
    }
    return sentence;
  }

  dispose(): void {
    this.stopProgress?.();
    this.handout?.dispose();
    this.handout = null;
    this.model.discard();
    this.root.replaceChildren();
  }
}

type FormControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLButtonElement;

/** Moves the progress line on as the shares are probably being encrypted; returns the function that stops it. */
function paceProgress(model: CreateVaultModel, body: HTMLElement): () => void {
  const startedAt = Date.now();
  const timer = setInterval(() => {
    const text = body.querySelector('[data-testid="create-progress-text"]');
    if (text) text.textContent = model.progressText(model.shareReached(Date.now() - startedAt));
  }, 250);
  return () => clearInterval(timer);
}

function stepperItems(model: CreateVaultModel): HTMLElement[] {
  return model.stepper().map((s, i) =>
    el('li', { className: 'stepper-item', attrs: { 'data-state': s.state, ...(s.state === 'current' ? { 'aria-current': 'step' } : {}) } }, [
      el('span', { className: 'stepper-number', attrs: { 'aria-hidden': 'true' } }, [s.state === 'done' ? '✓' : String(i + 1)]),
      s.title,
    ]),
  );
}

/** The step on screen: its heading, what is wrong, the form (or the review), and the progress line while creating. */
function formStep(model: CreateVaultModel, rerender: () => void, go: (to: FormStep) => void): Child[] {
  const step = model.formStep;
  const setup = model.setup;
  const fields = step === 'key' ? keyStep(setup, rerender) : step === 'holders' ? holdersStep(setup, rerender) : step === 'accounts' ? accountsStep(setup, rerender) : reviewStep(setup);
  return [
    el('h3', { className: 'step-title', testid: 'step-title', attrs: { tabindex: '-1', 'data-focus-target': '' } }, [STEP_HEADINGS[step]]),
    problemsNotice(model.problems),
    refusalNotice(model, go),
    ...fields,
    model.step === 'creating' ? progressLine(model.progressText(1)) : null,
  ];
}

function problemsNotice(problems: readonly string[]): HTMLElement | null {
  if (problems.length === 0) return null;
  return el('div', { className: 'notice notice-error', testid: 'step-problems', attrs: { role: 'alert' } }, [
    el('p', { className: 'notice-message' }, [problems.length === 1 ? 'One thing to fix before going on:' : `${problems.length} things to fix before going on:`]),
    el('ul', { className: 'notice-list' }, problems.map((p) => el('li', { testid: 'step-problem' }, [p]))),
  ]);
}

function refusalNotice(model: CreateVaultModel, go: (to: FormStep) => void): HTMLElement | null {
  const refusal = model.refusal();
  if (!refusal) return null;
  const notice = errorNotice(refusal.error, 'step-error');
  const fixAt = refusal.fixAt;
  if (fixAt) {
    notice.append(
      el('p', { className: 'notice-action' }, [
        el('button', { className: 'button', testid: 'step-error-goto', attrs: { type: 'button' }, on: { click: () => go(fixAt) } }, [`Go to ${STEPS.find((s) => s.id === fixAt)?.title ?? 'that step'}`]),
      ]),
    );
  }
  return notice;
}

interface WizardActions {
  go(to: FormStep): void;
  advance(): void;
  submit(): Promise<void>;
  askCancel(asking: boolean): void;
  discard(): void;
}

function wizardActions(model: CreateVaultModel, act: WizardActions): Child[] {
  const { back: previous, next } = model.neighbours();
  const button = (testid: string, className: string, label: string, onClick: () => void) => el('button', { className, testid, attrs: { type: 'button' }, on: { click: onClick } }, [label]);
  const back = button('wizard-back', 'button', 'Back', () => previous && act.go(previous));
  back.hidden = previous === null;
  const forward = next
    ? button('wizard-next', 'button button-primary', 'Next', () => act.advance())
    : button('create-vault-submit', 'button button-primary', model.step === 'creating' ? 'Creating…' : model.startSource === 'new' ? 'Create the vault' : 'Import and create the vault', () => void act.submit());
  const cancel = model.confirmingCancel
    ? el('span', { className: 'cancel-confirm', testid: 'cancel-confirm' }, [
        'Discard everything typed so far? ',
        button('wizard-discard', 'button button-danger', 'Discard', () => act.discard()),
        ' ',
        button('wizard-keep', 'button', 'Keep editing', () => act.askCancel(false)),
      ])
    : button('wizard-cancel', 'button button-quiet', 'Cancel', () => act.askCancel(true));
  return [back, forward, el('span', { className: 'wizard-actions-gap' }), cancel];
}

function reviewStep(setup: VaultSetup): HTMLElement[] {
  const request = createRequest(setup);
  const facts: Array<[string, Child]> = [
    ['Vault', el('strong', { testid: 'review-name' }, [request.name])],
    ['Key', el('span', { testid: 'review-key' }, [keySentence(setup)])],
    ['Quorum', el('span', { testid: 'review-quorum' }, [quorumSentence(request)])],
    [
      'Groups',
      el('ul', { className: 'review-list', testid: 'review-groups' }, request.groups.map((g, i) =>
        el('li', {}, [el('strong', {}, [`Group ${i + 1} · ${g.name}`]), ` — any ${g.memberThreshold} of ${g.holders.length} holders: `, g.holders.map((h) => h.name).join(', ')]),
      )),
    ],
    ['SLIP-39 passphrase', request.slip39Passphrase ? el('strong', {}, ['Set: needed at every unlock, in addition to the holders']) : 'None'],
    ['SLIP-39 format', `Iteration exponent ${request.iterationExponent} · ${request.extendable ? 'extendable' : 'not extendable'}`],
    [
      'Accounts',
      el('ul', { className: 'review-list', testid: 'review-accounts' }, request.accounts.map((a) =>
        el('li', {}, [el('strong', {}, [a.label]), ` · ${ROLE_LABELS[a.role]} · `, el('code', {}, [pathText(a.scheme, a.index)])]),
      )),
    ],
  ];
  return [el('dl', { className: 'review' }, facts.map(([label, value]) => el('div', { className: 'review-row' }, [el('dt', {}, [label]), el('dd', {}, [value])]))), reviewNotice(setup)];
}

function reviewNotice(setup: VaultSetup): HTMLElement {
  return el('div', { className: 'notice notice-info' }, [
    el('p', {}, [
      `Next, Airlock encrypts each share with its holder's passphrase (about a second each, ${countOf(holderCount(setup), 'share', 'shares')}), then shows each `,
      'holder their share card, one at a time. Have every holder here, with paper or a printer. The words are shown once; a card can be ',
      'reprinted later only with its holder\'s passphrase.',
    ]),
    setup.source !== 'new'
      ? el('p', { className: 'notice-extra' }, [
          el('strong', {}, ['After import, compare the account addresses with the ones you know. ']),
          'A mistyped passphrase does not fail: it rebuilds a different key with different addresses.',
        ])
      : null,
  ]);
}

function progressLine(text: string): HTMLElement {
  return el('div', { className: 'create-progress', testid: 'create-progress', attrs: { role: 'status', 'aria-live': 'polite' } }, [
    el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }),
    el('span', { testid: 'create-progress-text' }, [text]),
  ]);
}

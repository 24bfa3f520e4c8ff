// The create/import wizard as a state machine: key, holders, accounts, review, creating (one KDF per share),
// then the share cards and done. It keeps the setup across steps and refusals, puts each refusal from vault.create
// on the step where it can be fixed, says why the wizard may not be left, and wipes the setup as soon as the vault
// exists or is abandoned. No DOM here.
import type { CreateVaultRequest } from '../../shared/bridge';
import type { PublicError } from '../../shared/errors';
import { countOf } from '../app/format';
import { checkAccountsStep, checkHoldersStep, checkKeyStep, createRequest, holderCount, newSetup, wipeSetup, type SourceKind, type VaultSetup } from './VaultSetupModel';

export type FormStep = 'key' | 'holders' | 'accounts' | 'review';
export type WizardStep = FormStep | 'creating' | 'cards' | 'done';

const FORM_STEPS: readonly FormStep[] = ['key', 'holders', 'accounts', 'review'];

export const STEPS: ReadonlyArray<{ id: FormStep | 'cards'; title: string }> = [
  { id: 'key', title: 'Key' },
  { id: 'holders', title: 'Holders' },
  { id: 'accounts', title: 'Accounts' },
  { id: 'review', title: 'Review' },
  { id: 'cards', title: 'Share cards' },
];

export const STEP_HEADINGS: Readonly<Record<FormStep, string>> = {
  key: 'Step 1 · Where the key comes from',
  holders: 'Step 2 · Holders, groups and quorum',
  accounts: 'Step 3 · Accounts to register',
  review: 'Step 4 · Review and create',
};

/** Roughly one KDF per share (scrypt N=2^17, ~1 s on the reference machine): paces the progress line. */
export const SECONDS_PER_SHARE_ESTIMATE = 1.1;

const CHECKS: Readonly<Record<Exclude<FormStep, 'review'>, (setup: VaultSetup) => string[]>> = {
  key: checkKeyStep,
  holders: checkHoldersStep,
  accounts: checkAccountsStep,
};

type Refusal = PublicError & { source: SourceKind };

export class CreateVaultModel {
  setup: VaultSetup;
  step: WizardStep = 'key';
  /** The sentences of the last Next or Create that was refused here, before anything was sent. */
  problems: string[] = [];
  confirmingCancel = false;
  /** A refusal from vault.create, kept on the step that caused it (and on Review, where Create was pressed). */
  private readonly refusals: Partial<Record<FormStep, Refusal>> = {};

  /** `startSource`: what the holder chose to start (Create or Import); the key's source may change in step 1. */
  constructor(readonly startSource: SourceKind) {
    this.setup = newSetup(startSource);
  }

  get title(): string {
    return this.setup.source === 'new' ? 'Create a vault' : 'Import an existing key';
  }

  /** The form step on screen: Review also while the vault is being created. */
  get formStep(): FormStep {
    return this.step === 'creating' ? 'review' : FORM_STEPS.includes(this.step as FormStep) ? (this.step as FormStep) : 'review';
  }

  get handingOut(): boolean {
    return this.step === 'cards' || this.step === 'done';
  }

  /** Each step of the stepper: done, current or still to do. */
  stepper(): Array<{ title: string; state: 'done' | 'current' | 'todo' }> {
    const at = this.step === 'done' ? STEPS.length : STEPS.findIndex((s) => s.id === (this.step === 'creating' ? 'review' : this.step));
    return STEPS.map((s, i) => ({ title: s.title, state: i < at ? 'done' : i === at ? 'current' : 'todo' }));
  }

  /** The step before and after the one on screen (null at either end). */
  neighbours(): { back: FormStep | null; next: FormStep | null } {
    const at = FORM_STEPS.indexOf(this.formStep);
    return { back: FORM_STEPS[at - 1] ?? null, next: FORM_STEPS[at + 1] ?? null };
  }

  /** The refusal to show on the step on screen, and the step to go to when it belongs to another one. */
  refusal(): { error: PublicError; fixAt: FormStep | null } | null {
    const refusal = this.refusals[this.formStep];
    // A refusal of an import no longer applies once the key comes from elsewhere.
    if (!refusal || refusal.source !== this.setup.source) return null;
    const cause = stepForRefusal(refusal, this.setup.source);
    return { error: { code: refusal.code, message: refusal.message }, fixAt: this.formStep === 'review' && cause !== 'review' ? cause : null };
  }

  /** Next: checks the step on screen; moves on only when nothing is wrong. */
  advance(): boolean {
    const from = this.formStep;
    const to = this.neighbours().next;
    if (from === 'review' || !to) return false;
    this.problems = CHECKS[from](this.setup);
    if (this.problems.length > 0) return false;
    delete this.refusals[from];
    // Coming back to Review after a change: the old refusal is answered by pressing Create again.
    if (to === 'review') delete this.refusals.review;
    this.go(to);
    return true;
  }

  go(to: FormStep): void {
    this.problems = [];
    this.confirmingCancel = false;
    this.step = to;
  }

  askCancel(asking: boolean): void {
    this.confirmingCancel = asking;
  }

  /** Create: every step checked again; the request to send, or null with the problems to show. */
  beginCreate(): CreateVaultRequest | null {
    if (this.step !== 'review') return null;
    this.problems = [...checkKeyStep(this.setup), ...checkHoldersStep(this.setup), ...checkAccountsStep(this.setup)];
    if (this.problems.length > 0) return null;
    delete this.refusals.review;
    this.step = 'creating';
    return createRequest(this.setup);
  }

  /** The vault exists: nothing typed is needed any more. The share cards come next. */
  created(): void {
    wipeSetup(this.setup);
    this.step = 'cards';
  }

  /** vault.create refused: the sentence goes on Review and on the step where it can be fixed. */
  refused(error: PublicError): void {
    const refusal = { ...error, source: this.setup.source };
    this.refusals.review = refusal;
    this.refusals[stepForRefusal(refusal, this.setup.source)] = refusal;
    this.step = 'review';
  }

  handedOut(): void {
    this.step = 'done';
  }

  /** The progress line while share `k` is being encrypted. */
  progressText(k: number): string {
    return `Encrypting share ${k} of ${holderCount(this.setup)}… Keep this window open.`;
  }

  /** Which share the KDFs have probably reached after `elapsedMs`. */
  shareReached(elapsedMs: number): number {
    return Math.min(holderCount(this.setup), 1 + Math.floor(elapsedMs / (SECONDS_PER_SHARE_ESTIMATE * 1000)));
  }

  /** Null when leaving is harmless; otherwise the sentence saying why not. `cardsLeft`: holders still at their card. */
  leaveBlocked(cardsLeft: number): string | null {
    if (this.step === 'creating') return 'Airlock is encrypting the shares. Wait until the share cards appear.';
    if (this.step === 'cards') return `${countOf(cardsLeft, 'holder has', 'holders have')} not finished with their share card yet. Hand out every card first: leaving now would lose the words.`;
    if (this.step !== 'done') return 'You are setting up a vault. Finish it, or press Cancel to discard it, before leaving this page.';
    return null;
  }

  /** Forgets everything typed and starts again from the first step. */
  discard(): void {
    wipeSetup(this.setup);
    this.setup = newSetup(this.startSource);
    this.step = 'key';
    this.problems = [];
    this.confirmingCancel = false;
  }
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

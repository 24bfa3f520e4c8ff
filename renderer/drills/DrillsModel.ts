// The Drills page apart from its DOM: the vault's holders and runbooks, what a drill needs to be a quorum, one drill
// at a time (the participants' secrets handed over once, by the caller), and the past drills with the one whose
// report is shown. No DOM here.
import type { DrillResultJson, RequestOf, VaultSummaryView } from '../../shared/bridge';
import { parseChallenge } from '../../shared/drill/statement';
import { isAirlockError, type PublicError } from '../../shared/errors';
import { toPublicError, type Bridge } from '../bridge';

export type Participant = RequestOf<'drills.run'>['holders'][number];

export type DrillsLoad = { kind: 'ready' } | { kind: 'no-vault' } | { kind: 'failed'; error: PublicError };

export class DrillsModel {
  vault: VaultSummaryView | null = null;
  runbooks: Array<{ name: string; title: string }> = [];
  history: DrillResultJson[] = [];
  /** The drill whose report is on screen. */
  shown: DrillResultJson | null = null;
  running = false;

  constructor(private readonly bridge: Bridge) {}

  async load(): Promise<DrillsLoad> {
    try {
      // Runbooks live in the vault (runbooks.list refuses without one), so they are asked for only once there is one.
      this.vault = (await this.bridge.call('vault.summary', {})).vault;
      if (!this.vault) return { kind: 'no-vault' };
      const { runbooks } = await this.bridge.call('runbooks.list', {});
      this.runbooks = runbooks.map((r) => ({ name: String(r.name), title: String(r.title) }));
      await this.loadHistory();
      return { kind: 'ready' };
    } catch (error) {
      return { kind: 'failed', error: toPublicError(error) };
    }
  }

  /** The vault's holders, each with their group, in order. */
  holders(): Array<{ name: string; group: string }> {
    return (this.vault?.groups ?? []).flatMap((g) => g.holders.map((h) => ({ name: h.name, group: g.name })));
  }

  /** "Participants: the vault needs 1 group (2 of 3 in Board). …". */
  participantsLine(): string {
    const vault = this.vault;
    if (!vault) return '';
    const need = vault.groups.map((g) => `${g.memberThreshold} of ${g.holders.length} in ${g.name}`).join('; ');
    return `Participants: the vault needs ${vault.groupThreshold} group${vault.groupThreshold === 1 ? '' : 's'} (${need}). Each present holder types their passphrase or their paper share’s words.`;
  }

  /** The line while a drill runs. */
  runningLine(runbook: string, holders: readonly Participant[]): string {
    return `Drill of ${runbook} running with ${holders.map((h) => h.name).join(', ') || 'nobody'}: quorum unlock, address check, proof of control, then the runbook’s transactions signed as rehearsals. Each share takes about a second to open. `;
  }

  /**
   * The auditor's challenge as typed: null when the box is empty, else the refusal sentence when it would be refused
   * (checked here, before any passphrase is sent, so the holders need not type theirs again).
   */
  challengeProblem(challenge: string): PublicError | null {
    if (challenge === '') return null;
    try {
      parseChallenge(challenge);
      return null;
    } catch (error) {
      return isAirlockError(error) ? { code: error.code, message: error.message } : toPublicError(error);
    }
  }

  /** Runs one drill (never two at once); its result, shown and added to the history, or the refusal. */
  async run(runbook: string, holders: Participant[], challenge = ''): Promise<{ drill: DrillResultJson } | { error: PublicError } | null> {
    if (this.running) return null;
    this.running = true;
    try {
      const { drill } = await this.bridge.call('drills.run', { runbook, holders, ...(challenge === '' ? {} : { challenge }) });
      this.shown = drill;
      await this.loadHistory();
      return { drill };
    } catch (error) {
      return { error: toPublicError(error) };
    } finally {
      this.running = false;
    }
  }

  show(drill: DrillResultJson): void {
    this.shown = drill;
  }

  private async loadHistory(): Promise<void> {
    this.history = (await this.bridge.call('drills.history', {})).drills;
    this.shown ??= this.history[0] ?? null;
  }
}

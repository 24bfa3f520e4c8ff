// SECURITY(H-23): the one signing policy. Every path that signs — drafts (app and `airlock draft sign`), ERC-4527
// requests (app, `airlock sign`, `airlock sign --db`), Safe execution, drill rehearsals — calls
// `enforceSigningPolicy` with its review's warnings before any key is derived: a blocking code refuses, an
// acknowledgeable code must be acknowledged by name, and the refusal carries the review so a script can see why.
import { AirlockError } from '../errors';
import { assess, isWarningCode, RULES, type Warning, type WarningCode } from './rules';

/** A refusal to sign, with the review the signer was shown (printed beside the error by the CLI). */
export class SigningRefusedError extends AirlockError {
  readonly review: Readonly<Record<string, unknown>>;

  constructor(code: 'signing-blocked' | 'signing-needs-acknowledgement', message: string, review: Readonly<Record<string, unknown>>) {
    super(code, message);
    this.name = 'SigningRefusedError';
    this.review = review;
  }
}

export interface PolicyDecision {
  /** The codes the signer acknowledged that the review required: recorded with the signature. */
  acknowledged: WarningCode[];
}

/**
 * Refuses (SigningRefusedError) when a warning blocks or a required acknowledgement is missing; otherwise returns
 * the acknowledgements to record. `acknowledge` comes from outside (CLI JSON, the bridge): a code that is not in the
 * rules table is refused as a typo rather than ignored, so "unlimitted-approval" never silently signs nothing.
 */
export function enforceSigningPolicy(
  warnings: readonly Warning[],
  acknowledge: readonly string[],
  review: Readonly<Record<string, unknown>>,
): PolicyDecision {
  const unknown = acknowledge.filter((code) => !isWarningCode(code));
  if (unknown.length > 0) {
    throw new AirlockError(
      'acknowledgement-unknown',
      `Nothing was signed: ${unknown.map((c) => `"${c.slice(0, 60)}"`).join(', ')} is not a warning code Airlock knows. Acknowledge the codes exactly as the review lists them.`,
    );
  }
  const { blocking, acknowledgementsRequired } = assess(warnings);
  if (blocking.length > 0) {
    throw new SigningRefusedError('signing-blocked', `Nothing was signed: ${blocking.map((w) => w.message).join(' ')}`, review);
  }
  const given = new Set(acknowledge);
  const missing = acknowledgementsRequired.filter((code) => !given.has(code));
  if (missing.length > 0) {
    const reasons = missing.map((code) => warnings.find((w) => w.code === code)?.message ?? RULES[code].sentence);
    throw new SigningRefusedError(
      'signing-needs-acknowledgement',
      `Nothing was signed. Confirm that you checked each of these, by acknowledging its code (${missing.join(', ')}): ${reasons.join(' ')}`,
      review,
    );
  }
  return { acknowledged: acknowledgementsRequired };
}

/** The review's warnings as the policy sees them, for JSON: which block and which need an acknowledgement. */
export function policyJson(warnings: readonly Warning[]): { warnings: Warning[]; blocking: Warning[]; acknowledgementsRequired: WarningCode[] } {
  const { blocking, acknowledgementsRequired } = assess(warnings);
  return { warnings: [...warnings], blocking, acknowledgementsRequired };
}

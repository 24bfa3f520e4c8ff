// SECURITY(H-23): the one rules table. Every warning Airlock raises about something it might sign has a code here,
// and the code alone decides its severity and whether it blocks signing or needs an explicit, audited
// acknowledgement. Reviews of drafts, ERC-4527 requests, `airlock safe hash` and `tx decode` all build their
// warnings through `warning()`, so the same condition gets the same code, severity and disposition on every path.

export type Severity = 'critical' | 'high' | 'medium' | 'info';

/** block: never signed, whatever anyone acknowledges. acknowledge: signed only after the signer ticks this code. inform: shown only. */
export type Disposition = 'block' | 'acknowledge' | 'inform';

export interface Rule {
  severity: Severity;
  disposition: Disposition;
  /** What the code means, in one sentence for a key holder (the warning's own message adds the specifics). */
  sentence: string;
  /** For acknowledgeable codes: what the signer confirms by ticking the box (UI label, audited with the signature). */
  acknowledgement?: string;
}

export const RULES = {
  // --- Never signed -------------------------------------------------------------------------------------------
  'chain-mismatch': {
    severity: 'critical',
    disposition: 'block',
    sentence: 'The signature would be valid on another chain than the one the request or the vault\'s snapshot names.',
  },
  'stale-nonce': {
    severity: 'high',
    disposition: 'block',
    sentence: 'The nonce is already used, so the transaction can never execute.',
  },
  'value-above-balance': {
    severity: 'critical',
    disposition: 'block',
    sentence: 'The transaction spends more than the snapshot shows the sender holds.',
  },
  'malformed-call': {
    severity: 'critical',
    disposition: 'block',
    sentence: 'The call names a known function but its arguments do not decode, so what it does cannot be shown.',
  },
  'multisend-invalid': {
    severity: 'critical',
    disposition: 'block',
    sentence: 'A multiSend batch cannot be decoded, so what it does cannot be shown.',
  },
  'multisend-too-deep': {
    severity: 'critical',
    disposition: 'block',
    sentence: 'MultiSend batches are nested deeper than Airlock decodes, so what they do cannot be shown.',
  },
  'disguised-delegatecall': {
    severity: 'critical',
    disposition: 'block',
    sentence:
      'A delegatecall carries an ordinary call (such as an ERC-20 transfer): the target\'s code would run as the Safe, dressed as something harmless. This is the shape of the Bybit theft.',
  },
  // A Safe takes an eth_sign signature (v + 4) over a bare 32-byte safeTxHash, and approveHash on chain, as an owner's
  // approval of whatever transaction hashes to it: signing a hash is signing a transaction no review can show.
  'opaque-hash': {
    severity: 'critical',
    disposition: 'block',
    sentence:
      'The vault would sign or approve a bare 32-byte hash: a Safe accepts that as an owner\'s approval of whatever transaction hashes to it, and no review can show what that is.',
  },
  'safe-signatures-invalid': {
    severity: 'critical',
    disposition: 'block',
    sentence: 'The Safe would reject the owner signatures this execution carries.',
  },
  'safe-owners-differ': {
    severity: 'critical',
    disposition: 'block',
    sentence: 'The owners or threshold the draft assumes differ from the snapshot of the Safe.',
  },
  'safe-hash-mismatch': {
    severity: 'critical',
    disposition: 'block',
    sentence: 'The typed data calls itself a Safe transaction but does not hash as a Safe would hash it.',
  },
  // Bitcoin PSBTs (shared/btc/review.ts)
  'change-not-ours': {
    severity: 'critical',
    disposition: 'block',
    sentence:
      'An output claims to be the vault\'s own by one of its derivation paths, but its script does not pay to the vault\'s key there: the coordinator is misstating where the money goes.',
  },
  'psbt-input-amount-unknown': {
    severity: 'high',
    disposition: 'block',
    sentence: 'An input carries neither its previous output nor its previous transaction, so the amount spent and the fee cannot be shown.',
  },
  'output-not-fallback-wallet': {
    severity: 'critical',
    disposition: 'block',
    sentence: 'The runbook requires every output to pay the registered fallback wallet, and an output pays somewhere else.',
  },
  'simulation-reverted': {
    severity: 'critical',
    disposition: 'block',
    sentence: 'The relay ran this exact transaction against the chain and it reverted, so on chain it would fail the same way.',
  },
  // Blocks rather than asks: the review is what the holders sign on, and a verified simulation showing value, tokens,
  // approvals, Safe control or code moving where the draft's typed actions say nothing of it (or their stated effect
  // not happening) shows that review to be false; ticking a box does not make it true. The way on is a rebuilt draft,
  // or a new simulation from another endpoint or relay if this one is doubted. Drafts with a free-form call cannot state
  // their effects: theirs are `simulation-effects-undeclared`, acknowledged.
  'simulation-contradicts-intent': {
    severity: 'critical',
    disposition: 'block',
    sentence: 'The relay\'s simulation shows the transaction doing something its review does not say (moving value, tokens, approvals, Safe control or code), or not doing what it says.',
  },
  // --- Signed only after an explicit acknowledgement -------------------------------------------------------------
  'simulation-effects-undeclared': {
    severity: 'high',
    disposition: 'acknowledge',
    sentence: 'The draft makes a free-form call whose effects it cannot state, and the relay\'s simulation shows it moving value, tokens, approvals, Safe control or code.',
    acknowledgement: 'I have read what the simulation says this call does, and every effect it lists is intended.',
  },
  'simulation-missing': {
    severity: 'high',
    disposition: 'acknowledge',
    sentence: 'The runbook requires the relay to simulate this transaction before signing, and no verified simulation report is attached.',
    acknowledgement: 'I sign without seeing the relay\'s simulation of this transaction.',
  },
  'simulation-untraced': {
    severity: 'high',
    disposition: 'acknowledge',
    sentence: 'The relay\'s node could only run the transaction, not trace its effects, so what it changes was not checked against the draft.',
    acknowledgement: 'I accept a simulation that shows success but not the effects.',
  },
  'simulation-disagreement': {
    severity: 'high',
    disposition: 'acknowledge',
    sentence: 'The relay\'s endpoints for this chain disagree about what the transaction does, so one of them may be lying or behind.',
    acknowledgement: 'I have compared what each endpoint reports and trust the report shown.',
  },
  'untrusted-delegatecall': {
    severity: 'critical',
    disposition: 'acknowledge',
    sentence: 'A delegatecall runs a contract that is not a Safe library Airlock trusts, with the Safe\'s storage and funds.',
    acknowledgement: 'I have checked the delegatecall target and know what its code does with the Safe.',
  },
  'safe-configuration-change': {
    severity: 'critical',
    disposition: 'acknowledge',
    sentence: 'A module, guard, fallback handler or singleton change can hand full control of a Safe to code.',
    acknowledgement: 'The runbook calls for exactly this module, guard, fallback handler or singleton change.',
  },
  'owner-or-threshold-change': {
    severity: 'high',
    disposition: 'acknowledge',
    sentence: 'The transaction changes who controls a Safe: its owners or its threshold.',
    acknowledgement: 'I have checked every owner address and the threshold the Safe has after this transaction.',
  },
  'gas-refund-rerouting': {
    severity: 'high',
    disposition: 'acknowledge',
    sentence: 'The Safe transaction sets a gas price, gas token or refund receiver, so the Safe may pay a refund out of its own funds.',
    acknowledgement: 'I have checked the gas price, gas token and refund receiver and know who is paid.',
  },
  'unlimited-approval': {
    severity: 'high',
    disposition: 'acknowledge',
    sentence: 'The call lets another address spend an unlimited amount of a token, or every token of a collection.',
    acknowledgement: 'I have checked that an unlimited approval is intended.',
  },
  'unknown-function': {
    severity: 'high',
    disposition: 'acknowledge',
    sentence: 'The call\'s function is not one Airlock knows, so what it does cannot be shown.',
    acknowledgement: 'I have checked the raw call data with its author.',
  },
  'recipient-not-registered': {
    severity: 'high',
    disposition: 'acknowledge',
    sentence: 'Value, tokens, an allowance or Safe ownership go to an address not registered with this treasury.',
    acknowledgement: 'I have checked the recipient address with its owner, out of band.',
  },
  'contract-creation': {
    severity: 'high',
    disposition: 'acknowledge',
    sentence: 'The transaction has no recipient: it deploys a new contract from its data.',
    acknowledgement: 'I have checked that deploying this contract is intended.',
  },
  'fee-above-policy': {
    severity: 'high',
    disposition: 'acknowledge',
    sentence: 'The fee, or the gas refund a Safe may pay, is above the treasury\'s policy maximum.',
    acknowledgement: 'I have checked the fee and accept paying above the policy maximum.',
  },
  'snapshot-stale': {
    severity: 'high',
    disposition: 'acknowledge',
    sentence: 'The chain state the draft was checked against is older than the policy allows; nonces, balances or owners may have changed.',
    acknowledgement: 'I accept that the chain state is older than the policy allows.',
  },
  'segwit-input-without-previous-tx': {
    severity: 'high',
    disposition: 'acknowledge',
    sentence:
      'A segwit v0 input comes without its previous transaction, so its amount is only the coordinator\'s word: a lying coordinator can make the real fee larger than the one shown (the fee-amount attack).',
    acknowledgement: 'I have checked the amount of every input against our own record of the coins it spends.',
  },
  'sighash-not-all': {
    severity: 'high',
    disposition: 'acknowledge',
    sentence: 'An input asks for a signature that does not cover the whole transaction (not SIGHASH_ALL): inputs or outputs could be changed after the vault signs.',
    acknowledgement: 'I know why this input is signed with a partial sighash and accept that parts of the transaction can change.',
  },
  'fee-above-bound': {
    severity: 'high',
    disposition: 'acknowledge',
    sentence: 'The fee is above 1,000 sat/vB, or above a tenth of what the inputs hold (and at least 100,000 sats).',
    acknowledgement: 'I have checked the Bitcoin fee and accept paying it.',
  },
  // Bitcoin Core's sendrawtransaction refuses the same by default (maxburnamount 0); a treasury has no use for it.
  'output-burns': {
    severity: 'critical',
    disposition: 'acknowledge',
    sentence: 'An output sends sats to a script no one can ever spend (OP_RETURN, or longer than consensus allows): they are destroyed, not paid to anyone.',
    acknowledgement: 'I intend to destroy these sats: no one will ever receive them.',
  },
  // --- Shown, not blocking -------------------------------------------------------------------------------------
  'legacy-domain-replayable': {
    severity: 'medium',
    disposition: 'inform',
    sentence: 'Signatures of this Safe version do not include the chain id.',
  },
  'nonce-gap': {
    severity: 'medium',
    disposition: 'inform',
    sentence: 'The nonce is above the next one, so the transaction waits until the ones before it are used.',
  },
  'safe-signatures-unchecked': {
    severity: 'medium',
    disposition: 'inform',
    sentence: 'The Safe\'s version, owners and threshold were not given, so the owner signatures were not checked offline.',
  },
  'change-unverified': {
    severity: 'medium',
    disposition: 'inform',
    sentence: 'An output names the vault\'s key on a path of no registered account or wallet, so it cannot be verified as change and is shown as a payment out.',
  },
  'inputs-not-ours': {
    severity: 'info',
    disposition: 'inform',
    sentence: 'Some inputs are not the vault\'s to sign; they are shown, and left to their own signers.',
  },
} as const satisfies Record<string, Rule>;

export type WarningCode = keyof typeof RULES;

export interface Warning {
  code: WarningCode;
  severity: Severity;
  message: string;
}

/** The one way to raise a warning: its severity comes from the table, its message names the specifics. */
export function warning(code: WarningCode, message: string): Warning {
  return { code, severity: RULES[code].severity, message };
}

export function isWarningCode(code: string): code is WarningCode {
  return Object.prototype.hasOwnProperty.call(RULES, code);
}

export function ruleOf(code: WarningCode): Rule {
  return RULES[code];
}

/** What the signer confirms by ticking an acknowledgeable code (its sentence when it has no label of its own). */
export function acknowledgementLabel(code: WarningCode): string {
  const rule: Rule = RULES[code];
  return rule.acknowledgement ?? rule.sentence;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, info: 3 };

/** The warnings most severe first, in their original order within one severity, exact repeats dropped. */
export function bySeverity(warnings: readonly Warning[]): Warning[] {
  const seen = new Set<string>();
  const unique = warnings.filter((w) => {
    const key = `${w.code}\u0000${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique
    .map((w, i) => [w, i] as const)
    .sort(([a, i], [b, j]) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || i - j)
    .map(([w]) => w);
}

export interface Assessment {
  /** The warnings that forbid signing. */
  blocking: Warning[];
  /** The codes the signer must acknowledge, each once, in the order of the warnings. */
  acknowledgementsRequired: WarningCode[];
}

/** What the table says of a review's warnings: which block, which need an acknowledgement. */
export function assess(warnings: readonly Warning[]): Assessment {
  const blocking = warnings.filter((w) => RULES[w.code].disposition === 'block');
  const acknowledgementsRequired = [...new Set(warnings.filter((w) => RULES[w.code].disposition === 'acknowledge').map((w) => w.code))];
  return { blocking, acknowledgementsRequired };
}

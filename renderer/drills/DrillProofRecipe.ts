// How an auditor checks a drill proof with no Airlock at all: the exact message (its lines, joined by one line feed),
// its EIP-191 hash, the address any EIP-191 verifier must recover (e.g. `cast wallet verify`), the BIP-322 signature of
// the same message where the vault has a Bitcoin treasury account, and only then Airlock's own `drill verify`.
import type { DrillResultJson } from '../../shared/bridge';
import { DRILL_PROOF_UR_TYPE } from '../../shared/airgap/airlock-types';
import { toHex } from '../../shared/bytes';
import { hashPersonalMessage } from '../../shared/evm/eip712';
import { el } from '../app/dom';

type Proof = NonNullable<DrillResultJson['proof']>;

/**
 * A shell line on its own line of the report; its words never break inside (a "--" split over two lines reads as
 * one dash), only the last part (a signature) may wrap.
 */
function command(parts: readonly string[], wrapping = ''): HTMLElement {
  return el('code', { className: 'drill-report-command' }, [...parts.map((p) => el('span', { className: 'nowrap' }, [p])), wrapping ? el('span', { className: 'hash' }, [wrapping]) : null]);
}

export function drillProofRecipe(proof: Proof): HTMLElement {
  const lines = proof.statement.split('\n').length;
  const digest = toHex(hashPersonalMessage(proof.statement));
  const code = (text: string, testid?: string) => el('code', { className: 'hash', ...(testid ? { testid } : {}) }, [text]);
  return el('section', { className: 'drill-report-recipe', testid: 'drill-proof-recipe', attrs: { 'aria-labelledby': 'drill-recipe-heading' } }, [
    el('h3', { attrs: { id: 'drill-recipe-heading' } }, ['Check this proof without Airlock']),
    el('ol', {}, [
      el('li', {}, [
        `The signed message is the statement above, exactly: its ${lines} lines joined by one line feed (LF), with no line feed after the last line. ` +
          'Save it as statement.txt. Its EIP-191 (personal_sign) hash must be ',
        code(digest, 'drill-proof-digest'),
        '; any other value means the message was copied wrongly. Foundry’s cast prints it with',
        command(['cast hash-message "$(cat statement.txt)"']),
      ]),
      el('li', { testid: 'drill-proof-recipe-eip191' }, [
        'Paste the message and the signature into any EIP-191 verifier. It must recover ',
        code(proof.address),
        ', one of the registered accounts listed above. With Foundry’s cast:',
        command(['cast wallet verify ', `--address ${proof.address} `, '"$(cat statement.txt)" '], proof.signature),
      ]),
      proof.bitcoin
        ? el('li', { testid: 'drill-proof-recipe-bip322' }, [
            'The same message is signed with BIP-322 (simple) by ',
            code(proof.bitcoin.address),
            ` (Bitcoin ${proof.bitcoin.network}, receive address 0 of the vault’s Bitcoin treasury account): signature `,
            code(proof.bitcoin.signature),
            '. Any BIP-322 verifier checks it against that address.',
          ])
        : null,
      el('li', {}, [
        'If you gave the vault a challenge, the statement’s Challenge line must read it exactly. Its Drill, Participants, Failed shares, RTO, ' +
          'Snapshot, Block hash, Relay key and Outcome lines are this report’s figures, as signed.',
      ]),
      el('li', {}, [
        'With Airlock (optional): scan the code (UR type ',
        el('code', { className: 'nowrap' }, [DRILL_PROOF_UR_TYPE]),
        ') or paste the proof into ',
        el('code', { className: 'nowrap' }, ['airlock drill verify --challenge <yours>']),
        '; with the vault file (--db) it also checks the audit log still holds the head the proof sealed. Keep the checkpoint key for ',
        el('code', { className: 'nowrap' }, ['airlock audit verify --checkpoint-key']),
        '.',
      ]),
    ]),
  ]);
}

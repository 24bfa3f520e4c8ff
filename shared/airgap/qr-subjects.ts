// What each QR code crossing the air gap is, in the treasury's words: the one table every scanner prompt, scanner
// direction line, wrong-type refusal and "show this to…" line reads, so a key holder never sees a type name such as
// "slip39-share-words" where "a share card's QR code" is meant.

/** Where a QR hop starts or ends. */
export type QrEnd = 'vault' | 'relay' | 'wallet' | 'card';

/** The other end of a hop, as the largest line on a QR screen says it ("Show this to the RELAY (online)"). */
export const QR_END_NAMES: Readonly<Record<QrEnd, string>> = {
  vault: 'the VAULT (offline)',
  relay: 'the RELAY (online)',
  wallet: 'the WALLET that asked',
  card: "a holder's SHARE CARD",
};

export interface QrSubject {
  /** The QR code as a noun phrase a key holder recognises: "a signed chain snapshot's QR code". */
  phrase: string;
  /** Where a code of this type is shown from. */
  from: QrEnd;
}

/** Every UR type and plain-text payload a scanner in Airlock can be asked to expect. */
export const QR_SUBJECTS: Readonly<Record<string, QrSubject>> = {
  'slip39-share-words': { phrase: "a share card's QR code", from: 'card' },
  'eth-sign-request': { phrase: "the wallet's signing-request QR code", from: 'wallet' },
  'eth-signature': { phrase: "the vault's signature QR code", from: 'vault' },
  'crypto-psbt': { phrase: 'the QR code of the Bitcoin transaction to sign (PSBT)', from: 'wallet' },
  'crypto-hdkey': { phrase: "the vault's watch-only account QR code", from: 'vault' },
  'crypto-account': { phrase: "the vault's watch-only accounts QR code", from: 'vault' },
  'crypto-output': { phrase: "the vault's watch-only Bitcoin wallet QR code", from: 'vault' },
  bytes: { phrase: "the vault's signed transaction QR code", from: 'vault' },
  'airlock-raw-tx': { phrase: "the vault's signed transaction QR code", from: 'vault' },
  'airlock-snapshot': { phrase: "the relay's signed chain snapshot QR code", from: 'relay' },
  'airlock-snapshot-set': { phrase: "the relay's signed snapshots of several chains QR code", from: 'relay' },
  'airlock-signed-set': { phrase: "the vault's signed results for several chains QR code", from: 'vault' },
  'airlock-relay-key': { phrase: "the relay's pairing key QR code", from: 'relay' },
  'airlock-drill-proof': { phrase: "the vault's signed drill proof QR code", from: 'vault' },
  'airlock-watch-list': { phrase: "the vault's watch list QR code", from: 'vault' },
  'airlock-safe-signature': { phrase: "a Safe owner's signature QR code", from: 'vault' },
  'airlock-safe-bundle': { phrase: "the relay's bundle of Safe signatures QR code", from: 'relay' },
  'airlock-simulation-request': { phrase: "the vault's draft-to-simulate QR code", from: 'vault' },
  'airlock-simulation-report': { phrase: "the relay's simulation report QR code", from: 'relay' },
};

/** The phrase for a type; a type outside the table is named, quoted, as a QR code of another kind. */
export function qrPhrase(type: string): string {
  return QR_SUBJECTS[type.toLowerCase()]?.phrase ?? `a QR code of another kind ("${type}")`;
}

/** "a, b or c" of the phrases for the types a screen accepts. */
export function qrPhrases(types: readonly string[]): string {
  const phrases = [...new Set(types.map(qrPhrase))];
  return phrases.length <= 1 ? (phrases[0] ?? 'the QR code for this step') : `${phrases.slice(0, -1).join(', ')} or ${phrases[phrases.length - 1]}`;
}

/** The scanner's direction line: "Scan from the RELAY (online)"; types from several ends name each. */
export function scanDirection(types: readonly string[]): string {
  const ends = [...new Set(types.map((type) => QR_SUBJECTS[type.toLowerCase()]?.from).filter((end): end is QrEnd => end !== undefined))];
  if (ends.length === 0) return 'Scan the QR code for this step';
  return `Scan from ${ends.map((end) => QR_END_NAMES[end]).join(' or ')}`;
}

/** The QR screen's direction line: "Show this to the RELAY (online)". */
export function showDirection(to: QrEnd): string {
  return `Show this to ${QR_END_NAMES[to]}`;
}

/** The wrong-type refusal's sentence, in the table's words. */
export function wrongQrSentence(got: string, expected: readonly string[]): string {
  return `This is ${qrPhrase(got)}, but this step needs ${qrPhrases(expected)}. Show that QR code instead.`;
}

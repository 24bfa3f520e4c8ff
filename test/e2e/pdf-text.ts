// Reading a printed PDF back as a person would: each page's text as pdftotext (poppler-utils) extracts it.
import { execFileSync } from 'node:child_process';

/** Each page's text as pdftotext reads the PDF (pages end with a form feed), whitespace runs made one space. */
export function pdfPages(file: string): string[] {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  // NFKC: a ligature glyph ("ﬁ" in "first") reads as its letters.
  return text.split('\f').slice(0, -1).map((page) => page.normalize('NFKC').replace(/\s+/g, ' ').trim());
}

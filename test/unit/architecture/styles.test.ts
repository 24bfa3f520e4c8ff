// Checks the stylesheet rules over renderer/styles/ (tokens are the only colour set, one :root, print and buttons each
// in one sheet, a fixed import order), and that each rule catches a planted violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { declarations, PRINT, SHEETS_DIR, STYLE_RULES, TOKENS, type Sheet } from './style-rules';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const read = (path: string): Sheet => ({ path, text: readFileSync(join(root, path), 'utf8') });
const sheets: Sheet[] = readdirSync(join(root, SHEETS_DIR)).filter((f) => f.endsWith('.css')).sort().map((f) => read(`${SHEETS_DIR}/${f}`));
const entry = read('renderer/styles.css');

test('the rules see the token sheet, the print sheet and a sheet per room', () => {
  const paths = sheets.map((s) => s.path);
  for (const room of ['custody', 'transactions', 'airgap', 'snapshots', 'drills', 'relay', 'ui']) {
    assert.ok(paths.some((p) => p.startsWith(`${SHEETS_DIR}/${room}`)), room);
  }
  assert.ok(paths.includes(TOKENS) && paths.includes(PRINT));
  assert.ok(declarations(sheets.find((s) => s.path === TOKENS)!).some((d) => d.property === '--ink'));
});

for (const rule of STYLE_RULES) {
  test(`${rule.id}: ${rule.what}`, () => {
    assert.deepEqual(rule.check(sheets, entry), []);
  });
}

const plant = (path: string, text: string): Sheet[] => [...sheets, { path, text }];
/** Per rule: the sheets and entry that break it, and the path its violation names. */
const PLANTED: Record<string, { sheets: Sheet[]; entry?: Sheet; path: string }> = {
  'colours-only-in-tokens': {
    sheets: plant(`${SHEETS_DIR}/relay-bad.css`, '.a { color: #fff; }\n.b { border: 1px solid rgb(0 0 0 / 50%); }\n.c { background: var(--card, White); }'),
    path: `${SHEETS_DIR}/relay-bad.css`,
  },
  'spacing-from-tokens': { sheets: plant(`${SHEETS_DIR}/relay-bad.css`, '.a { margin: 0 4px; }\n.b { gap: var(--space-8) 1rem; }'), path: `${SHEETS_DIR}/relay-bad.css` },
  'one-root-in-tokens': { sheets: plant(`${SHEETS_DIR}/ui-bad.css`, ':root { --ink: #000; }\n.x { --local: 1px; }'), path: `${SHEETS_DIR}/ui-bad.css` },
  'every-var-names-a-token': { sheets: plant(`${SHEETS_DIR}/drills-bad.css`, '.x { color: var(--muted); font-family: var(--mono, monospace); }'), path: `${SHEETS_DIR}/drills-bad.css` },
  'print-only-in-print-sheet': { sheets: plant(`${SHEETS_DIR}/drills-bad.css`, '@media print { .x { display: none; } }\n@page { margin: 0; }'), path: `${SHEETS_DIR}/drills-bad.css` },
  'buttons-styled-in-one-sheet': { sheets: plant(`${SHEETS_DIR}/transactions-bad.css`, '.draft .button-primary { margin: 4px; padding: 0; }'), path: `${SHEETS_DIR}/transactions-bad.css` },
  'entry-imports-every-sheet-in-order': {
    sheets,
    entry: { path: entry.path, text: entry.text.replace('@import "./styles/tokens.css";', '').replace('@import "./styles/print.css";', '@import "./styles/print.css";\n.x { color: var(--ink); }') },
    path: entry.path,
  },
};

test('every style rule reports its planted violation, and comments or label strings are not mistaken for colours', () => {
  assert.deepEqual(Object.keys(PLANTED).sort(), STYLE_RULES.map((r) => r.id).sort());
  const innocent = plant(`${SHEETS_DIR}/ui-innocent.css`, '/* color: red; :root { } @media print */\n.x { content: "red or white"; white-space: nowrap; color: var(--ink); border-color: transparent; padding: 0 var(--space-4) 0 1.6em; margin: calc(-1 * var(--space-8)) auto 0; }');
  for (const rule of STYLE_RULES) {
    const planted = PLANTED[rule.id]!;
    const found = rule.check(planted.sheets, planted.entry ?? entry);
    assert.ok(found.some((v) => v.startsWith(planted.path)), `${rule.id} missed ${planted.path}: ${JSON.stringify(found)}`);
    if (rule.id !== 'entry-imports-every-sheet-in-order') assert.deepEqual(rule.check(innocent, entry), [], `${rule.id} flagged a comment or string`);
  }
});

test('a literal colour is caught in every spelling, and a colour word inside a longer name is not', () => {
  const rule = STYLE_RULES.find((r) => r.id === 'colours-only-in-tokens')!;
  const caught = ['#abc', '#a1b2c3d4', 'rgba(0,0,0,.5)', 'hsl(10 20% 30%)', 'oklch(0.5 0.1 20)', 'color-mix(in srgb, red 20%, transparent)', 'CanvasText', 'Gray'];
  for (const value of caught) {
    assert.equal(rule.check(plant(`${SHEETS_DIR}/x.css`, `.x { color: ${value}; }`), entry).length, 1, value);
  }
  for (const value of ['var(--danger-soft)', 'currentColor', 'transparent', 'color-mix(in srgb, var(--accent) 25%, transparent)', 'var(--highlight)']) {
    assert.deepEqual(rule.check(plant(`${SHEETS_DIR}/x.css`, `.x { color: ${value}; white-space: nowrap; }`), entry), [], value);
  }
});

test('a px spacing is caught in every spacing property and in a negative, and mm is paper geometry only in print.css', () => {
  const rule = STYLE_RULES.find((r) => r.id === 'spacing-from-tokens')!;
  for (const declaration of ['margin-top: 3px', 'padding: 0 0 0 18px', 'gap: 0 10px', 'column-gap: 1px', 'margin: -6px 0 0', 'padding-inline: 0.5rem', 'row-gap: 2mm']) {
    assert.equal(rule.check(plant(`${SHEETS_DIR}/x.css`, `.x { ${declaration}; }`), entry).length, 1, declaration);
  }
  const paper = '@media print { .x { padding: 5mm 7mm; margin: 0 auto; } }';
  assert.deepEqual(rule.check([...sheets.filter((s) => s.path !== PRINT), { path: PRINT, text: paper }], entry), []);
  assert.equal(rule.check(plant(`${SHEETS_DIR}/x.css`, paper), entry).length, 2);
  // Lengths that are not spacing (a border, a width, a brand mark's inset) are left to the sheets.
  assert.deepEqual(rule.check(plant(`${SHEETS_DIR}/x.css`, '.x { border-left: 4px solid; width: 30px; inset: 6px; border-radius: 10px; }'), entry), []);
});

// The stylesheet rules as data: each takes the sheets under renderer/styles/ and the entry renderer/styles.css and
// returns its violations, so the test runs them over the repository and over planted sheets that break each one.
import { posix } from 'node:path';

export interface Sheet {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}

export interface StyleRule {
  id: string;
  what: string;
  check(sheets: readonly Sheet[], entry: Sheet): string[];
}

export const SHEETS_DIR = 'renderer/styles';
export const TOKENS = `${SHEETS_DIR}/tokens.css`;
export const PRINT = `${SHEETS_DIR}/print.css`;
export const BUTTONS = `${SHEETS_DIR}/buttons.css`;
/** Custom properties the renderer sets at run time (Drills.ts: the printed report's footer), always read with a fallback. */
const RUNTIME_PROPERTIES = new Set(['--drill-print-label']);

/** CSS named and system colours; `transparent` and `currentColor` are not a colour of their own and stay allowed. */
const NAMED_COLOURS = (
  'aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood cadetblue ' +
  'chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey ' +
  'darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray ' +
  'darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen ' +
  'fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki lavender ' +
  'lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey ' +
  'lightpink lightsalmon lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen ' +
  'magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen ' +
  'mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab orange ' +
  'orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple ' +
  'rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue slategray ' +
  'slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen ' +
  'canvas canvastext linktext visitedtext activetext buttonface buttontext buttonborder field fieldtext highlight highlighttext ' +
  'selecteditem selecteditemtext mark marktext graytext accentcolor accentcolortext'
).split(' ');
const LITERAL_COLOUR = new RegExp(
  `#[0-9a-f]{3,8}(?![\\w-])|(?<![\\w-])(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\\(|(?<![\\w-])(?:${NAMED_COLOURS.join('|')})(?![\\w-])`,
  'i',
);

export interface Declaration {
  path: string;
  /** The selector or at-rule preludes this declaration sits under, outermost first. */
  within: string[];
  property: string;
  value: string;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
}

/** Every declaration of a sheet, with the selectors and at-rules around it (our sheets put no braces in strings). */
export function declarations(sheet: Sheet): Declaration[] {
  const text = stripComments(sheet.text);
  const out: Declaration[] = [];
  const within: string[] = [];
  let start = 0;
  const flush = (end: number): void => {
    for (const part of text.slice(start, end).split(';')) {
      const colon = part.indexOf(':');
      if (colon > 0 && within.length > 0) out.push({ path: sheet.path, within: [...within], property: part.slice(0, colon).trim(), value: part.slice(colon + 1).trim() });
    }
  };
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') {
      const prelude = text.slice(start, i);
      const lastSemi = prelude.lastIndexOf(';');
      if (lastSemi >= 0) flush(start + lastSemi);
      within.push(prelude.slice(lastSemi + 1).trim());
      start = i + 1;
    } else if (text[i] === '}') {
      flush(i);
      within.pop();
      start = i + 1;
    }
  }
  return out;
}

/** The properties that space things apart: margins, paddings and gaps, in every longhand. */
const SPACING_PROPERTY = /^(?:margin|padding)(?:-[a-z-]+)?$|^(?:row-|column-)?gap$/;
/** Each number in a value with its unit (the digits of a token's name are gone: valueCode drops var() names). */
const LENGTH = /(?<![\w-])-?(?:\d+\.?\d*|\.\d+)([a-z%]*)/gi;
/** A spacing length a sheet may write itself: 0, a unitless factor (calc(-1 * ...)), em (on purpose relative to the
    text: a hanging indent), and mm in print.css only (the paper's geometry, not the screen's spacing). */
const spacingLengthAllowed = (path: string, length: string, unit: string): boolean =>
  Number.parseFloat(length) === 0 || unit === '' || unit.toLowerCase() === 'em' || (path === PRINT && unit.toLowerCase() === 'mm');

const isTokens = (s: Sheet): boolean => s.path === TOKENS;
const where = (d: Declaration): string => `${d.path}: ${[...d.within, d.property].join(' > ')}`;
/** A value without its strings and var() names, where a colour word could only be the text of a label. */
const valueCode = (value: string): string => value.replace(/"[^"]*"|'[^']*'/g, '""').replace(/var\(\s*--[\w-]+/g, 'var(');

export const STYLE_RULES: readonly StyleRule[] = [
  {
    id: 'colours-only-in-tokens',
    what: 'no sheet but tokens.css writes a colour literally (hex, rgb()/hsl()/... or a colour name), in a value or a var() fallback',
    check: (sheets) =>
      sheets.filter((s) => !isTokens(s)).flatMap(declarations).filter((d) => LITERAL_COLOUR.test(valueCode(d.value))).map((d) => `${where(d)}: ${d.value}`),
  },
  {
    id: 'spacing-from-tokens',
    what: 'spacing comes from the spacing tokens: no px (or other) length in margin/padding/gap outside tokens.css, but 0, em, and mm in print.css',
    check: (sheets) =>
      sheets
        .filter((s) => !isTokens(s))
        .flatMap(declarations)
        .filter((d) => SPACING_PROPERTY.test(d.property))
        .flatMap((d) => [...valueCode(d.value).matchAll(LENGTH)].filter(([length, unit]) => !spacingLengthAllowed(d.path, length, unit!)).map(([length]) => `${where(d)}: ${length} is no spacing token`)),
  },
  {
    id: 'one-root-in-tokens',
    what: 'the one :root block is in tokens.css, and it is the only sheet that declares custom properties',
    check: (sheets) => {
      const roots = sheets.flatMap((s) => [...stripComments(s.text).matchAll(/:root\b/g)].map(() => s.path));
      const problems = roots.filter((p) => p !== TOKENS).map((p) => `${p}: a :root outside ${TOKENS}`);
      if (roots.filter((p) => p === TOKENS).length !== 1) problems.push(`${TOKENS}: ${roots.filter((p) => p === TOKENS).length} :root blocks, not 1`);
      const custom = sheets.filter((s) => !isTokens(s)).flatMap(declarations).filter((d) => d.property.startsWith('--'));
      return [...problems, ...custom.map((d) => `${where(d)}: a custom property outside ${TOKENS}`)];
    },
  },
  {
    id: 'every-var-names-a-token',
    what: 'every var() names a token from tokens.css (an undefined name would silently fall back), or a run-time property with a fallback',
    check: (sheets) => {
      const tokens = new Set(sheets.filter(isTokens).flatMap(declarations).filter((d) => d.property.startsWith('--')).map((d) => d.property));
      return sheets.flatMap(declarations).flatMap((d) =>
        [...d.value.matchAll(/var\(\s*(--[\w-]+)\s*(,)?/g)]
          .filter(([, name, comma]) => !tokens.has(name!) && !(RUNTIME_PROPERTIES.has(name!) && comma))
          .map(([, name]) => `${where(d)}: ${name} is no token`),
      );
    },
  },
  {
    id: 'print-only-in-print-sheet',
    what: 'the paper layout (@media print, @page) is written only in print.css',
    check: (sheets) =>
      sheets.filter((s) => s.path !== PRINT).flatMap((s) => [...stripComments(s.text).matchAll(/@media[^{]*\bprint\b|@page\b/g)].map((m) => `${s.path}: ${m[0].trim()}`)),
  },
  {
    id: 'buttons-styled-in-one-sheet',
    what: 'a button look (.button and its variants) is written only in buttons.css; another sheet may only place a button (margins)',
    check: (sheets) =>
      sheets
        .filter((s) => s.path !== BUTTONS)
        .flatMap(declarations)
        .filter((d) => /\.button(?![\w-])|\.button-[\w-]+/.test(d.within[d.within.length - 1] ?? '') && !/^margin(-|$)/.test(d.property))
        .map((d) => `${where(d)}: button look outside ${BUTTONS}`),
  },
  {
    id: 'entry-imports-every-sheet-in-order',
    what: 'renderer/styles.css only imports, each sheet once, tokens first and print last (build/bundle.mjs inlines them in that order)',
    check: (sheets, entry) => {
      const code = stripComments(entry.text).trim();
      const imports = [...code.matchAll(/@import\s+"\.\/([^"]+)";/g)].map((m) => m[1]!);
      const problems: string[] = [];
      if (code.replace(/@import\s+"\.\/[^"]+";/g, '').trim() !== '') problems.push(`${entry.path}: holds more than @import lines`);
      const names = sheets.map((s) => posix.relative('renderer', s.path));
      for (const n of names) if (imports.filter((i) => i === n).length !== 1) problems.push(`${entry.path}: imports ${n} ${imports.filter((i) => i === n).length} times`);
      for (const i of imports) if (!names.includes(i)) problems.push(`${entry.path}: imports ${i}, which is not a sheet`);
      if (imports[0] !== posix.relative('renderer', TOKENS)) problems.push(`${entry.path}: tokens.css is not first`);
      if (imports[imports.length - 1] !== posix.relative('renderer', PRINT)) problems.push(`${entry.path}: print.css is not last`);
      return problems;
    },
  },
];

// Reads our TypeScript sources into facts the architecture test checks: imports (and whether they
// are type-only), calls and property accesses, from the TypeScript AST so comments and strings never count.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

export interface ImportFact {
  specifier: string;
  /** `import type` / all-type specifiers: erased at compile time, never loaded. */
  typeOnly: boolean;
  line: number;
}

export interface SourceFacts {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  imports: ImportFact[];
  /** Dotted names of every call and `new` target: `eval`, `shell.openExternal`, `ipcMain.handle`... */
  calls: Array<{ name: string; isNew: boolean; line: number }>;
  /** Every `.name` property access or assignment target, by property name. */
  properties: Array<{ name: string; line: number }>;
  /** Identifiers named in `import { x } from 'electron'` (value imports only). */
  electronBindings: string[];
}

export function listSources(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return out.sort();
}

export function scanSource(root: string, file: string): SourceFacts {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const facts: SourceFacts = { path: relative(root, file).split(sep).join('/'), imports: [], calls: [], properties: [], electronBindings: [] };
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) recordImport(facts, node, line(node));
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      facts.imports.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly, line: line(node) });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      facts.imports.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly, line: line(node) });
    } else if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      recordCall(facts, node, line(node));
    } else if (ts.isPropertyAccessExpression(node)) {
      facts.properties.push({ name: node.name.text, line: line(node) });
    } else if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression)) {
      facts.properties.push({ name: node.argumentExpression.text, line: line(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return facts;
}

function recordImport(facts: SourceFacts, node: ts.ImportDeclaration, line: number): void {
  const specifier = (node.moduleSpecifier as ts.StringLiteral).text;
  const clause = node.importClause;
  const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
  const allNamedTypeOnly = !!named && named.length > 0 && named.every((e) => e.isTypeOnly) && !clause?.name;
  const typeOnly = !!clause && (clause.isTypeOnly || allNamedTypeOnly);
  facts.imports.push({ specifier, typeOnly, line });
  if (specifier === 'electron' && !typeOnly) {
    for (const element of named ?? []) if (!element.isTypeOnly) facts.electronBindings.push((element.propertyName ?? element.name).text);
    if (clause?.name || (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings))) facts.electronBindings.push('*');
  }
}

function recordCall(facts: SourceFacts, node: ts.CallExpression | ts.NewExpression, line: number): void {
  const callee = node.expression;
  if (ts.isCallExpression(node) && callee.kind === ts.SyntaxKind.ImportKeyword) {
    const [arg] = node.arguments;
    facts.imports.push({ specifier: arg && ts.isStringLiteralLike(arg) ? arg.text : '<dynamic>', typeOnly: false, line });
    return;
  }
  const name = dottedName(callee);
  if (name === null) return;
  if (name === 'require') {
    const [arg] = node.arguments ?? [];
    facts.imports.push({ specifier: arg && ts.isStringLiteralLike(arg) ? arg.text : '<dynamic>', typeOnly: false, line });
  }
  facts.calls.push({ name, isNew: ts.isNewExpression(node), line });
}

/** `a.b.c` for identifiers and property chains (globalThis.x, window.y included); null otherwise. */
function dottedName(node: ts.Expression): string | null {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) {
    const left = dottedName(node.expression);
    return left === null ? node.name.text : `${left}.${node.name.text}`;
  }
  if (ts.isParenthesizedExpression(node)) return dottedName(node.expression);
  return null;
}

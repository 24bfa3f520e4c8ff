// Tests the Content-Security-Policy: parsed back, every directive compared with SECURITY.md H-04.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY, KNOWN_CSP_DIRECTIVES, parseCsp } from '../../../../main/window/csp';

// Copied by hand from SECURITY.md H-04, with the 'wasm-unsafe-eval' it allows once a local wasm decoder is adopted
// (zxing-wasm, issue 18): the test fails if the table drifts from the checklist.
const H04 =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

test('H-04 the policy is exactly the checklist, directive by directive', () => {
  const ours = parseCsp(CONTENT_SECURITY_POLICY);
  const checklist = parseCsp(H04);
  assert.deepEqual([...ours.keys()].sort(), [...checklist.keys()].sort());
  for (const [name, sources] of checklist) assert.deepEqual(ours.get(name), sources, name);
});

test('H-04 every directive name is one CSP defines (typos are silently ignored by browsers)', () => {
  for (const name of parseCsp(CONTENT_SECURITY_POLICY).keys()) assert.ok(KNOWN_CSP_DIRECTIVES.has(name), name);
});

test('H-04 no source that would let code or data in from elsewhere', () => {
  const ours = parseCsp(CONTENT_SECURITY_POLICY);
  for (const [name, sources] of ours) {
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'ws:', 'wss:', 'file:']) {
      assert.ok(!sources.includes(bad), `${name} allows ${bad}`);
    }
  }
  assert.deepEqual(ours.get('connect-src'), ["'none'"]);
  assert.deepEqual(ours.get('default-src'), ["'none'"]);
});

test("H-04 'wasm-unsafe-eval' is in script-src alone, beside 'self' only: wasm compiles, JS eval and remote code do not", () => {
  const ours = parseCsp(CONTENT_SECURITY_POLICY);
  const withWasm = [...ours].filter(([, sources]) => sources.includes("'wasm-unsafe-eval'")).map(([name]) => name);
  assert.deepEqual(withWasm, ['script-src']);
  assert.deepEqual(ours.get('script-src'), ["'self'", "'wasm-unsafe-eval'"]);
  // worker-src and script-src-elem would override script-src for the decoder's worker: neither is set.
  assert.ok(!ours.has('worker-src') && !ours.has('script-src-elem'));
});

test('H-04 the parser catches what a browser would silently mishandle', () => {
  assert.throws(() => parseCsp("script-src 'self'; script-src *"), /appears twice/);
  const parsed = parseCsp("  Default-Src   'none' ;;img-src\t'self'  ");
  assert.deepEqual([...parsed.entries()], [['default-src', ["'none'"]], ['img-src', ["'self'"]]]);
  assert.ok(!KNOWN_CSP_DIRECTIVES.has('conect-src'));
});

test("H-04 renderer/index.html's meta policy is the same policy as the header", () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
  const html = readFileSync(join(root, 'renderer', 'index.html'), 'utf8');
  const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)];
  assert.equal(metas.length, 1, 'exactly one CSP meta tag');
  const meta = parseCsp(metas[0]![1]!);
  const header = parseCsp(CONTENT_SECURITY_POLICY);
  // frame-ancestors is ignored in a meta tag (the header carries it), but keeping it does no harm.
  assert.deepEqual([...meta.entries()].sort(), [...header.entries()].sort());
});

// Checks the shipped bundles' module graphs, as esbuild recorded them while building dist/: the vault's process
// and the CLI's vault commands load no relay and no RPC code (SECURITY H-26); only the relay's bundles hold it. And the
// renderer's QR decoder carries its wasm inside the bundle, with no address to fetch one from (H-04), and its one
// stylesheet holds the sheets under renderer/styles/ in a fixed order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDir, tempDir } from '../../helpers/temp';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Metafile {
  inputs: Record<string, { imports: { path: string; kind: string }[] }>;
}

function buildGraphs(): Record<string, Metafile> {
  const file = join(tempDir('airlock-bundles-'), 'graphs.json');
  const outdir = `--outdir=${buildDir(root)}`;
  const run = spawnSync(process.execPath, ['build/bundle.mjs', 'main', 'cli', outdir, `--metafile=${file}`], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, Metafile>;
}

const graphs = buildGraphs();
/** Relay or RPC code: its services and SQL, its composition root and CLI commands. */
const RELAY = /^main\/(services\/relay\/|relay-services\.ts$|relay-main\.ts$|cli\/commands\/relay\.ts$|cli\/relay-program\.ts$|db\/relay\.ts$|db\/safe-signatures\.ts$)/;
const relayInputs = (bundle: string) => Object.keys(graphs[bundle]!.inputs).filter((path) => RELAY.test(path));

test('H-26 the vault process\'s bundle (dist/main-vault.cjs) has no relay or RPC module in it', () => {
  assert.ok(Object.keys(graphs['main-vault.cjs']!.inputs).includes('main/vault-services.ts'), 'it is the vault\'s bundle');
  assert.deepEqual(relayInputs('main-vault.cjs'), []);
});

test('H-26 the Electron entry (dist/main.cjs) holds neither mode\'s services: it only picks the mode\'s bundle', () => {
  const inputs = Object.keys(graphs['main.cjs']!.inputs);
  assert.deepEqual(relayInputs('main.cjs'), []);
  assert.ok(!inputs.some((path) => path.startsWith('main/services/') || path.startsWith('main/db/')), inputs.join(', '));
});

test('H-26 the airlock binary (dist/cli.cjs) has no relay or RPC module: the relay commands live in dist/cli-relay.cjs', () => {
  assert.ok(Object.keys(graphs['cli.cjs']!.inputs).includes('main/cli/commands/vault.ts'));
  assert.deepEqual(relayInputs('cli.cjs'), []);
});

test('H-26 the check sees relay code where it belongs: the relay\'s bundles hold the RPC client', () => {
  for (const bundle of ['main-relay.cjs', 'cli-relay.cjs']) {
    assert.ok(relayInputs(bundle).includes('main/services/relay/rpc.ts'), bundle);
    assert.ok(!Object.keys(graphs[bundle]!.inputs).includes('main/vault-services.ts'), `${bundle} holds no vault root`);
  }
});

/** Builds the renderer as the app ships it and returns its folder. */
function buildRenderer(): string {
  const outdir = buildDir(root);
  const run = spawnSync(process.execPath, ['build/bundle.mjs', 'renderer', `--outdir=${outdir}`], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return join(outdir, 'renderer');
}
/** Built once, before the tests (its folder is removed after them all), for every test that reads it. */
const renderer = buildRenderer();

test('H-04 the built QR worker holds zxing-wasm\'s reader .wasm byte for byte, and no renderer file can fetch one', () => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  assert.ok(wasm.length > 100_000 && wasm.subarray(0, 4).equals(Buffer.from('\0asm')), 'the package\'s reader wasm');
  const files = readdirSync(renderer);
  assert.ok(readFileSync(join(renderer, 'qr-decode.worker.js'), 'utf8').includes(wasm.toString('base64')), 'the .wasm is inside the worker script');
  // Nothing to fetch: no .wasm file beside the scripts, no CDN, no http(s) address of a .wasm in any shipped file.
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')), []);
  for (const file of files) {
    const text = readFileSync(join(renderer, file), 'latin1');
    assert.doesNotMatch(text, /jsdelivr|unpkg\.com|cdnjs/i, file);
    assert.doesNotMatch(text, /https?:\/\/[^\s"'`]*\.wasm|https?:\/\/[^\s"'`]*zxing/i, file);
  }
});

test('the built stylesheet is one file holding every sheet in the order renderer/styles.css imports them', () => {
  const css = readFileSync(join(renderer, 'styles.css'), 'utf8');
  const imported = [...readFileSync(join(root, 'renderer/styles.css'), 'utf8').matchAll(/@import "\.\/([^"]+)";/g)].map((m) => `renderer/${m[1]}`);
  assert.ok(imported.length > 10, 'the entry imports the sheets');
  // esbuild heads each inlined file with its path: the page gets them in exactly the entry's order, nothing left to fetch.
  const inlined = [...css.matchAll(/^\/\* (renderer\/styles\/[\w-]+\.css) \*\/$/gm)].map((m) => m[1]);
  assert.deepEqual(inlined, imported);
  assert.doesNotMatch(css, /@import/);
  assert.equal(css.match(/:root\b/g)?.length, 1, 'one :root');
});

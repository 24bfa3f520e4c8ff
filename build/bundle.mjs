// One build for everything that ships: main process, preload, renderer and the CLI, with esbuild.
// esbuild (not electron-vite): one small dependency, no dev server, and plain-Node bundles we test directly.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--outdir=DIR` builds into DIR instead of dist/: tests that check a build make their own, so a parallel test
// never runs a dist/ file while it is being rewritten.
const outdirArg = process.argv.slice(2).find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length);
const out = outdirArg ? resolve(outdirArg) : join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const define = { __AIRLOCK_VERSION__: JSON.stringify(pkg.version) };

mkdirSync(join(out, 'renderer'), { recursive: true });

const node = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: false,
  legalComments: 'none',
  define,
  // Native and Electron modules load at run time: better-sqlite3 is unpacked from the asar.
  external: ['electron', 'better-sqlite3'],
  logLevel: 'warning',
};

/** The renderer's scripts (the page and its QR worker): one self-contained file each for the sandboxed page. */
const browserScript = {
  bundle: true,
  platform: 'browser',
  target: 'chrome130',
  format: 'iife',
  legalComments: 'none',
  logLevel: 'warning',
};

// `node build/bundle.mjs cli renderer` builds only those parts (default: all four). `--metafile=FILE` also writes
// esbuild's module graph of every node bundle to FILE, keyed by bundle (test/unit/build/bundles.test.ts reads it).
const args = process.argv.slice(2);
const metafileOut = args.find((a) => a.startsWith('--metafile='))?.slice('--metafile='.length);
const only = new Set(args.filter((a) => !a.startsWith('--')));
const want = (part) => only.size === 0 || only.has(part);
const graphs = {};
/** Builds one node bundle, keeping its module graph when asked for. */
const bundle = async (options) => {
  const result = await build({ ...node, ...options, metafile: metafileOut !== undefined });
  if (result.metafile) graphs[options.outfile.slice(out.length + 1)] = result.metafile;
};

// better-sqlite3's N-API build needs Node 22+ (it crashes on 20): say so instead of crashing.
const NODE_GUARD = [
  '#!/usr/bin/env node',
  'if (Number(process.versions.node.split(".")[0]) < 22) {',
  '  process.stdout.write(JSON.stringify({ error: { code: "node-too-old", message: "airlock needs Node.js 22 or newer (this is " + process.version + "). Run it through npx or npm scripts in the project, which use the bundled Node 22." } }) + "\\n");',
  '  process.exit(2);',
  '}',
].join('\n');

/** zxing-wasm's locateFile default, a jsDelivr URL of the .wasm (src/share.ts), in the package's built modules. */
const CDN_LOCATE = /`https:\/\/fastly\.jsdelivr\.net\/npm\/zxing-wasm@[^`]*`/;
/**
 * SECURITY(H-04): replaces zxing-wasm's default CDN address with an error, so no shipped file can fetch the decoder
 * from the network even if the worker's own wasmBinary were ever dropped. The build fails if the address is not found
 * (a new version moved it): this must be looked at again, not silently skipped.
 */
const noCdnLocateFile = {
  name: 'zxing-wasm-no-cdn',
  setup(b) {
    b.onLoad({ filter: /[\\/]zxing-wasm[\\/]dist[\\/]es[\\/]share\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      if (!CDN_LOCATE.test(source)) throw new Error(`zxing-wasm's CDN locateFile is not where the build expects it (${path}): check the new version before shipping it.`);
      return { contents: source.replace(CDN_LOCATE, '(() => { throw new Error("zxing-wasm\'s .wasm is bundled: nothing is fetched."); })()'), loader: 'js' };
    });
  },
};

const jobs = [
  // SECURITY(H-26): the `airlock` binary loads the relay's commands (cli-relay.cjs) only for `airlock relay …`.
  want('cli') && bundle({ entryPoints: [join(root, 'main/cli/airlock.ts')], outfile: join(out, 'cli.cjs'), banner: { js: NODE_GUARD } }),
  want('cli') && bundle({ entryPoints: [join(root, 'main/cli/relay-program.ts')], outfile: join(out, 'cli-relay.cjs') }),
  // SECURITY(H-26): Electron starts main.cjs, which loads only its mode's bundle: the vault's holds no relay code.
  want('main') && bundle({ entryPoints: [join(root, 'main/main.ts')], outfile: join(out, 'main.cjs') }),
  want('main') && bundle({ entryPoints: [join(root, 'main/vault-main.ts')], outfile: join(out, 'main-vault.cjs') }),
  want('main') && bundle({ entryPoints: [join(root, 'main/relay-main.ts')], outfile: join(out, 'main-relay.cjs') }),
  // A sandboxed preload may require only 'electron': everything else is bundled in.
  want('preload') && bundle({ entryPoints: [join(root, 'main/preload.ts')], outfile: join(out, 'preload.cjs'), external: ['electron'] }),
  want('renderer') && build({
    ...browserScript,
    // @ngraveio/bc-ur uses Node's global Buffer and reads process.env.NODE_DEBUG (via util): both supplied here.
    define: { ...define, 'process.env.NODE_DEBUG': 'false' },
    inject: [join(root, 'build/renderer-buffer-shim.js')],
    entryPoints: [join(root, 'renderer/index.ts')],
    outfile: join(out, 'renderer/app.js'),
  }),
  // The stylesheet: renderer/styles.css imports the token, shared and per-room sheets; esbuild inlines them into one
  // file, so the page keeps a single <link> (CSP style-src 'self'; no inline style anywhere).
  want('renderer') && build({
    bundle: true,
    target: 'chrome130',
    legalComments: 'none',
    entryPoints: [join(root, 'renderer/styles.css')],
    outfile: join(out, 'renderer/styles.css'),
    logLevel: 'warning',
  }),
  // The QR scanner's decoding worker, a separate same-origin file (CSP: worker-src falls back to script-src 'self').
  // SECURITY(H-04): zxing-wasm's .wasm is built into it as bytes (binary loader): nothing is fetched at run time (the
  // CSP's connect-src stays 'none'), and its default CDN address is cut out of the bundle.
  want('renderer') && build({
    ...browserScript,
    loader: { '.wasm': 'binary' },
    plugins: [noCdnLocateFile],
    entryPoints: [join(root, 'renderer/workers/qr-decode.worker.ts')],
    outfile: join(out, 'renderer/qr-decode.worker.js'),
  }),
];
await Promise.all(jobs);
for (const file of ['index.html']) {
  const from = join(root, 'renderer', file);
  if (existsSync(from)) copyFileSync(from, join(out, 'renderer', file));
}
if (want('cli')) chmodSync(join(out, 'cli.cjs'), 0o755);
if (metafileOut !== undefined) writeFileSync(metafileOut, JSON.stringify(graphs));

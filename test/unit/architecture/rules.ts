// The architecture rules as data: each takes the scanned sources and returns its violations, so the
// test can run them over the repository and over a fixture that must break every one of them.
import { isBuiltin } from 'node:module';
import { dirname, posix } from 'node:path';
import type { ImportFact, SourceFacts } from './source-scan';

export interface Rule {
  id: string;
  what: string;
  check(files: readonly SourceFacts[], context: RuleContext): string[];
}

export interface RuleContext {
  /** Runtime dependencies from package.json: the only packages shipped code may import. */
  dependencies: readonly string[];
}

/** SECURITY(H-10): the only file that may reach the network: the relay's RPC client. */
export const NETWORK_CLIENT_FILE = 'main/services/relay/rpc.ts';
/** SECURITY(H-26): the relay's code: its services, its composition root and its CLI commands. */
export const RELAY_CODE = ['main/services/relay/', 'main/relay-services.ts', 'main/cli/commands/relay.ts'];
/** SECURITY(H-26): the relay's own bundles' entries, the only files outside its code that may load it (the vault never does). */
export const RELAY_ENTRY_FILES = ['main/relay-main.ts', 'main/cli/relay-program.ts'];
/** SECURITY(H-29): a mistyped word's likely word is most of a secret word: it is worked out next to the input box only. */
export const WORD_SUGGESTION_MODULE = 'shared/crypto/word-suggestion';
/** The registry the router opens views from: the one file that loads a view's module. */
export const VIEW_REGISTRY = 'renderer/app/views.ts';
/** Imports the network modules only to replace them with throwing stubs. */
export const NETWORK_GUARD_FILE = 'main/window/network-guard.ts';
/** Imports the process and thread modules only to replace them with throwing stubs. */
export const PROCESS_GUARD_FILE = 'main/window/process-guard.ts';

/** SECURITY(H-10): @scure/btc-signer's network helpers (an Esplora client and the P2P protocol); the vault never broadcasts Bitcoin. */
const BITCOIN_NETWORK_MODULES = new Set(['@scure/btc-signer/net.js', '@scure/btc-signer/p2p.js', '@scure/btc-signer/net', '@scure/btc-signer/p2p']);
const NETWORK_PACKAGES = new Set(['undici', 'ws', 'node-fetch', 'axios', 'got', 'cross-fetch', 'isomorphic-fetch', 'socket.io-client', 'request', 'superagent']);
const NETWORK_BUILTINS = new Set(['http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'dns/promises']);
/** SECURITY(H-26): modules that start programs or threads. */
const PROCESS_BUILTINS = new Set(['child_process', 'worker_threads', 'cluster']);
const NETWORK_CALLS = new Set(['fetch', 'globalThis.fetch', 'window.fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest', 'navigator.sendBeacon', 'net.request', 'net.fetch']);

/** SECURITY(H-02, H-03): electron is loaded at run time only by the thin entry files. */
export function mayImportElectron(path: string): boolean {
  return ['main/main.ts', 'main/electron-app.ts', 'main/preload.ts', 'main/bridge/register.ts'].includes(path) || /^main\/window\/[a-z-]+-electron\.ts$/.test(path);
}

const layer = (path: string) => path.split('/')[0] ?? '';
const bare = (spec: string) => !spec.startsWith('.') && !spec.startsWith('/');
const builtinName = (spec: string) => spec.replace(/^node:/, '');
const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec));
const at = (file: SourceFacts, line: number, message: string) => `${file.path}:${line} ${message}`;

/** The repository-relative target of a relative import. */
function target(file: SourceFacts, imp: ImportFact): string {
  return posix.normalize(posix.join(dirname(file.path), imp.specifier));
}

const isRelayCode = (path: string) => RELAY_CODE.some((entry) => (entry.endsWith('/') ? path.startsWith(entry) : path === entry));
/** A relative import's target as a file path (`./x` → `x.ts`; a folder's index is not used in this codebase). */
const targetFile = (file: SourceFacts, imp: ImportFact) => `${target(file, imp)}.ts`;

const isRendererModel = (path: string) => path.startsWith('renderer/') && path.endsWith('Model.ts');
const domCalls = (file: SourceFacts) => file.calls.filter((c) => /^(document|window)(\.|$)/.test(c.name));

/** What a renderer model may import from renderer/: a model, the bridge, or a known leaf helper without the DOM. */
function isModelDependency(path: string, byPath: ReadonlyMap<string, SourceFacts>, seen: Set<string> = new Set()): boolean {
  if (isRendererModel(path) || path === 'renderer/bridge.ts') return true;
  const helper = byPath.get(path);
  if (!helper || seen.has(path)) return !!helper;
  seen.add(path);
  // A helper qualifies when it calls no DOM and whatever it takes from renderer/ qualifies too (a formatter using another).
  return domCalls(helper).length === 0 && helper.imports.every((i) => bare(i.specifier) || layer(target(helper, i)) !== 'renderer' || isModelDependency(targetFile(helper, i), byPath, seen));
}

/** A view's module: a renderer file that makes its view with defineView (the one skeleton, and the page's scope). */
const defineViewCall = (file: SourceFacts) => (layer(file.path) === 'renderer' ? file.calls.find((c) => c.name === 'defineView') : undefined);

/** Views are listed in the registry, loaded by nothing else, and the registry lists nothing but views made by defineView. */
function viewRegistryViolations(files: readonly SourceFacts[]): string[] {
  const views = new Set(files.filter((f) => defineViewCall(f)).map((f) => f.path));
  const registry = files.find((f) => f.path === VIEW_REGISTRY);
  const loaded = registry?.imports.filter((i) => !i.typeOnly && !bare(i.specifier)).map((i) => ({ line: i.line, path: targetFile(registry, i), specifier: i.specifier })) ?? [];
  return [
    ...files.filter((f) => views.has(f.path) && !loaded.some((l) => l.path === f.path)).map((f) => at(f, defineViewCall(f)!.line, `defines a view ${VIEW_REGISTRY} does not list`)),
    ...files
      .filter((f) => f.path !== VIEW_REGISTRY)
      .flatMap((f) => f.imports.filter((i) => !i.typeOnly && !bare(i.specifier) && views.has(targetFile(f, i))).map((i) => at(f, i.line, `loads the view ${i.specifier}: open it with router.go`))),
    ...loaded.filter((l) => !l.path.startsWith('renderer/app/') && !views.has(l.path)).map((l) => `${VIEW_REGISTRY}:${l.line} lists ${l.specifier}, which makes no view with defineView`),
  ];
}

function isNetworkModule(spec: string): boolean {
  return (isBuiltin(spec) && NETWORK_BUILTINS.has(builtinName(spec))) || NETWORK_PACKAGES.has(packageOf(spec));
}

function layerImports(file: SourceFacts, ctx: RuleContext, allowedLayers: readonly string[]): string[] {
  const out: string[] = [];
  for (const imp of file.imports) {
    if (!bare(imp.specifier)) {
      const to = layer(target(file, imp));
      if (!allowedLayers.includes(to)) out.push(at(file, imp.line, `imports ${to}/ (${imp.specifier})`));
    } else if (isBuiltin(imp.specifier)) out.push(at(file, imp.line, `imports the Node built-in ${imp.specifier}`));
    else if (imp.specifier === 'electron') out.push(at(file, imp.line, 'imports electron'));
    else if (!ctx.dependencies.includes(packageOf(imp.specifier))) out.push(at(file, imp.line, `imports ${imp.specifier}, not a runtime dependency`));
  }
  return out;
}

function forbiddenCalls(files: readonly SourceFacts[], layers: readonly string[], names: ReadonlySet<string>, why: string): string[] {
  return files
    .filter((f) => layers.includes(layer(f.path)))
    .flatMap((f) => f.calls.filter((c) => names.has(c.name)).map((c) => at(f, c.line, `${c.isNew ? 'new ' : ''}${c.name}(): ${why}`)));
}

function forbiddenProperties(files: readonly SourceFacts[], layers: readonly string[], names: ReadonlySet<string>, why: string): string[] {
  return files
    .filter((f) => layers.includes(layer(f.path)))
    .flatMap((f) => f.properties.filter((p) => names.has(p.name)).map((p) => at(f, p.line, `.${p.name}: ${why}`)));
}

export const RULES: Rule[] = [
  {
    id: 'shared-is-pure',
    what: 'shared/ imports only shared/ and runtime dependencies: no main/, renderer/, Node built-ins or electron',
    check: (files, ctx) => files.filter((f) => layer(f.path) === 'shared').flatMap((f) => layerImports(f, ctx, ['shared'])),
  },
  {
    id: 'evm-primitives-below-drafting',
    what: 'shared/evm/ (protocol primitives: abi, rlp, tx, eip712, safe, multisend, hd) never imports shared/drafting/ (the treasury\'s drafting domain)',
    check: (files) =>
      files
        .filter((f) => f.path.startsWith('shared/evm/'))
        .flatMap((f) => f.imports.filter((i) => !bare(i.specifier) && target(f, i).startsWith('shared/drafting/')).map((i) => at(f, i.line, `imports ${i.specifier}`))),
  },
  {
    id: 'one-bytes-module',
    what: 'bytes and hex helpers come from shared/bytes.ts (noble\'s utils re-exported once, with toHex/fromHex/parseHex): nothing else in main/, shared/ or renderer/ imports @noble/hashes/utils',
    check: (files) =>
      files
        .filter((f) => ['main', 'shared', 'renderer'].includes(layer(f.path)) && f.path !== 'shared/bytes.ts')
        .flatMap((f) => f.imports.filter((i) => /^@noble\/hashes\/utils(\.js)?$/.test(i.specifier)).map((i) => at(f, i.line, `imports ${i.specifier}: take it from shared/bytes`))),
  },
  {
    id: 'renderer-knows-only-the-bridge',
    what: 'renderer/ imports only renderer/, shared/ and runtime dependencies: no Node, no electron, no main/',
    check: (files, ctx) => files.filter((f) => layer(f.path) === 'renderer').flatMap((f) => layerImports(f, ctx, ['renderer', 'shared'])),
  },
  {
    id: 'renderer-models-know-no-view',
    what: 'a renderer model (renderer/**/*Model.ts) never reaches the DOM: from renderer/ it imports only other models, the bridge, and helpers that call no document or window and import only such helpers; it calls no document or window itself (views import models, never the other way)',
    check: (files) => {
      const byPath = new Map(files.map((f) => [f.path, f]));
      return files.filter((f) => isRendererModel(f.path)).flatMap((f) => [
        ...f.imports
          .filter((i) => !bare(i.specifier) && layer(target(f, i)) === 'renderer' && !isModelDependency(targetFile(f, i), byPath))
          .map((i) => at(f, i.line, `imports ${i.specifier}, which is neither a model, the bridge, nor a helper free of the DOM`)),
        ...domCalls(f).map((c) => at(f, c.line, `${c.name}(): a model has no DOM`)),
      ]);
    },
  },
  {
    id: 'views-only-through-the-registry',
    what: `a view (a renderer file calling defineView) is listed in ${VIEW_REGISTRY} and loaded by no other file, so views reach each other only through the router; the registry lists only views made by defineView`,
    check: viewRegistryViolations,
  },
  {
    id: 'main-never-imports-renderer',
    what: 'main/ never imports renderer/',
    check: (files) =>
      files
        .filter((f) => layer(f.path) === 'main')
        .flatMap((f) => f.imports.filter((i) => !bare(i.specifier) && layer(target(f, i)) === 'renderer').map((i) => at(f, i.line, `imports ${i.specifier}`))),
  },
  {
    id: 'H-10-network-modules-only-in-rpc-client',
    what: `network modules and electron's net only in ${NETWORK_CLIENT_FILE} (and the guard that disables them); that file imported only by the relay's own services`,
    check: (files) =>
      files
        .filter((f) => f.path !== NETWORK_CLIENT_FILE && f.path !== NETWORK_GUARD_FILE && layer(f.path) !== 'test')
        .flatMap((f) => [
          ...f.imports.filter((i) => isNetworkModule(i.specifier)).map((i) => at(f, i.line, `imports network module ${i.specifier}`)),
          ...(f.electronBindings.includes('net') ? [at(f, 1, "imports electron's net")] : []),
          ...(f.path.startsWith(dirname(NETWORK_CLIENT_FILE) + '/')
            ? []
            : f.imports.filter((i) => !i.typeOnly && !bare(i.specifier) && targetFile(f, i) === NETWORK_CLIENT_FILE).map((i) => at(f, i.line, `imports the RPC client ${i.specifier}`))),
        ]),
  },
  {
    id: 'H-10-no-bitcoin-network-code',
    what: "@scure/btc-signer's network helpers (net.js, p2p.js) are imported nowhere, tests included: a watch-only coordinator broadcasts Bitcoin, never Airlock",
    check: (files) => files.flatMap((f) => f.imports.filter((i) => BITCOIN_NETWORK_MODULES.has(i.specifier)).map((i) => at(f, i.line, `imports ${i.specifier}`))),
  },
  {
    id: 'H-10-no-network-calls-outside-rpc-client',
    what: `fetch, WebSocket, EventSource, XMLHttpRequest, sendBeacon only in ${NETWORK_CLIENT_FILE}`,
    check: (files) =>
      forbiddenCalls(files.filter((f) => f.path !== NETWORK_CLIENT_FILE), ['main', 'shared', 'renderer'], NETWORK_CALLS, 'network call outside the RPC client'),
  },
  {
    id: 'H-26-relay-code-only-from-relay-entries',
    what: `the relay's code (${RELAY_CODE.join(', ')}) is loaded only by itself and the relay's bundle entries (${RELAY_ENTRY_FILES.join(', ')}); type-only imports are erased and allowed`,
    check: (files) =>
      files
        .filter((f) => layer(f.path) === 'main' && !isRelayCode(f.path) && !RELAY_ENTRY_FILES.includes(f.path))
        .flatMap((f) => f.imports.filter((i) => !i.typeOnly && !bare(i.specifier) && isRelayCode(targetFile(f, i))).map((i) => at(f, i.line, `loads the relay's code ${i.specifier}`))),
  },
  {
    id: 'H-26-no-processes-or-threads',
    what: `child_process, worker_threads, cluster and electron's utilityProcess nowhere in main/, shared/ or renderer/ (but the guard that disables them, ${PROCESS_GUARD_FILE})`,
    check: (files) =>
      files
        .filter((f) => ['main', 'shared', 'renderer'].includes(layer(f.path)) && f.path !== PROCESS_GUARD_FILE)
        .flatMap((f) => [
          ...f.imports.filter((i) => isBuiltin(i.specifier) && PROCESS_BUILTINS.has(builtinName(i.specifier))).map((i) => at(f, i.line, `imports ${i.specifier}`)),
          ...(f.electronBindings.includes('utilityProcess') ? [at(f, 1, "imports electron's utilityProcess")] : []),
        ]),
  },
  {
    id: 'H-03-electron-only-in-entry-files',
    what: 'electron is loaded at run time only by main/main.ts, main/electron-app.ts, main/preload.ts, main/bridge/register.ts and main/window/*-electron.ts; type-only imports only in main/ and test/',
    check: (files) =>
      files.flatMap((f) =>
        f.imports
          .filter((i) => i.specifier === 'electron' || i.specifier.startsWith('electron/'))
          .filter((i) => (i.typeOnly ? !['main', 'test'].includes(layer(f.path)) : !mayImportElectron(f.path) && !(f.path === NETWORK_CLIENT_FILE && f.electronBindings.every((b) => b === 'net'))))
          .map((i) => at(f, i.line, `${i.typeOnly ? 'type-' : ''}imports electron`)),
      ),
  },
  {
    id: 'H-02-H-03-one-bridge',
    what: 'ipcMain is imported only by main/electron-app.ts and never called directly; ipcRenderer and contextBridge only in main/preload.ts',
    check: (files) =>
      files.flatMap((f) => [
        ...f.electronBindings.filter((b) => b === 'ipcMain' && f.path !== 'main/electron-app.ts').map(() => at(f, 1, 'imports ipcMain')),
        ...f.electronBindings.filter((b) => (b === 'ipcRenderer' || b === 'contextBridge') && f.path !== 'main/preload.ts').map((b) => at(f, 1, `imports ${b}`)),
        ...f.electronBindings.filter((b) => b === '*').map(() => at(f, 1, 'imports all of electron: name what you use')),
        ...f.calls.filter((c) => /^ipcMain\.(handle|handleOnce|on|once|addListener|prependListener)$/.test(c.name)).map((c) => at(f, c.line, `${c.name}(): only register.ts registers, through the gate`)),
      ]),
  },
  {
    id: 'H-07-H-16-no-shell-remote-crash-reporter',
    what: 'no shell, remote, crashReporter or autoUpdater from electron; no openExternal anywhere',
    check: (files) => [
      ...files.flatMap((f) => f.electronBindings.filter((b) => ['shell', 'remote', 'crashReporter', 'autoUpdater'].includes(b)).map((b) => at(f, 1, `imports electron's ${b}`))),
      ...forbiddenProperties(files, ['main', 'renderer', 'shared'], new Set(['openExternal']), 'the vault opens nothing outside itself'),
    ],
  },
  {
    id: 'H-01-no-eval',
    what: 'no eval, new Function or executeJavaScript in main/, renderer/ or shared/',
    check: (files) =>
      forbiddenCalls(files, ['main', 'renderer', 'shared'], new Set(['eval', 'window.eval', 'globalThis.eval', 'Function', 'executeJavaScript', 'vm.runInThisContext', 'vm.runInNewContext']), 'code from strings'),
  },
  {
    id: 'H-19-no-html-sinks-in-renderer',
    what: 'renderer/ never renders text as HTML',
    check: (files) => [
      ...forbiddenProperties(files, ['renderer'], new Set(['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'srcdoc', 'createContextualFragment']), 'HTML sink'),
      ...forbiddenCalls(files, ['renderer'], new Set(['document.write', 'document.writeln']), 'HTML sink'),
    ],
  },
  {
    id: 'H-29-word-suggestions-only-in-renderer',
    what: `${WORD_SUGGESTION_MODULE} is imported only by renderer/ (and tests): no error, bridge reply or log made in main/ or shared/ can carry a suggestion`,
    check: (files) =>
      files
        .filter((f) => !['renderer', 'test'].includes(layer(f.path)))
        .flatMap((f) =>
          f.imports
            .filter((i) => !bare(i.specifier) && target(f, i).replace(/\.(js|ts)$/, '') === WORD_SUGGESTION_MODULE)
            .map((i) => at(f, i.line, `imports ${i.specifier}`)),
        ),
  },
  {
    id: 'H-21-no-electron-remote',
    what: 'no @electron/remote anywhere, tests included',
    check: (files) => files.flatMap((f) => f.imports.filter((i) => packageOf(i.specifier) === '@electron/remote').map((i) => at(f, i.line, 'imports @electron/remote'))),
  },
];

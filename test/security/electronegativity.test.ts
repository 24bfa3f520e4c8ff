// SECURITY(H-22): runs Electronegativity over main/, renderer/ and the built main and preload
// bundles, offline, and fails on any finding that the checked-in allowlist does not justify.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync } from 'node:fs';
import { build, type BuildOptions } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/temp';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const node = process.execPath;

interface AllowedFinding {
  check: string;
  file: string;
  reason: string;
}

interface Finding {
  check: string;
  file: string;
  line: number;
  message: string;
}

interface SarifLog {
  runs: Array<{
    invocations?: Array<{ executionSuccessful?: boolean }>;
    results: Array<{
      ruleId: string;
      message: { text: string };
      locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }>;
    }>;
  }>;
}

const allowlist = (JSON.parse(readFileSync(join(root, 'test/security/electronegativity-allowlist.json'), 'utf8')) as { findings: AllowedFinding[] }).findings;

function run(command: string, args: string[]): void {
  // The timeout only bounds a hang: the scan took over 120 s once on a busy 2-core machine (it was killed, status null).
  const child = spawnSync(command, args, { cwd: root, encoding: 'utf8', timeout: 600_000 });
  assert.equal(child.status, 0, `${args.join(' ')}\n${child.stdout}\n${child.stderr}`);
}

/**
 * What the scan sees: our sources, package.json (for the Electron version) and the main (entry and per mode)
 * and preload bundles, built here into the temp tree as .js (Electronegativity reads only .js/.ts/.html; and
 * building here leaves dist/ alone for tests running beside this one).
 */
async function scanTree(): Promise<string> {
  const tree = join(tempDir('airlock-electronegativity-'), 'app');
  mkdirSync(join(tree, 'dist'), { recursive: true });
  for (const folder of ['main', 'renderer']) cpSync(join(root, folder), join(tree, folder), { recursive: true });
  copyFileSync(join(root, 'package.json'), join(tree, 'package.json'));
  const shared: BuildOptions = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', external: ['electron', 'better-sqlite3'], logLevel: 'error' };
  // The Electron entry, each mode's bundle it loads (SECURITY H-26: the vault's holds no relay code), the preload.
  const bundles = [['main.ts', 'main.js'], ['vault-main.ts', 'main-vault.js'], ['relay-main.ts', 'main-relay.js'], ['preload.ts', 'preload.js']];
  for (const [source, bundle] of bundles) await build({ ...shared, entryPoints: [join(root, 'main', source!)], outfile: join(tree, 'dist', bundle!) });
  return tree;
}

async function scan(): Promise<Finding[]> {
  const tree = await scanTree();
  const out = join(dirname(tree), 'findings.sarif');
  const electron = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  // SARIF, not CSV: its CSV writer interleaves rows. The release-list check needs the network: excluded.
  run(node, ['--import', 'tsx', 'test/security/electronegativity-offline.ts', '-i', tree, '-o', out, '-r', '-e', electron, '-x', 'AvailableSecurityFixesGlobalCheck']);
  const log = JSON.parse(readFileSync(out, 'utf8')) as SarifLog;
  const runResult = log.runs[0];
  assert.ok(runResult, 'the SARIF log has a run');
  assert.notEqual(runResult.invocations?.[0]?.executionSuccessful, false, 'the scan ran to completion');
  return runResult.results.map((r) => ({
    check: r.ruleId,
    file: r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? 'N/A',
    line: r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0,
    message: r.message.text,
  }));
}

/** Each allowlist entry absorbs one matching finding; what is left over on either side is reported. */
function reconcile(findings: readonly Finding[], allowed: readonly AllowedFinding[]): { unexplained: Finding[]; stale: AllowedFinding[] } {
  const unused = [...allowed];
  const unexplained: Finding[] = [];
  for (const finding of findings) {
    const i = unused.findIndex((a) => a.check === finding.check && a.file === finding.file);
    if (i === -1) unexplained.push(finding);
    else unused.splice(i, 1);
  }
  return { unexplained, stale: unused };
}

const findings = await scan();

test('H-22 Electronegativity reports nothing the allowlist does not justify', () => {
  const { unexplained } = reconcile(findings, allowlist);
  assert.deepEqual(unexplained, [], 'new findings: fix them, or justify them in test/security/electronegativity-allowlist.json');
});

test('H-22 every allowlist entry still matches a finding and gives a written reason', () => {
  const { stale } = reconcile(findings, allowlist);
  assert.deepEqual(stale, [], 'these entries match nothing any more: remove them');
  for (const entry of allowlist) assert.ok(entry.reason.length >= 40, `${entry.check} ${entry.file} needs a real reason`);
});

test('H-22 the scan can fail: a planted finding is reported and not absorbed by the allowlist', () => {
  const planted: Finding = { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/main.ts', line: 1, message: 'planted' };
  const twice: Finding = { check: 'SANDBOX_JS_CHECK', file: 'main/window/app-window-electron.ts', line: 2, message: 'second window' };
  const { unexplained } = reconcile([...findings, planted, twice], allowlist);
  assert.deepEqual(unexplained, [planted, twice]);
});

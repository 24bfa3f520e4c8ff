// Temporary folders for tests, removed after the test that made them.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/**
 * A private build folder inside dist/ (so bundles there still find node_modules), for a test that builds:
 * tests run in parallel, and none may rewrite dist/ files another test is running.
 */
export function buildDir(root: string): string {
  const parent = join(root, 'dist');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, '.test-build-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function tempDir(prefix = 'airlock-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

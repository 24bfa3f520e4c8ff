// Benchmarks the custody use cases on a real temp SQLite file: vault creation and a 2-of-3 unlock
// end to end (two holders' KDFs, SLIP-39 combine, account check).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVaultServices } from '../../main/vault-services';
import { LOOPBACK } from '../helpers/services';
import type { Report } from './run';

const holders = [
  { name: 'Alice', passphrase: 'alice correct horse' },
  { name: 'Bob', passphrase: 'bob battery staple' },
  { name: 'Carol', passphrase: 'carol purple monkey' },
];

export async function bench(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-bench-'));
  try {
    // An air-gapped laptop's interfaces: H-27 refuses the unlock on a connected machine.
    const services = createVaultServices({ dbPath: join(dir, 'vault.db'), interfaces: () => LOOPBACK });
    const custody = services.custody!;
    let t = performance.now();
    await custody.vault.create({
      name: 'Bench',
      source: { kind: 'new', secretBits: 256, diceRolls: [] },
      groupThreshold: 1,
      groups: [{ name: 'Board', memberThreshold: 2, holders }],
      slip39Passphrase: '',
      iterationExponent: 1,
      extendable: true,
      accounts: [{ scheme: 'bip44', index: 0, label: 'Treasury', role: 'eoa-treasury' }],
    });
    report('vault create 2-of-3 (3 shares sealed, 256-bit)', performance.now() - t, 'ms');
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      await custody.unlock.present('Alice', holders[0]!.passphrase);
      await custody.unlock.present('Carol', holders[2]!.passphrase);
      await custody.unlock.complete({});
      runs.push(performance.now() - t);
      custody.unlock.lock('explicit');
    }
    runs.sort((a, b) => a - b);
    report('unlock 2-of-3 vault end to end (median of 3)', runs[1]!, 'ms');
    services.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

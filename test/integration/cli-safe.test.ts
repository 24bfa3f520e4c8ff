import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAirlock } from '../helpers/cli';

const ARBITRUM_SAFE = '0x111CEEee040739fD91D29C34C33E6B3E112F2177';
const ADD_OWNER_DATA = '0x0d582f130000000000000000000000000c75fa5a5f1c0997e3eea425cfa13184ed0ec9e50000000000000000000000000000000000000000000000000000000000000003';
const BASE = ['safe', 'hash', '--json', '--chain-id', '42161', '--safe', ARBITRUM_SAFE, '--safe-version', '1.3.0+L2', '--to', ARBITRUM_SAFE, '--nonce', '234'];

test('safe hash reproduces the safe-tx-hashes-util README example, with the decoded call and the owner-change warning', () => {
  const run = runAirlock([...BASE, '--data', ADD_OWNER_DATA]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.deepEqual(Object.keys(run.json), ['domainHash', 'messageHash', 'safeTxHash', 'method', 'warnings']);
  assert.equal(run.json.domainHash, '0x1cf7f9b1efe3bc47fe02fd27c649fea19e79d66040683a1c86c7490c80bf7291');
  assert.equal(run.json.messageHash, '0xd9109ea63c50ecd3b80b6b27ed5c5a9fd3d546c2169dfb69bfa7ba24cd14c7a5');
  assert.equal(run.json.safeTxHash, '0x0cb7250b8becd7069223c54e2839feaed4cee156363fbfe5dd0a48e75c4e25b3');
  assert.deepEqual(run.json.method, {
    name: 'addOwnerWithThreshold',
    params: [
      { name: 'owner', type: 'address', value: '0x0c75Fa5a5F1C0997e3eEA425cFA13184ed0eC9e5' },
      { name: '_threshold', type: 'uint256', value: '3' },
    ],
  });
  assert.deepEqual(run.json.warnings.map((w: { code: string }) => w.code), ['owner-or-threshold-change']);
  assert.equal(run.json.warnings[0].severity, 'high');
});

test('safe hash: the README interactive example (delegatecall, gas refund to a custom receiver) hashes as published and warns', () => {
  const run = runAirlock([
    ...BASE,
    '--data', ADD_OWNER_DATA,
    '--value', '1000',
    '--operation', '1',
    '--gas-price', '50',
    '--gas-token', '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2',
    '--refund-receiver', '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045',
  ]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.json.safeTxHash, '0xc818fceb1cace51c1a4039c4c66fc73d95eccc298104c9c52debac604b9f4e04');
  assert.deepEqual(
    run.json.warnings.map((w: { code: string; severity: string }) => [w.code, w.severity]),
    // addOwnerWithThreshold delegatecalled on a contract that is not a Safe library: the disguise rule blocks it (H-23).
    [['untrusted-delegatecall', 'critical'], ['disguised-delegatecall', 'critical'], ['gas-refund-rerouting', 'high'], ['owner-or-threshold-change', 'high']],
  );
});

test('safe hash of a legacy Safe 1.1.1 uses the chain-less domain and defaults every omitted field to zero', () => {
  const safe = '0xd6f5Bef6bb4acD235CF85c0ce196316d10785d67';
  const run = runAirlock(['safe', 'hash', '--json', '--chain-id', '4', '--safe', safe, '--safe-version', '1.1.1', '--to', safe, '--nonce', '39']);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.json.domainHash, '0x6dda5da6f3b6225311946ab4732b5658018db6dc890378fbdb529d8e9832762a');
  assert.equal(run.json.safeTxHash, '0x89067bfebe450e45c02dd97e3cc9bd1656d49ebb8a17819829eab9c5dc575c27');
  assert.equal(run.json.method, null);
  assert.deepEqual(run.json.warnings.map((w: { code: string }) => w.code), ['legacy-domain-replayable']);
});

test('safe hash: bad input exits 2 with a JSON error holding a code and a sentence', () => {
  const cases: Array<[string[], string, RegExp]> = [
    [['safe', 'hash', '--json', '--chain-id', '1', '--safe', ARBITRUM_SAFE, '--safe-version', '1.4.1', '--to', ARBITRUM_SAFE], 'usage-invalid', /--nonce is required/],
    [[...BASE.slice(0, 8), '9.9.9', ...BASE.slice(9)], 'safe-version-unsupported', /not a Safe version Airlock knows/],
    [[...BASE, '--operation', '2'], 'usage-invalid', /0 \(call\) or 1 \(delegatecall\)/],
    [[...BASE, '--data', '0xabc'], 'usage-invalid', /two hexadecimal digits per byte/],
    [[...BASE, '--value', '-1'], 'usage-invalid', /whole number/],
    [[...BASE, '--value', `0x1${'0'.repeat(64)}`], 'usage-invalid', /larger than a uint256/],
    [['safe', 'hash', '--json', '--chain-id', '1', '--safe', '0x111CEEee040739fD91D29C34C33E6B3E112F2178', '--safe-version', '1.4.1', '--to', ARBITRUM_SAFE, '--nonce', '1'], 'address-checksum-invalid', /^--safe: /],
    [[...BASE, '--gas-token', '0x1234'], 'address-invalid', /^--gas-token: /],
  ];
  for (const [args, code, message] of cases) {
    const run = runAirlock(args);
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
    assert.equal(run.json.error.code, code, args.join(' '));
    assert.match(run.json.error.message, message);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { AbiCoder, Interface } from 'ethers';
import { AirlockError } from '../../../../shared/errors';
import { toChecksumAddress } from '../../../../shared/evm/address';
import {
  abiValueToJson,
  canonicalType,
  decodeFunctionCall,
  decodeParameters,
  encodeFunctionCall,
  encodeParameters,
  functionSelector,
  parseAbiJson,
  parseFunction,
  type AbiValue,
} from '../../../../shared/evm/abi';
import { hasCode } from '../../../helpers/error-code';

const hex = (b: Uint8Array) => '0x' + bytesToHex(b);
const coder = AbiCoder.defaultAbiCoder();
const words = (...w: string[]) => hexToBytes(w.map((x) => x.padStart(64, '0')).join(''));

// ---- random types and values ---------------------------------------------------------------

interface Gen {
  type: string;
  value: fc.Arbitrary<AbiValue>;
}

const sizes = [8, 16, 32, 64, 128, 160, 248, 256];
const leaf: fc.Arbitrary<Gen> = fc.oneof(
  fc.constantFrom(...sizes).map((bits) => ({ type: `uint${bits}`, value: fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }) as fc.Arbitrary<AbiValue> })),
  fc.constantFrom(...sizes).map((bits) => ({
    type: `int${bits}`,
    value: fc.bigInt({ min: -(1n << BigInt(bits - 1)), max: (1n << BigInt(bits - 1)) - 1n }) as fc.Arbitrary<AbiValue>,
  })),
  fc.constant({ type: 'address', value: fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => toChecksumAddress(b) as AbiValue) }),
  fc.constant({ type: 'bool', value: fc.boolean() as fc.Arbitrary<AbiValue> }),
  fc.integer({ min: 1, max: 32 }).map((n) => ({ type: `bytes${n}`, value: fc.uint8Array({ minLength: n, maxLength: n }) as fc.Arbitrary<AbiValue> })),
  fc.constant({ type: 'bytes', value: fc.uint8Array({ maxLength: 70 }) as fc.Arbitrary<AbiValue> }),
  fc.constant({ type: 'string', value: fc.string({ unit: 'grapheme', maxLength: 20 }) as fc.Arbitrary<AbiValue> }),
);

const genType: fc.Arbitrary<Gen> = fc.letrec<{ gen: Gen }>((tie) => ({
  gen: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    leaf,
    tie('gen').map((g) => ({ type: `${g.type}[]`, value: fc.array(g.value, { maxLength: 3 }) as fc.Arbitrary<AbiValue> })),
    fc.tuple(tie('gen'), fc.integer({ min: 1, max: 3 })).map(([g, k]) => ({
      type: `${g.type}[${k}]`,
      value: fc.array(g.value, { minLength: k, maxLength: k }) as fc.Arbitrary<AbiValue>,
    })),
    fc.array(tie('gen'), { minLength: 1, maxLength: 3 }).map((gs) => ({
      type: `(${gs.map((g) => g.type).join(',')})`,
      value: fc.tuple(...gs.map((g) => g.value)) as fc.Arbitrary<AbiValue>,
    })),
  ),
})).gen;

const typesAndValues = fc
  .array(genType, { minLength: 0, maxLength: 4 })
  .chain((gs) => fc.tuple(fc.constant(gs.map((g) => g.type)), fc.tuple(...gs.map((g) => g.value)) as fc.Arbitrary<AbiValue[]>));

/** ethers wants tuples as arrays too, and bytes as BytesLike: Uint8Array works as is. */
test('encodeParameters equals ethers AbiCoder.encode for random types and values, and decodes back (property)', () => {
  fc.assert(
    fc.property(typesAndValues, ([types, values]) => {
      const ours = encodeParameters(types, values);
      assert.equal(hex(ours), coder.encode(types, values as unknown[]));
      assert.deepEqual(decodeParameters(types, ours), values);
    }),
    { numRuns: 400 },
  );
});

test('decodeParameters reads what ethers encodes, to the same values as ethers decodes (property)', () => {
  fc.assert(
    fc.property(typesAndValues, ([types, values]) => {
      const encoded = hexToBytes(coder.encode(types, values as unknown[]).slice(2));
      const ours = decodeParameters(types, encoded);
      const theirs = coder.decode(types, encoded).toArray(true);
      const normalize = (v: unknown): unknown =>
        v instanceof Uint8Array ? hex(v) : Array.isArray(v) ? v.map(normalize) : v;
      assert.deepEqual(normalize(ours), normalize(theirs));
    }),
    { numRuns: 300 },
  );
});

test('decode fuzz: random bytes and single-byte mutations of valid encodings only ever fail with abi-invalid; what decodes is canonical', () => {
  const mutated = typesAndValues.chain(([types, values]) => {
    const encoded = encodeParameters(types, values);
    return fc.tuple(fc.constant(types), encoded.length === 0 ? fc.constant(encoded) : fc.tuple(fc.nat(encoded.length - 1), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
      const copy = encoded.slice();
      copy[i] = b;
      return copy;
    }));
  });
  const random = fc.tuple(genType.map((g) => [g.type]), fc.uint8Array({ maxLength: 256 }));
  fc.assert(
    fc.property(fc.oneof(mutated, random), ([types, bytes]) => {
      try {
        const values = decodeParameters(types, bytes);
        assert.deepEqual(encodeParameters(types, values), bytes);
      } catch (error) {
        assert.ok(error instanceof AirlockError && error.code === 'abi-invalid', `unexpected ${String(error)}`);
      }
    }),
    { numRuns: 1500 },
  );
});

// ---- signatures -----------------------------------------------------------------------------

test('selectors of well-known functions', () => {
  assert.equal(hex(functionSelector('transfer(address,uint256)')), '0xa9059cbb');
  assert.equal(hex(functionSelector('function transfer(address to, uint256 amount) external returns (bool)')), '0xa9059cbb');
  assert.equal(hex(functionSelector('approve(address,uint256)')), '0x095ea7b3');
  assert.equal(hex(functionSelector('pause()')), '0x8456cb59');
  assert.equal(hex(functionSelector('multiSend(bytes)')), '0x8d80ff0a');
  assert.equal(
    hex(functionSelector('execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)')),
    '0x6a761202',
  );
  assert.equal(hex(functionSelector('{"type":"function","name":"transfer","inputs":[{"name":"to","type":"address"},{"name":"amount","type":"uint256"}]}')), '0xa9059cbb');
});

test('human-readable signatures: names, modifiers, uint/int aliases and tuple syntax give the canonical form', () => {
  const fn = parseFunction('function submit(tuple(address to, uint value)[] calldata calls, int8 x, address payable who) returns (bool ok)');
  assert.equal(fn.signature, 'submit((address,uint256)[],int8,address)');
  assert.deepEqual(fn.inputs, [
    { name: 'calls', type: '(address,uint256)[]' },
    { name: 'x', type: 'int8' },
    { name: 'who', type: 'address' },
  ]);
  assert.deepEqual(fn.outputs, [{ name: 'ok', type: 'bool' }]);
  assert.equal(hex(fn.selector), new Interface(['function submit((address,uint256)[],int8,address)']).getFunction('submit')!.selector);
  assert.equal(canonicalType('tuple(uint a, bytes b)[2][]'), '(uint256,bytes)[2][]');
});

test('ABI JSON: a document of fragments, tuples with components, non-functions skipped', () => {
  const abi = [
    { type: 'event', name: 'Transfer', inputs: [] },
    {
      type: 'function',
      name: 'multicall',
      inputs: [{ name: 'calls', type: 'tuple[]', components: [{ name: 'target', type: 'address' }, { name: 'data', type: 'bytes' }] }],
      outputs: [{ name: '', type: 'bytes[]' }],
    },
  ];
  const fns = parseAbiJson(JSON.stringify(abi));
  assert.equal(fns.length, 1);
  assert.equal(fns[0]!.signature, 'multicall((address,bytes)[])');
  assert.equal(hex(fns[0]!.selector), new Interface(abi).getFunction('multicall')!.selector);
});

test('encodeFunctionCall / decodeFunctionCall equal ethers Interface for a Safe execTransaction', () => {
  const sig =
    'function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures) payable returns (bool success)';
  const args: AbiValue[] = [
    toChecksumAddress(new Uint8Array(20).fill(0x35)),
    5n,
    hexToBytes('a9059cbb' + '00'.repeat(64)),
    0n,
    0n,
    0n,
    0n,
    toChecksumAddress(new Uint8Array(20)),
    toChecksumAddress(new Uint8Array(20)),
    new Uint8Array(65).fill(7),
  ];
  const ours = encodeFunctionCall(sig, args);
  assert.equal(hex(ours), new Interface([sig]).encodeFunctionData('execTransaction', args));
  assert.deepEqual(decodeFunctionCall(sig, ours), args);
  assert.throws(() => decodeFunctionCall('transfer(address,uint256)', ours), hasCode('abi-invalid', /selector 0x6a761202, not 0xa9059cbb/));
  assert.throws(() => decodeFunctionCall('transfer(address,uint256)', new Uint8Array(3)), hasCode('abi-invalid', /4-byte selector/));
});

test('refuses malformed signatures and types with abi-invalid and a sentence', () => {
  assert.throws(() => functionSelector('transfer(address,uint257)'), hasCode('abi-invalid', /multiples of 8/));
  assert.throws(() => functionSelector('transfer(address,uint256'), hasCode('abi-invalid', /Expected/));
  assert.throws(() => functionSelector('transfer(adress,uint256)'), hasCode('abi-invalid', /"adress" is not an ABI type/));
  assert.throws(() => functionSelector('f(bytes33)'), hasCode('abi-invalid', /bytes1 to bytes32/));
  assert.throws(() => functionSelector('f(uint256[0])'), hasCode('abi-invalid', /fixed array length/));
  assert.throws(() => functionSelector('f(uint256) nonsense'), hasCode('abi-invalid', /Unexpected/));
  assert.throws(() => functionSelector('f(' + '('.repeat(40) + 'uint256' + ')'.repeat(40) + ')'), hasCode('abi-invalid', /nest/));
  assert.throws(() => functionSelector('f(uint256[65536][65536])'), hasCode('abi-invalid', /larger than/));
  assert.throws(() => functionSelector('{"type":"event","name":"X"}'), hasCode('abi-invalid', /not "function"/));
});

test('refuses values that do not fit their type, naming the parameter', () => {
  assert.throws(() => encodeParameters(['uint8'], [256n]), hasCode('abi-invalid', /Parameter 1 must be a whole number from 0 to 2\^8-1/));
  assert.throws(() => encodeParameters(['int8'], [-129n]), hasCode('abi-invalid', /int8/));
  assert.throws(() => encodeParameters(['uint256'], [-1n]), hasCode('abi-invalid'));
  assert.throws(() => encodeFunctionCall('transfer(address to,uint256 amount)', ['0x12', 1n]), hasCode('address-invalid'));
  assert.throws(() => encodeParameters(['bytes4'], [new Uint8Array(3)]), hasCode('abi-invalid', /exactly 4 bytes/));
  assert.throws(() => encodeParameters(['uint256[2]'], [[1n]]), hasCode('abi-invalid', /exactly 2 elements/));
  assert.throws(() => encodeParameters(['uint256', 'bool'], [1n]), hasCode('abi-invalid', /takes 2 values; 1 given/));
  assert.throws(() => encodeParameters(['(address to,uint256 v)'], [[toChecksumAddress(new Uint8Array(20)), 'x']]), hasCode('abi-invalid', /field "v"/));
});

test('strict decoding: dirty address or bool, padding, offsets and lengths out of range, trailing bytes, bad UTF-8', () => {
  assert.throws(() => decodeParameters(['address'], words('1' + '0'.repeat(63))), hasCode('abi-invalid', /first 12 bytes/));
  assert.throws(() => decodeParameters(['bool'], words('2')), hasCode('abi-invalid', /neither 0 nor 1/));
  assert.throws(() => decodeParameters(['uint8'], words('100')), hasCode('abi-invalid', /uint8/));
  assert.throws(() => decodeParameters(['int8'], words('80')), hasCode('abi-invalid', /int8/));
  assert.throws(() => decodeParameters(['bytes1'], words('ff' + '0'.repeat(60) + '01')), hasCode('abi-invalid', /padding/));
  assert.throws(() => decodeParameters(['bytes'], words('20', '1', 'ff'.padEnd(64, '0').replace(/0$/, '1'))), hasCode('abi-invalid', /padding/));
  assert.throws(() => decodeParameters(['bytes'], words('ffff')), hasCode('abi-invalid', /offset/));
  assert.throws(() => decodeParameters(['bytes'], words('20', 'ffffffffffffffffffffffffffffffff')), hasCode('abi-invalid', /length .* huge number/));
  assert.throws(() => decodeParameters(['uint256[]'], words('20', '40')), hasCode('abi-invalid', /claims 64 elements/));
  assert.throws(() => decodeParameters(['uint256'], new Uint8Array(31)), hasCode('abi-invalid', /ends at byte 31/));
  assert.throws(() => decodeParameters(['uint256'], new Uint8Array(64)), hasCode('abi-invalid', /32 extra bytes/));
  assert.throws(() => decodeParameters(['string'], words('20', '2', 'c328'.padEnd(64, '0'))), hasCode('abi-invalid', /UTF-8/));
  // A valid value at a non-standard offset (a gap before the tail) is refused: the signed bytes would not be what is shown.
  assert.throws(() => decodeParameters(['bytes'], words('40', '0', '1', 'ab'.padEnd(64, '0'))), hasCode('abi-invalid', /canonical/));
});

test('an "ABI bomb" of offsets pointing at the same data is refused quickly instead of exhausting memory', () => {
  // uint256[]×8: every array has 30 elements whose offsets all point at the same next array, so a
  // naive decoder would build 30^8 values from 8 KB.
  const depth = 8;
  const type = 'uint256' + '[]'.repeat(depth);
  const head: string[] = ['20'];
  for (let level = 0; level < depth; level++) {
    head.push('1e');
    head.push(...Array(30).fill(level === depth - 1 ? '0' : (31 * 32 - 32).toString(16)));
  }
  const started = performance.now();
  assert.throws(() => decodeParameters([type], words(...head)), hasCode('abi-invalid', /reuses the same data/));
  assert.ok(performance.now() - started < 1000);
});

test('abiValueToJson renders integers as decimal strings and bytes as 0x hex', () => {
  assert.deepEqual(abiValueToJson([1n, new Uint8Array([0xab]), true, ['x', -2n]]), ['1', '0xab', true, ['x', '-2']]);
});

test('error sentences name the parameter by its name when the signature gives one', () => {
  assert.throws(
    () => encodeFunctionCall('transfer(address to, uint256 amount)', [toChecksumAddress(new Uint8Array(20)), -5n]),
    hasCode('abi-invalid', /^Parameter 2 \("amount"\) must be a whole number/),
  );
  const data = new Uint8Array([...functionSelector('setFlag(bool)'), ...words('7')]);
  assert.throws(() => decodeFunctionCall('setFlag(bool enabled)', data), hasCode('abi-invalid', /^Parameter 1 \("enabled"\) is not a boolean/));
});

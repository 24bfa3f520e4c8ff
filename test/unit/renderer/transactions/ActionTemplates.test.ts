// One vocabulary for draft actions: the Build form's templates are the drafting schema's actions (all but safe-exec),
// each field one the schema reads, every required field present, and a template filled in builds an action the vault parses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_FIELDS, ACTION_TYPES, parseDraftInput } from '../../../../shared/drafting/input';
import { ACTION_TEMPLATES, type ActionField } from '../../../../renderer/transactions/ActionTemplates';
import { initialFormState, toDraftInput } from '../../../../renderer/transactions/DraftFormModel';

const OWNER = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
const OTHER = '0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0';

/** A value each kind of field accepts. */
const SAMPLE: Readonly<Record<ActionField['kind'], string>> = {
  address: OTHER,
  native: '0.5',
  'optional-native': '1000 wei',
  amount: '1000',
  'optional-amount': '5',
  threshold: '1',
  hash32: `0x${'ab'.repeat(32)}`,
  role: 'PAUSER_ROLE',
  text: '',
  abi: 'setFee(uint256 fee)',
  args: '["3"]',
};

test('there is one template for every action of the schema but safe-exec, each once', () => {
  const types = ACTION_TEMPLATES.map((t) => t.type);
  assert.deepEqual([...types].sort(), ACTION_TYPES.filter((t) => t !== 'safe-exec').sort());
  assert.equal(new Set(types).size, types.length);
});

test('each template field is a field of its action in the schema, and every required field is there', () => {
  for (const template of ACTION_TEMPLATES) {
    const schemaFields = ACTION_FIELDS[template.type];
    const keys: string[] = template.fields.map((f) => f.key);
    for (const key of keys) assert.ok(key in schemaFields, `${template.type}.${key} is not a field of the schema`);
    for (const [key, { required }] of Object.entries(schemaFields)) if (required) assert.ok(keys.includes(key), `${template.type} has no field for required ${key}`);
  }
});

test('every template, filled in, becomes an action the vault parses', () => {
  for (const template of ACTION_TEMPLATES) {
    const state = initialFormState(OWNER);
    Object.assign(state, { maxFeeGwei: '30', priorityFeeGwei: '1', gasLimit: '100000' });
    if (template.safeOnly) Object.assign(state, { executorKind: 'safe', safe: OTHER, owners: OWNER, threshold: '1' });
    state.actions = [{ type: template.type, values: Object.fromEntries(template.fields.map((f) => [f.key, SAMPLE[f.kind]])) }];
    const { input, problems } = toDraftInput(state);
    assert.deepEqual(problems, [], template.type);
    assert.equal(parseDraftInput(input).actions[0]!.type, template.type);
  }
});

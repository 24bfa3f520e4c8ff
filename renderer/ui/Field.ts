// Labelled form controls for the custody forms: a label tied to its control, a hint read with it, and
// secret inputs that never autocomplete, spellcheck (its dictionaries live online) or autocapitalize.
import { el, type Child } from '../app/dom';

let nextId = 0;
const uniqueId = (stem: string) => `${stem}-${++nextId}`;

/** Attributes every secret input carries: typed by its holder only, never remembered or checked online. */
export const SECRET_INPUT_ATTRS: Readonly<Record<string, string>> = {
  autocomplete: 'off',
  spellcheck: 'false',
  autocapitalize: 'off',
  autocorrect: 'off',
};

export interface FieldSpec {
  label: Child;
  control: HTMLElement;
  hint?: Child;
  className?: string;
  testid?: string;
}

/** A label, its control and an optional hint announced with it (aria-describedby). */
export function field(spec: FieldSpec): HTMLElement {
  const id = spec.control.id || uniqueId('field');
  spec.control.id = id;
  const hint = spec.hint ? el('p', { className: 'field-hint', attrs: { id: `${id}-hint` } }, [spec.hint]) : null;
  if (hint) spec.control.setAttribute('aria-describedby', `${id}-hint`);
  return el('div', { className: ['field', spec.className].filter(Boolean).join(' '), ...(spec.testid ? { testid: spec.testid } : {}) }, [
    el('label', { className: 'field-label', attrs: { for: id } }, [spec.label]),
    spec.control,
    hint,
  ]);
}

export interface InputSpec {
  testid: string;
  value: string;
  onInput(value: string): void;
  type?: 'text' | 'number';
  attrs?: Readonly<Record<string, string>>;
}

export function textInput(spec: InputSpec): HTMLInputElement {
  const input = el('input', {
    className: 'input',
    testid: spec.testid,
    attrs: { type: spec.type ?? 'text', spellcheck: 'false', autocomplete: 'off', ...spec.attrs },
    on: { input: () => spec.onInput(input.value) },
  });
  input.value = spec.value;
  return input;
}

/** A passphrase box: type=password, nothing remembered or sent for spellchecking. */
export function secretInput(spec: Omit<InputSpec, 'type'>): HTMLInputElement {
  const input = el('input', {
    className: 'input input-secret',
    testid: spec.testid,
    attrs: { type: 'password', ...SECRET_INPUT_ATTRS, ...spec.attrs },
    on: { input: () => spec.onInput(input.value) },
  });
  input.value = spec.value;
  return input;
}

/** A multi-line box for words (a recovery phrase, shares, dice): monospace, never spellchecked. */
export function wordsInput(spec: Omit<InputSpec, 'type'> & { rows?: number }): HTMLTextAreaElement {
  const area = el('textarea', {
    className: 'input input-words',
    testid: spec.testid,
    attrs: { rows: String(spec.rows ?? 4), ...SECRET_INPUT_ATTRS, ...spec.attrs },
    on: { input: () => spec.onInput(area.value) },
  });
  area.value = spec.value;
  return area;
}

export function selectInput<V extends string | number>(spec: {
  testid: string;
  value: V;
  options: ReadonlyArray<readonly [V, string]>;
  onChange(value: V): void;
}): HTMLSelectElement {
  const select = el(
    'select',
    { className: 'input input-select', testid: spec.testid },
    spec.options.map(([value, label]) => el('option', { attrs: { value: String(value) } }, [label])),
  );
  select.value = String(spec.value);
  select.addEventListener('change', () => {
    const chosen = spec.options.find(([value]) => String(value) === select.value);
    if (chosen) spec.onChange(chosen[0]);
  });
  return select;
}

/** A checkbox with its sentence as the label. */
export function checkbox(spec: { testid: string; checked: boolean; label: Child; hint?: Child; onChange(checked: boolean): void }): HTMLElement {
  const id = uniqueId('check');
  const box = el('input', { testid: spec.testid, attrs: { type: 'checkbox', id }, on: { change: () => spec.onChange(box.checked) } });
  box.checked = spec.checked;
  const hint = spec.hint ? el('p', { className: 'field-hint', attrs: { id: `${id}-hint` } }, [spec.hint]) : null;
  if (hint) box.setAttribute('aria-describedby', `${id}-hint`);
  return el('div', { className: 'field field-check' }, [el('label', { className: 'check-label', attrs: { for: id } }, [box, ' ', spec.label]), hint]);
}

/** Radio choices as large cards: a title and one sentence each. */
export function choiceGroup<V extends string | number>(spec: {
  legend: string;
  name: string;
  testid: string;
  value: V;
  choices: ReadonlyArray<{ value: V; title: string; detail: string; testid: string }>;
  onChange(value: V): void;
}): HTMLFieldSetElement {
  return el('fieldset', { className: 'choices', testid: spec.testid }, [
    el('legend', { className: 'field-label' }, [spec.legend]),
    ...spec.choices.map((choice) => {
      const radio = el('input', {
        testid: choice.testid,
        attrs: { type: 'radio', name: spec.name, value: String(choice.value) },
        on: { change: () => radio.checked && spec.onChange(choice.value) },
      });
      radio.checked = choice.value === spec.value;
      return el('label', { className: 'choice' }, [
        radio,
        el('span', { className: 'choice-text' }, [el('span', { className: 'choice-title' }, [choice.title]), el('span', { className: 'choice-detail' }, [choice.detail])]),
      ]);
    }),
  ]);
}

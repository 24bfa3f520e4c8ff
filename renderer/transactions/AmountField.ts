// A native amount or fee box (shared/evm/units.ts): a bare number in the label's unit, or any of ETH, gwei and wei
// written after it, with the conversion (or the refusal's sentence) shown live under it. Build and Safe execute use it.
import type { EvmUnit } from '../../shared/evm/units';
import { el } from '../app/dom';
import { field, textInput } from '../ui/Field';
import { amountReading } from './DraftFormModel';

export interface AmountFieldSpec {
  testid: string;
  /** "Max fee per gas (gwei)": the unit in brackets is the one a bare number means. */
  label: string;
  value: string;
  unit: EvmUnit;
  hint?: string;
  onInput?(value: string): void;
}

export interface AmountField {
  root: HTMLElement;
  control: HTMLInputElement;
  /** Sets the box's text from code (e.g. from a snapshot) and redraws its conversion. */
  set(value: string): void;
}

const OTHER_UNITS: Readonly<Record<EvmUnit, string>> = {
  gwei: 'or write a unit: 0.00000003 ETH, 30000000000 wei',
  eth: 'or write a unit: 30 gwei, 1000000000 wei',
  wei: 'or write a unit: 30 gwei, 0.5 ETH',
};

export function amountField(spec: AmountFieldSpec): AmountField {
  const what = spec.label.replace(/ \(.*\)$/, '');
  const reading = el('span', { className: 'draft-reading', testid: `${spec.testid}-reading`, attrs: { 'aria-live': 'polite' } });
  const show = (v: string) => {
    const read = amountReading(v, spec.unit, what);
    reading.textContent = read.text;
    reading.dataset.state = read.error ? 'refused' : 'read';
  };
  const control = textInput({ testid: spec.testid, value: spec.value, onInput: (v) => (spec.onInput?.(v), show(v)), attrs: { inputmode: 'decimal' } });
  show(spec.value);
  const unitName = spec.unit === 'eth' ? 'ETH' : spec.unit;
  const root = field({ label: spec.label, control, hint: el('span', {}, [spec.hint ? `${spec.hint} ` : '', `In ${unitName}, ${OTHER_UNITS[spec.unit]}. `, reading]) });
  return {
    root,
    control,
    set(value) {
      control.value = value;
      show(value);
    },
  };
}

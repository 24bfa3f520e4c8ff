// Settings: how many idle minutes an unlocked vault waits before it locks itself.
import { el, replace } from '../app/dom';
import { toPublicError, type Bridge } from '../bridge';
import { errorNotice } from '../ui/ErrorNotice';
import { field, textInput } from '../ui/Field';

export function idleLockSetting(bridge: Bridge): HTMLElement {
  const box = el('section', { className: 'settings-section', testid: 'idle-lock-setting' }, []);
  void bridge.call('vault.summary', {}).then(
    ({ vault }) => {
      if (!vault) return;
      let value = String(vault.idleLockMinutes);
      const result = el('div', { testid: 'idle-lock-result', attrs: { 'aria-live': 'polite' } }, []);
      const save = el('button', { className: 'button', testid: 'idle-lock-save', attrs: { type: 'button' } }, ['Save']);
      save.addEventListener('click', () => {
        save.setAttribute('disabled', '');
        bridge
          .call('vault.setIdleLock', { minutes: Number(value) })
          .then(
            (reply) => replace(result, [el('p', { className: 'notice' }, [`Saved: the vault locks itself after ${reply.vault.idleLockMinutes} idle minutes.`])]),
            (error: unknown) => replace(result, [errorNotice(toPublicError(error), 'idle-lock-error')]),
          )
          .finally(() => save.removeAttribute('disabled'));
      });
      replace(box, [
        el('h2', {}, ['Idle lock']),
        field({
          label: 'Lock the unlocked vault after this many idle minutes',
          hint: 'From 1 to 120. A shorter time is safer on a shared desk; every change is recorded in the audit log.',
          control: textInput({ testid: 'idle-lock-minutes', value, type: 'number', attrs: { min: '1', max: '120' }, onInput: (v) => (value = v) }),
        }),
        save,
        result,
      ]);
    },
    (error: unknown) => replace(box, [errorNotice(toPublicError(error), 'idle-lock-error')]),
  );
  return box;
}

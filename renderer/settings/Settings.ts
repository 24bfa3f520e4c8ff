// The Settings view: how this copy of Airlock runs (mode, version, database file, schema version) and, in the
// vault, its idle lock and whether it may unlock and sign while connected (test machines only).
import { el } from '../app/dom';
import { defineView } from '../app/view';
import { idleLockSetting } from './IdleLockSetting';
import { onlineSigningSetting } from './OnlineSigningSetting';

export const settingsView = defineView({
  id: 'settings',
  title: 'Settings',
  purpose: 'How this copy of Airlock runs. These facts are read from the running app; note them when you report a problem.',
  page({ status, bridge }) {
    const modeText = status.mode === 'vault' ? 'Vault — offline, holds the encrypted shares' : 'Relay — online, holds no secret';
    const fact = (label: string, value: string, testid: string, valueClass = 'fact-value') =>
      el('div', { className: 'fact' }, [el('dt', { className: 'fact-label' }, [label]), el('dd', { className: valueClass, testid }, [value])]);
    return {
      root: [
      el('dl', { className: 'facts' }, [
        fact('Mode', modeText, 'settings-mode'),
        fact('Version', status.version, 'settings-version'),
        fact('Database file', status.dbPath, 'settings-db', 'fact-value fact-path'),
        fact('Schema version', String(status.schemaVersion), 'settings-schema'),
      ]),
      status.mode === 'vault' ? idleLockSetting(bridge) : null,
      status.mode === 'vault' ? onlineSigningSetting(bridge) : null,
      ],
    };
  },
});

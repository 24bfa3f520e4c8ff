// The bottom line of the window: role and network, database file, version. Always visible.
import { el } from './dom';
import type { NetworkState } from './network-monitor';
import type { AppStatus } from './view';

export function statusBar(status: AppStatus): { root: HTMLElement; update(state: NetworkState): void } {
  const mode = el('span', { className: 'status-mode', testid: 'status-mode' });
  const root = el('footer', { className: 'status-bar', testid: 'status-bar' }, [
    mode,
    el('span', { className: 'status-item status-db-item' }, [
      el('span', { className: 'status-label' }, ['Database']),
      el('span', { className: 'status-db', testid: 'status-db', attrs: { title: status.dbPath } }, [status.dbPath]),
    ]),
    el('span', { className: 'status-item status-version', testid: 'status-version' }, [`Airlock ${status.version}`]),
  ]);
  const show = (text: string, tone: 'calm' | 'alarm' | 'neutral') => {
    mode.textContent = text;
    mode.dataset.tone = tone;
  };
  return {
    root,
    update(state) {
      const role = status.mode === 'vault' ? 'VAULT' : 'RELAY';
      if (state.kind === 'checking') return show(`${role} · checking network…`, 'neutral');
      if (state.kind === 'unknown') return show(`${role} · network unknown`, status.mode === 'vault' ? 'alarm' : 'neutral');
      const online = state.status.online;
      if (status.mode === 'vault') return online ? show('VAULT · network connected', 'alarm') : show('VAULT · offline', 'calm');
      // The relay is meant to be online; saying so when it is not helps the operator, it is no alarm.
      return online ? show('RELAY · online', 'calm') : show('RELAY · no network', 'neutral');
    },
  };
}

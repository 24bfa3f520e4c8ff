// The band across the top of the window that says which machine this is: the vault (indigo, a lock, offline) or the
// relay (amber, an antenna, online), so an operator in an emergency never mistakes one window for the other.
import type { Mode } from '../../shared/bridge';
import { el } from './dom';

const SVG = 'http://www.w3.org/2000/svg';

export const MODE_TITLES: Readonly<Record<Mode, string>> = {
  vault: 'AIRLOCK VAULT · offline',
  relay: 'AIRLOCK RELAY · online',
};

/** Each mode's icon as SVG path data, drawn with the band's text colour (nothing is loaded: CSP img-src). */
const ICON_PATHS: Readonly<Record<Mode, readonly string[]>> = {
  // A padlock: shackle and body.
  vault: ['M7 11V8a5 5 0 0 1 10 0v3', 'M5 11h14v10H5z', 'M12 15v2'],
  // An antenna mast with two pairs of waves.
  relay: ['M12 10v11', 'M9 21h6', 'M8.5 6.5a5 5 0 0 0 0 7', 'M15.5 6.5a5 5 0 0 1 0 7', 'M5.5 3.5a9 9 0 0 0 0 13', 'M18.5 3.5a9 9 0 0 1 0 13'],
};

function modeIcon(mode: Mode): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'mode-icon');
  svg.setAttribute('aria-hidden', 'true');
  svg.dataset.testid = 'mode-icon';
  svg.dataset.icon = mode === 'vault' ? 'lock' : 'antenna';
  for (const d of ICON_PATHS[mode]) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

export function modeBand(mode: Mode): HTMLElement {
  const band = el('header', { className: 'mode-band', testid: 'mode-band', attrs: { 'data-mode': mode } }, [
    el('p', { className: 'mode-title', testid: 'mode-title' }, [MODE_TITLES[mode]]),
  ]);
  band.prepend(modeIcon(mode));
  return band;
}

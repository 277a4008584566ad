// Cameras: a list, and their positions drawn from their coordinates (no
// map tiles: ICCC networks are closed).

import { get } from '../api.js';
import { el, label } from '../util.js';

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs = {}, ...kids) => {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...kids);
  return e;
};

function positions(cams) {
  const w = 640, h = 360, pad = 24;
  const g = svg('svg', { viewBox: `0 0 ${w} ${h}`, class: 'map', role: 'img', 'aria-label': 'Camera positions' });
  if (!cams.length) return g;
  const lats = cams.map((c) => c.latitude), lons = cams.map((c) => c.longitude);
  const [a, b, c0, d] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const sx = (lon) => pad + ((lon - c0) / Math.max(d - c0, 1e-6)) * (w - 2 * pad);
  const sy = (lat) => h - pad - ((lat - a) / Math.max(b - a, 1e-6)) * (h - 2 * pad);
  g.append(svg('rect', { x: 0, y: 0, width: w, height: h, class: 'map-bg' }));
  for (const c of cams) {
    const x = sx(c.longitude), y = sy(c.latitude);
    g.append(svg('circle', { cx: x, cy: y, r: 6, class: `cam s-${c.status}` }, svg('title', {}, `${c.code} ${c.name} (${c.status})`)));
    g.append(svg('text', { x: x + 8, y: y + 4, class: 'tick' }, c.code));
  }
  return g;
}

export async function camerasView() {
  const page = await get('/api/v1/cameras?per_page=100');
  return el('section', {},
    el('h1', {}, 'Cameras'),
    positions(page.items),
    el('table', { class: 'list', id: 'cameras' },
      el('thead', {}, el('tr', {}, ['Code', 'Name', 'Position', 'Status', 'Retention', 'Device'].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, page.items.map((c) => el('tr', {},
        el('td', {}, c.code), el('td', {}, c.name), el('td', {}, `${c.latitude.toFixed(4)}, ${c.longitude.toFixed(4)}`),
        el('td', {}, label(c.status)), el('td', {}, `${c.retention_days} days`), el('td', {}, `${c.make} ${c.model}`))))));
}

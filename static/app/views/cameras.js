// Cameras: a list, and their positions drawn from their coordinates (no
// map tiles: ICCC networks are closed).

import { api, get, post } from '../api.js';
import { el, label, flash, errorText } from '../util.js';

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

/** The ICCC admin's form: register a camera, or change one (by code). */
function cameraForm(cams) {
  const err = el('p', { class: 'error-text', role: 'alert', id: 'camera-error' });
  const f = (name, text, attrs = {}) => el('label', {}, text, el('input', { name, ...attrs }));
  const form = el('form', { class: 'card', id: 'camera-form' },
    el('h2', {}, 'Register or change a camera'),
    el('div', { class: 'grid' },
      f('code', 'Code', { required: true, placeholder: 'CAM-FC-01' }), f('name', 'Name', { required: true }),
      f('latitude', 'Latitude', { required: true, inputmode: 'decimal' }), f('longitude', 'Longitude', { required: true, inputmode: 'decimal' }),
      f('make', 'Make'), f('model', 'Model'), f('serial', 'Serial'), f('mac', 'MAC address'),
      f('retention_days', 'Recorder keeps (days)', { inputmode: 'numeric', value: '30' })),
    err,
    el('button', { type: 'submit' }, 'Save camera'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    const d = Object.fromEntries(new FormData(form));
    const body = {
      name: d.name, latitude: Number(d.latitude), longitude: Number(d.longitude), make: d.make,
      model: d.model, serial: d.serial, mac: d.mac || undefined, retention_days: Number(d.retention_days),
    };
    const existing = cams.find((c) => c.code === d.code.trim().toUpperCase());
    try {
      if (existing) await api('PATCH', `/api/v1/cameras/${existing.id}`, body);
      else await post('/api/v1/cameras', { code: d.code, ...body });
      window.dispatchEvent(new HashChangeEvent('hashchange'));
      flash(`Saved ${d.code}`, 'ok');
    } catch (e) {
      // The form keeps what was typed.
      err.textContent = errorText(e);
    }
  });
  return form;
}

export async function camerasView(_m, user) {
  const page = await get('/api/v1/cameras?per_page=100');
  return el('section', {},
    el('h1', {}, 'Cameras'),
    positions(page.items),
    user.role === 'iccc_admin' ? cameraForm(page.items) : null,
    el('table', { class: 'list', id: 'cameras' },
      el('thead', {}, el('tr', {}, ['Code', 'Name', 'Position', 'Status', 'Retention', 'Device'].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, page.items.map((c) => el('tr', {},
        el('td', {}, c.code), el('td', {}, c.name), el('td', {}, `${c.latitude.toFixed(4)}, ${c.longitude.toFixed(4)}`),
        el('td', {}, label(c.status)), el('td', {}, `${c.retention_days} days`), el('td', {}, `${c.make} ${c.model}`))))));
}

// Request lists: an investigator's or station's own, the ICCC's queue
// (nearest deadline first, colour-coded by urgency and time left).

import { get } from '../api.js';
import { el, ist, countdown, badge, label } from '../util.js';

const OPEN = ['submitted', 'endorsed', 'in_review', 'approved', 'extracting'];

function risk(r, now) {
  if (!r.deadline_at || !OPEN.includes(r.status)) return '';
  const left = new Date(r.deadline_at).getTime() - now;
  if (left < 0) return 'risk-breached';
  if (left < 2 * 3600000) return 'risk-high';
  if (left < 6 * 3600000) return 'risk-medium';
  return '';
}

export async function requestsView(_m, user, { queue = false } = {}) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const status = params.get('status') || (queue ? '' : '');
  const q = new URLSearchParams({ per_page: '50', sort: queue ? 'deadline' : 'created' });
  if (status) q.set('status', status);
  const page = await get(`/api/v1/requests?${q}`);
  const now = Date.now();
  let rows = page.items;
  if (queue) rows = rows.filter((r) => OPEN.includes(r.status));
  const title = queue ? 'Queue' : user.role === 'station_supervisor' ? 'Station requests' : 'Requests';
  const table = el('table', { class: 'list', id: queue ? 'queue' : 'requests' },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Request'), el('th', { scope: 'col' }, 'Case'),
      el('th', { scope: 'col' }, 'Urgency'), el('th', { scope: 'col' }, 'Status'),
      el('th', { scope: 'col' }, 'Deadline'), el('th', { scope: 'col' }, 'Filed'))),
    el('tbody', {}, rows.map((r) => el('tr', { class: `${risk(r, now)} u-${r.urgency}` },
      el('td', {}, el('a', { href: `#/requests/${r.id}` }, r.id.slice(-8))),
      el('td', {}, r.fir_number ? `FIR ${r.fir_number}` : r.gd_number ? `GD ${r.gd_number}` : '—', el('div', { class: 'muted' }, r.incident_place)),
      el('td', {}, el('span', { class: `urgency u-${r.urgency}` }, label(r.urgency))),
      el('td', {}, badge(r.status)),
      el('td', {}, r.deadline_at ? [ist(r.deadline_at), el('div', { class: 'muted' }, countdown(r.deadline_at, now))] : '—'),
      el('td', {}, ist(r.created_at))))));
  const filters = el('p', { class: 'filters' }, 'Show: ',
    ['', ...OPEN, 'fulfilled', 'partially_fulfilled', 'unavailable', 'rejected', 'withdrawn', 'draft']
      .map((s) => el('a', { href: `#/${queue ? 'queue' : 'requests'}${s ? `?status=${s}` : ''}`, 'aria-current': s === status ? 'true' : null }, s ? label(s) : 'all')));
  return el('section', {},
    el('h1', {}, title),
    user.role === 'investigator' ? el('p', {}, el('a', { class: 'button', href: '#/requests/new' }, 'File a new request')) : null,
    filters,
    rows.length ? table : el('p', { class: 'muted' }, 'No requests here.'),
    el('p', { class: 'muted' }, `${page.total} in all`));
}

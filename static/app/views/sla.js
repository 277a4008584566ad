// The SLA dashboard: the fulfilment rate against the target week by week,
// by ICCC, station or camera, the reasons for misses, and what is at risk
// now; each as CSV too.

import { download, get } from '../api.js';
import { el, ist, countdown, label, flash, errorText } from '../util.js';

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs = {}, ...kids) => {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...kids);
  return e;
};
const pct = (x) => (x == null ? '—' : `${(100 * x).toFixed(1)}%`);

/** ISO week of a date, as the API names weeks (`2026-W47`). */
function isoWeek(d) {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const y = t.getUTCFullYear();
  const w = Math.ceil(((t - Date.UTC(y, 0, 1)) / 86400000 + 1) / 7);
  return `${y}-W${String(w).padStart(2, '0')}`;
}

/** Bars per week of the period (empty weeks too), with the target as a line. */
function chart(report) {
  const w = 640, h = 220, pad = 30;
  const byKey = new Map(report.groups.map((g) => [g.key, g]));
  const keys = [];
  for (let t = new Date(report.from); t < new Date(report.to); t = new Date(t.getTime() + 86400000)) {
    const k = isoWeek(t);
    if (!keys.includes(k)) keys.push(k);
  }
  const groups = keys.map((k) => byKey.get(k) || { key: k, figures: { fulfilment_rate: null } });
  const bw = groups.length ? (w - 2 * pad) / groups.length : 0;
  const y = (v) => h - pad - v * (h - 2 * pad);
  const g = svg('svg', { viewBox: `0 0 ${w} ${h}`, class: 'chart', role: 'img', 'aria-label': `Fulfilment rate by week against the ${pct(report.target)} target` });
  g.append(svg('line', { x1: pad, x2: w - pad, y1: y(0), y2: y(0), class: 'axis' }));
  groups.forEach((gr, i) => {
    const r = gr.figures.fulfilment_rate;
    const x = pad + i * bw + 2;
    if (r != null) {
      g.append(svg('rect', { x, y: y(r), width: Math.max(bw - 4, 1), height: y(0) - y(r), class: r >= report.target ? 'bar ok' : 'bar miss' },
        svg('title', {}, `${gr.key}: ${pct(r)}`)));
    }
    if (groups.length <= 16) g.append(svg('text', { x: x + bw / 2 - 2, y: h - 8, class: 'tick mid' }, gr.key.slice(5)));
  });
  g.append(svg('line', { x1: pad, x2: w - pad, y1: y(report.target), y2: y(report.target), class: 'target' }));
  g.append(svg('text', { x: w - pad, y: y(report.target) - 4, class: 'tick end' }, `target ${pct(report.target)}`));
  return g;
}

async function csv(path, name) {
  try {
    await download(path, name);
  } catch (e) {
    flash(errorText(e));
  }
}

function table(report) {
  return el('table', { class: 'list', id: 'sla-table' },
    el('thead', {}, el('tr', {}, ['', 'On time', 'Late', 'Missed', 'Pending', 'Rate', 'Fulfilled at all', 'Median h', 'p90 h', 'Main reason'].map((t) => el('th', { scope: 'col' }, t)))),
    el('tbody', {}, [...report.groups, { key: 'All', name: '', figures: report.total }].map((g) => {
      const f = g.figures;
      const top = [...(f.reasons || [])].sort((a, b) => b[1] - a[1])[0];
      return el('tr', { class: f.fulfilment_rate != null && f.fulfilment_rate < report.target ? 'below' : '' },
        el('th', { scope: 'row' }, g.key, g.name && g.name !== g.key ? el('div', { class: 'muted' }, g.name) : null),
        el('td', {}, f.on_time), el('td', {}, f.late), el('td', {}, f.missed), el('td', {}, f.pending),
        el('td', {}, pct(f.fulfilment_rate)), el('td', {}, pct(f.fulfilled_at_all)),
        el('td', {}, f.median_hours_to_fulfil?.toFixed(1) ?? '—'), el('td', {}, f.p90_hours_to_fulfil?.toFixed(1) ?? '—'),
        el('td', {}, top ? `${label(top[0])} (${pct(top[2])})` : '—'));
    })));
}

export async function slaView() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const by = params.get('by') || 'iccc';
  const to = new Date();
  const from = new Date(to.getTime() - 84 * 86400000);
  const span = `from=${from.toISOString().slice(0, 10)}&to=${new Date(to.getTime() + 86400000).toISOString().slice(0, 10)}`;
  const [weeks, grouped, risk] = await Promise.all([
    get(`/api/v1/sla/summary?${span}&group_by=week`),
    get(`/api/v1/sla/summary?${span}&group_by=${by}`),
    get('/api/v1/sla/at-risk?within_hours=24'),
  ]);
  const reasons = weeks.total.reasons || [];
  return el('section', { id: 'sla' },
    el('h1', {}, 'Fulfilment against the target'),
    el('p', { class: 'big' }, `Last 12 weeks: ${pct(weeks.total.fulfilment_rate)} on time (target ${pct(weeks.target)}); ${pct(weeks.total.fulfilled_at_all)} fulfilled at all.`),
    chart(weeks),
    el('h2', {}, 'By ', ['iccc', 'station', 'camera', 'urgency'].map((b) => el('a', { href: `#/sla?by=${b}`, 'aria-current': b === by ? 'true' : null, class: 'tab' }, label(b)))),
    table(grouped),
    el('p', {}, el('button', { type: 'button', class: 'link', onclick: () => csv(`/api/v1/sla/summary?${span}&group_by=${by}&format=csv`, `sla-${by}.csv`) }, 'Download CSV')),
    el('h2', {}, 'Why requests were missed'),
    reasons.length ? el('ul', {}, reasons.map(([code, n, share]) => el('li', {}, `${label(code)}: ${n} (${pct(share)})`))) : el('p', { class: 'muted' }, 'No misses with a recorded reason.'),
    el('h2', {}, 'At risk in the next 24 hours'),
    risk.length ? el('table', { class: 'list', id: 'at-risk' },
      el('thead', {}, el('tr', {}, ['Request', 'Station → ICCC', 'Urgency', 'Deadline', 'Overwrite', 'Risk'].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, risk.map((a) => el('tr', {},
        el('td', {}, el('a', { href: `#/requests/${a.request_id}` }, a.request_id.slice(-8))),
        el('td', {}, `${a.station} → ${a.iccc}`), el('td', {}, label(a.urgency)),
        el('td', {}, a.deadline_at ? `${ist(a.deadline_at)} (${countdown(a.deadline_at)})` : '—'),
        el('td', {}, a.overwrite_at ? `${ist(a.overwrite_at)} (${countdown(a.overwrite_at)})` : '—'),
        el('td', {}, a.risks.join(', '))))))
      : el('p', { class: 'muted' }, 'Nothing at risk.'),
    el('p', {}, el('button', { type: 'button', class: 'link', onclick: () => csv('/api/v1/sla/at-risk?within_hours=24&format=csv', 'sla-at-risk.csv') }, 'Download the at-risk list (CSV)')));
}

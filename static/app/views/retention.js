// Retention for ICCC administrators and auditors: the policy in force,
// the clips due for erasure after their case's disposal (and whether a
// legal hold keeps them), and the latest erasures with their tombstones.

import { get } from '../api.js';
import { el, ist, countdown, label } from '../util.js';

const days = (n) => (n === 0 ? 'none' : `${n} days`);

export async function retentionView() {
  const r = await get('/api/v1/retention');
  const p = r.policy;
  return el('section', { id: 'retention' },
    el('h1', {}, 'Retention'),
    el('h2', {}, 'Policy'),
    el('dl', { class: 'facts', id: 'retention-policy' },
      el('dt', {}, 'Extracted clips'), el('dd', {}, `${days(p.clip_days)} after the case is disposed of`),
      el('dt', {}, 'Uploaded footage'), el('dd', {}, `${days(p.upload_days)} after the case is disposed of`),
      el('dt', {}, 'Preservation copies'), el('dd', {}, `${days(p.preservation_days)} after disposal, then released`),
      el('dt', {}, 'Grace before erasure'), el('dd', {}, `${days(p.grace_days)} after retention ends (or after the disposal is confirmed, if later); administrators are told`),
      el('dt', {}, 'Store lock (S3 compliance)'), el('dd', {}, days(p.store_lock_days)),
      el('dt', {}, 'Retention job'), el('dd', {}, p.sweep_interval_secs ? `every ${Math.round(p.sweep_interval_secs / 60)} min` : 'only when run by hand'),
      el('dt', {}, 'Audit and custody records'), el('dd', {}, p.audit_records)),
    el('h2', {}, 'Due for erasure'),
    r.schedule.length === 0 ? el('p', { class: 'muted' }, 'No clip of a disposed case is waiting.') :
      el('table', { class: 'list', id: 'retention-schedule' },
        el('thead', {}, el('tr', {}, ['Clip', 'Request', 'Source', 'Case disposed', 'Retention ends', 'Erased after', 'Legal holds'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, r.schedule.map((c) => el('tr', { class: c.legal_holds ? 'held' : c.in_grace ? 'risk-high' : '' },
          el('td', {}, el('code', {}, c.clip_id.slice(-8))),
          el('td', {}, el('a', { href: `#/requests/${c.request_id}` }, c.request_id.slice(-8))),
          el('td', {}, label(c.source)),
          el('td', {}, ist(c.case_disposed_at)),
          el('td', {}, ist(c.retention_ends_at)),
          el('td', {}, `${ist(c.erase_after)} (${countdown(c.erase_after)})`, c.in_grace ? el('div', { class: 'warn' }, 'in the grace period: place a legal hold or correct the disposal to keep it') : null),
          el('td', {}, c.legal_holds ? `${c.legal_holds} active: not erased` : '—'))))),
    el('h2', {}, 'Latest erasures'),
    r.recent_erasures.length === 0 ? el('p', { class: 'muted' }, 'Nothing has been erased.') :
      el('table', { class: 'list', id: 'retention-erasures' },
        el('thead', {}, el('tr', {}, ['When', 'Clip', 'Basis', 'Reason', 'SHA-256 (kept)'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, r.recent_erasures.map((e) => el('tr', {},
          el('td', {}, ist(e.erased_at)), el('td', {}, el('code', {}, e.clip_id.slice(-8))),
          el('td', {}, label(e.basis)), el('td', {}, e.reason), el('td', { class: 'mono' }, e.sha256))))));
}

// Security events for the city CISO, filterable, with CSV.

import { download, get } from '../api.js';
import { el, ist, label, flash, errorText } from '../util.js';

const KINDS = ['login_failed', 'account_locked', 'mfa_reset', 'key_rotated', 'role_changed', 'bulk_download',
  'share_created', 'share_revoked', 'verification_failed', 'hash_mismatch', 'log_audit_failed', 'legal_hold', 'evidence_erased'];

export async function securityView() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const q = new URLSearchParams({ per_page: '100' });
  for (const k of ['kind', 'severity', 'username']) if (params.get(k)) q.set(k, params.get(k));
  const page = await get(`/api/v1/security-events?${q}`);
  const form = el('form', { class: 'inline', id: 'security-filter' },
    el('select', { name: 'kind', 'aria-label': 'Kind' }, el('option', { value: '' }, 'any kind'),
      KINDS.map((k) => el('option', { value: k, selected: params.get('kind') === k }, label(k)))),
    el('select', { name: 'severity', 'aria-label': 'Severity' }, el('option', { value: '' }, 'any severity'),
      ['info', 'warning', 'critical'].map((s) => el('option', { value: s, selected: params.get('severity') === s }, s))),
    el('input', { name: 'username', placeholder: 'username', value: params.get('username') || '', 'aria-label': 'Username' }),
    el('button', { type: 'submit' }, 'Filter'),
    el('button', { type: 'button', class: 'link', onclick: async () => {
      try {
        q.set('format', 'csv');
        await download(`/api/v1/security-events?${q}`, 'security-events.csv');
      } catch (e) { flash(errorText(e)); }
    } }, 'Download CSV'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new URLSearchParams([...new FormData(form)].filter(([, v]) => v));
    location.hash = `#/security?${f}`;
  });
  return el('section', {},
    el('h1', {}, 'Security events'),
    form,
    el('table', { class: 'list', id: 'security-events' },
      el('thead', {}, el('tr', {}, ['When', 'Kind', 'Severity', 'Who', 'From', 'Subject', 'Detail'].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, page.items.map((e) => el('tr', { class: `sev-${e.severity}` },
        el('td', {}, ist(e.at)), el('td', {}, label(e.kind)), el('td', {}, e.severity), el('td', {}, e.username || '—'),
        el('td', {}, e.client_ip || '—'), el('td', {}, el('code', {}, e.subject || '')), el('td', {}, el('code', {}, JSON.stringify(e.detail))))))),
    el('p', { class: 'muted' }, `${page.total} in all`));
}

// The accounts of the caller's own organisation: roles, MFA resets,
// lockouts (its administrators change them; its auditors see them).
// Making or unmaking an administrator, and resetting an administrator's
// MFA, waits for a second administrator on the Approvals page.

import { get, post } from '../api.js';
import { el, ist, label, flash, errorText, guard } from '../util.js';

// The roles an account of each kind of organisation may hold.
const ROLES = {
  iccc: ['operator', 'iccc_admin', 'auditor'],
  police_station: ['investigator', 'station_supervisor', 'station_admin', 'auditor'],
  court: ['court', 'court_admin', 'auditor'],
};
const ADMINS = ['iccc_admin', 'station_admin', 'court_admin'];

async function act(row, path, body, done) {
  await guard(row, async () => {
    try {
      const r = await post(path, body);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
      if (r && r.approval) flash(`Waiting for a second administrator to approve: ${done}`, 'ok');
      else flash(done, 'ok');
    } catch (e) {
      flash(errorText(e));
    }
  });
}

export async function usersView(_m, user) {
  const rows = await get('/api/v1/admin/users');
  const admin = ADMINS.includes(user.role);
  const roles = ROLES[user.organisation.kind] || [];
  return el('section', {},
    el('h1', {}, `Users of ${user.organisation.name}`),
    el('p', { class: 'muted' }, 'You manage the accounts of your own organisation only. New accounts are made with `sakshya user add`. Changing an administrator needs a second administrator. Every change here is a security event naming you.'),
    el('table', { class: 'list', id: 'users' },
      el('thead', {}, el('tr', {}, ['User', 'Role', 'MFA', 'State', ''].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, rows.map((u) => {
        const role = el('select', { 'aria-label': `Role of ${u.username}`, disabled: !admin || u.id === user.id },
          roles.map((r) => el('option', { value: r, selected: r === u.role }, label(r))));
        const tr = el('tr', { 'data-user': u.username });
        const tools = admin && u.id !== user.id ? [
          el('button', { type: 'button', class: 'link', onclick: () => act(tr, `/api/v1/admin/users/${u.id}/role`, { role: role.value }, `${u.username} becomes ${label(role.value)}`) }, 'Change role'),
          u.mfa_enrolled ? el('button', { type: 'button', class: 'link', 'data-reset': u.username, onclick: () => act(tr, `/api/v1/admin/users/${u.id}/mfa-reset`, undefined, `MFA reset for ${u.username}`) }, 'Reset MFA') : null,
          u.locked_until ? el('button', { type: 'button', class: 'link', onclick: () => act(tr, `/api/v1/admin/users/${u.id}/unlock`, undefined, `${u.username} unlocked`) }, 'Unlock') : null,
        ] : [];
        tr.append(
          el('td', {}, el('strong', {}, u.username), el('div', { class: 'muted' }, u.display_name)),
          el('td', {}, role),
          el('td', {}, u.mfa_enrolled ? 'enrolled' : 'not enrolled'),
          el('td', {}, u.disabled ? 'disabled' : u.locked_until ? `locked until ${ist(u.locked_until)}` : 'active'),
          el('td', {}, tools));
        return tr;
      }))));
}

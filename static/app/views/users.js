// Accounts of the city's organisations: roles, MFA resets, lockouts
// (ICCC admins change them; auditors see them).

import { get, post } from '../api.js';
import { el, ist, label, flash, errorText } from '../util.js';

const ROLES = ['investigator', 'station_supervisor', 'operator', 'iccc_admin', 'court', 'auditor'];

async function act(path, body, done) {
  try {
    await post(path, body);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    flash(done, 'ok');
  } catch (e) {
    flash(errorText(e));
  }
}

export async function usersView(_m, user) {
  const rows = await get('/api/v1/admin/users');
  const admin = user.role === 'iccc_admin';
  return el('section', {},
    el('h1', {}, 'Users'),
    el('p', { class: 'muted' }, 'New accounts are made with `sakshya user add`. Every change here is a security event naming you.'),
    el('table', { class: 'list', id: 'users' },
      el('thead', {}, el('tr', {}, ['User', 'Organisation', 'Role', 'MFA', 'State', ''].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, rows.map((u) => {
        const role = el('select', { 'aria-label': `Role of ${u.username}`, disabled: !admin || u.id === user.id },
          ROLES.map((r) => el('option', { value: r, selected: r === u.role }, label(r))));
        const tools = admin && u.id !== user.id ? [
          el('button', { type: 'button', class: 'link', onclick: () => act(`/api/v1/admin/users/${u.id}/role`, { role: role.value }, `${u.username} is now ${label(role.value)}`) }, 'Change role'),
          u.mfa_enrolled ? el('button', { type: 'button', class: 'link', 'data-reset': u.username, onclick: () => act(`/api/v1/admin/users/${u.id}/mfa-reset`, undefined, `MFA reset for ${u.username}`) }, 'Reset MFA') : null,
          u.locked_until ? el('button', { type: 'button', class: 'link', onclick: () => act(`/api/v1/admin/users/${u.id}/unlock`, undefined, `${u.username} unlocked`) }, 'Unlock') : null,
        ] : [];
        return el('tr', { 'data-user': u.username },
          el('td', {}, el('strong', {}, u.username), el('div', { class: 'muted' }, u.display_name)),
          el('td', {}, u.organisation), el('td', {}, role),
          el('td', {}, u.mfa_enrolled ? 'enrolled' : 'not enrolled'),
          el('td', {}, u.disabled ? 'disabled' : u.locked_until ? `locked until ${ist(u.locked_until)}` : 'active'),
          el('td', {}, tools));
      }))));
}

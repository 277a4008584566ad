// The caller's alerts: deadlines and overwrites near, deadlines missed,
// and lockouts of their own account or of one they administer.

import { get, post } from '../api.js';
import { el, ist, label, flash, errorText } from '../util.js';

export async function notificationsView() {
  const page = await get('/api/v1/notifications?per_page=100');
  const list = el('ul', { class: 'notes', id: 'notifications' }, page.items.map((n) => el('li', { class: n.read_at ? 'read' : 'unread' },
    el('strong', {}, label(n.kind)), ' ', el('time', {}, ist(n.created_at)),
    el('div', {}, n.message),
    n.request_id ? el('a', { href: `#/requests/${n.request_id}` }, 'Open the request') : null)));
  const markAll = el('button', { type: 'button', onclick: async () => {
    try {
      await post('/api/v1/notifications/read', { all: true });
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) { flash(errorText(e)); }
  } }, 'Mark all read');
  return el('section', {}, el('h1', {}, `Alerts (${page.unread} unread)`), page.unread ? markAll : null,
    page.items.length ? list : el('p', { class: 'muted' }, 'No alerts.'));
}

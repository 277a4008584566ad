// The portal: a hash router, the navigation each role sees, and the
// session (who is logged in).

import { get, post, session, saveSession } from './api.js';
import { el, flash, errorText, label } from './util.js';
import { loginView } from './views/login.js';
import { requestsView } from './views/requests.js';
import { requestView } from './views/request.js';
import { fileView } from './views/file.js';
import { slaView } from './views/sla.js';
import { notificationsView } from './views/notifications.js';
import { securityView } from './views/security.js';
import { camerasView } from './views/cameras.js';
import { recordersView } from './views/recorders.js';
import { sharedView } from './views/shared.js';
import { logView } from './views/log.js';
import { usersView } from './views/users.js';
import { retentionView } from './views/retention.js';
import { approvalsView } from './views/approvals.js';

const ALL = ['investigator', 'station_supervisor', 'station_admin', 'operator', 'iccc_admin', 'auditor', 'court', 'court_admin'];
const ADMINS = ['iccc_admin', 'station_admin', 'court_admin'];
const STAFF = ['investigator', 'station_supervisor', 'operator', 'iccc_admin', 'auditor'];

// Each route: the hash it matches (a query after `?` is the view's own),
// the view, the roles that may open it, and its navigation link.
const Q = '(?:\\?.*)?$';
const ROUTES = [
  { re: new RegExp(`^#/requests/new${Q}`), view: fileView, roles: ['investigator'], nav: ['#/requests/new', 'New request'] },
  { re: new RegExp(`^#/requests/([\\w-]+)${Q}`), view: requestView, roles: STAFF },
  { re: new RegExp(`^#/queue${Q}`), view: (m, u) => requestsView(m, u, { queue: true }), roles: ['operator', 'iccc_admin'], nav: ['#/queue', 'Queue'] },
  { re: new RegExp(`^#/requests${Q}`), view: requestsView, roles: STAFF, nav: ['#/requests', 'Requests'] },
  { re: new RegExp(`^#/sla${Q}`), view: slaView, roles: STAFF, nav: ['#/sla', 'SLA'] },
  { re: new RegExp(`^#/cameras${Q}`), view: camerasView, roles: STAFF, nav: ['#/cameras', 'Cameras'] },
  { re: new RegExp(`^#/recorders${Q}`), view: recordersView, roles: ['operator', 'iccc_admin', 'auditor'], nav: ['#/recorders', 'Recorders'] },
  { re: new RegExp(`^#/security${Q}`), view: securityView, roles: ['iccc_admin', 'auditor'], nav: ['#/security', 'Security'] },
  { re: new RegExp(`^#/approvals${Q}`), view: approvalsView, roles: ['investigator', 'station_supervisor', ...ADMINS, 'auditor'], nav: ['#/approvals', 'Approvals'] },
  { re: new RegExp(`^#/users${Q}`), view: usersView, roles: [...ADMINS, 'auditor'], nav: ['#/users', 'Users'] },
  { re: new RegExp(`^#/retention${Q}`), view: retentionView, roles: ['iccc_admin', 'auditor'], nav: ['#/retention', 'Retention'] },
  { re: new RegExp(`^#/log${Q}`), view: logView, roles: ['iccc_admin', 'auditor'], nav: ['#/log', 'Custody log'] },
  { re: new RegExp(`^#/shared${Q}`), view: sharedView, roles: ['court'], nav: ['#/shared', 'Shared with us'] },
  { re: new RegExp(`^#/notifications${Q}`), view: notificationsView, roles: ALL, nav: ['#/notifications', 'Alerts'] },
];

function home(user) {
  if (user.role === 'court') return '#/shared';
  if (user.role === 'station_admin' || user.role === 'court_admin') return '#/users';
  if (user.role === 'operator' || user.role === 'iccc_admin') return '#/queue';
  return '#/requests';
}

function renderChrome(user) {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  nav.replaceChildren();
  who.replaceChildren();
  if (!user) return;
  for (const { roles, nav: link } of ROUTES) {
    if (!link || !roles.includes(user.role)) continue;
    const [href, text] = link;
    const a = el('a', { href, 'data-nav': href }, text);
    if (location.hash.split('?')[0] === href) a.setAttribute('aria-current', 'page');
    nav.append(a);
  }
  nav.append(el('a', { href: '/verify' }, 'Verify a file'));
  who.append(
    el('span', { class: 'muted' }, `${user.display_name} · ${label(user.role)} · ${user.organisation.code}`),
    el('button', { type: 'button', class: 'link', onclick: logout }, 'Log out'),
  );
}

async function logout() {
  try {
    await post('/api/v1/auth/logout');
  } catch {
    // The session ends here whatever the server says.
  }
  saveSession(null);
  location.hash = '#/login';
}

// Only the latest navigation may fill the page: a slower earlier view
// finishing later must not replace it.
let routeGen = 0;

export async function route() {
  const gen = ++routeGen;
  const main = document.getElementById('main');
  document.getElementById('flash').hidden = true;
  const s = session();
  if (!s || location.hash === '#/login') {
    renderChrome(null);
    const page = await loginView(route);
    if (gen === routeGen) main.replaceChildren(page);
    return;
  }
  let user = s.user;
  if (!user) {
    try {
      user = await get('/api/v1/auth/me');
      saveSession({ ...s, user });
    } catch {
      saveSession(null);
      return route();
    }
  }
  if (!location.hash || location.hash === '#/' || location.hash === '#') {
    location.replace(home(user));
    return;
  }
  renderChrome(user);
  const hit = ROUTES.map(({ re, view, roles }) => [location.hash.match(re), view, roles]).find(([m]) => m);
  if (!hit) {
    main.replaceChildren(el('h1', {}, 'Not found'), el('p', {}, el('a', { href: home(user) }, 'Go to your start page')));
    return;
  }
  const [m, view, roles] = hit;
  if (!roles.includes(user.role)) {
    main.replaceChildren(el('h1', {}, 'Not available'), el('p', { class: 'error-text' }, `This page is not available to the ${label(user.role)} role.`));
    return;
  }
  try {
    const page = await view(m, user);
    if (gen !== routeGen) return;
    main.replaceChildren(page);
    main.focus();
  } catch (e) {
    if (gen !== routeGen) return;
    if (e.status === 401) {
      saveSession(null);
      return route();
    }
    main.replaceChildren(el('h1', {}, 'Something went wrong'), el('p', { class: 'error-text' }, errorText(e)));
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', () => {
  route().catch((e) => flash(errorText(e)));
});

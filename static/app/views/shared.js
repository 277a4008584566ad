// A court's inbox: evidence packages shared with it, to download and
// verify (offline with `sakshya verify`, or on the verification page).

import { download, get } from '../api.js';
import { el, ist, flash, errorText } from '../util.js';

async function fetchPackage(share) {
  try {
    await download(`/api/v1/shared/${share.id}/package`, `sakshya-evidence-${share.clip_id}.zip`);
  } catch (e) {
    flash(errorText(e));
  }
}

export async function sharedView() {
  const rows = await get('/api/v1/shared');
  return el('section', {},
    el('h1', {}, 'Evidence shared with your court'),
    el('p', {}, 'Each package holds the clip, its signed manifest, the custody record with proofs and the BSA s.63 certificate. Check a clip on the ', el('a', { href: '/verify' }, 'verification page'), ' or with ', el('code', {}, 'sakshya verify'), '.'),
    rows.length ? el('table', { class: 'list', id: 'inbox' },
      el('thead', {}, el('tr', {}, ['Shared', 'Purpose', 'Expires', 'Downloads', ''].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((s) => el('tr', {},
        el('td', {}, ist(s.created_at)), el('td', {}, s.purpose), el('td', {}, ist(s.expires_at)),
        el('td', {}, `${s.downloads} of ${s.max_downloads}`),
        el('td', {}, el('button', { type: 'button', onclick: () => fetchPackage(s) }, 'Download package'))))))
      : el('p', { class: 'muted' }, 'Nothing has been shared with your court yet.'));
}

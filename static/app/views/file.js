// Filing a request, step by step on one page: the case, the incident,
// the cameras (from a list or near a point, with distance) and a time
// window for each, urgency and purpose. A refused form keeps every value
// and says what is wrong.

import { get, post } from '../api.js';
import { el, label, errorText, fromLocalIst, toLocalIst } from '../util.js';
import { attachNotice } from './request.js';

function cameraRow(c, windowStart, windowEnd) {
  return el('tr', { 'data-camera': c.id },
    el('td', {}, el('input', { type: 'checkbox', name: 'camera', value: c.id, 'aria-label': `Use ${c.code}` })),
    el('td', {}, el('strong', {}, c.code), el('div', { class: 'muted' }, c.name)),
    el('td', {}, c.distance_m != null ? `${Math.round(c.distance_m)} m` : ''),
    el('td', {}, label(c.status), el('div', { class: 'muted' }, `keeps ${c.retention_days} days`)),
    el('td', {}, el('input', { type: 'datetime-local', name: `start-${c.id}`, value: windowStart, 'aria-label': `${c.code} from` })),
    el('td', {}, el('input', { type: 'datetime-local', name: `end-${c.id}`, value: windowEnd, 'aria-label': `${c.code} to` })));
}

export async function fileView() {
  const err = el('div', { class: 'error-text', role: 'alert', id: 'file-error' });
  const now = new Date(Date.now() - 3600000).toISOString();
  const incident = el('input', { type: 'datetime-local', name: 'incident_at', required: true, value: toLocalIst(now) });
  const camBody = el('tbody', {});
  const notice = el('input', { type: 'file', name: 'notice', accept: 'application/pdf,image/jpeg,image/png' });
  const lat = el('input', { name: 'lat', inputmode: 'decimal', placeholder: '18.5204', 'aria-label': 'Latitude' });
  const lon = el('input', { name: 'lon', inputmode: 'decimal', placeholder: '73.8567', 'aria-label': 'Longitude' });
  const radius = el('input', { name: 'radius', inputmode: 'numeric', value: '1000', 'aria-label': 'Radius in metres' });

  async function loadCameras(near) {
    const q = new URLSearchParams({ per_page: '100' });
    if (near) {
      q.set('near', `${lat.value},${lon.value}`);
      q.set('radius_m', radius.value || '1000');
    }
    try {
      const page = await get(`/api/v1/cameras?${q}`);
      const t = new Date(fromLocalIst(incident.value) || now).getTime();
      const s = toLocalIst(new Date(t - 15 * 60000).toISOString());
      const e = toLocalIst(new Date(t + 15 * 60000).toISOString());
      camBody.replaceChildren(...page.items.map((c) => cameraRow(c, s, e)));
      err.textContent = '';
    } catch (e) {
      err.textContent = errorText(e);
    }
  }

  const form = el('form', { id: 'file-form', class: 'card', novalidate: true },
    el('h1', {}, 'New footage request'),
    el('fieldset', {}, el('legend', {}, '1. Case'),
      el('label', {}, 'FIR number', el('input', { name: 'fir_number', placeholder: '0042/2026' })),
      el('label', {}, 'or GD entry', el('input', { name: 'gd_number', placeholder: '17/2026' })),
      el('label', {}, 'BNS sections (comma separated)', el('input', { name: 'bns_sections', placeholder: '303(2), 3(5)' })),
      el('label', {}, 'Notice reference (BNSS s.94)', el('input', { name: 'notice_reference', required: true })),
      el('label', {}, 'Notice document (PDF, JPEG or PNG)', notice)),
    el('fieldset', {}, el('legend', {}, '2. Incident'),
      el('label', {}, 'Place', el('input', { name: 'incident_place', required: true })),
      el('label', {}, 'Time (IST)', incident),
      el('label', {}, 'Purpose', el('textarea', { name: 'purpose', required: true, rows: '2' })),
      el('label', {}, 'Urgency', el('select', { name: 'urgency' },
        el('option', { value: 'routine' }, 'routine (72 h)'), el('option', { value: 'urgent', selected: true }, 'urgent (24 h)'), el('option', { value: 'critical' }, 'critical (6 h)')))),
    el('fieldset', {}, el('legend', {}, '3. Cameras and windows'),
      el('div', { class: 'inline' }, 'Near ', lat, lon, ' within ', radius, ' m ',
        el('button', { type: 'button', onclick: () => loadCameras(true) }, 'Find cameras'),
        el('button', { type: 'button', class: 'link', onclick: () => loadCameras(false) }, 'All cameras')),
      el('table', { class: 'list', id: 'camera-picker' },
        el('thead', {}, el('tr', {}, ['', 'Camera', 'Distance', 'Status', 'From (IST)', 'To (IST)'].map((h) => el('th', { scope: 'col' }, h)))),
        camBody)),
    err,
    el('button', { type: 'submit' }, 'Save draft'));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    const items = f.getAll('camera').map((id) => ({
      camera_id: id, start: fromLocalIst(f.get(`start-${id}`)), end: fromLocalIst(f.get(`end-${id}`)),
    }));
    const body = {
      fir_number: f.get('fir_number') || undefined,
      gd_number: f.get('gd_number') || undefined,
      bns_sections: (f.get('bns_sections') || '').split(',').map((s) => s.trim()).filter(Boolean),
      incident_place: f.get('incident_place'),
      incident_at: fromLocalIst(f.get('incident_at')),
      purpose: f.get('purpose'),
      urgency: f.get('urgency'),
      notice_reference: f.get('notice_reference'),
      items,
    };
    let r;
    try {
      r = await post('/api/v1/requests', body);
    } catch (e) {
      // Nothing is cleared: the user fixes the one thing and saves again.
      err.textContent = errorText(e);
      err.scrollIntoView({ block: 'center' });
      return;
    }
    // The draft exists now; a refused document is attached again from
    // the request's page.
    const file = notice.files[0];
    let failed = null;
    if (file) {
      try {
        await attachNotice(r.id, file);
      } catch (e) {
        failed = e;
      }
    }
    if (!failed) {
      location.hash = `#/requests/${r.id}`;
      return;
    }
    form.replaceChildren(el('h1', {}, 'Draft saved'),
      el('p', { class: 'error-text', role: 'alert', id: 'notice-error' }, `The notice document was not attached: ${errorText(failed)}`),
      el('p', {}, el('a', { href: `#/requests/${r.id}` }, 'Open the draft to attach it again')));
  });
  await loadCameras(false);
  return form;
}

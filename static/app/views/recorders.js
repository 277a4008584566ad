// Recorders: the NVRs and VMSs footage is taken from. Everyone on the
// ICCC's staff sees whether each answers, how far its clock is off and
// how old its oldest footage is; operators and admins check one now;
// admins register recorders and map their channels to cameras.

import { api, get, post } from '../api.js';
import { el, ist, label, flash, errorText, guard } from '../util.js';

const KINDS = [
  ['hikvision', 'Hikvision (ISAPI)'],
  ['dahua', 'Dahua or CP Plus'],
  ['onvif', 'ONVIF Profile G'],
  ['rtsp_template', 'Other (RTSP playback address)'],
  ['folder', 'Recordings folder'],
];

function clock(r) {
  if (r.clock_offset_ms === null || r.clock_offset_ms === undefined) return '—';
  const s = r.clock_offset_ms / 1000;
  const text = `Clock ${s >= 0 ? '+' : ''}${s.toFixed(1)} s`;
  // A minute off matters to a court: say so.
  return Math.abs(s) >= 60 ? el('span', { class: 'warn' }, `${text} (clock off)`) : text;
}

function status(r) {
  return el('div', {},
    el('span', { class: `badge s-${r.reachability}` }, label(r.reachability)),
    r.last_error ? el('p', { class: 'error-text' }, r.last_error) : null,
    r.last_checked_at ? el('small', {}, `checked ${ist(r.last_checked_at)}`) : null);
}

function channels(r, cams) {
  if (!r.channels.length) return '—';
  const code = (id) => (cams.find((c) => c.id === id) || { code: id.slice(0, 8) }).code;
  return el('ul', { class: 'plain' }, r.channels.map((c) => el('li', {},
    `Ch ${c.channel} → ${code(c.camera_id)}`,
    c.oldest_footage_at ? el('small', {}, ` · footage since ${ist(c.oldest_footage_at)}`) : null)));
}

function row(r, cams, user) {
  const check = user.role === 'auditor' ? null : el('button', {
    type: 'button', class: 'secondary', 'data-check': r.id,
    onclick: (ev) => guard(ev.target.closest('td'), async () => {
      try {
        await post(`/api/v1/recorders/${r.id}/check`);
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      } catch (e) { flash(errorText(e)); }
    }),
  }, 'Check now');
  return el('tr', { 'data-recorder': r.id },
    el('td', {}, el('strong', {}, r.name), el('br'), el('small', {}, label(r.kind))),
    el('td', {}, r.host ? `${r.host}${r.http_port ? `:${r.http_port}` : ''}` : '—'),
    el('td', {}, status(r)),
    el('td', {}, clock(r)),
    el('td', {}, r.device ? `${r.device.make} ${r.device.model} · s/n ${r.device.serial}` : '—'),
    el('td', {}, channels(r, cams)),
    el('td', {}, check));
}

/** The admin's form: register a recorder; the password goes once and is
 *  never shown again. */
function recorderForm() {
  const err = el('p', { class: 'error-text', role: 'alert', id: 'recorder-error' });
  const f = (name, text, attrs = {}) => el('label', {}, text, el('input', { name, ...attrs }));
  const kind = el('select', { name: 'kind' }, KINDS.map(([v, t]) => el('option', { value: v }, t)));
  const template = f('playback_template', 'Playback address', { placeholder: 'rtsp://{host}:{rtsp_port}/playback?ch={channel}&from={start}&to={end}' });
  const form = el('form', { class: 'card', id: 'recorder-form' },
    el('h2', {}, 'Register a recorder'),
    el('div', { class: 'grid' },
      f('name', 'Name', { required: true, placeholder: 'NVR Shivajinagar 1' }),
      el('label', {}, 'Kind', kind),
      f('host', 'Address (IP or name)', { placeholder: '10.20.0.15' }),
      f('http_port', 'Web port', { inputmode: 'numeric', placeholder: '80' }),
      f('rtsp_port', 'RTSP port', { inputmode: 'numeric', placeholder: '554' }),
      f('username', 'Read-only account', { autocomplete: 'off' }),
      f('password', 'Its password', { type: 'password', autocomplete: 'new-password' }),
      template,
      f('utc_offset_minutes', 'Time zone (minutes from UTC)', { inputmode: 'numeric', value: '330' })),
    err,
    el('button', { type: 'submit' }, 'Register and check'));
  const sync = () => { template.style.display = kind.value === 'rtsp_template' ? '' : 'none'; };
  kind.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    guard(form, async () => {
      err.textContent = '';
      const d = Object.fromEntries(new FormData(form));
      const num = (v) => (v ? Number(v) : undefined);
      const body = {
        name: d.name, kind: d.kind, host: d.host || undefined, http_port: num(d.http_port), rtsp_port: num(d.rtsp_port),
        username: d.username || undefined, password: d.password || undefined,
        playback_template: d.kind === 'rtsp_template' ? d.playback_template : undefined,
        utc_offset_minutes: num(d.utc_offset_minutes),
      };
      try {
        const r = await post('/api/v1/recorders', body);
        window.dispatchEvent(new HashChangeEvent('hashchange'));
        flash(`${r.name}: ${label(r.reachability)}`, r.reachability === 'reachable' ? 'ok' : 'error');
      } catch (e) {
        // The form keeps what was typed, but never the password.
        form.elements.password.value = '';
        err.textContent = errorText(e);
      }
    });
  });
  return form;
}

/** The admin's form: which camera a recorder channel records. */
function channelForm(recorders, cams) {
  const err = el('p', { class: 'error-text', role: 'alert', id: 'channel-error' });
  const form = el('form', { class: 'card', id: 'channel-form' },
    el('h2', {}, 'Map a channel to a camera'),
    el('div', { class: 'grid' },
      el('label', {}, 'Recorder', el('select', { name: 'recorder' }, recorders.filter((r) => r.kind !== 'folder').map((r) => el('option', { value: r.id }, r.name)))),
      el('label', {}, 'Channel', el('input', { name: 'channel', inputmode: 'numeric', required: true, placeholder: '1' })),
      el('label', {}, 'Camera', el('select', { name: 'camera' }, cams.map((c) => el('option', { value: c.id }, `${c.code} ${c.name}`))))),
    err,
    el('button', { type: 'submit' }, 'Map channel'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    guard(form, async () => {
      err.textContent = '';
      const d = Object.fromEntries(new FormData(form));
      try {
        await api('PUT', `/api/v1/recorders/${d.recorder}/channels/${Number(d.channel)}`, { camera_id: d.camera });
        window.dispatchEvent(new HashChangeEvent('hashchange'));
        flash(`Channel ${d.channel} mapped`, 'ok');
      } catch (e) { err.textContent = errorText(e); }
    });
  });
  return form;
}

export async function recordersView(_m, user) {
  const [recs, cams] = await Promise.all([get('/api/v1/recorders'), get('/api/v1/cameras?per_page=100')]);
  const admin = user.role === 'iccc_admin';
  return el('section', {},
    el('h1', {}, 'Recorders'),
    el('div', { class: 'table-wrap' }, el('table', { class: 'list', id: 'recorders' },
      el('thead', {}, el('tr', {}, ['Recorder', 'Address', 'Status', 'Clock', 'Device', 'Channels', ''].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, recs.items.length
        ? recs.items.map((r) => row(r, cams.items, user))
        : el('tr', {}, el('td', { colspan: 7 }, 'No recorders yet.'))))),
    admin ? recorderForm() : null,
    admin && recs.items.some((r) => r.kind !== 'folder') ? channelForm(recs.items, cams.items) : null);
}

// The custody log: the latest signed checkpoint, the published signing
// keys, and the inclusion proof (a C2SP tlog-proof) of any custody event.

import { get } from '../api.js';
import { el, ist, errorText } from '../util.js';

export async function logView() {
  const [checkpoint, keys] = await Promise.all([get('/api/v1/log/checkpoint'), get('/api/v1/keys')]);
  const out = el('pre', { class: 'proof', id: 'event-proof' });
  const err = el('p', { class: 'error-text', role: 'alert' });
  const form = el('form', { class: 'inline', id: 'proof-form' },
    el('input', { name: 'event', placeholder: 'custody event id (from a package\'s custody.jsonl)', size: '44', required: true, 'aria-label': 'Custody event id' }),
    el('button', { type: 'submit' }, 'Get its proof'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    out.textContent = '';
    const id = new FormData(form).get('event').trim();
    try {
      out.textContent = await get(`/api/v1/log/events/${encodeURIComponent(id)}/proof`);
    } catch (e) {
      err.textContent = errorText(e);
    }
  });
  return el('section', { id: 'log' },
    el('h1', {}, 'Custody log'),
    el('p', {}, 'Every custody event is a leaf of this append-only Merkle log (RFC 6962). A checkpoint is the signed size and root of the log; anyone can check that later checkpoints extend it and that an event is in it.'),
    el('h2', {}, 'Latest checkpoint'),
    el('pre', { class: 'proof', id: 'checkpoint' }, checkpoint),
    el('h2', {}, 'Proof for an event'),
    form, err, out,
    el('h2', {}, 'Signing keys'),
    el('table', { class: 'list', id: 'keys' },
      el('thead', {}, el('tr', {}, ['Key id', 'Name', 'Published', 'Retired', 'Verifier key'].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, keys.map((k) => el('tr', {},
        el('td', {}, el('code', {}, k.key_id)), el('td', {}, k.name), el('td', {}, ist(k.created_at)),
        el('td', {}, k.retired_at ? ist(k.retired_at) : 'active'), el('td', {}, el('code', { class: 'wrap' }, k.verifier_key)))))));
}

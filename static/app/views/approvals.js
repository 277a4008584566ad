// What waits for a second person (the two-person rule): disposal
// confirmations for station supervisors, erasures for ICCC
// administrators, administrator account changes for administrators.
// Nobody approves what they asked for; they may withdraw it.

import { get, post } from '../api.js';
import { el, ist, countdown, flash, errorText, guard, APPROVAL_TEXT } from '../util.js';

function details(a) {
  const p = a.params || {};
  const bits = [];
  if (p.disposed_at) bits.push(`Disposed of on ${ist(p.disposed_at).split(',')[0]}`);
  if (p.reference) bits.push(`Reference: ${p.reference}`);
  if (p.basis) bits.push(`Basis: ${p.basis.replaceAll('_', ' ')}`);
  if (p.court_order_reference) bits.push(`Court order: ${p.court_order_reference}`);
  if (p.from && p.to) bits.push(`Role: ${p.from.replaceAll('_', ' ')} → ${p.to.replaceAll('_', ' ')}`);
  return bits;
}

function decideForm(a) {
  const note = el('input', { name: 'note', placeholder: 'Note (optional)', 'aria-label': 'Note', maxlength: '500' });
  const form = el('form', { class: 'inline decide' }, note);
  const send = (verb, done) => guard(form, async () => {
    try {
      await post(`/api/v1/approvals/${a.id}/${verb}`, note.value ? { note: note.value } : undefined);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
      flash(done, 'ok');
    } catch (e) {
      flash(errorText(e));
    }
  });
  if (a.can_decide) {
    form.append(
      el('button', { type: 'button', 'data-approve': a.id, onclick: () => send('approve', 'Approved: it has been done') }, 'Approve'),
      el('button', { type: 'button', class: 'secondary', 'data-refuse': a.id, onclick: () => send('refuse', 'Refused: nothing was done') }, 'Refuse'));
  } else if (a.asked_by_you && a.state === 'pending') {
    form.append(el('button', { type: 'button', class: 'secondary', 'data-withdraw': a.id, onclick: () => send('refuse', 'Withdrawn') }, 'Withdraw'));
  }
  return form;
}

export async function approvalsView() {
  const list = await get('/api/v1/approvals');
  return el('section', { id: 'approvals' },
    el('h1', {}, 'Approvals'),
    el('p', { class: 'muted' }, 'Some actions need two people: one asks, a different person approves. Nothing happens until it is approved. Requests expire if nobody decides.'),
    list.length === 0 ? el('p', { id: 'approvals-empty' }, 'Nothing is waiting for approval.') :
      el('ul', { class: 'cards', id: 'approval-list' }, list.map((a) => el('li', { 'data-approval': a.id },
        el('h2', {}, APPROVAL_TEXT[a.kind] || a.kind),
        el('p', {}, a.reason),
        el('ul', { class: 'muted' }, details(a).map((d) => el('li', {}, d))),
        el('p', { class: 'muted' }, `Asked by ${a.requested_by_name || 'someone'} on ${ist(a.requested_at)}; expires ${countdown(a.expires_at)}.`),
        a.request_id ? el('p', {}, el('a', { href: `#/requests/${a.request_id}` }, 'Open the request')) : null,
        decideForm(a)))));
}

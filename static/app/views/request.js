// One request: its case details, items with the overwrite countdown and
// live extraction progress, its history, and the actions the caller's
// role may take now.

import { api, download, get, post, session } from '../api.js';
import { el, ist, countdown, badge, label, flash, errorText, guard } from '../util.js';

const REJECT = ['rejected_invalid_request', 'rejected_insufficient_authority'];
const UNAVAILABLE = ['footage_overwritten', 'camera_offline', 'outside_coverage', 'no_recording_in_window', 'technical_failure'];

/** Reads `update` events of the request's SSE stream (fetch, so the
 *  bearer token goes with it) until the view is left. */
async function follow(id, onUpdate, signal) {
  const res = await fetch(`/api/v1/requests/${id}/events`, {
    headers: { authorization: `Bearer ${session().access_token}` }, signal,
  });
  if (!res.ok || !res.body) return;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += value;
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const chunk = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = chunk.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
      if (data) {
        try { onUpdate(JSON.parse(data)); } catch { /* not JSON: ignore */ }
      }
    }
  }
}

function actionForm(id, action, { needComment = false, reasons = null, text }) {
  const form = el('form', { class: 'inline', 'data-action': action },
    reasons ? el('select', { name: 'reason_code', required: true, 'aria-label': 'Reason' },
      el('option', { value: '' }, 'Reason…'), reasons.map((r) => el('option', { value: r }, label(r)))) : null,
    needComment || action === 'reject' ? el('input', { name: 'comment', placeholder: 'Comment', required: needComment, 'aria-label': 'Comment' }) : null,
    el('button', { type: 'submit' }, text));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    const body = {};
    if (f.get('reason_code')) body.reason_code = f.get('reason_code');
    if (f.get('comment')) body.comment = f.get('comment');
    guard(form, async () => {
      try {
        await post(`/api/v1/requests/${id}/${action}`, body);
        window.dispatchEvent(new HashChangeEvent('hashchange'));
        flash(`Done: ${label(action)}`, 'ok');
      } catch (e) {
        flash(errorText(e));
      }
    });
  });
  return form;
}

function actions(r, user) {
  const out = [];
  const id = r.id;
  const mine = user.role === 'investigator';
  if (mine && r.status === 'draft') out.push(actionForm(id, 'submit', { text: 'Submit' }));
  if (user.role === 'station_supervisor' && r.status === 'submitted') {
    out.push(actionForm(id, 'endorse', { text: 'Endorse' }));
    out.push(actionForm(id, 'return', { needComment: true, text: 'Return to investigator' }));
  }
  if (user.role === 'operator' && r.status === 'endorsed') out.push(actionForm(id, 'review', { text: 'Take up' }));
  if (user.role === 'operator' && ['endorsed', 'in_review'].includes(r.status)) {
    out.push(actionForm(id, 'approve', { text: 'Approve' }));
    out.push(actionForm(id, 'reject', { reasons: REJECT, text: 'Reject' }));
  }
  if (mine && ['draft', 'submitted', 'endorsed', 'in_review', 'approved'].includes(r.status)) {
    out.push(actionForm(id, 'withdraw', { needComment: true, text: 'Withdraw' }));
  }
  return out;
}

const RECORDER_KINDS = { hikvision: 'Hikvision', dahua: 'Dahua / CP Plus', onvif: 'ONVIF', rtsp_template: 'RTSP' };

// What was pulled from the camera's recorder, or how long pulling takes.
function pulledNote(r, it) {
  const p = it.pulled;
  if (p) {
    const secs = p.clock_offset_secs;
    return el('div', { class: 'muted pulled' },
      `pulled from the ${RECORDER_KINDS[p.recorder_kind] || label(p.recorder_kind)} recorder` + (p.complete ? '' : ' (incomplete; retrying)'),
      p.clock_warning ? el('div', { class: 'warn', role: 'note' },
        `The recorder's clock is ${Math.abs(secs)} s ${secs > 0 ? 'fast' : 'slow'}: times shown in its picture are off by as much.`) : null);
  }
  const pulling = (it.jobs || []).some((j) => j.kind === 'preserve' && j.state !== 'succeeded');
  if (it.recorder_kind === 'onvif' && pulling && r.status !== 'draft') {
    return el('div', { class: 'muted pulled' }, 'pulling from the recorder (ONVIF replay runs faster than real time)');
  }
  if (it.recorder_kind && pulling && r.status !== 'draft') {
    // The window and the default margin of 30 s either side, at real time.
    const minutes = Math.max(1, Math.round(((new Date(it.end) - new Date(it.start)) / 1000 + 60) / 60));
    return el('div', { class: 'muted pulled' }, `pulling from the recorder: about ${minutes} min (recorders play back at real time)`);
  }
  return null;
}

function itemRow(r, it, user) {
  const cells = [
    el('td', {}, el('strong', {}, it.camera_code), el('div', { class: 'muted' }, it.camera_name)),
    el('td', {}, ist(it.start), ' – ', ist(it.end)),
    el('td', { class: 'item-status' }, badge(it.status), it.reason_code ? el('div', { class: 'muted' }, label(it.reason_code)) : null,
      ...(it.jobs || []).filter((j) => j.state !== 'succeeded').map((j) => el('div', { class: 'muted' },
        `${label(j.kind)}: ${label(j.state)} `, el('progress', { max: '100', value: String(j.percent) }), ` ${j.percent}%`))),
    el('td', { class: 'item-preservation' }, it.preserved ? 'preserved' : it.overwrite_at ? el('span', { class: new Date(it.overwrite_at) - Date.now() < 86400000 ? 'warn' : '' }, `overwritten ${countdown(it.overwrite_at)}`) : '—',
      pulledNote(r, it)),
  ];
  const tools = el('td', {});
  if (it.clip) {
    tools.append(
      el('div', {}, el('code', { title: 'SHA-256' }, `${it.clip.sha256.slice(0, 16)}…`)),
      el('button', { type: 'button', class: 'link', onclick: () => download(`/api/v1/clips/${it.clip.id}/package`, `sakshya-evidence-${it.clip.id}.zip`).catch((e) => flash(errorText(e))) }, 'Download package'),
    );
    if (['operator', 'iccc_admin', 'investigator', 'station_supervisor'].includes(user.role)) {
      tools.append(el('button', { type: 'button', class: 'link', onclick: (ev) => preview(ev.target, it.clip.id) }, 'Preview'));
    }
    if (['investigator', 'operator'].includes(user.role)) tools.append(shareForm(it.clip.id));
    if (user.role === 'iccc_admin') tools.append(holdForm(it.clip.id), eraseForm(it.clip.id));
  }
  if (user.role === 'operator' && ['pending', 'extracting'].includes(it.status) && r.status !== 'draft') {
    tools.append(unavailableForm(r.id, it.id), uploadForm(r.id, it.id));
  }
  cells.push(tools);
  return el('tr', { 'data-item': it.id }, cells);
}

async function preview(button, clipId) {
  try {
    const res = await api('GET', `/api/v1/clips/${clipId}/content`, undefined, { raw: true });
    const url = URL.createObjectURL(await res.blob());
    button.replaceWith(el('video', { src: url, controls: true, class: 'preview', 'aria-label': 'Clip preview' }));
  } catch (e) {
    flash(errorText(e));
  }
}

function shareForm(clipId) {
  const form = el('form', { class: 'inline share' },
    el('input', { name: 'recipient_org', placeholder: 'Court code, e.g. COURT-PUNE', required: true, 'aria-label': 'Court code' }),
    el('input', { name: 'recipient_name', placeholder: 'Court name', required: true, 'aria-label': 'Court name' }),
    el('input', { name: 'purpose', placeholder: 'Purpose', required: true, 'aria-label': 'Purpose' }),
    el('button', { type: 'submit' }, 'Share with court'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    try {
      await post(`/api/v1/clips/${clipId}/shares`, {
        recipient_org: f.get('recipient_org'), recipient_name: f.get('recipient_name'),
        purpose: f.get('purpose'), expires_in_hours: 168, max_downloads: 5,
      });
      flash('Shared with the court for 7 days, up to 5 downloads.', 'ok');
    } catch (e) {
      flash(errorText(e));
    }
  });
  return form;
}

/** A form posting {reason} (and `extra` fields) to `path`; reloads after. */
function reasonForm(path, text, placeholder, extra = () => ({})) {
  const form = el('form', { class: 'inline' },
    el('input', { name: 'reason', placeholder, required: true, 'aria-label': placeholder }),
    el('button', { type: 'submit' }, text));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    guard(form, async () => {
      try {
        await post(path, { reason: new FormData(form).get('reason'), ...extra(form) });
        window.dispatchEvent(new HashChangeEvent('hashchange'));
        flash(`Done: ${text.toLowerCase()}`, 'ok');
      } catch (e) {
        flash(errorText(e));
      }
    });
  });
  return form;
}

function holdForm(clipId) {
  const wrap = el('div', { class: 'holds' },
    reasonForm(`/api/v1/clips/${clipId}/legal-holds`, 'Place legal hold', 'Order or reason'),
    reasonForm(`/api/v1/clips/${clipId}/legal-holds/release`, 'Release holds', 'Why released'));
  return wrap;
}

/** Asking for an erasure: it waits for a second ICCC administrator.
 *  While the case is open, or a court has the clip, only a court order
 *  (named by its number) can erase it. */
function eraseForm(clipId) {
  const basis = el('select', { 'aria-label': 'Basis' },
    el('option', { value: 'court_order' }, 'court order'),
    el('option', { value: 'erasure_request' }, 'DPDP erasure request (closed cases only)'));
  const order = el('input', { name: 'court_order_reference', placeholder: 'Court order number', 'aria-label': 'Court order number' });
  const reason = el('input', { name: 'reason', placeholder: 'Erasure request or order', required: true, 'aria-label': 'Erasure request or order' });
  const form = el('form', { class: 'inline erase' }, basis, order, reason, el('button', { type: 'submit' }, 'Ask to erase bytes'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    guard(form, async () => {
      try {
        await post(`/api/v1/clips/${clipId}/erase`, {
          basis: basis.value, reason: reason.value,
          court_order_reference: order.value || undefined,
        });
        window.dispatchEvent(new HashChangeEvent('hashchange'));
        flash('Asked: a second ICCC administrator must approve the erasure on the Approvals page. Nothing is erased until then.', 'ok');
      } catch (e) {
        flash(errorText(e));
      }
    });
  });
  return form;
}

const CLOSED = ['fulfilled', 'partially_fulfilled', 'unavailable', 'rejected', 'withdrawn'];

/** The form that records a case's disposal (the filing station), or a
 * note that nothing is recorded. */
function recordDisposalForm(d, user) {
  if (!['investigator', 'station_supervisor'].includes(user.role)) {
    return el('p', { class: 'muted' }, 'No confirmed disposal is recorded; the evidence is kept.');
  }
  const on = el('input', { type: 'date', name: 'disposed_on', required: true, 'aria-label': 'Date the case was disposed of' });
  const ref = el('input', { name: 'reference', required: true, placeholder: 'Judgment or closure report number', 'aria-label': 'Judgment or closure report number' });
  const form = el('form', { class: 'inline', id: 'disposal-form' }, on, ref, el('button', { type: 'submit' }, 'Record disposal'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    guard(form, async () => {
      try {
        await post(`/api/v1/requests/${d.id}/case-disposal`, { disposed_on: on.value, reference: ref.value });
        window.dispatchEvent(new HashChangeEvent('hashchange'));
        flash('Recorded: a station supervisor must now confirm it.', 'ok');
      } catch (e) {
        flash(errorText(e));
      }
    });
  });
  return el('div', {},
    el('p', { class: 'muted' }, 'When the court case is over, record its date here. After a supervisor confirms it, this request\'s evidence is kept for the retention period and then erased.'),
    form);
}

/** The case's disposal: what is recorded, and what the caller may do. */
function disposalSection(d, user) {
  const wrap = el('div', { class: 'disposal', id: 'disposal' }, el('h2', {}, 'Case disposal'));
  const disp = d.disposal;
  const day = (t) => ist(t).split(',')[0];
  if (disp && disp.state === 'confirmed') {
    wrap.append(el('p', {}, `The case was disposed of on ${day(disp.case_disposed_at)} (${disp.reference}); confirmed on ${ist(disp.confirmed_at)}. The retention clock of this request's evidence runs from then.`));
  } else if (disp && disp.state === 'pending_confirmation') {
    wrap.append(el('p', {}, `Recorded as disposed of on ${day(disp.case_disposed_at)} (${disp.reference}). `,
      el('strong', {}, 'A station supervisor other than the person who recorded it must confirm it'), ' on the Approvals page; until then nothing changes.'));
    if (user.role === 'station_supervisor' && disp.recorded_by !== user.id) {
      const b = el('button', { type: 'button', id: 'confirm-disposal' }, 'Confirm disposal');
      b.addEventListener('click', () => guard(wrap, async () => {
        try {
          await post(`/api/v1/approvals/${disp.approval_id}/approve`);
          window.dispatchEvent(new HashChangeEvent('hashchange'));
          flash('Disposal confirmed: the retention clock runs.', 'ok');
        } catch (e) {
          flash(errorText(e));
        }
      }));
      wrap.append(b);
    }
  } else if (disp && disp.state === 'unconfirmed') {
    wrap.append(el('p', {}, `Recorded as disposed of on ${day(disp.case_disposed_at)} (${disp.reference}) by one person, before a second person's confirmation was required. `,
      el('strong', {}, 'Nothing is erased until it is recorded again below and a station supervisor confirms it.')));
  }
  if (!disp || disp.state === 'unconfirmed') {
    wrap.append(recordDisposalForm(d, user));
  }
  if (disp && disp.state === 'confirmed' && user.role === 'iccc_admin') {
    const on = el('input', { type: 'date', name: 'disposed_on', 'aria-label': 'Corrected date (empty withdraws the disposal)' });
    const why = el('input', { name: 'reason', required: true, placeholder: 'Why it is corrected', 'aria-label': 'Why it is corrected' });
    const form = el('form', { class: 'inline', id: 'disposal-correction' }, on, why, el('button', { type: 'submit', class: 'secondary' }, 'Correct disposal'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      guard(form, async () => {
        try {
          await post(`/api/v1/requests/${d.id}/case-disposal/correction`, { disposed_on: on.value || null, reason: why.value });
          window.dispatchEvent(new HashChangeEvent('hashchange'));
          flash(on.value ? 'Disposal corrected.' : 'Disposal withdrawn: the evidence is kept.', 'ok');
        } catch (e) {
          flash(errorText(e));
        }
      });
    });
    wrap.append(form);
  }
  return wrap;
}

function unavailableForm(rid, itemId) {
  const form = el('form', { class: 'inline' },
    el('select', { name: 'reason_code', required: true, 'aria-label': 'Why unavailable' },
      el('option', { value: '' }, 'Unavailable because…'), UNAVAILABLE.map((r) => el('option', { value: r }, label(r)))),
    el('button', { type: 'submit' }, 'Mark unavailable'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await post(`/api/v1/requests/${rid}/items/${itemId}/unavailable`, { reason_code: new FormData(form).get('reason_code') });
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) {
      flash(errorText(e));
    }
  });
  return form;
}

function uploadForm(rid, itemId) {
  const bar = el('progress', { max: '100', value: '0', hidden: true });
  const input = el('input', { type: 'file', accept: 'video/*', 'aria-label': 'Fallback footage' });
  const form = el('form', { class: 'inline' }, input, el('button', { type: 'submit' }, 'Upload footage'), bar);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const file = input.files[0];
    if (!file) return;
    // XMLHttpRequest, for upload progress.
    const x = new XMLHttpRequest();
    x.open('POST', `/api/v1/requests/${rid}/items/${itemId}/upload`);
    x.setRequestHeader('authorization', `Bearer ${session().access_token}`);
    x.setRequestHeader('content-type', file.type || 'application/octet-stream');
    bar.hidden = false;
    x.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total); };
    x.onload = () => {
      if (x.status < 300) window.dispatchEvent(new HashChangeEvent('hashchange'));
      else {
        try { const b = JSON.parse(x.responseText).error; flash(`${b.message} (${b.code})`); } catch { flash(`upload failed: ${x.status}`); }
      }
    };
    x.send(file);
  });
  return form;
}

/** The notice document: a download for everyone who sees the request,
 *  and, on a draft, a file picker for the filing investigator. */
function noticeCell(d, user) {
  const out = [d.notice_reference];
  if (d.notice) {
    out.push(' · ', el('button', {
      type: 'button', class: 'link', id: 'notice-download',
      onclick: () => download(`/api/v1/requests/${d.id}/notice`, d.notice.file_name).catch((e) => flash(errorText(e))),
    }, `${d.notice.file_name} (${Math.ceil(d.notice.size_bytes / 1024)} KB)`),
    el('div', { class: 'muted mono' }, `SHA-256 ${d.notice.sha256}`));
  } else {
    out.push(el('div', { class: 'muted' }, 'No notice document attached.'));
  }
  if (user.role === 'investigator' && d.status === 'draft') {
    const input = el('input', { type: 'file', id: 'notice-file', accept: 'application/pdf,image/jpeg,image/png', 'aria-label': 'Notice document' });
    const form = el('form', { class: 'inline' }, input, el('button', { type: 'submit' }, d.notice ? 'Replace notice' : 'Attach notice'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!input.files[0]) return;
      try {
        await attachNotice(d.id, input.files[0]);
        window.dispatchEvent(new HashChangeEvent('hashchange'));
        flash('Notice attached', 'ok');
      } catch (e) {
        flash(errorText(e));
      }
    });
    out.push(form);
  }
  return out;
}

/** Attaches `file` as the notice of draft `id`. */
export function attachNotice(id, file) {
  return api('PUT', `/api/v1/requests/${id}/notice?name=${encodeURIComponent(file.name)}`, file);
}

export async function requestView(m, user) {
  const id = m[1];
  const d = await get(`/api/v1/requests/${id}`);
  const items = el('tbody', {}, d.items.map((it) => itemRow(d, it, user)));
  const status = el('span', { id: 'request-status' }, badge(d.status));
  const view = el('section', { id: 'request', 'data-status': d.status },
    el('h1', {}, `Request ${id.slice(-8)} `, status),
    el('dl', { class: 'facts' },
      el('dt', {}, 'Case'), el('dd', {}, [d.fir_number && `FIR ${d.fir_number}`, d.gd_number && `GD ${d.gd_number}`].filter(Boolean).join(' · ') || '—', d.bns_sections.length ? ` (BNS ${d.bns_sections.join(', ')})` : ''),
      el('dt', {}, 'Incident'), el('dd', {}, `${d.incident_place}, ${ist(d.incident_at)}`),
      el('dt', {}, 'Purpose'), el('dd', {}, d.purpose),
      el('dt', {}, 'Urgency'), el('dd', {}, el('span', { class: `urgency u-${d.urgency}` }, label(d.urgency))),
      el('dt', {}, 'Notice'), el('dd', { id: 'notice' }, noticeCell(d, user)),
      el('dt', {}, 'Deadline'), el('dd', {}, d.deadline_at ? `${ist(d.deadline_at)} (${countdown(d.deadline_at)})` : 'starts at submission'),
      d.reason_code ? [el('dt', {}, 'Reason'), el('dd', {}, label(d.reason_code))] : null),
    el('div', { class: 'actions' }, actions(d, user)),
    el('h2', {}, 'Footage'),
    el('table', { class: 'list', id: 'items' },
      el('thead', {}, el('tr', {}, ['Camera', 'Window', 'Status', 'Overwrite', ''].map((h) => el('th', { scope: 'col' }, h)))),
      items),
    CLOSED.includes(d.status) ? disposalSection(d, user) : null,
    el('h2', {}, 'History'),
    el('ol', { class: 'history' }, d.history.map((h) => el('li', {},
      el('time', {}, ist(h.at)), ' ', el('strong', {}, label(h.action)), ` by ${h.actor_username || 'Sakshya'}`,
      h.reason_code ? ` (${label(h.reason_code)})` : '', h.comment ? el('div', { class: 'muted' }, h.comment) : null))));
  // Live progress while anything is open.
  const ctl = new AbortController();
  const stop = () => { ctl.abort(); window.removeEventListener('hashchange', stop); };
  window.addEventListener('hashchange', stop);
  let last = d.status;
  follow(id, (u) => {
    if (u.status && u.status !== last) {
      last = u.status;
      status.replaceChildren(badge(u.status));
      view.dataset.status = u.status;
    }
    if (u.items) {
      for (const it of u.items) {
        const row = view.querySelector(`tr[data-item="${it.id}"]`);
        if (row && it.status) {
          const cell = row.querySelector('.item-status');
          const jobs = (it.jobs || []).filter((j) => j.state !== 'succeeded');
          cell.replaceChildren(badge(it.status), ...jobs.map((j) => el('div', { class: 'muted' }, `${label(j.kind)} `, el('progress', { max: '100', value: String(j.percent ?? 0) }))));
        }
      }
    }
  }, ctl.signal).catch(() => {});
  return view;
}

// Small DOM and formatting helpers shared by the views.

/** Builds an element: el('a', {href: '#/'}, 'text', child…). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

const IST = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'Asia/Kolkata', year: 'numeric', month: 'short', day: '2-digit',
  hour: '2-digit', minute: '2-digit', hour12: false,
});

/** A UTC instant shown in IST. */
export function ist(t) {
  if (!t) return '—';
  return `${IST.format(new Date(t))} IST`;
}

/** "in 3 h 20 min" / "2 h 5 min ago". */
export function countdown(t, now = Date.now()) {
  if (!t) return '';
  let ms = new Date(t).getTime() - now;
  const past = ms < 0;
  ms = Math.abs(ms);
  const h = Math.floor(ms / 3600000);
  const m = Math.floor((ms % 3600000) / 60000);
  const s = h >= 48 ? `${Math.floor(h / 24)} d ${h % 24} h` : `${h} h ${m} min`;
  return past ? `${s} ago` : `in ${s}`;
}

export const label = (s) => (s || '').replaceAll('_', ' ');

export function badge(status) {
  return el('span', { class: `badge s-${status}` }, label(status));
}

/** Shows a message at the top of the page (errors by their API code). */
export function flash(msg, kind = 'error') {
  const f = document.getElementById('flash');
  f.className = `flash ${kind}`;
  f.textContent = msg;
  f.hidden = false;
  clearTimeout(flash.t);
  flash.t = setTimeout(() => { f.hidden = true; }, 8000);
}

export function errorText(e) {
  return e && e.code ? `${e.message} (${e.code})` : String(e && e.message ? e.message : e);
}

/** The value of <input type="datetime-local"> (IST) as RFC 3339 UTC. */
export function fromLocalIst(v) {
  if (!v) return '';
  return new Date(`${v}:00+05:30`).toISOString();
}

/** RFC 3339 → value for <input type="datetime-local"> in IST. */
export function toLocalIst(t) {
  const d = new Date(new Date(t).getTime() + 330 * 60000);
  return d.toISOString().slice(0, 16);
}

/** Runs `fn` with every button of `scope` disabled until it settles, so a
 *  double click never sends the same action twice. */
export async function guard(scope, fn) {
  const buttons = [...scope.querySelectorAll('button')];
  if (buttons.some((b) => b.disabled && b.dataset.busy)) return undefined;
  for (const b of buttons) { b.disabled = true; b.dataset.busy = '1'; }
  try {
    return await fn();
  } finally {
    for (const b of buttons) { b.disabled = false; delete b.dataset.busy; }
  }
}

/** Plain words for what waits for a second person. */
export const APPROVAL_TEXT = {
  confirm_disposal: 'Confirm that the case was disposed of (starts the retention clock of its evidence)',
  erase_clip: 'Erase a clip\'s bytes from the evidence store',
  change_admin_role: 'Change an administrator\'s role',
  reset_admin_mfa: 'Reset an administrator\'s two-step login',
};

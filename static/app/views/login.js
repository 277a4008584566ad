// Login: password, then a TOTP code where the account needs one; first
// login of a role that must use MFA goes through enrolment.

import { api, post, saveSession } from '../api.js';
import { el, errorText } from '../util.js';

export async function loginView(done) {
  const err = el('p', { class: 'error-text', role: 'alert', id: 'login-error' });
  const totpRow = el('label', { hidden: true }, 'Authenticator code',
    el('input', { name: 'totp', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: '6' }));
  const form = el('form', { class: 'card narrow', id: 'login-form' },
    el('h1', {}, 'Log in'),
    el('label', {}, 'Username', el('input', { name: 'username', autocomplete: 'username', required: true })),
    el('label', {}, 'Password', el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    totpRow,
    err,
    el('button', { type: 'submit' }, 'Log in'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    const f = new FormData(form);
    const body = { username: f.get('username'), password: f.get('password') };
    if (!totpRow.hidden && f.get('totp')) body.totp = f.get('totp');
    try {
      const r = await post('/api/v1/auth/login', body);
      saveSession({ access_token: r.access_token, refresh_token: r.refresh_token, user: r.user });
      if (!r.refresh_token) {
        form.replaceWith(await enrolView(done));
        return;
      }
      location.hash = '#/';
      await done();
    } catch (e) {
      if (e.code === 'mfa_required') {
        totpRow.hidden = false;
        totpRow.querySelector('input').focus();
        err.textContent = 'Enter the 6-digit code from your authenticator app.';
        return;
      }
      err.textContent = errorText(e);
    }
  });
  return el('section', {}, form);
}

async function enrolView(done) {
  const start = await post('/api/v1/auth/mfa/enrol');
  const err = el('p', { class: 'error-text', role: 'alert' });
  const form = el('form', { class: 'card narrow', id: 'enrol-form' },
    el('h1', {}, 'Set up your authenticator'),
    el('p', {}, 'Your role must use a second factor. Scan this code with an authenticator app, or type the secret, then enter the code it shows.'),
    start.qr_svg ? el('img', { class: 'qr', alt: 'QR code for your authenticator app', src: `data:image/svg+xml;base64,${btoa(start.qr_svg)}` }) : null,
    el('p', {}, 'Secret: ', el('code', { id: 'totp-secret' }, start.secret)),
    el('label', {}, 'Code', el('input', { name: 'code', inputmode: 'numeric', pattern: '[0-9]{6}', maxlength: '6', required: true })),
    err,
    el('button', { type: 'submit' }, 'Confirm'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const r = await api('POST', '/api/v1/auth/mfa/confirm', { code: new FormData(form).get('code') });
      saveSession({ access_token: r.access_token, refresh_token: r.refresh_token, user: r.user });
      location.hash = '#/';
      await done();
    } catch (e) {
      err.textContent = errorText(e);
    }
  });
  return form;
}

// The API client: bearer tokens kept for this tab only (sessionStorage,
// never a cookie, so no request is sent on the user's behalf by another
// site), a refresh on expiry, and errors as {status, code, message}.

const KEY = 'sakshya.session';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) || 'null');
  } catch {
    return null;
  }
}

export function saveSession(s) {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
}

async function parse(res) {
  const type = res.headers.get('content-type') || '';
  if (type.includes('application/json')) return res.json();
  return res.text();
}

async function refresh() {
  const s = session();
  if (!s || !s.refresh_token) return false;
  const res = await fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: s.refresh_token }),
  });
  if (!res.ok) return false;
  const t = await res.json();
  saveSession({ ...s, access_token: t.access_token, refresh_token: t.refresh_token });
  return true;
}

/** Calls the API; `body` is sent as JSON unless it is a Blob/File. */
export async function api(method, path, body, { raw = false, retry = true } = {}) {
  const s = session();
  const headers = {};
  if (s) headers.authorization = `Bearer ${s.access_token}`;
  let payload;
  if (body instanceof Blob) {
    payload = body;
    headers['content-type'] = body.type || 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(path, { method, headers, body: payload });
  if (res.status === 401 && retry && s && (await refresh())) {
    return api(method, path, body, { raw, retry: false });
  }
  if (!res.ok) {
    const b = await parse(res).catch(() => null);
    const e = b && b.error ? b.error : { code: `http_${res.status}`, message: res.statusText };
    throw new ApiError(res.status, e.code, e.message);
  }
  if (raw) return res;
  return parse(res);
}

/** The file name a response's Content-Disposition gives, if any. */
function attachmentName(res) {
  const cd = res.headers.get('Content-Disposition') || '';
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/** Downloads what `path` returns (through a blob, so the bearer token goes
 *  with the request), under the name the server gives it, which follows
 *  the file's real type; `name` only when the server gives none. */
export async function download(path, name) {
  const res = await api('GET', path, undefined, { raw: true });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = attachmentName(res) || name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60000);
}

export const get = (p) => api('GET', p);
export const post = (p, b) => api('POST', p, b);

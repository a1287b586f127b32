// api.js — the client of liudong's JSON API (docs/api.md).
//
// Every call sends and receives JSON with the session cookie; calls that
// change data carry the CSRF token the login response gave (kept in
// sessionStorage for this tab).  A failure becomes an ApiError holding the
// server's Chinese message and the field at fault.  A 401 outside the login
// itself means the session is gone: listeners of onUnauthenticated are told.

const CSRF_KEY = 'liudong.csrf';
const CHANGES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
let unauthenticatedHandler = () => {};

export class ApiError extends Error {
  constructor(status, error = {}, headers = null) {
    super(error.message || `服务器返回错误（${status}），请稍后重试`);
    this.status = status;
    this.code = error.code || 'http_' + status;
    this.field = error.field || '';
    this.reason = error.reason || '';
    this.existingId = error.existing_id || null;
    // transition_condition_unmet: every condition [{code, message, met}] and the unmet ones.
    this.conditions = error.conditions || null;
    this.missing = error.missing || null;
    this.retryAfter = headers ? Number(headers.get('Retry-After')) || 0 : 0;
  }
}

export function setCsrfToken(token) {
  if (token) sessionStorage.setItem(CSRF_KEY, token);
  else sessionStorage.removeItem(CSRF_KEY);
}

/** Called (once per failing request) when the server says the session is gone. */
export function onUnauthenticated(handler) {
  unauthenticatedHandler = handler;
}

/** Builds "/api/v1/x?a=1" from a path and an object of query parameters (empty ones left out). */
export function apiPath(path, query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const qs = params.toString();
  return '/api/v1' + path + (qs ? '?' + qs : '');
}

/**
 * Sends a request; resolves to {status, body, etag} or throws ApiError.
 * Options: query (object), body (JSON), headers.
 */
export async function request(method, path, { query, body, headers = {} } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (CHANGES.has(method)) {
    const token = sessionStorage.getItem(CSRF_KEY);
    if (token) init.headers['X-CSRF-Token'] = token;
  }
  let res;
  try {
    res = await fetch(apiPath(path, query), init);
  } catch {
    throw new ApiError(0, { code: 'network', message: '无法连接服务器，请检查网络后重试' });
  }
  let json = null;
  if ((res.headers.get('Content-Type') || '').startsWith('application/json')) {
    try { json = await res.json(); } catch { json = null; }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, json && json.error, res.headers);
    const isLogin = path === '/session' && method === 'POST';
    // login_failed (a wrong old password at /me/password) leaves the session as it is.
    if (res.status === 401 && !isLogin && err.code !== 'login_failed') unauthenticatedHandler(err);
    if (err.code === 'csrf_token_invalid') unauthenticatedHandler(err);
    throw err;
  }
  const etag = res.headers.get('ETag');
  return { status: res.status, body: json, etag: etag ? etag.replace(/^W\//, '').replace(/"/g, '') : null };
}

export const get = (path, query) => request('GET', path, { query });
export const post = (path, body, headers) => request('POST', path, { body, headers });
export const patch = (path, body, headers) => request('PATCH', path, { body, headers });
export const del = (path) => request('DELETE', path);

// session.js — who is logged in, and what the role may do.
//
// The server checks every permission itself; the permissions it reports for
// the user only decide which menu entries and buttons to offer.

import { get, post, del, setCsrfToken } from './api.js';

let current = null;

/** The logged-in user {id, username, role, role_label, scope:{code,name}, permissions} or null. */
export const user = () => current;

export function can(permission) {
  return current !== null && (current.permissions || []).includes(permission);
}

/** Asks the server who is logged in (null when nobody); a new tab takes the session's token. */
export async function load() {
  try {
    const { csrf_token: csrf, ...me } = (await get('/me')).body;
    if (csrf) setCsrfToken(csrf);
    current = me;
  } catch (e) {
    if (e.status !== 401) throw e;
    current = null;
  }
  return current;
}

export async function login(username, password) {
  const r = await post('/session', { username, password });
  setCsrfToken(r.body.csrf_token);
  current = r.body.user;
  return current;
}

/** Ends the session on the server (if it can) and forgets it here. */
export async function logout() {
  try {
    await del('/session');
  } finally {
    forget();
  }
}

export function forget() {
  current = null;
  setCsrfToken(null);
}

// session.js — who is logged in, and what the role may do.
//
// The server checks every permission itself; this table (the one in
// docs/api.md) only decides which menu entries and buttons to offer.

import { get, post, del, setCsrfToken } from './api.js';

const PERMISSIONS = {
  'person.read': ['city_officer', 'town_officer', 'community_officer', 'police_liaison'],
  'person.write': ['city_officer', 'town_officer', 'community_officer'],
  'person.lookup': ['city_officer', 'town_officer', 'community_officer', 'police_liaison', 'department'],
  'audit.read': ['admin', 'city_officer'],
  'user.admin': ['admin'],
};

let current = null;

/** The logged-in user {id, username, role, role_label, scope:{code,name}} or null. */
export const user = () => current;

export function can(permission) {
  return current !== null && (PERMISSIONS[permission] || []).includes(current.role);
}

/** Asks the server who is logged in (null when nobody). */
export async function load() {
  try {
    current = (await get('/me')).body;
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

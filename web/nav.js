// nav.js — moving between screens: the hash, one-time messages for the
// next screen, and where to return after logging in.

let flash = null;
let returnTo = null;
let lastSearch = '#/persons';
let rerender = () => {};

/** Goes to a hash such as '#/persons/12'; renders again if already there. */
export function navigate(hash) {
  if (location.hash === hash) rerender();
  else location.hash = hash;
}

export function setRerender(fn) {
  rerender = fn;
}

/** A message (text or nodes) shown once, on top of the next screen. */
export function setFlash(kind, ...content) {
  flash = { kind, content };
}

export function takeFlash() {
  const f = flash;
  flash = null;
  return f;
}

export function setReturnTo(hash) {
  returnTo = hash && !hash.startsWith('#/login') ? hash : null;
}

export function takeReturnTo() {
  const r = returnTo;
  returnTo = null;
  return r || '#/';
}

/** The person search last shown (with its criteria), for the 返回查询 links. */
export function rememberSearch(hash) {
  lastSearch = hash;
}

export const searchHash = () => lastSearch;

/** The current hash's query as URLSearchParams ('#/persons?name=张' → name=张). */
export function hashQuery() {
  const i = location.hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : location.hash.slice(i + 1));
}

/** '#/persons' + {name: '张'} → '#/persons?name=%E5%BC%A0' (empty values left out; always has '?'). */
export function hashWithQuery(base, values) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
  return `${base}?${params}`;
}

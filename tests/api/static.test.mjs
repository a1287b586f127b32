// static.test.mjs — the web interface's files served by the server: types,
// security headers, revalidation with ETag (304), and nothing outside web/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertSecurityHeaders } from './lib/server.mjs';

let server;

before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

test('/ serves index.html as HTML with the security headers and an ETag', async () => {
  const r = await fetch(`${server.url}/`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8$/);
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  assert.match(r.headers.get('etag'), /^"[0-9a-f]{16}"$/);
  assertSecurityHeaders(r, 'GET /', { cache: 'no-cache' });
  assert.match(await r.text(), /<html/i);
});

test('an unchanged file revalidates with 304 and no body', async () => {
  const first = await fetch(`${server.url}/index.html`);
  const etag = first.headers.get('etag');
  await first.text();
  const again = await fetch(`${server.url}/index.html`, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), '');
});

test('scripts and styles are served with their types', async () => {
  const page = await (await fetch(`${server.url}/`)).text();
  const scripts = [...page.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
  const styles = [...page.matchAll(/<link[^>]+href="([^"]+\.css)"/g)].map((m) => m[1]);
  assert.ok(scripts.length > 0, 'index.html loads a script');
  for (const src of scripts) {
    const r = await fetch(new URL(src, `${server.url}/`));
    assert.equal(r.status, 200, src);
    assert.match(r.headers.get('content-type'), /^text\/javascript/);
  }
  for (const href of styles) {
    const r = await fetch(new URL(href, `${server.url}/`));
    assert.equal(r.status, 200, href);
    assert.match(r.headers.get('content-type'), /^text\/css/);
  }
});

test('unknown files and paths out of web/ are 404 in the JSON error form', async () => {
  for (const p of ['/no-such-file.js', '/%2e%2e/etc/passwd', '/pages/../../etc/passwd', '/.hidden']) {
    const r = await fetch(`${server.url}${p}`);
    assert.equal(r.status, 404, p);
    assert.equal((await r.json()).error.code, 'not_found', p);
  }
});

test('web files answer only GET and HEAD', async () => {
  const head = await fetch(`${server.url}/`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  const post = await fetch(`${server.url}/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(post.status, 404);
});

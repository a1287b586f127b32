// static.test.mjs — the web interface's files served by the server: types,
// security headers, revalidation with ETag (304), gzip for clients that take
// it, the chart library embedded from node_modules, and nothing outside web/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer, assertSecurityHeaders } from './lib/server.mjs';

let server;

before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

/**
 * GET with exactly these headers (fetch would add Accept-Encoding itself);
 * resolves to {status, headers, body: Buffer as sent}.
 */
function rawGet(path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}${path}`, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

test('/ serves index.html as HTML with the security headers and an ETag', async () => {
  const r = await fetch(`${server.url}/`, { headers: { 'Accept-Encoding': 'identity' } });
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

test('a large text file is sent gzip-compressed to a client that accepts gzip, and decodes to the same bytes', async () => {
  const plain = await rawGet('/style.css');
  assert.equal(plain.status, 200);
  assert.ok(plain.body.length > 1024, 'style.css is large enough to be compressed');
  const gz = await rawGet('/style.css', { 'Accept-Encoding': 'gzip, deflate, br' });
  assert.equal(gz.status, 200);
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers.vary, 'Accept-Encoding');
  assert.match(gz.headers['content-type'], /^text\/css/);
  assert.equal(Number(gz.headers['content-length']), gz.body.length);
  assert.ok(gz.body.length < plain.body.length * 0.9, `compressed ${gz.body.length} of ${plain.body.length} bytes`);
  assert.deepEqual(gunzipSync(gz.body), plain.body);
  assertSecurityHeaders({ headers: new Headers(gz.headers) }, 'GET /style.css gzip', { cache: 'no-cache' });
  // Every script of the interface that is worth it comes compressed and decodes to itself.
  for (const path of ['/app.js', '/labels.js', '/pages/person-form.js']) {
    const p = await rawGet(path);
    const g = await rawGet(path, { 'Accept-Encoding': 'gzip' });
    assert.equal(g.headers['content-encoding'], 'gzip', path);
    assert.deepEqual(gunzipSync(g.body), p.body, path);
  }
});

test('without Accept-Encoding, or when gzip is refused, the file is sent as it is', async () => {
  for (const headers of [{}, { 'Accept-Encoding': 'identity' }, { 'Accept-Encoding': 'gzip;q=0, deflate' },
    { 'Accept-Encoding': 'br' }, { 'Accept-Encoding': '*;q=0' }, { 'Accept-Encoding': 'gzipx' }]) {
    const r = await rawGet('/style.css', headers);
    const what = JSON.stringify(headers);
    assert.equal(r.status, 200, what);
    assert.equal(r.headers['content-encoding'], undefined, what);
    assert.equal(r.headers.vary, 'Accept-Encoding', what);
    assert.match(r.body.toString('utf8'), /\{/, what);
  }
  const star = await rawGet('/style.css', { 'Accept-Encoding': '*' });
  assert.equal(star.headers['content-encoding'], 'gzip', 'a wildcard takes gzip');
  const upper = await rawGet('/style.css', { 'Accept-Encoding': 'deflate, GZIP;q=0.5' });
  assert.equal(upper.headers['content-encoding'], 'gzip', 'coding names are case-insensitive');
});

test('small files are never compressed and do not vary', async () => {
  for (const path of ['/favicon.svg', '/verify.css']) {
    const r = await rawGet(path, { 'Accept-Encoding': 'gzip' });
    assert.equal(r.status, 200, path);
    assert.ok(r.body.length < 1024, `${path} is small`);
    assert.equal(r.headers['content-encoding'], undefined, path);
    assert.equal(r.headers.vary, undefined, path);
  }
});

test('the gzip variant has its own ETag, and each ETag revalidates only its own variant', async () => {
  const plain = await rawGet('/style.css');
  const gz = await rawGet('/style.css', { 'Accept-Encoding': 'gzip' });
  assert.match(plain.headers.etag, /^"[0-9a-f]{16}"$/);
  assert.match(gz.headers.etag, /^"[0-9a-f]{16}-gz"$/);
  assert.notEqual(plain.headers.etag, gz.headers.etag);
  const gzAgain = await rawGet('/style.css', { 'Accept-Encoding': 'gzip', 'If-None-Match': gz.headers.etag });
  assert.equal(gzAgain.status, 304);
  assert.equal(gzAgain.body.length, 0);
  assert.equal(gzAgain.headers.etag, gz.headers.etag);
  assert.equal(gzAgain.headers.vary, 'Accept-Encoding');
  // The plain variant's tag does not validate the compressed one, nor the other way round.
  const cross = await rawGet('/style.css', { 'Accept-Encoding': 'gzip', 'If-None-Match': plain.headers.etag });
  assert.equal(cross.status, 200);
  assert.equal(cross.headers['content-encoding'], 'gzip');
  const crossBack = await rawGet('/style.css', { 'If-None-Match': gz.headers.etag });
  assert.equal(crossBack.status, 200);
  assert.equal(crossBack.headers['content-encoding'], undefined);
  const weak = await rawGet('/style.css', { 'Accept-Encoding': 'gzip', 'If-None-Match': `W/${gz.headers.etag}` });
  assert.equal(weak.status, 304, 'a weak comparison of the same tag matches');
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

test('the chart library is served from the build as JavaScript, with an ETag and gzip', async () => {
  const source = readFileSync(fileURLToPath(new URL('../../node_modules/echarts/dist/echarts.min.js', import.meta.url)));
  const plain = await rawGet('/vendor/echarts.min.js');
  assert.equal(plain.status, 200);
  assert.match(plain.headers['content-type'], /^text\/javascript; charset=utf-8$/);
  assert.equal(plain.headers['cache-control'], 'no-cache');
  assert.match(plain.headers.etag, /^"[0-9a-f]{16}"$/);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.deepEqual(plain.body, source, 'the bytes of node_modules/echarts/dist/echarts.min.js');
  const again = await rawGet('/vendor/echarts.min.js', { 'If-None-Match': plain.headers.etag });
  assert.equal(again.status, 304);
  const gz = await rawGet('/vendor/echarts.min.js', { 'Accept-Encoding': 'gzip' });
  assert.equal(gz.status, 200);
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers.etag, plain.headers.etag.replace(/"$/, '-gz"'));
  assert.ok(gz.body.length < plain.body.length / 2, `compressed ${gz.body.length} of ${plain.body.length} bytes`);
  assert.deepEqual(gunzipSync(gz.body), source);
  assertSecurityHeaders({ headers: new Headers(gz.headers) }, 'GET /vendor/echarts.min.js', { cache: 'no-cache' });
  assert.equal((await rawGet('/vendor/echarts.js')).status, 404);
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

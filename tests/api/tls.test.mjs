// tls.test.mjs — `serve --tls-cert --tls-key`: HTTPS answers, and the session
// cookie is marked Secure under TLS.  The certificate is made for the test
// with the openssl tool (subjectAltName IP:127.0.0.1) and trusted as the CA.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, CITY, liudongOk } from './lib/server.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'liudong-tls-'));
const db = path.join(dir, 'liudong.db');
const password = 'tls-test-password-2026';
let child;
let port;
let ca;

function request(method, pathname, body) {
  return new Promise((resolve, reject) => {
    const data = body ? JSON.stringify(body) : null;
    const req = https.request({
      host: '127.0.0.1', port, method, path: pathname, ca,
      headers: data ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } : {},
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

before(async () => {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key,
    '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  ca = readFileSync(cert);
  liudongOk(['init', '--city', CITY], { db });
  liudongOk(['user', 'add', '--username', 'tls.officer', '--role', 'city_officer', '--scope', '6202'],
    { db, input: `${password}\n` });
  child = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--tls-cert', cert, '--tls-key', key],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.setEncoding('utf8');
  port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the TLS server did not start')), 30_000);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on https:\/\/127\.0\.0\.1:(\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('exit', () => reject(new Error('the TLS server exited')));
  });
});

after(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

test('serve answers over HTTPS with the security headers', async () => {
  const r = await request('GET', '/healthz');
  assert.equal(r.status, 200);
  assert.equal(JSON.parse(r.text).status, 'ok');
  assert.match(r.headers['content-security-policy'], /default-src 'self'/);
});

test('the session cookie is Secure, HttpOnly and SameSite=Strict under TLS', async () => {
  const r = await request('POST', '/api/v1/session', { username: 'tls.officer', password });
  assert.equal(r.status, 201, r.text);
  const cookie = r.headers['set-cookie'].join('; ');
  assert.match(cookie, /ld_session=[A-Za-z0-9_-]+/);
  assert.match(cookie, /; Secure/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
});

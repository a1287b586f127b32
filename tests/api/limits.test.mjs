// limits.test.mjs — what `serve` does against slow and greedy clients and at
// SIGTERM: connections per address are limited, idle connections time out,
// and a request in flight when SIGTERM arrives is still answered before the
// server exits 0.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, CITY, liudongOk } from './lib/server.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'liudong-limits-'));
const db = path.join(dir, 'liudong.db');

before(() => { liudongOk(['init', '--city', CITY], { db }); });
after(() => { rmSync(dir, { recursive: true, force: true }); });

/** Starts `serve` with extra options; resolves {child, port, exited}. */
async function serve(options) {
  const child = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0', ...options],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.stdout.setEncoding('utf8');
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the server did not start')), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
  });
  return { child, port, exited };
}

async function stop(server) {
  server.child.kill('SIGTERM');
  const result = await server.exited;
  assert.deepEqual(result, { code: 0, signal: null });
}

/** Opens a connection; resolves the socket and a promise of everything it receives until closed. */
function connect(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const closed = new Promise((done) => socket.on('close', () => done(received)));
    socket.setEncoding('utf8');
    socket.on('data', (d) => { received += d; });
    socket.on('error', () => {});
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

const within = (promise, ms) => Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve('timeout'), ms))]);

test('connections beyond --max-per-ip from one address are closed unanswered', async () => {
  const server = await serve(['--max-per-ip', '2']);
  try {
    const a = await connect(server.port);
    const b = await connect(server.port);
    const c = await connect(server.port);
    assert.equal(await within(c.closed, 3000), '', 'the third connection is closed without an answer');
    a.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.match(await within(a.closed, 3000), /^HTTP\/1\.1 200/);
    b.socket.destroy();
  } finally {
    await stop(server);
  }
});

test('an idle connection is closed after --timeout seconds', async () => {
  const server = await serve(['--timeout', '1']);
  try {
    const started = Date.now();
    const idle = await connect(server.port);
    assert.notEqual(await within(idle.closed, 5000), 'timeout', 'closed by the server');
    assert.ok(Date.now() - started >= 900, 'not before the timeout');
  } finally {
    await stop(server);
  }
});

test('a request in flight at SIGTERM is answered, then the server exits 0', async () => {
  const server = await serve([]);
  const body = JSON.stringify({ username: 'nobody.here', password: 'not-a-real-password' });
  const c = await connect(server.port);
  c.socket.write(`POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  server.child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 300));
  c.socket.write(body.slice(10));
  const answer = await within(c.closed, 10_000);
  assert.match(answer, /^HTTP\/1\.1 401/, 'the login in flight got its answer');
  assert.match(answer, /login_failed/);
  assert.deepEqual(await server.exited, { code: 0, signal: null });
});

// nodes.mjs — liudong nodes of the information network on loopback, each with
// its own temporary database, city officer (API token) and node key, for the
// exchange tests (tests/api/exchange.test.mjs, tests/browser/exchange.test.mjs).
//
// createNode() prepares a database, startNode() serves it on 127.0.0.1 (the
// same port again on a restart), stopNode() sends SIGTERM and expects exit
// status 0.  A process exit handler kills what is left and removes the
// directories.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { BIN, liudongOk, passwordOf, sleep } from './server.mjs';

const children = new Set();
const dirs = new Set();
process.on('exit', () => {
  for (const c of children) { try { c.kill('SIGKILL'); } catch { /* gone */ } }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A database with a city officer (API token) and a node key; not yet serving. */
export function createNode(name, city, scope, divisions) {
  const dir = mkdtempSync(path.join(tmpdir(), `liudong-exchange-${name}-`));
  dirs.add(dir);
  const db = path.join(dir, 'liudong.db');
  liudongOk(['init', '--city', city], { db });
  const user = `${name}.officer`;
  liudongOk(['user', 'add', '--username', user, '--role', 'city_officer', '--scope', scope], { db, input: `${passwordOf(user)}\n` });
  const tokenOut = liudongOk(['token', 'create', '--user', user], { db }).stdout;
  const token = tokenOut.split('\n').map((l) => l.trim()).find((l) => /^[A-Za-z0-9_-]{20,}$/.test(l));
  assert.ok(token, `token: ${tokenOut}`);
  liudongOk(['node', 'init', '--name', name, '--divisions', divisions], { db });
  const show = liudongOk(['node', 'show'], { db }).stdout;
  const publicKey = show.match(/公钥：([0-9a-f]{64})/)[1];
  return { name, dir, db, user, token, publicKey, divisions, port: 0, child: null, url: null };
}

/** Starts (or restarts, on the same port) a node's server; resolves when it listens. */
export function startNode(n) {
  const child = spawn(BIN, ['--db', n.db, 'serve', '--listen', `127.0.0.1:${n.port}`, '--threads', '2', '--exchange-retry-max', '1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1' },
  });
  children.add(child);
  n.child = child;
  n.log = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { n.log += d; });
  n.exited = new Promise((resolve) => child.on('exit', (code, signal) => { children.delete(child); resolve({ code, signal }); }));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${n.name} did not start: ${out}`)), 30_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) {
        clearTimeout(timer);
        n.port = Number(m[1]);
        n.url = `http://127.0.0.1:${n.port}`;
        resolve();
      }
    });
  });
}

/** Stops a node with SIGTERM and expects a clean exit. */
export async function stopNode(n) {
  if (!n.child) return;
  n.child.kill('SIGTERM');
  const r = await Promise.race([n.exited, sleep(20_000).then(() => null)]);
  if (r === null) n.child.kill('SIGKILL');
  n.child = null;
  assert.ok(r, `${n.name} did not stop`);
  assert.equal(r.code, 0, `${n.name} exited ${r.code} ${r.signal}: ${n.log.slice(-2000)}`);
}

// audit.test.mjs — the audit trail is a hash chain (security/audit.h):
// after a run of requests `liudong audit verify` finds it whole (exit 0);
// a row edited with the sqlite3 tool (server stopped) breaks it, and verify
// exits 1 naming the first broken row.  Other tamperings are tried on
// copies of the database.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  startServer, liudong, personBody, createPerson, DIV, sqlite, poll,
} from './lib/server.mjs';

let server;
let db;
const copies = mkdtempSync(path.join(tmpdir(), 'liudong-audit-'));

before(async () => {
  server = await startServer({ tokens: ['city.officer'] });
  db = server.db;
  // A run of requests of every audited kind.
  const city = await server.session('city.officer');
  const fumin = await server.session('fumin.comm');
  const dazhong = await server.session('dazhong.comm');
  assert.equal((await server.login('fumin.comm', 'wrong-password-here')).status, 401);
  assert.equal((await server.login('nobody.at.all', 'wrong-password-here')).status, 401);
  const a = await createPerson(server, fumin, personBody(DIV.fumin));
  const b = await createPerson(server, dazhong, personBody(DIV.dazhong));
  await createPerson(server, city, personBody(DIV.limin));
  assert.equal((await server.request('POST', '/api/v1/persons', { session: fumin, body: personBody(DIV.fumin, { id_number: a.id_number }) })).status, 409);
  assert.equal((await server.request('GET', `/api/v1/persons/${a.id}`, { session: fumin })).status, 200);
  assert.equal((await server.request('GET', `/api/v1/persons/${b.id}`, { session: fumin })).status, 404);
  assert.equal((await server.request('PATCH', `/api/v1/persons/${a.id}`, { session: fumin, body: { phone: '13309370001' }, headers: { 'If-Match': '"1"' } })).status, 200);
  assert.equal((await server.request('PATCH', `/api/v1/persons/${a.id}`, { session: fumin, body: { phone: '13309370002' }, headers: { 'If-Match': '"1"' } })).status, 409);
  assert.equal((await server.request('GET', `/api/v1/persons?name=${encodeURIComponent('张')}`, { session: city })).status, 200);
  assert.equal((await server.request('GET', `/api/v1/persons/lookup?id_number=${b.id_number}&reason=${encodeURIComponent('核查居住登记')}`, { session: fumin })).status, 200);
  assert.equal((await server.request('GET', `/api/v1/persons/${a.id}/history`, { token: server.tokens['city.officer'] })).status, 200);
  assert.equal((await server.request('GET', '/api/v1/audit', { session: city })).status, 200);
  const { session: temp } = await server.login('dazhong.comm');
  assert.equal((await server.request('DELETE', '/api/v1/session', { session: temp })).status, 204);
  // Reads are flushed within ~100 ms; wait for the last one before stopping.
  const flushed = await poll(async () => {
    const r = await server.request('GET', '/api/v1/audit?action=person.lookup', { session: city });
    return r.body.items.length > 0;
  });
  assert.ok(flushed, 'lookup audited');
  await server.stop({ keepDir: true });
});

after(() => {
  rmSync(copies, { recursive: true, force: true });
  if (server) server.removeDir();
});

const verify = (file = db) => liudong(['audit', 'verify'], { db: file });
const count = (file = db) => Number(sqlite(file, 'SELECT count(*) FROM audit'));

/** A copy of the (stopped) database and its key file, to tamper with. */
function copy(name) {
  const file = path.join(copies, `${name}.db`);
  copyFileSync(db, file);
  for (const suffix of ['-wal', '-shm']) if (existsSync(db + suffix)) copyFileSync(db + suffix, file + suffix);
  copyFileSync(`${db}.key`, `${file}.key`);
  chmodSync(`${file}.key`, 0o600);
  return file;
}

function assertBrokenAt(r, id, what) {
  assert.equal(r.code, 1, `${what}: exit status, output: ${r.stdout}${r.stderr}`);
  const m = (r.stdout + r.stderr).match(/第 (\d+) 条/);
  assert.ok(m, `${what}: the output names a row: ${r.stderr}`);
  assert.equal(Number(m[1]), id, `${what}: first broken row`);
}

test('the run left audit rows of every audited kind (and the server stopped cleanly, exit 0)', () => {
  const actions = sqlite(db, 'SELECT action || \'/\' || outcome FROM audit ORDER BY id').split('\n');
  for (const want of ['user.add/ok', 'token.create/ok', 'login/ok', 'login/failed', 'person.create/ok',
    'person.create/duplicate_person', 'person.read/ok', 'person.read/out_of_scope', 'person.update/ok',
    'person.update/version_conflict', 'person.search/ok', 'person.lookup/ok', 'person.history/ok',
    'audit.search/ok', 'logout/ok'])
    assert.ok(actions.includes(want), `audit has ${want}: ${actions.join(' ')}`);
});

test('audit verify: the untouched chain is whole (exit 0, all rows counted)', () => {
  const r = verify();
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), `审计链完整：${count()} 条`);
});

test('audit verify: a row edited with sqlite3 breaks the chain there (exit 1, its id named); undoing the edit mends it', () => {
  const id = Number(sqlite(db, 'SELECT min(id) + 1 FROM audit'));
  const outcome = sqlite(db, `SELECT outcome FROM audit WHERE id = ${id}`);
  const forged = outcome === 'ok' ? 'failed' : 'ok';
  sqlite(db, `UPDATE audit SET outcome = '${forged}' WHERE id = ${id}`);
  assertBrokenAt(verify(), id, 'outcome edited');
  sqlite(db, `UPDATE audit SET outcome = '${outcome}' WHERE id = ${id}`);
  assert.equal(verify().code, 0, 'whole again once undone');
});

test('audit verify: other tamperings are found too (detail, time, user, deleted row, inserted row, text moved between fields)', () => {
  const ids = sqlite(db, 'SELECT id FROM audit ORDER BY id').split('\n').map(Number);
  const mid = ids[Math.floor(ids.length / 2)];
  const last = ids[ids.length - 1];
  const lookup = Number(sqlite(db, "SELECT id FROM audit WHERE action = 'person.lookup' LIMIT 1"));
  const cases = [
    ['detail changed', lookup, `UPDATE audit SET detail = '例行检查' WHERE id = ${lookup}`],
    ['time moved', mid, `UPDATE audit SET at = at - 86400000 WHERE id = ${mid}`],
    ['another user', lookup, `UPDATE audit SET user_id = user_id + 1 WHERE id = ${lookup}`],
    ['a row deleted', ids[ids.indexOf(mid) + 1], `DELETE FROM audit WHERE id = ${mid}`],
    ['a row inserted with a copied hash', last + 1,
      `INSERT INTO audit (id, at, user_id, username, role, address, action, object, outcome, detail, hash)
       SELECT id + 1, at, user_id, username, role, address, 'person.read', object, outcome, detail, hash FROM audit WHERE id = ${last}`],
    ['text moved from object to detail', lookup,
      `UPDATE audit SET object = substr(object, 1, length(object) - 1), detail = substr(object, -1) || detail WHERE id = ${lookup}`],
    ['the last row edited', last, `UPDATE audit SET outcome = 'denied' WHERE id = ${last}`],
  ];
  for (const [what, broken, sql] of cases) {
    const file = copy(what.replace(/\W+/g, '-'));
    assert.equal(verify(file).code, 0, `${what}: the copy is whole before`);
    sqlite(file, sql);
    assertBrokenAt(verify(file), broken, what);
  }
});

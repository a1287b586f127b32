// stats.test.mjs — the statistics over HTTP (docs/api.md, "统计"): on the demo
// data, every table's rows add up to its total, a town's total is its row in
// the city's table and its communities add up to it; the holding rate is the
// one defined for assessments, recounted here from the records with SQL; a
// user sees its own scope and the divisions inside it, nothing outside (403);
// CSV (UTF-8 with BOM, Chinese headers) and XLSX downloads; the CLI agrees.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, DIV, assertError, sqlite } from './lib/server.mjs';

const TABLES = ['persons', 'certificates', 'casework', 'trends'];
const TOWNS = ['620201001', '620201002', '620201100', '620201101', '620201102'];

let server;
const s = {};

before(async () => {
  server = await startServer({ demo: 1500 });
  for (const name of ['city.officer', 'xiongguan.town', 'fumin.comm', 'city.department', 'fumin.warden']) {
    s[name] = await server.session(name);
  }
});

after(async () => { if (server) await server.stop(); });

const get = (user, p) => server.request('GET', p, { session: s[user] });

async function table(user, name, division) {
  const q = division ? `?division=${division}` : '';
  const r = await get(user, `/api/v1/stats/${name}${q}`);
  assert.equal(r.status, 200, `${name} ${division}: ${r.text}`);
  return r.body;
}

const countKeys = (t) => t.columns.filter((c) => c.kind === 'count').map((c) => c.key);

/** Every count column: the rows (children and own office) add up to the total. */
function assertAddsUp(t) {
  for (const key of countKeys(t)) {
    const sum = t.rows.reduce((n, row) => n + row[key], 0);
    assert.equal(sum, t.total[key], `${t.table} ${t.division.code} ${key}`);
  }
}

test('the city: a row per town, each table adding up to its total', async () => {
  for (const name of TABLES) {
    const t = await table('city.officer', name);
    assert.equal(t.division.code, DIV.city);
    assert.equal(t.table, name);
    assert.match(t.today, /^\d{4}-\d{2}-\d{2}$/);
    if (name === 'trends') {
      assert.equal(t.rows.length, 12);
      assert.ok(t.rows.every((row) => row.kind === 'month'));
      assert.equal(t.rows[11].code, t.today.slice(0, 7));
    } else {
      assert.deepEqual(t.rows.filter((row) => row.kind === 'division').map((row) => row.code), TOWNS);
    }
    assertAddsUp(t);
  }
  const persons = await table('city.officer', 'persons');
  assert.equal(persons.total.total, 1500);
  assert.equal(persons.total.inflow + persons.total.outflow, 1500);
  assert.equal(persons.total.male + persons.total.female, 1500);
  const ages = countKeys(persons).filter((k) => k.startsWith('age_'));
  assert.equal(ages.reduce((n, k) => n + persons.total[k], 0), 1500);
  assert.ok(persons.total.women_15_49 > 0 && persons.total.women_15_49 <= persons.total.female);
});

test('towns are their rows in the city, and their communities add up to them', async () => {
  for (const name of ['persons', 'certificates', 'casework']) {
    const city = await table('city.officer', name);
    for (const town of TOWNS) {
      const t = await table('city.officer', name, town);
      const row = city.rows.find((r) => r.code === town);
      for (const key of countKeys(t)) assert.equal(t.total[key], row[key], `${name} ${town} ${key}`);
      assert.ok(t.rows.length > 0 && t.rows.every((r) => r.code.startsWith(town) && r.code.length === 12));
      assertAddsUp(t);
    }
  }
});

test('the holding rate: floating persons with a certificate in force today, recounted from the records', async () => {
  const t = await table('city.officer', 'certificates');
  const today = t.today;
  const [required, holding] = sqlite(server.db,
    'SELECT count(*), sum(EXISTS (SELECT 1 FROM certificate AS c WHERE c.person_id = p.id ' +
    `AND c.state IN (1, 2) AND c.issued_on <= '${today}' AND (c.valid_until = '' OR c.valid_until >= '${today}'))) ` +
    'FROM person AS p WHERE p.management = 1 AND p.flow IN (1, 2)').trim().split('|').map(Number);
  assert.ok(required > 0);
  assert.equal(t.total.required, required);
  assert.equal(t.total.holding, holding);
  assert.equal(t.total.holding_rate, Math.round((holding / required) * 10000) / 10000);
  // temporary_overdue is the work list's temporary_ended.
  const w = await get('city.officer', '/api/v1/worklist?kind=temporary_ended&limit=1');
  assert.equal(w.status, 200);
  assert.equal(t.total.temporary_overdue, w.body.counts.temporary_ended);
  const inForce = Number(sqlite(server.db,
    `SELECT count(*) FROM certificate WHERE kind = 2 AND state IN (1, 2) AND valid_until >= '${today}'`).trim());
  assert.equal(t.total.temporary_active, inForce);
});

test('scope: own scope by default, divisions inside it, nothing outside', async () => {
  let t = await table('fumin.comm', 'persons');
  assert.equal(t.division.code, DIV.fumin);
  assert.equal(t.rows.length, 0);  // a community has no children: its total only
  const city = await table('city.officer', 'persons', DIV.xiongguan);
  assert.equal(t.total.total, city.rows.find((r) => r.code === DIV.fumin).total);

  for (const name of TABLES) {
    assertError(await get('fumin.comm', `/api/v1/stats/${name}?division=${DIV.dazhong}`), 403, 'out_of_scope');
    assertError(await get('fumin.comm', `/api/v1/stats/${name}?division=${DIV.xiongguan}`), 403, 'out_of_scope');
  }
  t = await table('xiongguan.town', 'certificates', DIV.fumin);
  assert.equal(t.division.code, DIV.fumin);
  t = await table('xiongguan.town', 'casework');
  assert.equal(t.division.code, DIV.xiongguan);
  assertError(await get('xiongguan.town', `/api/v1/stats/persons?division=${DIV.gangcheng}`), 403, 'out_of_scope');
  t = await table('city.department', 'trends', '620200');  // the padded form
  assert.equal(t.division.code, DIV.city);

  assertError(await get('fumin.warden', '/api/v1/stats/persons'), 403, 'forbidden');
  assertError(await server.request('GET', '/api/v1/stats/persons'), 401, 'unauthenticated');
});

test('bad parameters are refused', async () => {
  assertError(await get('city.officer', '/api/v1/stats/persons?format=pdf'), 400, 'invalid_input');
  assertError(await get('city.officer', '/api/v1/stats/persons?table=persons'), 400, 'unknown_field');
  const r = await get('city.officer', '/api/v1/stats/persons?division=999999');
  assert.equal(r.status, 400, r.text);
});

test('CSV: UTF-8 with a byte-order mark, Chinese headers, a line per row and the total', async () => {
  const r = await server.request('GET', `/api/v1/stats/certificates?division=${DIV.xiongguan}&format=csv`,
    { session: s['xiongguan.town'] });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="stats-certificates-620201001-/);
  // The decoder drops the byte-order mark from r.text: look at the bytes.
  const raw = await fetch(`${server.url}/api/v1/stats/certificates?division=${DIV.xiongguan}&format=csv`,
    { headers: { Cookie: s['xiongguan.town'].cookie } });
  const bytes = Buffer.from(await raw.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF]);
  const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
  const header = lines[0].split(',');
  assert.deepEqual(header.slice(0, 4), ['区划代码', '区划名称', '应持证人数', '持证人数']);
  assert.equal(header[4], '持证率');
  const json = await table('xiongguan.town', 'certificates', DIV.xiongguan);
  assert.equal(lines.length, 1 + json.rows.length + 1);
  const total = lines.at(-1).split(',');
  assert.equal(total[1], '合计');
  assert.equal(Number(total[2]), json.total.required);
  assert.match(total[4], /^\d+\.\d{2}%$/);
});

test('XLSX: a workbook for every table', async () => {
  for (const name of TABLES) {
    const res = await fetch(`${server.url}/api/v1/stats/${name}?format=xlsx`,
      { headers: { Cookie: s['city.officer'].cookie } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
    assert.ok(bytes.length > 1000);
  }
});

test('the CLI agrees with the API, exports files, and check verifies the summaries', async () => {
  const api = await table('city.officer', 'persons', DIV.xiongguan);
  const r = server.cli(['stats', '--division', DIV.xiongguan, '--table', 'persons', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const cli = JSON.parse(r.stdout);
  assert.deepEqual(cli.total, api.total);
  assert.deepEqual(cli.rows, api.rows);

  const out = path.join(server.s.dir, 'casework.xlsx');
  const e = server.cli(['export', 'stats', '--table', 'casework', '--format', 'xlsx', '--out', out]);
  assert.equal(e.code, 0, e.stderr);
  assert.equal(readFileSync(out).subarray(0, 2).toString('latin1'), 'PK');
  const bad = server.cli(['export', 'stats', '--table', 'people', '--format', 'csv', '--out', out]);
  assert.equal(bad.code, 2);

  const check = server.cli(['check']);
  assert.equal(check.code, 0, check.stderr);
  // A summary that no longer matches the records is reported, and a rebuild mends it.
  sqlite(server.db, 'UPDATE stats_inquiry SET inquiries = inquiries + 1 WHERE level = 4');
  const broken = server.cli(['check']);
  assert.equal(broken.code, 1);
  assert.match(broken.stdout + broken.stderr, /统计汇总表 stats_inquiry/);
  assert.equal(server.cli(['stats', '--rebuild']).code, 0);
  assert.equal(server.cli(['check']).code, 0);
});

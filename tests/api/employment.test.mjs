// employment.test.mjs — workers of organizations and the construction
// registers (docs/api.md, "职工与建筑工地登记册", policy §2(1)(2), §3):
// an employer registers its own workers (a new person and the employment in
// one transaction, with history and audit rows) or links an existing person
// by ID number; it never sees another employer's workers (404); an unbound
// employer account is refused (403); offices act within their scope; PATCH
// with If-Match; the register as JSON, CSV (BOM, header) and XLSX; a change
// of an on-site worker notifies the street office of the site; a refused
// request writes nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DIV, assertError, sqlite, personBody, poll } from './lib/server.mjs';

let server;
const s = {};
const org = {};
const PASSWORD = 'yonggong-mima-2026-jiayuguan';

before(async () => {
  server = await startServer();
  for (const u of ['city.officer', 'xiongguan.town', 'gangcheng.town', 'fumin.comm', 'xiongguan.police', 'jyg.employer'])
    s[u] = await server.session(u);
  const code = (n) => creditCode(`91620200MA${String(n).padStart(7, '0')}`);
  for (const [key, kind, name, n] of [['builder', 'construction_enterprise', '嘉峪关市雄关建筑工程有限公司', 11], ['shop', 'unit', '嘉峪关市钢城商贸有限公司', 12]]) {
    const r = await post('city.officer', '/api/v1/organizations', { kind, name, credit_code: code(n), division: key === 'builder' ? DIV.xiongguan : DIV.gangcheng });
    assert.equal(r.status, 201, r.text);
    org[key] = r.body;
  }
  for (const [user, key] of [['builder.hr', 'builder'], ['shop.hr', 'shop']]) {
    const add = server.cli(['user', 'add', '--username', user, '--role', 'employer', '--scope', DIV.city, '--organization', String(org[key].id)], { input: `${PASSWORD}\n` });
    assert.equal(add.code, 0, add.stderr);
    const login = await server.login(user, PASSWORD);
    assert.equal(login.status, 201, login.text);
    s[user] = login.session;
  }
});

after(async () => {
  if (server) await server.stop();
});

const SET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode(body17) {
  const sum = [...body17].reduce((acc, c, i) => acc + SET.indexOf(c) * WEIGHTS[i], 0);
  return body17 + SET[(31 - (sum % 31)) % 31];
}

const post = (user, path, body) => server.request('POST', path, { session: s[user], body });
const get = (user, path) => server.request('GET', path, { session: s[user] });
const patch = (user, id, version, body) => server.request('PATCH', `/api/v1/employments/${id}`, {
  session: s[user], body, headers: { 'If-Match': `"${version}"` },
});
const count = (sql) => Number(sqlite(server.db, sql));
const hire = (user, key, body) => post(user, `/api/v1/organizations/${org[key].id}/employments`, body);
const JOB = { job: '钢筋工', work_site: '雄关广场二期工地', site_division: DIV.fumin, starts_on: '2026-03-01', lives_on_site: true, seasonal: true };

/** Downloads a file as bytes (the BOM kept). */
async function download(user, path) {
  const res = await fetch(server.url + path, { headers: { Cookie: s[user].cookie } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

test('an employer registers a new worker: person and employment in one transaction, with history, audit and a notice', async () => {
  const person = personBody(DIV.fumin);
  const notices = count('SELECT count(*) FROM notice');
  const r = await hire('builder.hr', 'builder', { ...person, ...JOB });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.person.created, true);
  assert.equal(r.body.job, '钢筋工');
  assert.equal(r.body.ends_on, null);
  assert.equal(r.body.lives_on_site, true);
  assert.equal(r.body.version, 1);
  assert.match(r.body.person.id_number_masked, /\*/);
  assert.equal(count(`SELECT count(*) FROM person WHERE id = ${r.body.person.id}`), 1);
  assert.equal(count(`SELECT count(*) FROM person_history WHERE person_id = ${r.body.person.id}`), 1);
  assert.equal(count(`SELECT count(*) FROM employment_history WHERE employment_id = ${r.body.id} AND field = '*'`), 1);
  assert.equal(count(`SELECT count(*) FROM audit WHERE username = 'builder.hr' AND action = 'employment.create' AND object = 'employment:${r.body.id}' AND outcome = 'ok'`), 1);
  // The street office of the site (雄关街道) is told, linked to the enterprise.
  assert.equal(count('SELECT count(*) FROM notice') - notices, 1);
  const n = sqlite(server.db, `SELECT subject || '|' || organization_id || '|' || body FROM notice ORDER BY id DESC LIMIT 1`);
  assert.match(n, new RegExp(`^建筑工地登记册变更\\|${org.builder.id}\\|.*嘉峪关市雄关建筑工程有限公司.*雄关广场二期工地`));
  assert.equal(sqlite(server.db, 'SELECT group_concat(division) FROM notice_recipient WHERE notice_id = (SELECT max(id) FROM notice)'), DIV.xiongguan);
});

test('an existing person is linked by ID number; registering twice is refused', async () => {
  const p = await server.request('POST', '/api/v1/persons', { session: s['xiongguan.town'], body: personBody(DIV.shengli) });
  assert.equal(p.status, 201, p.text);
  const persons = count('SELECT count(*) FROM person');
  const r = await hire('builder.hr', 'builder', { id_number: p.body.id_number, ...JOB, work_site: '新华路桥梁工地', lives_on_site: false, seasonal: false });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.person.id, p.body.id);
  assert.equal(r.body.person.created, false);
  assert.equal(count('SELECT count(*) FROM person'), persons, 'no person created');
  assertError(await hire('builder.hr', 'builder', { id_number: p.body.id_number, ...JOB }), 409, 'invalid_state', 'twice');
  // An employer links by ID number only, never by record id.
  assertError(await hire('builder.hr', 'builder', { person_id: p.body.id, ...JOB }), 400, 'invalid_input', 'person_id');
});

test('an employer sees only its own workers; an unbound employer is refused', async () => {
  const own = await get('builder.hr', `/api/v1/organizations/${org.builder.id}/employments?current=true`);
  assert.equal(own.status, 200, own.text);
  assert.ok(own.body.items.length >= 2);
  for (const w of own.body.items) {
    assert.match(w.person.id_number_masked, /^\d{6}\*+\d{3}[\dX]$|\*/);
    assert.equal(w.person.id_number, undefined);
  }
  assertError(await get('shop.hr', `/api/v1/organizations/${org.builder.id}/employments`), 404, 'not_found', 'other employer');
  assertError(await get('shop.hr', `/api/v1/organizations/${org.builder.id}/register`), 404, 'not_found', 'other employer register');
  assertError(await hire('shop.hr', 'builder', { ...personBody(DIV.fumin), ...JOB }), 404, 'not_found', 'other employer hire');
  const unbound = await get('jyg.employer', `/api/v1/organizations/${org.builder.id}/employments`);
  assertError(unbound, 403, 'forbidden', 'unbound');
  assert.match(unbound.body.error.message, /绑定/);
  assertError(await patch('shop.hr', own.body.items[0].id, 1, { job: '木工' }), 404, 'not_found', 'other employer patch');
});

test('offices act within their scope', async () => {
  assert.equal((await get('xiongguan.town', `/api/v1/organizations/${org.builder.id}/employments`)).status, 200);
  assert.equal((await get('xiongguan.police', `/api/v1/organizations/${org.builder.id}/employments`)).status, 200);
  assertError(await get('gangcheng.town', `/api/v1/organizations/${org.builder.id}/employments`), 404, 'not_found', 'other town');
  // The shop lies in 钢城街道; a 雄关街道 officer reaches it only through a site in 雄关.
  assertError(await get('xiongguan.town', `/api/v1/organizations/${org.shop.id}/employments`), 404, 'not_found', 'no site here');
  const r = await hire('shop.hr', 'shop', { ...personBody(DIV.fumin), job: '营业员', work_site: '福民社区门店', site_division: DIV.fumin, starts_on: '2026-02-01' });
  assert.equal(r.status, 201, r.text);
  const seen = await get('xiongguan.town', `/api/v1/organizations/${org.shop.id}/employments`);
  assert.equal(seen.status, 200, seen.text);
  assert.deepEqual(seen.body.items.map((w) => w.id), [r.body.id]);
  assertError(await hire('xiongguan.town', 'shop', { ...personBody(DIV.fumin), ...JOB, site_division: DIV.dazhong }), 403, 'out_of_scope', 'site elsewhere');
});

test('PATCH needs the current version and keeps history; the office of the site is told', async () => {
  const r = await hire('builder.hr', 'builder', { ...personBody(DIV.lvhua), ...JOB, work_site: '雄关广场二期工地' });
  assert.equal(r.status, 201, r.text);
  assertError(await server.request('PATCH', `/api/v1/employments/${r.body.id}`, { session: s['builder.hr'], body: { job: '木工' } }), 428, 'precondition_required');
  assertError(await patch('builder.hr', r.body.id, 7, { job: '木工' }), 409, 'version_conflict');
  const notices = count('SELECT count(*) FROM notice');
  const u = await patch('builder.hr', r.body.id, 1, { ends_on: '2026-04-01', job: '木工' });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.version, 2);
  assert.equal(u.body.ends_on, '2026-04-01');
  assert.equal(u.headers.get('etag'), '"2"');
  const rows = sqlite(server.db, `SELECT group_concat(field || ':' || old_value || '>' || new_value, ',') FROM employment_history WHERE employment_id = ${r.body.id} AND version = 2`);
  assert.equal(rows, 'job:钢筋工>木工,ends_on:>2026-04-01');
  assert.equal(count('SELECT count(*) FROM notice') - notices, 1);
  assert.match(sqlite(server.db, 'SELECT body FROM notice ORDER BY id DESC LIMIT 1'), /离场日期 2026-04-01/);
  assertError(await patch('builder.hr', r.body.id, 2, { ends_on: '2026-01-01' }), 400, 'invalid_date', 'ends before it starts');
  assertError(await patch('builder.hr', r.body.id, 2, { person_id: 3 }), 400, 'unknown_field');
});

test('the register: JSON, CSV with BOM and header, XLSX; full ID numbers only for offices', async () => {
  const j = await get('builder.hr', `/api/v1/organizations/${org.builder.id}/register?site=${encodeURIComponent('雄关广场二期工地')}`);
  assert.equal(j.status, 200, j.text);
  assert.ok(j.body.items.length >= 2);
  for (const row of j.body.items) {
    assert.equal(row.work_site, '雄关广场二期工地');
    assert.match(row.id_number, /\*/);
  }
  assert.ok(j.body.items.some((row) => row.ends_on === '2026-04-01'), 'departed workers stay in the register');
  // The worker who does not live on site is not in it.
  const all = await get('builder.hr', `/api/v1/organizations/${org.builder.id}/register`);
  assert.equal(all.body.items.some((row) => row.work_site === '新华路桥梁工地'), false);
  assertError(await get('builder.hr', `/api/v1/organizations/${org.builder.id}/register?full=true`), 403, 'forbidden', 'employer full');
  const full = await get('xiongguan.town', `/api/v1/organizations/${org.builder.id}/register?full=true`);
  assert.equal(full.status, 200, full.text);
  assert.match(full.body.items[0].id_number, /^\d{17}[\dX]$/);
  // Reads are audited in the background (group commit): wait for the row.
  const fullAudited = () => count(`SELECT count(*) FROM audit WHERE username = 'xiongguan.town' AND action = 'employment.register' AND detail LIKE '%full=true%'`);
  assert.equal(await poll(() => fullAudited() === 1), true, 'the full export is audited');
  assertError(await get('city.officer', `/api/v1/organizations/${org.shop.id}/register`), 422, 'not_allowed', 'not a construction enterprise');

  const csv = await download('builder.hr', `/api/v1/organizations/${org.builder.id}/register/csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('content-disposition'), /^attachment; filename="register-\d+\.csv"$/);
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = csv.bytes.subarray(3).toString('utf8').split('\r\n');
  assert.equal(lines[0], '序号,姓名,性别,公民身份号码,户籍地,工种,工地,进场日期,离场日期,季节性,婚姻状况,持证情况');
  assert.match(lines[1], /^1,.+,雄关广场二期工地,2026-03-01,/);
  const xlsx = await download('builder.hr', `/api/v1/organizations/${org.builder.id}/register/xlsx`);
  assert.equal(xlsx.status, 200);
  assert.equal(xlsx.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK');
  assert.ok(xlsx.bytes.length > 1000);
});

test('a refused request writes nothing', async () => {
  const rows = () => sqlite(server.db, `SELECT
    (SELECT count(*) FROM person), (SELECT count(*) FROM person_history),
    (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM employment),
    (SELECT count(*) FROM employment_history), (SELECT count(*) FROM notice)`);
  const before = rows();
  const fresh = personBody(DIV.fumin);
  const refused = [
    [{ ...fresh, ...JOB, job: '' }, 400],                          // person would be created, then the job fails
    [{ ...fresh, ...JOB, site_division: DIV.xiongguan }, 400],     // a street, not a community
    [{ ...fresh, ...JOB, starts_on: '2999-01-01' }, 400],
    [{ ...fresh, ...JOB, lives_on_site: 'yes' }, 400],
    [{ id_number: fresh.id_number, ...JOB }, 400],                 // no such person and no person fields
    [{ ...fresh, ...JOB, colour: 'red' }, 400],
  ];
  for (const [body, status] of refused) {
    const r = await hire('builder.hr', 'builder', body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
  }
  assert.equal(rows(), before, 'no row added or changed');
});

test('liudong register export writes the register for operators', async () => {
  const out = `${server.db}.register.csv`;
  const r = server.cli(['register', 'export', '--organization', String(org.builder.id), '--format', 'csv', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /已导出/);
  const x = server.cli(['register', 'export', '--organization', String(org.builder.id), '--format', 'xlsx', '--out', `${server.db}.register.xlsx`]);
  assert.equal(x.code, 0, x.stderr);
  assert.equal(server.cli(['register', 'export', '--organization', String(org.builder.id), '--format', 'pdf', '--out', out]).code, 2);
  const shop = server.cli(['register', 'export', '--organization', String(org.shop.id), '--format', 'csv', '--out', out]);
  assert.equal(shop.code, 1);
  assert.match(shop.stderr, /not_allowed/);
});

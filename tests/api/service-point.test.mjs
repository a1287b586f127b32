// service-point.test.mjs — the service-point directory over HTTP (docs/api.md,
// "服务网点", policy §2(3), §2(4)): each kind registered by a town office,
// scope (403 out_of_scope outside its town), the public listing without
// login filtered by division, service and kind, inactive points hidden,
// refused input writes nothing, PATCH with If-Match (stale version 409).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DIV, assertError, sqlite } from './lib/server.mjs';

let server;
let s;

before(async () => {
  server = await startServer();
  s = {};
  for (const u of ['city.officer', 'xiongguan.town', 'gangcheng.town', 'fumin.comm'])
    s[u] = await server.session(u);
});

after(async () => {
  if (server) await server.stop();
});

const post = (user, body) => server.request('POST', '/api/v1/service-points', { session: s[user], body });
const patch = (user, id, version, body) => server.request('PATCH', `/api/v1/service-points/${id}`, {
  session: s[user], body, headers: { 'If-Match': `"${version}"` },
});
const pub = (query = '') => server.request('GET', `/api/v1/public/service-points${query}`);
const count = (sql) => Number(sqlite(server.db, sql));

const homeBody = (over = {}) => ({
  kind: 'service_home', name: '福民社区流动人口服务之家', division: DIV.fumin,
  address: '新华中路 18 号', services: ['consultation', 'certificate'], phone: '0937-6221234',
  hours: '周一至周五 8:30-17:30', notice: '服务项目：政策咨询、婚育证明办理。职责：……服务热线 0937-6221234', ...over,
});

test('a town office registers each kind in its town; the answer carries labels', async () => {
  const bodies = [
    homeBody(),
    { kind: 'service_point', name: '雄关街道计生服务站', division: DIV.xiongguan, services: ['contraception', 'checkup'] },
    { kind: 'health_institution', name: '嘉峪关市妇幼保健院生殖健康门诊', division: DIV.shengli, services: ['checkup', 'prenatal'], phone: '0937-6225555' },
    { kind: 'aid_store', name: '福民社区爱心救助超市', division: DIV.fumin, services: ['aid'], hours: '每周三 9:00-11:00' },
  ];
  for (const body of bodies) {
    const r = await post('xiongguan.town', body);
    assert.equal(r.status, 201, `${body.kind}: ${r.text}`);
    assert.equal(r.body.kind, body.kind);
    assert.equal(r.body.name, body.name);
    assert.equal(r.body.division.code, body.division);
    assert.equal(r.body.version, 1);
    assert.equal(r.body.active, true);
    assert.deepEqual(r.body.services.map((x) => x.code).sort(), [...body.services].sort());
    assert.equal(r.headers.get('etag'), '"1"');
  }
  const home = (await pub(`?division=${DIV.fumin}&kind=service_home`)).body.items[0];
  assert.equal(home.kind_label, '流动人口服务之家');
  assert.deepEqual(home.services, [{ code: 'consultation', label: '政策咨询' }, { code: 'certificate', label: '婚育证明办理' }]);
  assert.equal(home.hours, '周一至周五 8:30-17:30');
  assert.match(home.notice, /服务热线/);
  assert.ok(count("SELECT count(*) FROM audit WHERE action = 'service_point.create' AND outcome = 'ok'") >= 4, 'each write audited');
});

test('a town office cannot register or change a point outside its town (403 out_of_scope)', async () => {
  const before = count('SELECT count(*) FROM service_point');
  const r = await post('xiongguan.town', homeBody({ name: '大众社区流动人口服务之家', division: DIV.dazhong }));
  assertError(r, 403, 'out_of_scope', 'other town');
  assert.equal(count('SELECT count(*) FROM service_point'), before, 'nothing kept');
  assert.equal(count("SELECT count(*) FROM audit WHERE action = 'service_point.create' AND outcome = 'out_of_scope'"), 1);
  const theirs = await post('gangcheng.town', homeBody({ name: '大众社区流动人口服务之家', division: DIV.dazhong }));
  assert.equal(theirs.status, 201, theirs.text);
  assertError(await patch('xiongguan.town', theirs.body.id, 1, { hours: '全天' }), 403, 'out_of_scope', 'patch other town');
  // Nor move its own point into another town.
  const mine = await post('xiongguan.town', homeBody({ name: '胜利社区流动人口服务之家', division: DIV.shengli }));
  assertError(await patch('xiongguan.town', mine.body.id, 1, { division: DIV.xinhua }), 403, 'out_of_scope', 'move out');
  assert.equal(sqlite(server.db, `SELECT division || ' ' || version FROM service_point WHERE id = ${mine.body.id}`), `${DIV.shengli} 1`);
  // A community officer has no service.write.
  assertError(await post('fumin.comm', homeBody()), 403, 'forbidden', 'community officer');
  // Without login: 401.
  assertError(await server.request('POST', '/api/v1/service-points', { body: homeBody() }), 401, 'unauthenticated', 'no login');
});

test('the public listing needs no login and filters by division, service and kind', async () => {
  await post('city.officer', { kind: 'service_point', name: '新城镇计生服务站', division: DIV.changcheng, services: ['contraception', 'employment'] });
  const all = await pub('?limit=50');
  assert.equal(all.status, 200, all.text);
  assert.ok(all.body.items.length >= 6);
  const xiongguan = await pub(`?division=${DIV.xiongguan}&limit=50`);
  assert.ok(xiongguan.body.items.length >= 4);
  for (const p of xiongguan.body.items) assert.ok(p.division.code.startsWith(DIV.xiongguan), p.division.code);
  const checkup = await pub(`?service=checkup&limit=50`);
  assert.deepEqual(checkup.body.items.map((p) => p.name).sort(), ['嘉峪关市妇幼保健院生殖健康门诊', '雄关街道计生服务站']);
  const both = await pub(`?division=${DIV.fumin}&service=aid`);
  assert.deepEqual(both.body.items.map((p) => p.name), ['福民社区爱心救助超市']);
  const kind = await pub(`?kind=health_institution`);
  assert.deepEqual(kind.body.items.map((p) => p.kind), ['health_institution']);
  assert.deepEqual((await pub(`?division=510104`)).body.items, [], 'a place outside the city has none');
  // Paging with a cursor.
  const page1 = await pub('?limit=2');
  assert.equal(page1.body.items.length, 2);
  assert.match(page1.body.next_cursor, /^s\d+$/);
  const page2 = await pub(`?limit=2&cursor=${page1.body.next_cursor}`);
  assert.ok(page2.body.items[0].id < page1.body.items[1].id);
  // One point without login.
  const one = await server.request('GET', `/api/v1/public/service-points/${checkup.body.items[0].id}`);
  assert.equal(one.status, 200, one.text);
  assert.equal(one.body.name, checkup.body.items[0].name);
  // Bad filters.
  assertError(await pub('?service=massage'), 400, 'invalid_input', 'unknown service');
  assertError(await pub('?kind=hospital'), 400, 'invalid_input', 'unknown kind');
  assertError(await pub('?town=1'), 400, 'unknown_field', 'unknown parameter');
  assertError(await pub('?division=abc'), 400, 'invalid_division', 'bad division');
  // Public reads are not audited (no personal data).
  assert.equal(count("SELECT count(*) FROM audit WHERE action LIKE 'service_point.%' AND action NOT IN ('service_point.create', 'service_point.update')"), 0);
});

test('inactive points are hidden from the public; PATCH with a stale version is 409', async () => {
  const r = await post('xiongguan.town', homeBody({ name: '绿化社区流动人口服务之家', division: DIV.lvhua, services: ['legal_aid'] }));
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  assert.equal((await pub(`?division=${DIV.lvhua}`)).body.items.length, 1);
  const off = await patch('xiongguan.town', id, 1, { active: false });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.body.active, false);
  assert.equal(off.body.version, 2);
  assert.deepEqual((await pub(`?division=${DIV.lvhua}`)).body.items, []);
  assert.deepEqual((await pub('?service=legal_aid')).body.items, []);
  assertError(await server.request('GET', `/api/v1/public/service-points/${id}`), 404, 'not_found', 'inactive');
  // Stale version: 409, nothing written.
  assertError(await patch('xiongguan.town', id, 1, { active: true }), 409, 'version_conflict', 'stale');
  assert.equal(sqlite(server.db, `SELECT active || ' ' || version FROM service_point WHERE id = ${id}`), '0 2');
  // Missing If-Match: 428.
  assertError(await server.request('PATCH', `/api/v1/service-points/${id}`, { session: s['xiongguan.town'], body: { active: true } }), 428, 'precondition_required', 'no If-Match');
  const on = await patch('xiongguan.town', id, 2, { active: true, services: ['legal_aid', 'employment'], hours: '工作日' });
  assert.equal(on.status, 200, on.text);
  assert.equal(on.body.version, 3);
  assert.equal((await pub(`?division=${DIV.lvhua}&service=employment`)).body.items[0].hours, '工作日');
  // Nothing changed: the version stays.
  const same = await patch('xiongguan.town', id, 3, { hours: '工作日' });
  assert.equal(same.status, 200, same.text);
  assert.equal(same.body.version, 3);
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'service_point.update' AND object = 'service_point:${id}' AND outcome = 'ok'`), 3);
  assertError(await patch('city.officer', 999999, 1, { hours: '全天' }), 404, 'not_found', 'no such point');
});

test('an office lists and reads its own points, stopped ones too, and nobody else\'s', async () => {
  const r = await post('gangcheng.town', homeBody({ name: '大众社区流动人口服务之家', division: DIV.dazhong }));
  assert.equal(r.status, 201, r.text);
  const off = await patch('gangcheng.town', r.body.id, 1, { active: false });
  assert.equal(off.status, 200, off.text);
  const mine = await server.request('GET', '/api/v1/service-points?limit=63', { session: s['gangcheng.town'] });
  assert.equal(mine.status, 200, mine.text);
  const stopped = mine.body.items.find((p) => p.id === r.body.id);
  assert.equal(stopped?.active, false, 'the stopped point is listed for its office');
  assert.ok(mine.body.items.every((p) => p.division.code.startsWith(DIV.gangcheng)), 'only its own street');
  const one = await server.request('GET', `/api/v1/service-points/${r.body.id}`, { session: s['gangcheng.town'] });
  assert.equal(one.status, 200, one.text);
  assert.equal(one.headers.get('etag'), '"2"');
  // Another street: not in its list, and 404 for the point itself.
  const other = await server.request('GET', '/api/v1/service-points?limit=63', { session: s['xiongguan.town'] });
  assert.equal(other.body.items.some((p) => p.id === r.body.id), false);
  const otherList = await server.request('GET', `/api/v1/service-points?division=${DIV.dazhong}`, { session: s['xiongguan.town'] });
  assert.deepEqual(otherList.body.items, [], 'a division outside the scope lists nothing');
  assertError(await server.request('GET', `/api/v1/service-points/${r.body.id}`, { session: s['xiongguan.town'] }), 404, 'not_found', 'other street');
  assertError(await server.request('GET', '/api/v1/service-points', { session: s['fumin.comm'] }), 403, 'forbidden', 'no service.write');
});

test('bad input is refused with the field at fault and writes nothing', async () => {
  const before = count('SELECT count(*) FROM service_point');
  const cases = [
    [{ kind: '' }, 400, 'missing_field', 'kind'],
    [{ kind: 'hospital' }, 400, 'invalid_code', 'kind'],
    [{ name: '甲' }, 400, 'invalid_input', 'name'],
    [{ name: '甲'.repeat(61) }, 400, 'invalid_input', 'name'],
    [{ division: '' }, 400, 'missing_field', 'division'],
    [{ division: DIV.city }, 400, 'invalid_division', 'division'],
    [{ division: '510104001' }, 400, 'invalid_division', 'division'],
    [{ services: ['massage'] }, 400, 'invalid_code', 'services'],
    [{ services: 'aid' }, 400, 'invalid_input', 'services'],
    [{ services: [1] }, 400, 'invalid_code', 'services'],
    [{ phone: 'call me' }, 400, 'invalid_input', 'phone'],
    [{ hours: '时'.repeat(61) }, 400, 'invalid_input', 'hours'],
    [{ notice: '公'.repeat(1001) }, 400, 'invalid_input', 'notice'],
    [{ active: 'yes' }, 400, 'invalid_input', 'active'],
    [{ owner: 'x' }, 400, 'unknown_field', 'owner'],
  ];
  for (const [over, status, code, field] of cases) {
    const r = await post('city.officer', homeBody(over));
    assertError(r, status, code, JSON.stringify(over).slice(0, 60));
    assert.equal(r.body.error.field, field, JSON.stringify(over).slice(0, 60));
  }
  assert.equal(count('SELECT count(*) FROM service_point'), before, 'nothing kept');
  // 1000 characters of 公示 are fine.
  const long = await post('city.officer', homeBody({ name: '长公示服务之家', notice: '公'.repeat(1000) }));
  assert.equal(long.status, 201, long.text);
  // A refused PATCH keeps the record.
  assertError(await patch('city.officer', long.body.id, 1, { name: '' }), 400, 'missing_field', 'empty name');
  assert.equal(sqlite(server.db, `SELECT version FROM service_point WHERE id = ${long.body.id}`), '1');
});

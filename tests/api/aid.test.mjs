// aid.test.mjs — aid given by aid stores (爱心救助超市) over HTTP (docs/api.md,
// "爱心救助超市的救助记录", policy §2(3)(4)): a community officer records aid to a
// registered person (shown on the person's timeline) and to someone not registered;
// only an active aid store records aid; refused input writes nothing; offices see
// the aid of the stores in their scope only; every write and read is audited.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, personBody, createPerson, DIV, assertError, sqlite, poll,
} from './lib/server.mjs';

let server;
const s = {};
const point = {};
let person;
let stranger;

before(async () => {
  server = await startServer();
  for (const u of ['city.officer', 'xiongguan.town', 'gangcheng.town', 'fumin.comm', 'dazhong.comm', 'xiongguan.police'])
    s[u] = await server.session(u);
  const make = async (kind, name, division) => {
    const r = await server.request('POST', '/api/v1/service-points', {
      session: s['city.officer'], body: { kind, name, division, services: kind === 'aid_store' ? ['aid'] : ['consultation'] },
    });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  point.fumin = await make('aid_store', '福民社区爱心救助超市', DIV.fumin);
  point.dazhong = await make('aid_store', '大众社区爱心救助超市', DIV.dazhong);
  point.home = await make('service_home', '福民社区流动人口服务之家', DIV.fumin);
  point.closed = await make('aid_store', '胜利社区爱心救助超市', DIV.shengli);
  const off = await server.request('PATCH', `/api/v1/service-points/${point.closed.id}`, {
    session: s['city.officer'], body: { active: false }, headers: { 'If-Match': `"${point.closed.version}"` },
  });
  assert.equal(off.status, 200, off.text);
  person = await createPerson(server, s['city.officer'], personBody(DIV.fumin, { name: '马秀兰' }));
  stranger = await createPerson(server, s['city.officer'], personBody(DIV.dazhong));
});

after(async () => {
  if (server) await server.stop();
});

const count = (sql) => Number(sqlite(server.db, sql));
const post = (user, id, body) => server.request('POST', `/api/v1/service-points/${id}/aid`, { session: s[user], body });
const get = (user, id, query = '') => server.request('GET', `/api/v1/service-points/${id}/aid${query}`, { session: s[user] });

function todayInChina(days = 0) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

test('aid to a registered person is recorded with its audit row and shown on the timeline', async () => {
  const r = await post('fumin.comm', point.fumin.id, { person_id: person.id, items: '大米 10 公斤、食用油 1 桶', amount: 12050, given_on: todayInChina(-2) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.person_id, person.id);
  assert.equal(r.body.recipient_name, '马秀兰');
  assert.equal(r.body.amount, 12050);
  assert.equal(r.body.given_on, todayInChina(-2));
  assert.equal(r.body.given_by, 'fumin.comm');
  assert.equal(r.body.service_point_id, point.fumin.id);
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'aid.create' AND object = 'service_point:${point.fumin.id}' AND outcome = 'ok'`), 1);
  const events = await server.request('GET', `/api/v1/persons/${person.id}/events`, { session: s['fumin.comm'] });
  assert.equal(events.status, 200, events.text);
  const aid = events.body.items.filter((e) => e.action === 'aid.give');
  assert.equal(aid.length, 1);
  assert.equal(aid[0].subject, `aid:${r.body.id}`);
  assert.equal(aid[0].actor, 'fumin.comm');
  assert.match(aid[0].detail, /福民社区爱心救助超市/);
  assert.match(aid[0].detail, /大米 10 公斤/);
});

test('aid to someone not registered keeps the name; amount and date are optional', async () => {
  const r = await post('xiongguan.town', point.fumin.id, { recipient_name: '无名氏老人', items: '冬衣两件、棉被一床' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.person_id, null);
  assert.equal(r.body.recipient_name, '无名氏老人');
  assert.equal(r.body.amount, null);
  assert.equal(r.body.given_on, todayInChina());
  assert.equal(count(`SELECT count(*) FROM aid WHERE person_id IS NULL AND amount IS NULL AND id = ${r.body.id}`), 1);
});

test('only an active aid store records aid; bad input is refused and writes nothing', async () => {
  const rows = count('SELECT count(*) FROM aid'), events = count('SELECT count(*) FROM record_event');
  const good = { recipient_name: '李桂芳', items: '米面油' };
  let r = await post('city.officer', point.home.id, good);
  assertError(r, 422, 'not_allowed', 'a service home');
  assert.equal(r.body.error.reason, 'not_aid_store');
  r = await post('city.officer', point.closed.id, good);
  assertError(r, 422, 'not_allowed', 'an inactive store');
  assert.equal(r.body.error.reason, 'service_point_inactive');
  assertError(await post('fumin.comm', point.fumin.id, { items: '米面油' }), 400, 'missing_field', 'no recipient');
  assertError(await post('fumin.comm', point.fumin.id, { person_id: person.id, recipient_name: '马秀兰', items: '米面油' }), 400, 'invalid_input', 'both');
  assertError(await post('fumin.comm', point.fumin.id, { recipient_name: '李桂芳' }), 400, 'missing_field', 'no items');
  assertError(await post('fumin.comm', point.fumin.id, { ...good, items: '米' }), 400, 'invalid_input', 'items too short');
  assertError(await post('fumin.comm', point.fumin.id, { ...good, amount: -1 }), 400, 'invalid_input', 'negative amount');
  assertError(await post('fumin.comm', point.fumin.id, { ...good, amount: 12.5 }), 400, 'invalid_input', 'fen are whole');
  assertError(await post('fumin.comm', point.fumin.id, { ...good, given_on: todayInChina(1) }), 400, 'invalid_date', 'future');
  assertError(await post('fumin.comm', point.fumin.id, { ...good, given_on: '2026-02-30' }), 400, 'invalid_date', 'no such day');
  assertError(await post('fumin.comm', point.fumin.id, { ...good, colour: 'red' }), 400, 'unknown_field');
  // A person outside the caller's scope is not named.
  r = await post('fumin.comm', point.fumin.id, { person_id: stranger.id, items: '米面油' });
  assertError(r, 400, 'invalid_input', 'person out of scope');
  assert.equal(r.body.error.field, 'person_id');
  assertError(await post('fumin.comm', point.fumin.id, { person_id: 999999, items: '米面油' }), 400, 'invalid_input', 'no such person');
  assertError(await post('fumin.comm', 999999, good), 404, 'not_found');
  assert.equal(count('SELECT count(*) FROM aid'), rows);
  assert.equal(count('SELECT count(*) FROM record_event'), events);
  assert.ok(count("SELECT count(*) FROM audit WHERE action = 'aid.create' AND outcome = 'not_allowed'") >= 2);
});

test('offices see the aid of the stores in their scope only; others are 404 or 403', async () => {
  const r = await get('fumin.comm', point.fumin.id);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.service_point_name, '福民社区爱心救助超市');
  assert.deepEqual(r.body.items.map((a) => a.recipient_name), ['无名氏老人', '马秀兰']);
  assert.equal(r.body.next_cursor, null);
  const page = await get('city.officer', point.fumin.id, '?limit=1');
  assert.equal(page.body.items.length, 1);
  assert.ok(page.body.next_cursor);
  const next = await get('city.officer', point.fumin.id, `?limit=1&cursor=${page.body.next_cursor}`);
  assert.deepEqual(next.body.items.map((a) => a.recipient_name), ['马秀兰']);
  assertError(await get('dazhong.comm', point.fumin.id), 404, 'not_found', 'another community');
  assertError(await get('gangcheng.town', point.fumin.id), 404, 'not_found', 'another town');
  assertError(await post('dazhong.comm', point.fumin.id, { recipient_name: '李桂芳', items: '米面油' }), 404, 'not_found');
  assertError(await get('xiongguan.police', point.fumin.id), 403, 'forbidden', 'police');
  assertError(await get('city.officer', point.fumin.id, '?sort=name'), 400, 'unknown_field');
  const d = await get('dazhong.comm', point.dazhong.id);
  assert.deepEqual(d.body.items, []);
  assert.ok(await poll(() => count(`SELECT count(*) FROM audit WHERE action = 'aid.list' AND object = 'service_point:${point.fumin.id}' AND outcome = 'out_of_scope'`) >= 2), 'reads outside the scope audited');
});

// outflow.test.mjs — outflow registration and benefits over HTTP (docs/api.md,
// "流出人口登记与奖励优惠", policy §2(2)): a departure with its feedback and
// return; the rules that refuse a departure (second open one, destination
// inside the city, inflow person, dates); benefits granted → paid or
// cancelled, amounts in fen shown as yuan; scope (404 for another town,
// audited) and roles (a community officer registers departures, not
// benefits); and that a refused request writes nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, personBody, createPerson, DIV, assertError, sqlite, poll,
} from './lib/server.mjs';

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

function todayInChina() {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

function addDays(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const post = (user, path, body) => server.request('POST', path, { session: s[user], body });
const get = (user, path) => server.request('GET', path, { session: s[user] });
const count = (sql) => Number(sqlite(server.db, sql));

const CHENGDU_JINJIANG = '510104';  // 四川省成都市锦江区, outside the city
const departureBody = (over = {}) => ({
  departed_on: '2026-03-01',
  destination_division: CHENGDU_JINJIANG,
  destination_address: '春熙路 88 号 5 栋 302 室',
  employer_there: '成都锦江宾馆',
  contact_phone: '028-86221234',
  ...over,
});

const outflowPerson = () => createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { flow: 'outflow' }));

test('a departure is registered, feedback is sent and received, and the return is recorded', async () => {
  const p = await outflowPerson();
  const d = await post('xiongguan.town', `/api/v1/persons/${p.id}/departures`, departureBody());
  assert.equal(d.status, 201, d.text);
  assert.equal(d.body.person_id, p.id);
  assert.equal(d.body.departed_on, '2026-03-01');
  assert.deepEqual(d.body.destination_division, { code: CHENGDU_JINJIANG, name: '四川省成都市锦江区' });
  assert.equal(d.body.employer_there, '成都锦江宾馆');
  assert.equal(d.body.contact_phone, '028-86221234');
  assert.equal(d.body.state, 'away');
  assert.equal(d.body.state_label, '外出中');
  assert.equal(d.body.returned_on, null);
  assert.equal(d.body.version, 1);

  // The phone is sealed at rest: the plain digits are nowhere in the row.
  const sealed = sqlite(server.db, `SELECT hex(contact_phone_sealed) FROM departure WHERE id = ${d.body.id}`);
  assert.ok(sealed.length > 0, 'a sealed phone is stored');
  assert.equal(sealed.includes(Buffer.from('86221234').toString('hex').toUpperCase()), false, 'phone not in plain text');

  // Only one open departure at a time.
  const again = await post('xiongguan.town', `/api/v1/persons/${p.id}/departures`, departureBody({ departed_on: '2026-04-01' }));
  assertError(again, 422, 'not_allowed', 'second open departure');

  const sent = await post('xiongguan.town', `/api/v1/persons/${p.id}/feedback`, {
    direction: 'sent', channel: 'network', happened_on: '2026-03-10',
    counterpart: '成都市锦江区春熙路街道计生办', content: '该人员已持婚育证明外出务工，请纳入属地管理服务。',
  });
  assert.equal(sent.status, 201, sent.text);
  assert.equal(sent.body.direction_label, '发往流入地');
  assert.equal(sent.body.channel_label, '网络');
  assert.equal(sent.body.actor, 'xiongguan.town');
  const received = await post('fumin.comm', `/api/v1/persons/${p.id}/feedback`, {
    direction: 'received', channel: 'workstation', counterpart: '甘肃省驻成都流动人口计生工作站', content: '已落实免费孕检服务。',
  });
  assert.equal(received.status, 201, received.text);
  assert.equal(received.body.happened_on, todayInChina(), 'the date defaults to today');
  assert.equal(received.body.channel_label, '驻外工作站');
  const feedback = await get('fumin.comm', `/api/v1/persons/${p.id}/feedback`);
  assert.equal(feedback.status, 200, feedback.text);
  assert.deepEqual(feedback.body.items.map((f) => f.direction), ['received', 'sent'], 'newest first');

  const back = (body) => post('xiongguan.town', `/api/v1/departures/${d.body.id}/return`, body);
  assertError(await back({ returned_on: '2026-02-28' }), 400, 'invalid_date', 'return before departure');
  assertError(await back({ returned_on: addDays(todayInChina(), 1) }), 400, 'invalid_date', 'return in the future');
  const r = await back({ returned_on: '2026-10-01' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'returned');
  assert.equal(r.body.state_label, '已返回');
  assert.equal(r.body.returned_on, '2026-10-01');
  assert.equal(r.body.version, 2);
  assertError(await back({}), 409, 'invalid_state', 'return twice');

  // Back home, the person may leave again.
  const second = await post('fumin.comm', `/api/v1/persons/${p.id}/departures`, departureBody({ departed_on: '2026-11-01', destination_division: '620102', contact_phone: '' }));
  assert.equal(second.status, 201, second.text);
  assert.equal(second.body.contact_phone, null);
  assert.equal(sqlite(server.db, `SELECT contact_phone_sealed IS NULL FROM departure WHERE id = ${second.body.id}`), '1');
  const listed = await get('xiongguan.town', `/api/v1/persons/${p.id}/departures`);
  assert.deepEqual(listed.body.items.map((x) => [x.id, x.state]), [[second.body.id, 'away'], [d.body.id, 'returned']]);

  // Each write left an event on the person's timeline.
  const actions = sqlite(server.db, `SELECT action FROM record_event WHERE person_id = ${p.id} ORDER BY id`).split('\n');
  assert.deepEqual(actions, ['departure.create', 'feedback.create', 'feedback.create', 'departure.return', 'departure.create']);
});

test('a departure needs an outflow person and a destination outside the city, with real dates', async () => {
  const p = await outflowPerson();
  const path = `/api/v1/persons/${p.id}/departures`;
  for (const inside of ['620201', '620201001', DIV.dazhong, '6202']) {
    const r = await post('xiongguan.town', path, departureBody({ destination_division: inside }));
    assertError(r, 400, 'invalid_division', `destination ${inside}`);
    assert.equal(r.body.error.field, 'destination_division');
  }
  assertError(await post('xiongguan.town', path, departureBody({ destination_division: '51' })), 400, 'invalid_division', 'a province');
  assertError(await post('xiongguan.town', path, departureBody({ destination_division: '999999' })), 400, 'invalid_division', 'unknown');
  assertError(await post('xiongguan.town', path, departureBody({ destination_division: '' })), 400, 'missing_field', 'no destination');
  assertError(await post('xiongguan.town', path, departureBody({ departed_on: '' })), 400, 'missing_field', 'no date');
  assertError(await post('xiongguan.town', path, departureBody({ departed_on: '2026-02-30' })), 400, 'invalid_date', 'unreal date');
  assertError(await post('xiongguan.town', path, departureBody({ departed_on: addDays(todayInChina(), 1) })), 400, 'invalid_date', 'future');
  assertError(await post('xiongguan.town', path, departureBody({ departed_on: '1950-01-01' })), 400, 'invalid_date', 'before birth');
  const phone = await post('xiongguan.town', path, departureBody({ contact_phone: '电话12' }));
  assertError(phone, 400, 'invalid_input', 'bad phone');
  assert.equal(phone.body.error.field, 'contact_phone');
  assertError(await post('xiongguan.town', path, { ...departureBody(), spouse: '李娜' }), 400, 'unknown_field', 'unknown member');

  const inflow = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin));
  const r = await post('xiongguan.town', `/api/v1/persons/${inflow.id}/departures`, departureBody());
  assertError(r, 422, 'not_allowed', 'inflow person');
  assert.equal(r.body.error.field, 'flow');
  assertError(await post('xiongguan.town', `/api/v1/persons/${inflow.id}/feedback`, {
    direction: 'sent', channel: 'letter', counterpart: '郑州市中原区计生办', content: '反馈内容',
  }), 422, 'not_allowed', 'feedback about an inflow person');

  const fb = (over) => post('xiongguan.town', `/api/v1/persons/${p.id}/feedback`, {
    direction: 'sent', channel: 'letter', counterpart: '成都市锦江区计生办', content: '反馈内容', ...over,
  });
  const field = async (over, status, code) => {
    const x = await fb(over);
    assertError(x, status, code, JSON.stringify(over));
    return x.body.error.field;
  };
  assert.equal(await field({ direction: 'both' }, 400, 'invalid_input'), 'direction');
  assert.equal(await field({ direction: '' }, 400, 'missing_field'), 'direction');
  assert.equal(await field({ channel: 'phone' }, 400, 'invalid_input'), 'channel');
  assert.equal(await field({ counterpart: '甲' }, 400, 'invalid_input'), 'counterpart');
  assert.equal(await field({ content: '' }, 400, 'missing_field'), 'content');
  assert.equal(await field({ content: '字'.repeat(501) }, 400, 'invalid_input'), 'content');
  assert.equal(await field({ happened_on: addDays(todayInChina(), 1) }, 400, 'invalid_date'), 'happened_on');
  assert.equal((await fb({ content: '字'.repeat(500) })).status, 201, '500 characters are accepted');
});

test('a benefit is granted, then paid; amounts are kept in fen and shown as yuan', async () => {
  const p = await outflowPerson();
  const path = `/api/v1/persons/${p.id}/benefits`;
  const g = await post('xiongguan.town', path, {
    kind: 'only_child_parent_reward', period: '2026', amount: '120', granted_on: '2026-01-15', note: '独生子女父母光荣证 2010 年领取',
  });
  assert.equal(g.status, 201, g.text);
  assert.equal(g.body.kind_label, '独生子女父母奖励费');
  assert.equal(g.body.amount, '120.00');
  assert.equal(g.body.state, 'granted');
  assert.equal(g.body.state_label, '已核定');
  assert.equal(g.body.paid_on, null);
  assert.equal(sqlite(server.db, `SELECT amount_fen FROM benefit WHERE id = ${g.body.id}`), '12000');

  const pay = (body) => post('xiongguan.town', `/api/v1/benefits/${g.body.id}/payment`, body);
  assertError(await pay({ paid_on: '2026-01-14' }), 400, 'invalid_date', 'paid before granted');
  assertError(await pay({ paid_on: addDays(todayInChina(), 1) }), 400, 'invalid_date', 'paid in the future');
  const paid = await pay({ paid_on: '2026-02-01' });
  assert.equal(paid.status, 200, paid.text);
  assert.equal(paid.body.state, 'paid');
  assert.equal(paid.body.state_label, '已发放');
  assert.equal(paid.body.paid_on, '2026-02-01');
  assertError(await pay({}), 409, 'invalid_state', 'paid twice');
  assertError(await post('xiongguan.town', `/api/v1/benefits/${g.body.id}/cancellation`, { reason: '重复核定' }),
    409, 'invalid_state', 'cancel a paid one');

  const range = await post('city.officer', path, { kind: 'rural_family_support', period: '2026-01..2026-06', amount: '960.5' });
  assert.equal(range.status, 201, range.text);
  assert.equal(range.body.amount, '960.50');
  assert.equal(range.body.granted_on, todayInChina());
  assert.equal(range.body.kind_label, '农村部分计划生育家庭奖励扶助');

  // Families too: an inflow person (no flow rule for benefits).
  const family = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin));
  const f = await post('xiongguan.town', `/api/v1/persons/${family.id}/benefits`, { kind: 'special_hardship_support', period: '2026-03', amount: '0.05' });
  assert.equal(f.status, 201, f.text);
  assert.equal(f.body.amount, '0.05');

  const listed = await get('fumin.comm', path);
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(listed.body.items.map((b) => [b.kind, b.state, b.amount]),
    [['rural_family_support', 'granted', '960.50'], ['only_child_parent_reward', 'paid', '120.00']]);
  const actions = sqlite(server.db, `SELECT action FROM record_event WHERE subject = 'benefit:${g.body.id}' ORDER BY id`).split('\n');
  assert.deepEqual(actions, ['benefit.grant', 'benefit.pay']);
});

test('a granted benefit is cancelled with a reason kept in its note', async () => {
  const p = await outflowPerson();
  const g = await post('xiongguan.town', `/api/v1/persons/${p.id}/benefits`, { kind: 'other', period: '2026-05', amount: '300.00', note: '春节慰问' });
  assert.equal(g.status, 201, g.text);
  const cancel = (body) => post('xiongguan.town', `/api/v1/benefits/${g.body.id}/cancellation`, body);
  const none = await cancel({});
  assertError(none, 400, 'missing_field', 'no reason');
  assert.equal(none.body.error.field, 'reason');
  const c = await cancel({ reason: '经核实不符合条件' });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.state, 'cancelled');
  assert.equal(c.body.state_label, '已撤销');
  assert.equal(c.body.note, '春节慰问；撤销原因：经核实不符合条件');
  assertError(await cancel({ reason: '再次撤销' }), 409, 'invalid_state', 'cancel twice');
  assertError(await post('xiongguan.town', `/api/v1/benefits/${g.body.id}/payment`, {}), 409, 'invalid_state', 'pay a cancelled one');
});

test('bad kinds, periods and amounts are refused with the field at fault', async () => {
  const p = await outflowPerson();
  const grant = (over) => post('xiongguan.town', `/api/v1/persons/${p.id}/benefits`, {
    kind: 'only_child_parent_reward', period: '2026', amount: '960.00', ...over,
  });
  const cases = [
    [{ amount: '1.234' }, 'invalid_input', 'amount'],
    [{ amount: '-5' }, 'invalid_input', 'amount'],
    [{ amount: 'abc' }, 'invalid_input', 'amount'],
    [{ amount: '1000000.01' }, 'invalid_input', 'amount'],
    [{ amount: 960 }, 'invalid_input', 'amount'],
    [{ amount: '' }, 'missing_field', 'amount'],
    [{ period: '2026-13' }, 'invalid_input', 'period'],
    [{ period: '2026-06..2026-01' }, 'invalid_input', 'period'],
    [{ period: '26' }, 'invalid_input', 'period'],
    [{ period: '' }, 'missing_field', 'period'],
    [{ kind: 'bonus' }, 'invalid_input', 'kind'],
    [{ kind: '' }, 'missing_field', 'kind'],
    [{ granted_on: addDays(todayInChina(), 1) }, 'invalid_date', 'granted_on'],
    [{ note: '注'.repeat(201) }, 'invalid_input', 'note'],
  ];
  for (const [over, code, field] of cases) {
    const r = await grant(over);
    assertError(r, 400, code, JSON.stringify(over));
    assert.equal(r.body.error.field, field, JSON.stringify(over));
  }
  assert.equal(count(`SELECT count(*) FROM benefit WHERE person_id = ${p.id}`), 0);
  assert.equal((await grant({ amount: '1000000' })).status, 201, 'the ceiling itself is accepted');
});

test('another town sees none of it (404, audited); a community officer registers departures but not benefits', async () => {
  const p = await outflowPerson();
  const d = await post('fumin.comm', `/api/v1/persons/${p.id}/departures`, departureBody());
  assert.equal(d.status, 201, d.text);
  assertError(await post('fumin.comm', `/api/v1/persons/${p.id}/benefits`, { kind: 'other', period: '2026', amount: '10' }),
    403, 'forbidden', 'community officer grants');
  const b = await post('xiongguan.town', `/api/v1/persons/${p.id}/benefits`, { kind: 'other', period: '2026', amount: '10' });
  assert.equal(b.status, 201, b.text);
  assertError(await post('fumin.comm', `/api/v1/benefits/${b.body.id}/payment`, {}), 403, 'forbidden', 'community officer pays');
  assertError(await post('fumin.comm', `/api/v1/benefits/${b.body.id}/cancellation`, { reason: '登记有误' }), 403, 'forbidden', 'community officer cancels');
  assert.equal((await get('fumin.comm', `/api/v1/persons/${p.id}/benefits`)).status, 200, 'but reads them');

  const other = 'gangcheng.town';
  for (const [method, path, body] of [
    ['GET', `/api/v1/persons/${p.id}/departures`],
    ['POST', `/api/v1/persons/${p.id}/departures`, departureBody()],
    ['POST', `/api/v1/departures/${d.body.id}/return`, {}],
    ['GET', `/api/v1/persons/${p.id}/feedback`],
    ['POST', `/api/v1/persons/${p.id}/feedback`, { direction: 'sent', channel: 'letter', counterpart: '某某计生办', content: '某某内容' }],
    ['GET', `/api/v1/persons/${p.id}/benefits`],
    ['POST', `/api/v1/persons/${p.id}/benefits`, { kind: 'other', period: '2026', amount: '10' }],
    ['POST', `/api/v1/benefits/${b.body.id}/payment`, {}],
    ['POST', `/api/v1/benefits/${b.body.id}/cancellation`, { reason: '登记有误' }],
  ]) {
    const r = await server.request(method, path, { session: s[other], body });
    assertError(r, 404, 'not_found', `${other} ${method} ${path}`);
  }
  assertError(await post('xiongguan.town', '/api/v1/departures/999999/return', {}), 404, 'not_found', 'no such departure');
  assertError(await post('xiongguan.town', '/api/v1/benefits/999999/payment', {}), 404, 'not_found', 'no such benefit');
  const audited = await poll(() => count(
    `SELECT count(*) FROM audit WHERE username = '${other}' AND outcome = 'out_of_scope' AND object IN ('person:${p.id}', 'departure:${d.body.id}', 'benefit:${b.body.id}')`) >= 9);
  assert.ok(audited, 'each out-of-scope attempt is audited');
  assert.equal(sqlite(server.db, `SELECT returned_on FROM departure WHERE id = ${d.body.id}`), '', 'still away');
  assert.equal(sqlite(server.db, `SELECT state FROM benefit WHERE id = ${b.body.id}`), '1', 'still granted');
});

test('a refused request writes nothing', async () => {
  const p = await outflowPerson();
  const inflow = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin));
  const d = await post('xiongguan.town', `/api/v1/persons/${p.id}/departures`, departureBody());
  const b = await post('xiongguan.town', `/api/v1/persons/${p.id}/benefits`, { kind: 'other', period: '2026', amount: '10', granted_on: '2026-06-01' });
  const paid = await post('xiongguan.town', `/api/v1/persons/${p.id}/benefits`, { kind: 'other', period: '2025', amount: '10', granted_on: '2025-06-01' });
  assert.equal((await post('xiongguan.town', `/api/v1/benefits/${paid.body.id}/payment`, { paid_on: '2025-07-01' })).status, 200);
  // Rows and versions of the four tables a write of this feature touches.
  const rows = () => sqlite(server.db, `SELECT
    (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM departure),
    (SELECT count(*) FROM feedback),
    (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM benefit),
    (SELECT count(*) FROM record_event)`);
  const states = () => sqlite(server.db, `SELECT group_concat(id || ':' || state || ':' || paid_on || ':' || note, ',') FROM benefit WHERE person_id = ${p.id}`)
    + sqlite(server.db, `SELECT group_concat(id || ':' || returned_on, ',') FROM departure WHERE person_id = ${p.id}`);
  const before = rows();
  const statesBefore = states();
  const refused = [
    [`/api/v1/persons/${p.id}/departures`, departureBody(), 422],
    [`/api/v1/persons/${inflow.id}/departures`, departureBody(), 422],
    [`/api/v1/persons/${p.id}/departures`, departureBody({ destination_division: '620201' }), 400],
    [`/api/v1/departures/${d.body.id}/return`, { returned_on: '2026-01-01' }, 400],
    [`/api/v1/persons/${inflow.id}/feedback`, { direction: 'sent', channel: 'letter', counterpart: '某某计生办', content: '某某内容' }, 422],
    [`/api/v1/persons/${p.id}/feedback`, { direction: 'sent', channel: 'letter', counterpart: '某某计生办', content: '某' }, 400],
    [`/api/v1/persons/${p.id}/benefits`, { kind: 'other', period: '2026', amount: '1.234' }, 400],
    [`/api/v1/benefits/${b.body.id}/payment`, { paid_on: '2026-05-31' }, 400],
    [`/api/v1/benefits/${b.body.id}/cancellation`, { reason: '' }, 400],
    [`/api/v1/benefits/${paid.body.id}/cancellation`, { reason: '登记有误' }, 409],
    [`/api/v1/benefits/${paid.body.id}/payment`, {}, 409],
  ];
  for (const [path, body, status] of refused) {
    const r = await post('xiongguan.town', path, body);
    assert.equal(r.status, status, `${path} ${JSON.stringify(body)}: ${r.text}`);
  }
  assert.equal(rows(), before, 'no row added or changed');
  assert.equal(states(), statesBefore, 'no state changed');
  // The refusals themselves are audited (the write's outcome), nothing else.
  assert.ok(count(`SELECT count(*) FROM audit WHERE username = 'xiongguan.town' AND outcome = 'not_allowed'`) >= 3);
});

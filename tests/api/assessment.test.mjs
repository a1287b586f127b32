// assessment.test.mjs — responsibility agreements and year-end assessment over HTTP
// (docs/api.md, "目标管理责任书与年终考核", policy §6(1), §6(4)): the city signs
// agreements with 钢城街道, 雄关街道, 新城镇, a department and a unit; scores them —
// the certificate holding rate and the complaints answered on time computed from the
// records, one computed score overridden with its reason —; a one-vote veto fails a
// high score; the ranking shares a rank on equal totals and puts the vetoed last;
// a finalized agreement is locked; awards; refused input writes nothing; towns see
// only their own parties.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, personBody, createPerson, DIV, assertError, sqlite,
} from './lib/server.mjs';

let server;
const s = {};
const YEAR = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();
const XINCHENG = '620201100'; // 新城镇

before(async () => {
  server = await startServer();
  for (const u of ['city.officer', 'xiongguan.town', 'gangcheng.town', 'city.department', 'fumin.comm'])
    s[u] = await server.session(u);
});

after(async () => {
  if (server) await server.stop();
});

const count = (sql) => Number(sqlite(server.db, sql));
const call = (user, method, path, body, headers) => server.request(method, `/api/v1${path}`, { session: s[user], body, headers });
const city = (method, path, body, headers) => call('city.officer', method, path, body, headers);

function todayInChina(days = 0) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

async function issue(personId, body) {
  const r = await city('POST', `/persons/${personId}/certificates`, { spouse_name: '李娜', ...body });
  assert.equal(r.status, 201, `issue: ${r.text}`);
  return r.body;
}

/** Records the certificate a person brought from the hukou place (issued a month ago). */
async function external(personId, number) {
  const r = await city('POST', `/persons/${personId}/certificates/external`, {
    number, issuer_name: '郑州市中原区林山寨街道办事处', issued_on: todayInChina(-30),
  });
  assert.equal(r.status, 201, `external: ${r.text}`);
  return r.body;
}

/** Takes in a hotline complaint, assigns it to 钢城街道; `answer`: the town replies. */
async function complaint(answer) {
  const c = await city('POST', '/complaints', { channel: 'hotline', category: 'service', subject: '办证太慢', content: '办理婚育证明等了很久。' });
  assert.equal(c.status, 201, c.text);
  const a = await city('POST', `/complaints/${c.body.id}/assignment`, { office: DIV.gangcheng });
  assert.equal(a.status, 200, a.text);
  if (answer) {
    const r = await call('gangcheng.town', 'POST', `/complaints/${c.body.id}/reply`, { reply: '已核实，当天补办。' });
    assert.equal(r.status, 200, r.text);
  }
  return c.body.id;
}

const gangchengItems = [
  { description: '流动人口婚育证明持证率', weight: 40, measure: 'certificate_holding_rate' },
  { description: '投诉按期答复率', weight: 20, measure: 'complaints_answered_on_time' },
  { description: '宣传教育和服务网点建设', weight: 40 },
];

const ids = {};

test('the city signs a yearly agreement with a street; its items and weights are kept', async () => {
  const r = await city('POST', '/agreements', {
    year: YEAR, party_kind: 'division', party_division: DIV.gangcheng, title: '流动人口计划生育目标管理责任书', items: gangchengItems,
  });
  assert.equal(r.status, 201, r.text);
  const a = r.body;
  ids.gangcheng = a.id;
  assert.equal(a.state, 'signed');
  assert.equal(a.year, YEAR);
  assert.equal(a.party.kind, 'division');
  assert.equal(a.party.division.code, DIV.gangcheng);
  assert.match(a.party.name, /钢城街道/);
  assert.equal(a.signed_on, todayInChina());
  assert.equal(a.total, null);
  assert.equal(a.result, null);
  assert.equal(a.pass_score, 60);
  assert.deepEqual(a.items.map((i) => [i.ordinal, i.weight, i.measure, i.score]),
    [[1, 40, 'certificate_holding_rate', null], [2, 20, 'complaints_answered_on_time', null], [3, 40, 'manual', null]]);
  assert.equal(r.headers.get('etag'), '"1"');
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'agreement.create' AND object = 'agreement:${a.id}' AND outcome = 'ok'`), 1);
});

test('refused agreements write nothing: weights, measures, parties, duplicates, permissions', async () => {
  const before = count('SELECT count(*) FROM agreement');
  const base = { year: YEAR, party_kind: 'division', party_division: DIV.xiongguan, title: '目标管理责任书' };
  let r = await city('POST', '/agreements', { ...base, items: [{ description: '登记率', weight: 60 }, { description: '持证率', weight: 30 }] });
  assertError(r, 400, 'invalid_input', 'weights sum to 90');
  assert.equal(r.body.error.reason, 'weights_not_100');
  r = await city('POST', '/agreements', { ...base, items: [{ description: '登记率', weight: 100 }, { description: '持证率', weight: 0 }] });
  assertError(r, 400, 'invalid_input', 'a weight of 0');
  r = await city('POST', '/agreements', { ...base, items: [{ description: '登记率', weight: '100' }] });
  assertError(r, 400, 'invalid_input', 'weight as text');
  r = await city('POST', '/agreements', { ...base, items: [] });
  assertError(r, 400, 'missing_field', 'no items');
  r = await city('POST', '/agreements', { ...base, items: [{ description: '登记率', weight: 100, measure: 'birth_rate' }] });
  assertError(r, 400, 'invalid_code', 'unknown measure');
  r = await city('POST', '/agreements', { ...base, party_division: DIV.fumin, items: [{ description: '登记率', weight: 100 }] });
  assertError(r, 400, 'invalid_division', 'a community is no party');
  r = await city('POST', '/agreements', { ...base, year: 1999, items: [{ description: '登记率', weight: 100 }] });
  assertError(r, 400, 'invalid_input', 'year out of range');
  r = await city('POST', '/agreements', { ...base, party_kind: 'village', items: [{ description: '登记率', weight: 100 }] });
  assertError(r, 400, 'invalid_code', 'unknown party kind');
  r = await city('POST', '/agreements', { ...base, party_division: DIV.gangcheng, items: [{ description: '登记率', weight: 100 }] });
  assertError(r, 422, 'not_allowed', 'a second agreement of the year');
  assert.equal(r.body.error.reason, 'duplicate_agreement');
  r = await city('POST', '/agreements', { ...base, colour: 'red', items: [{ description: '登记率', weight: 100 }] });
  assertError(r, 400, 'unknown_field');
  r = await call('xiongguan.town', 'POST', '/agreements', { ...base, items: [{ description: '登记率', weight: 100 }] });
  assertError(r, 403, 'forbidden', 'a town only reads');
  assert.equal(count('SELECT count(*) FROM agreement'), before);
  assert.equal(count('SELECT count(*) FROM agreement_item'), 3);
});

test('departments and units are parties; measured items are for divisions only', async () => {
  const dept = await city('POST', '/organizations', { kind: 'department', department: 'police', name: '嘉峪关市公安局', division: DIV.city });
  assert.equal(dept.status, 201, dept.text);
  const unit = await city('POST', '/organizations', { kind: 'service_institution', name: '钢城街道流动人口服务站', division: DIV.dazhong });
  assert.equal(unit.status, 201, unit.text);
  const items = [{ description: '配合开展流动人口联合登记', weight: 100 }];
  let r = await city('POST', '/agreements', { year: YEAR, party_kind: 'unit', party_organization_id: dept.body.id, title: '目标管理责任书', items });
  assertError(r, 400, 'invalid_input', 'a department is no unit');
  r = await city('POST', '/agreements', { year: YEAR, party_kind: 'department', party_organization_id: unit.body.id, title: '目标管理责任书', items });
  assertError(r, 400, 'invalid_input', 'a unit is no department');
  r = await city('POST', '/agreements', {
    year: YEAR, party_kind: 'department', party_organization_id: dept.body.id, title: '目标管理责任书',
    items: [{ description: '持证率', weight: 100, measure: 'certificate_holding_rate' }],
  });
  assertError(r, 422, 'not_allowed', 'measured item for a department');
  assert.equal(r.body.error.reason, 'measure_needs_division');
  r = await city('POST', '/agreements', { year: YEAR, party_kind: 'department', party_organization_id: dept.body.id, title: '部门职责目标责任书', items });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.party.kind, 'department');
  assert.equal(r.body.party.organization_id, dept.body.id);
  assert.equal(r.body.party.name, '嘉峪关市公安局');
  ids.department = r.body.id;
  r = await city('POST', '/agreements', { year: YEAR, party_kind: 'unit', party_organization_id: unit.body.id, title: '单位目标责任书', items });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.party.place.code, DIV.dazhong);
  ids.unit = r.body.id;
});

test('scoring computes the holding rate and the complaints answered on time, and keeps an override with its reason', async () => {
  // 钢城街道: three floating inflow persons, two holding a certificate in force today
  // (one from the hukou place; a temporary one), one whose temporary certificate ran out.
  const holder = await createPerson(server, s['city.officer'], personBody(DIV.dazhong));
  const temporary = await createPerson(server, s['city.officer'], personBody(DIV.xinhua));
  const lapsed = await createPerson(server, s['city.officer'], personBody(DIV.limin));
  const outside = await createPerson(server, s['city.officer'], personBody(DIV.fumin)); // 雄关街道
  await external(holder.id, 'ZY410102-2026-0188');
  await issue(temporary.id, { kind: 'temporary' });
  await issue(lapsed.id, { kind: 'temporary', issued_on: todayInChina(-100) });
  await external(outside.id, 'ZY410102-2026-0189');
  // Complaints of 钢城街道: answered on time, answered after the due date, not answered.
  await complaint(true);
  const late = await complaint(true);
  sqlite(server.db, `UPDATE complaint SET due_on = '${todayInChina(-1)}' WHERE id = ${late}`);
  await complaint(false);

  let r = await city('POST', `/agreements/${ids.gangcheng}/assessment`, {
    items: [{ ordinal: 1 }, { ordinal: 2, score: 50 }, { ordinal: 3, score: 90 }],
  });
  assertError(r, 400, 'missing_field', 'override without a reason');
  assert.equal(r.body.error.field, 'items.override_reason');
  r = await city('POST', `/agreements/${ids.gangcheng}/assessment`, { items: [{ ordinal: 1 }, { ordinal: 2 }] });
  assertError(r, 400, 'missing_field', 'an item left out');
  r = await city('POST', `/agreements/${ids.gangcheng}/assessment`, { items: [{ ordinal: 1 }, { ordinal: 2 }, { ordinal: 3, score: 100.5 }] });
  assertError(r, 400, 'invalid_input', 'over 100');
  r = await city('POST', `/agreements/${ids.gangcheng}/assessment`, { items: [{ ordinal: 1 }, { ordinal: 2 }, { ordinal: 3, score: 88.125 }] });
  assertError(r, 400, 'invalid_input', 'three decimals');
  r = await city('POST', `/agreements/${ids.gangcheng}/assessment`, { items: [{ ordinal: 1 }, { ordinal: 2 }, { ordinal: 3, score: 90 }, { ordinal: 3, score: 80 }] });
  assertError(r, 400, 'invalid_input', 'an item twice');
  r = await city('POST', `/agreements/${ids.gangcheng}/assessment`, { items: [{ ordinal: 1 }, { ordinal: 2 }, { ordinal: 3, score: 90 }], assessed_on: todayInChina(1) });
  assertError(r, 400, 'invalid_date', 'assessed in the future');
  r = await call('gangcheng.town', 'POST', `/agreements/${ids.gangcheng}/assessment`, { items: [{ ordinal: 3, score: 90 }] });
  assertError(r, 403, 'forbidden', 'the party does not score itself');
  assert.equal(count(`SELECT state FROM agreement WHERE id = ${ids.gangcheng}`), 1);

  r = await city('POST', `/agreements/${ids.gangcheng}/assessment`, {
    items: [{ ordinal: 1 }, { ordinal: 2, score: 50, override_reason: '两件逾期投诉经核实已当面答复' }, { ordinal: 3, score: 90 }],
  });
  assert.equal(r.status, 200, r.text);
  const a = r.body;
  assert.equal(a.state, 'assessed');
  assert.equal(a.assessed_on, todayInChina());
  assert.deepEqual(a.items[0].measured, { numerator: 2, denominator: 3, score: 66.67 });
  assert.equal(a.items[0].score, 66.67);
  assert.equal(a.items[0].override_reason, null);
  assert.deepEqual(a.items[1].measured, { numerator: 1, denominator: 3, score: 33.33 });
  assert.equal(a.items[1].score, 50);
  assert.equal(a.items[1].override_reason, '两件逾期投诉经核实已当面答复');
  assert.equal(a.items[2].measured, null);
  // 40 × 66.67 + 20 × 50 + 40 × 90 = 7266.8 → 72.67
  assert.equal(a.total, 72.67);
  assert.equal(a.result, 'pass');
  assert.equal(a.veto, false);
  assert.equal(a.assessed_by, 'city.officer');
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'agreement.assess' AND object = 'agreement:${ids.gangcheng}' AND outcome = 'ok'`), 1);
  assert.equal(sqlite(server.db, `SELECT measured_numerator || '/' || measured_denominator || ' ' || score FROM agreement_item WHERE agreement_id = ${ids.gangcheng} AND ordinal = 2`), '1/3 5000');
});

test('a one-vote veto fails the agreement whatever its score; it needs a reason', async () => {
  let r = await city('POST', '/agreements', {
    year: YEAR, party_kind: 'division', party_division: DIV.xiongguan, title: '目标管理责任书', items: [{ description: '综合评价', weight: 100 }],
  });
  assert.equal(r.status, 201, r.text);
  ids.xiongguan = r.body.id;
  r = await city('POST', `/agreements/${ids.xiongguan}/assessment`, { items: [{ ordinal: 1, score: 95 }], veto: true });
  assertError(r, 400, 'missing_field', 'veto without a reason');
  r = await city('POST', `/agreements/${ids.xiongguan}/assessment`, { items: [{ ordinal: 1, score: 95 }], veto_reason: '发生违法生育' });
  assertError(r, 400, 'invalid_input', 'a reason without a veto');
  r = await city('POST', `/agreements/${ids.xiongguan}/assessment`, { items: [{ ordinal: 1, score: 95 }], veto: true, veto_reason: '辖区发生重大违法生育事件，未及时报告' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.total, 95);
  assert.equal(r.body.veto, true);
  assert.equal(r.body.veto_reason, '辖区发生重大违法生育事件，未及时报告');
  assert.equal(r.body.result, 'fail');
  // A measured item without anything to measure must be scored by hand.
  r = await city('POST', '/agreements', {
    year: YEAR, party_kind: 'division', party_division: XINCHENG, title: '目标管理责任书',
    items: [{ description: '投诉按期答复率', weight: 100, measure: 'complaints_answered_on_time' }],
  });
  assert.equal(r.status, 201, r.text);
  ids.xincheng = r.body.id;
  r = await city('POST', `/agreements/${ids.xincheng}/assessment`, { items: [{ ordinal: 1 }] });
  assertError(r, 400, 'missing_field', 'nothing to measure');
  r = await city('POST', `/agreements/${ids.xincheng}/assessment`, { items: [{ ordinal: 1, score: 72.67, override_reason: '全年未收到投诉，按工作台账评定' }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.items[0].measured, null);
  assert.equal(r.body.total, 72.67);
});

test('the ranking shares a rank on equal totals and puts the vetoed last', async () => {
  const r = await city('GET', `/assessments/ranking?year=${YEAR}&party_kind=division`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.ranked, 3);
  assert.deepEqual(r.body.items.map((x) => [x.id, x.rank, x.total, x.result]), [
    [ids.xincheng, 1, 72.67, 'pass'], // 新城镇 before 钢城街道 by name
    [ids.gangcheng, 1, 72.67, 'pass'],
    [ids.xiongguan, 3, 95, 'fail'],
  ]);
  // A town sees its own row with its rank among all.
  const t = await call('xiongguan.town', 'GET', `/assessments/ranking?year=${YEAR}&party_kind=division`);
  assert.equal(t.status, 200, t.text);
  assert.deepEqual(t.body.items.map((x) => [x.id, x.rank]), [[ids.xiongguan, 3]]);
  assertError(await city('GET', `/assessments/ranking?year=${YEAR}`), 400, 'missing_field', 'party kind needed');
  assertError(await city('GET', '/assessments/ranking?year=20x6&party_kind=division'), 400, 'invalid_input');
  // Signed but not scored: not ranked.
  const d = await city('GET', `/assessments/ranking?year=${YEAR}&party_kind=department`);
  assert.deepEqual(d.body.items, []);
});

test('changing an assessed agreement: If-Match, new items clear the scores', async () => {
  const got = await city('GET', `/agreements/${ids.xincheng}`);
  const version = Number(got.headers.get('etag').replaceAll('"', ''));
  assertError(await city('PATCH', `/agreements/${ids.xincheng}`, { title: '新城镇目标管理责任书' }), 428, 'precondition_required');
  assertError(await city('PATCH', `/agreements/${ids.xincheng}`, { title: '新城镇目标管理责任书' }, { 'If-Match': `"${version - 1}"` }), 409, 'version_conflict');
  let r = await city('PATCH', `/agreements/${ids.xincheng}`, { title: '新城镇目标管理责任书' }, { 'If-Match': `"${version}"` });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.title, '新城镇目标管理责任书');
  assert.equal(r.body.state, 'assessed');
  assert.equal(r.body.total, 72.67);
  r = await city('PATCH', `/agreements/${ids.xincheng}`, { items: [{ description: '综合评价', weight: 100 }] }, { 'If-Match': `"${r.body.version}"` });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'signed');
  assert.equal(r.body.total, null);
  assert.equal(r.body.items[0].score, null);
  assertError(await city('POST', `/agreements/${ids.xincheng}/finalize`, {}), 409, 'invalid_state', 'not scored');
});

test('a finalized assessment is locked', async () => {
  const r = await city('POST', `/agreements/${ids.gangcheng}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'finalized');
  assert.equal(r.body.finalized_by, 'city.officer');
  assert.ok(r.body.finalized_at);
  const version = r.body.version;
  let x = await city('POST', `/agreements/${ids.gangcheng}/assessment`, { items: [{ ordinal: 1 }, { ordinal: 2 }, { ordinal: 3, score: 100 }] });
  assertError(x, 409, 'invalid_state', 'rescoring');
  assert.equal(x.body.error.reason, 'assessment_finalized');
  x = await city('PATCH', `/agreements/${ids.gangcheng}`, { title: '改名' }, { 'If-Match': `"${version}"` });
  assertError(x, 409, 'invalid_state', 'changing');
  assert.equal(x.body.error.reason, 'assessment_finalized');
  x = await city('POST', `/agreements/${ids.gangcheng}/finalize`, {});
  assertError(x, 409, 'invalid_state', 'finalizing again');
  assert.equal(count(`SELECT version FROM agreement WHERE id = ${ids.gangcheng}`), version);
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'agreement.assess' AND object = 'agreement:${ids.gangcheng}' AND outcome = 'invalid_state'`), 1);
});

test('readers see the parties inside their scope; others get 404 or 403', async () => {
  const all = await call('city.department', 'GET', `/agreements?year=${YEAR}`);
  assert.equal(all.status, 200, all.text);
  assert.equal(all.body.items.length, 5);
  const town = await call('xiongguan.town', 'GET', `/agreements?year=${YEAR}`);
  assert.deepEqual(town.body.items.map((a) => a.id), [ids.xiongguan]);
  const gc = await call('gangcheng.town', 'GET', `/agreements?year=${YEAR}&party_kind=unit`);
  assert.deepEqual(gc.body.items.map((a) => a.id), [ids.unit]);
  assertError(await call('xiongguan.town', 'GET', `/agreements/${ids.gangcheng}`), 404, 'not_found');
  assertError(await call('xiongguan.town', 'GET', `/agreements/${ids.department}`), 404, 'not_found', 'a city-level department');
  const own = await call('xiongguan.town', 'GET', `/agreements/${ids.xiongguan}`);
  assert.equal(own.status, 200, own.text);
  assert.equal(own.body.items.length, 1);
  assertError(await call('fumin.comm', 'GET', `/agreements?year=${YEAR}`), 403, 'forbidden');
  assertError(await city('GET', '/agreements/999999'), 404, 'not_found');
  assertError(await city('GET', '/agreements?party_kind=team'), 400, 'invalid_code');
});

test('awards: given to a party for a year with a citation, read within scope', async () => {
  let r = await city('POST', '/awards', { year: YEAR, kind: 'service', party_kind: 'division', party_division: DIV.gangcheng, citation: '流动人口计划生育管理服务工作成绩突出。' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.kind_label, '流动人口计划生育管理服务奖');
  assert.equal(r.body.awarded_on, todayInChina());
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'award.create' AND object = 'award:${r.body.id}' AND outcome = 'ok'`), 1);
  r = await city('POST', '/awards', { year: YEAR, kind: 'innovation', party_kind: 'department', party_organization_id: Number(sqlite(server.db, "SELECT id FROM organization WHERE name = '嘉峪关市公安局'")), citation: '创新流动人口综合治理工作机制。' });
  assert.equal(r.status, 201, r.text);
  assertError(await city('POST', '/awards', { year: YEAR, kind: 'gold', party_kind: 'division', party_division: DIV.gangcheng, citation: '成绩突出。' }), 400, 'invalid_code');
  assertError(await city('POST', '/awards', { year: YEAR, kind: 'service', party_kind: 'division', party_division: DIV.gangcheng }), 400, 'missing_field');
  assertError(await call('gangcheng.town', 'POST', '/awards', { year: YEAR, kind: 'service', party_kind: 'division', party_division: DIV.gangcheng, citation: '自评。' }), 403, 'forbidden');
  assert.equal(count('SELECT count(*) FROM award'), 2);
  const list = await city('GET', `/awards?year=${YEAR}`);
  assert.equal(list.body.items.length, 2);
  const gc = await call('gangcheng.town', 'GET', `/awards?year=${YEAR}`);
  assert.deepEqual(gc.body.items.map((x) => x.kind), ['service']);
  const xg = await call('xiongguan.town', 'GET', '/awards');
  assert.deepEqual(xg.body.items, []);
});

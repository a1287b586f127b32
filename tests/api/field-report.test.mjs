// field-report.test.mjs — field reports over HTTP (docs/api.md, "现场报告",
// policy §6(3), §2(2)): a warden reports a move-in of someone not yet
// registered; it is routed to the town/street office of the community; the
// town officer verifies it with the person's fields, which registers the
// person (history "created", audit rows) in the verification's transaction,
// or moves an existing record's residence; another town never sees it; a
// failure rolls everything back; closing needs an outcome; a report still
// received after report_handling_days is on the office's work list.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DIV, assertError, sqlite, personBody, createPerson, poll } from './lib/server.mjs';

let server;
const s = {};

before(async () => {
  server = await startServer();
  for (const u of ['city.officer', 'xiongguan.town', 'gangcheng.town', 'fumin.comm', 'fumin.warden',
    'fumin.liaison', 'jyg.employer', 'city.department', 'xiongguan.police'])
    s[u] = await server.session(u);
});

after(async () => {
  if (server) await server.stop();
});

const post = (user, path, body) => server.request('POST', path, { session: s[user], body });
const get = (user, path) => server.request('GET', path, { session: s[user] });
const count = (sql) => Number(sqlite(server.db, sql));

const MOVE_IN = { kind: 'move_in', community: DIV.fumin, description: '福民社区新华南路12号院3号楼501室新入住一名外地务工人员' };

test('a warden reports a move-in; it is routed to the town office, not another town', async () => {
  const r = await post('fumin.warden', '/api/v1/field-reports', MOVE_IN);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.kind, 'move_in');
  assert.equal(r.body.state, 'received');
  assert.equal(r.body.community.code, DIV.fumin);
  assert.equal(r.body.office_division.code, DIV.xiongguan, 'routed to 雄关街道');
  assert.deepEqual(r.body.reporter, { username: 'fumin.warden', role: 'warden' });
  assert.equal(r.body.verified_at, null);

  const own = await get('fumin.warden', '/api/v1/field-reports');
  assert.ok(own.body.items.some((x) => x.id === r.body.id), 'the reporter sees its own');
  assert.equal((await get('fumin.warden', `/api/v1/field-reports/${r.body.id}`)).status, 200);
  assertError(await get('fumin.liaison', `/api/v1/field-reports/${r.body.id}`), 404, 'not_found', 'another reporter');
  assert.deepEqual((await get('fumin.liaison', '/api/v1/field-reports')).body.items, []);

  const town = await get('xiongguan.town', '/api/v1/field-reports?state=received&kind=move_in');
  assert.ok(town.body.items.some((x) => x.id === r.body.id), 'the town office sees it');
  assert.ok((await get('city.officer', '/api/v1/field-reports')).body.items.some((x) => x.id === r.body.id));
  assert.ok(!(await get('gangcheng.town', '/api/v1/field-reports')).body.items.some((x) => x.id === r.body.id), 'another town does not');
  assertError(await get('gangcheng.town', `/api/v1/field-reports/${r.body.id}`), 404, 'not_found', 'another town');
  assertError(await post('gangcheng.town', `/api/v1/field-reports/${r.body.id}/verification`, {}), 404, 'not_found');
  assertError(await get('city.department', '/api/v1/field-reports'), 403, 'forbidden', 'neither reporter nor handler');
  assertError(await post('xiongguan.town', '/api/v1/field-reports', MOVE_IN), 403, 'forbidden', 'handlers do not file');
  assertError(await get('xiongguan.town', '/api/v1/field-reports?state=open'), 400, 'invalid_input');

  // An employer (city scope) reports in another town: routed there.
  const far = await post('jyg.employer', '/api/v1/field-reports', { kind: 'birth', community: DIV.dazhong, description: '本单位职工家属在出租屋内生育' });
  assert.equal(far.status, 201, far.text);
  assert.equal(far.body.office_division.code, DIV.gangcheng);
  assert.ok(!(await get('xiongguan.town', '/api/v1/field-reports')).body.items.some((x) => x.id === far.body.id));
});

test('a report refused for bad input leaves nothing', async () => {
  const before = count('SELECT count(*) FROM field_report');
  assertError(await post('fumin.warden', '/api/v1/field-reports', { ...MOVE_IN, community: DIV.dazhong }), 403, 'out_of_scope', 'outside the warden\'s community');
  assertError(await post('fumin.warden', '/api/v1/field-reports', { ...MOVE_IN, kind: 'fire' }), 400, 'invalid_code', 'kind');
  assertError(await post('fumin.warden', '/api/v1/field-reports', { ...MOVE_IN, kind: '' }), 400, 'missing_field', 'no kind');
  assertError(await post('fumin.warden', '/api/v1/field-reports', { ...MOVE_IN, description: '' }), 400, 'missing_field', 'description');
  assertError(await post('fumin.warden', '/api/v1/field-reports', { ...MOVE_IN, community: DIV.xiongguan }), 403, 'out_of_scope', 'a town');
  assertError(await post('jyg.employer', '/api/v1/field-reports', { ...MOVE_IN, community: DIV.xiongguan }), 400, 'invalid_division', 'a town');
  assertError(await post('fumin.warden', '/api/v1/field-reports', { ...MOVE_IN, person_id: 999999 }), 404, 'not_found', 'person');
  assertError(await post('fumin.warden', '/api/v1/field-reports', { ...MOVE_IN, floor: 5 }), 400, 'unknown_field');
  assert.equal(count('SELECT count(*) FROM field_report'), before);
  assert.ok(await poll(() => count("SELECT count(*) FROM audit WHERE action = 'field_report.create' AND outcome <> 'ok'") >= 6), 'refusals audited');
});

test('verifying a move-in registers the person in the same transaction, with history and audit rows', async () => {
  const r = await post('fumin.warden', '/api/v1/field-reports', MOVE_IN);
  assert.equal(r.status, 201, r.text);
  const person = personBody(DIV.fumin);
  const persons = count('SELECT count(*) FROM person');

  // A person living outside the officer's town: the person was written, then refused — nothing stays.
  const away = await post('xiongguan.town', `/api/v1/field-reports/${r.body.id}/verification`, { person: { ...person, residence_division: DIV.dazhong } });
  assertError(away, 403, 'out_of_scope', 'residence outside the town');
  assertError(await post('xiongguan.town', `/api/v1/field-reports/${r.body.id}/verification`, { person: { ...person, id_number: '123' } }), 400, 'invalid_id_number');
  assertError(await post('xiongguan.town', `/api/v1/field-reports/${r.body.id}/verification`, { person: { ...person, height: '170' } }), 400, 'unknown_field');
  assert.equal(count('SELECT count(*) FROM person'), persons, 'no person kept');
  assert.equal(sqlite(server.db, `SELECT state FROM field_report WHERE id = ${r.body.id}`).trim(), '1', 'still received');

  const { residence_division: _, ...withoutResidence } = person;
  const v = await post('xiongguan.town', `/api/v1/field-reports/${r.body.id}/verification`, { person: withoutResidence });
  assert.equal(v.status, 200, v.text);
  assert.equal(v.body.state, 'verified');
  assert.match(v.body.changed_records, /^person:\d+$/);
  assert.ok(v.body.verified_at);
  const id = Number(v.body.changed_records.slice(7));
  const p = await get('xiongguan.town', `/api/v1/persons/${id}`);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.id_number, person.id_number);
  assert.equal(p.body.residence_division.code, DIV.fumin, 'residence defaults to the report\'s community');
  const history = await get('xiongguan.town', `/api/v1/persons/${id}/history`);
  assert.deepEqual(history.body.items.map((h) => [h.action, h.actor]), [['created', 'xiongguan.town']]);
  assert.equal(count(`SELECT count(*) FROM person_history WHERE person_id = ${id} AND field = '*'`), 1, 'a "created" history row');
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'person.create' AND object = 'person:${id}' AND detail = 'field_report:${r.body.id}'`), 1);
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'field_report.verify' AND object = 'field_report:${r.body.id}' AND outcome = 'ok'`), 1);
  // The two audit rows are neighbours in the chain: written by one transaction.
  const ids = sqlite(server.db, `SELECT id FROM audit WHERE object IN ('person:${id}', 'field_report:${r.body.id}') AND outcome = 'ok' AND action IN ('person.create', 'field_report.verify') ORDER BY id`).trim().split('\n').map(Number);
  assert.equal(ids.length, 2);
  assert.equal(ids[1], ids[0] + 1);

  assertError(await post('xiongguan.town', `/api/v1/field-reports/${r.body.id}/verification`, {}), 409, 'invalid_state', 'twice');
});

test('verifying a move-in of a registered person moves the record\'s residence', async () => {
  const existing = await createPerson(server, s['city.officer'], personBody(DIV.shengli));
  const r = await post('fumin.warden', '/api/v1/field-reports', { ...MOVE_IN, person_id: existing.id });
  assert.equal(r.status, 201, r.text);
  const v = await post('xiongguan.town', `/api/v1/field-reports/${r.body.id}/verification`, {
    person: { id_number: existing.id_number, residence_address: '福民社区新华南路12号院3号楼501室' },
  });
  assert.equal(v.status, 200, v.text);
  assert.equal(v.body.changed_records, `person:${existing.id}`);
  const p = await get('xiongguan.town', `/api/v1/persons/${existing.id}`);
  assert.equal(p.body.residence_division.code, DIV.fumin);
  assert.equal(p.body.residence_address, '福民社区新华南路12号院3号楼501室');
  assert.equal(p.body.version, 2);
  assert.equal(count(`SELECT count(*) FROM person_history WHERE person_id = ${existing.id} AND field = 'residence_division'`), 1);
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'person.update' AND object = 'person:${existing.id}'`), 1);

  // Only a move-in carries a person.
  const out = await post('fumin.warden', '/api/v1/field-reports', { ...MOVE_IN, kind: 'move_out' });
  assertError(await post('xiongguan.town', `/api/v1/field-reports/${out.body.id}/verification`, { person: { id_number: existing.id_number } }), 400, 'invalid_input', 'move_out with person');
  const plain = await post('xiongguan.town', `/api/v1/field-reports/${out.body.id}/verification`, {});
  assert.equal(plain.status, 200, plain.text);
  assert.equal(plain.body.changed_records, null);
});

test('closing needs an outcome and happens once', async () => {
  const r = await post('fumin.liaison', '/api/v1/field-reports', { kind: 'unclear', community: DIV.fumin, description: '3号楼一户情况不明，常有多人出入' });
  assert.equal(r.status, 201, r.text);
  assertError(await post('fumin.warden', `/api/v1/field-reports/${r.body.id}/closing`, { outcome: '已核实' }), 403, 'forbidden', 'reporters do not close');
  assertError(await post('xiongguan.town', `/api/v1/field-reports/${r.body.id}/closing`, {}), 400, 'missing_field');
  const c = await post('xiongguan.town', `/api/v1/field-reports/${r.body.id}/closing`, { outcome: '经上门核实，系亲属临时探访，无需登记' });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.state, 'closed');
  assert.equal(c.body.outcome, '经上门核实，系亲属临时探访，无需登记');
  assert.ok(c.body.closed_at);
  assertError(await post('xiongguan.town', `/api/v1/field-reports/${r.body.id}/closing`, { outcome: '再次办结' }), 409, 'invalid_state');
  assertError(await post('xiongguan.town', `/api/v1/field-reports/${r.body.id}/verification`, {}), 409, 'invalid_state');
  const mine = await get('fumin.liaison', `/api/v1/field-reports/${r.body.id}`);
  assert.equal(mine.body.state, 'closed', 'the reporter sees the outcome');
});

test('a report still received after report_handling_days is on the office\'s work list', async () => {
  const now = Math.floor(Date.now() / 1000);
  const insert = (days, state = 1) => Number(sqlite(server.db,
    'INSERT INTO field_report (kind, reporter_user_id, reporter_username, reporter_role, community, office_division, ' +
    `description, state, outcome, changed_records, received_at, version) VALUES (3, 1, 'fumin.warden', 'warden', '${DIV.fumin}', ` +
    `'${DIV.xiongguan}', '4号楼整套出租', ${state}, '', '', ${now - days * 86400}, 1); SELECT last_insert_rowid();`));
  const old = insert(5);
  insert(1);          // not yet overdue
  insert(9, 3);       // closed: no work
  const town = await get('xiongguan.town', '/api/v1/worklist?kind=report_unhandled');
  assert.equal(town.status, 200, town.text);
  const subjects = town.body.items.map((i) => i.subject);
  assert.ok(subjects.includes(`field_report:${old}`), JSON.stringify(town.body.items));
  const item = town.body.items.find((i) => i.subject === `field_report:${old}`);
  assert.equal(item.kind_label, '现场报告待处理');
  assert.equal(item.action, '核实并处理现场报告');
  assert.equal(item.person, null);
  assert.equal(item.overdue_days, 2);
  // Every still-received report of this file is older than a day only, except `old`.
  assert.equal(town.body.counts.report_unhandled, 1);
  assert.equal((await get('gangcheng.town', '/api/v1/worklist')).body.counts.report_unhandled, 0, 'another town');
  assert.equal((await get('fumin.comm', '/api/v1/worklist')).body.counts.report_unhandled, 0, 'a community handles none');
  assert.equal((await get('city.officer', '/api/v1/worklist')).body.counts.report_unhandled, 1);

  // A longer handling period takes it off; an out-of-range one is refused.
  assert.equal(server.cli(['setting', 'set', 'report_handling_days', '7']).code, 0);
  assert.equal((await get('xiongguan.town', '/api/v1/worklist')).body.counts.report_unhandled, 0);
  assert.notEqual(server.cli(['setting', 'set', 'report_handling_days', '61']).code, 0);
  assert.equal(server.cli(['setting', 'set', 'report_handling_days', '3']).code, 0);
});

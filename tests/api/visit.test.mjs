// visit.test.mjs — joint registration visits over HTTP (docs/api.md, "联合登记
// 走访", policy §3: the police station and the community register households
// together, each collecting its own information).  One visit, two parts,
// each written only by its own side with its own version; the persons of the
// household linked with their masked ID numbers; scope (404 for another
// town, 403 out_of_scope when opening outside one's own, persons outside the
// scope refused); and that a refused request writes nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DIV, assertError, sqlite, personBody, createPerson, poll } from './lib/server.mjs';

let server;
let s;
const people = {};

before(async () => {
  server = await startServer();
  s = {};
  for (const u of ['city.officer', 'xiongguan.town', 'gangcheng.town', 'fumin.comm', 'dazhong.comm', 'xiongguan.police', 'city.department'])
    s[u] = await server.session(u);
  people.head = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { name: '王建国' }));
  people.spouse = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { name: '李秀英' }));
  people.tenant = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { name: '赵小明' }));
  people.shengli = await createPerson(server, s['xiongguan.town'], personBody(DIV.shengli, { name: '孙立' }));
  people.dazhong = await createPerson(server, s['city.officer'], personBody(DIV.dazhong, { name: '周强' }));
});

after(async () => {
  if (server) await server.stop();
});

const post = (user, path, body) => server.request('POST', path, { session: s[user], body });
const get = (user, path) => server.request('GET', path, { session: s[user] });
const patch = (user, id, part, version, body) => server.request('PATCH', `/api/v1/visits/${id}/${part}`, {
  session: s[user], body, headers: { 'If-Match': `"${version}"` },
});
const count = (sql) => Number(sqlite(server.db, sql));

const visitBody = (over = {}) => ({
  community: DIV.fumin, address: '新华中路 18 号 3 单元 201', visited_on: '2026-03-02',
  persons: [{ person_id: people.head.id, relation: 'head' }, { person_id: people.spouse.id, relation: 'spouse' }],
  ...over,
});

test('police open a visit with two persons; the community officer fills the family part', async () => {
  const opened = await post('xiongguan.police', '/api/v1/visits', visitBody({ household_type: 'rental', residence_permit: '已办理居住证' }));
  assert.equal(opened.status, 201, opened.text);
  const v = opened.body;
  assert.equal(v.community.code, DIV.fumin);
  assert.equal(v.visited_on, '2026-03-02');
  assert.deepEqual(v.police, {
    officer: 'xiongguan.police', household_type: 'rental', household_type_label: '出租房',
    residence_permit: '已办理居住证', police_note: null, version: 1,
  });
  assert.equal(v.family.officer, null, 'the family side is named when it first saves');
  assert.equal(v.family.version, 1);
  assert.deepEqual(v.persons.map((p) => [p.person_id, p.name, p.relation, p.relation_label]), [
    [people.head.id, '王建国', 'head', '户主'], [people.spouse.id, '李秀英', 'spouse', '配偶'],
  ]);
  for (const p of v.persons) {
    assert.match(p.id_number_masked, /^\d{6}\*{8}\d{3}[\dX]$/);
    assert.equal(p.id_number, undefined, 'no full ID number');
  }

  const family = await patch('fumin.comm', v.id, 'family', 1, { women_of_childbearing_age: 1, certificate_note: '持有婚育证明', contraception_note: '已落实' });
  assert.equal(family.status, 200, family.text);
  assert.equal(family.headers.get('etag'), '"2"');
  assert.equal(family.body.family.officer, 'fumin.comm');
  assert.equal(family.body.family.women_of_childbearing_age, 1);
  assert.equal(family.body.family.version, 2);
  assert.equal(family.body.police.version, 1, 'the police part is untouched');
  assert.equal(family.body.police.residence_permit, '已办理居住证');

  // The police change their part on their own version, which the family change did not move.
  const police = await patch('xiongguan.police', v.id, 'police', 1, { police_note: '房东已签治安责任书', residence_permit: null });
  assert.equal(police.status, 200, police.text);
  assert.equal(police.body.police.version, 2);
  assert.equal(police.body.police.residence_permit, null);
  assert.equal(police.body.family.women_of_childbearing_age, 1);

  // Either side adds a person of the household; both see the whole visit.
  const added = await post('fumin.comm', `/api/v1/visits/${v.id}/persons`, { person_id: people.tenant.id, relation: 'tenant' });
  assert.equal(added.status, 201, added.text);
  assert.equal(added.body.persons.length, 3);
  assertError(await post('xiongguan.police', `/api/v1/visits/${v.id}/persons`, { person_id: people.tenant.id, relation: 'other' }), 409, 'invalid_state', 'linked twice');
  for (const user of ['xiongguan.police', 'fumin.comm', 'xiongguan.town', 'city.officer']) {
    const r = await get(user, `/api/v1/visits/${v.id}`);
    assert.equal(r.status, 200, `${user}: ${r.text}`);
    assert.equal(r.body.persons.length, 3);
    assert.equal(r.body.police.police_note, '房东已签治安责任书');
  }

  // History: the creation, each part's changes with their side, the person added.
  const history = sqlite(server.db, `SELECT group_concat(part || ':' || version || ':' || field || ':' || actor, '|') FROM (SELECT * FROM joint_visit_history WHERE visit_id = ${v.id} ORDER BY id)`);
  assert.equal(history, [
    'visit:1:*:xiongguan.police',
    'family:2:women_of_childbearing_age:fumin.comm', 'family:2:contraception_note:fumin.comm', 'family:2:certificate_note:fumin.comm',
    'police:2:residence_permit:xiongguan.police', 'police:2:police_note:xiongguan.police',
    'visit:0:person:fumin.comm',
  ].join('|'));
  const audited = await poll(() => count(`SELECT count(*) FROM audit WHERE object = 'visit:${v.id}' AND outcome = 'ok' AND action IN ('visit.create', 'visit.family', 'visit.police', 'visit.person_add')`) === 4);
  assert.ok(audited, 'each write is audited');

  // The listing, narrowed to the caller's scope and filtered by date.
  const list = await get('fumin.comm', `/api/v1/visits?from=2026-03-01&to=2026-03-31`);
  assert.equal(list.status, 200, list.text);
  assert.ok(list.body.items.some((x) => x.id === v.id));
  assert.equal(list.body.items[0].persons, undefined, 'listings leave out the persons');
  const none = await get('fumin.comm', '/api/v1/visits?to=2026-02-28');
  assert.deepEqual(none.body.items, []);
});

test('each part is written only by its own side', async () => {
  const opened = await post('fumin.comm', '/api/v1/visits', visitBody({ women_of_childbearing_age: 2 }));
  assert.equal(opened.status, 201, opened.text);
  const id = opened.body.id;
  assert.equal(opened.body.family.officer, 'fumin.comm');
  assert.equal(opened.body.police.officer, null);
  // The route's permission: police cannot write the family part, nor a community officer the police part.
  assertError(await patch('xiongguan.police', id, 'family', 1, { fp_note: '改' }), 403, 'forbidden', 'police on family');
  assertError(await patch('fumin.comm', id, 'police', 1, { police_note: '改' }), 403, 'forbidden', 'community on police');
  assertError(await patch('xiongguan.town', id, 'police', 1, { police_note: '改' }), 403, 'forbidden', 'town on police');
  // The other side's fields in a part's body are unknown there.
  const mixed = await patch('xiongguan.police', id, 'police', 1, { police_note: '记录', women_of_childbearing_age: 0 });
  assertError(mixed, 400, 'unknown_field', 'family field in the police part');
  assert.equal(mixed.body.error.field, 'women_of_childbearing_age');
  assertError(await post('xiongguan.police', '/api/v1/visits', visitBody({ fp_note: '越权' })), 400, 'unknown_field', 'police opening with a family field');
  assertError(await post('fumin.comm', '/api/v1/visits', visitBody({ household_type: 'family' })), 400, 'unknown_field', 'community opening with a police field');
  // The police side is named when it first saves.
  const first = await patch('xiongguan.police', id, 'police', 1, { household_type: 'family' });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.body.police.officer, 'xiongguan.police');
  assert.equal(first.body.family.officer, 'fumin.comm');
  assertError(await post('city.department', '/api/v1/visits', visitBody()), 403, 'forbidden', 'department');
});

test('stale versions are 409, a missing If-Match 428; a change of nothing keeps the version', async () => {
  const opened = await post('xiongguan.police', '/api/v1/visits', visitBody());
  assert.equal(opened.status, 201, opened.text);
  const id = opened.body.id;
  assert.equal((await patch('fumin.comm', id, 'family', 1, { fp_note: '第一次' })).status, 200);
  assertError(await patch('xiongguan.town', id, 'family', 1, { fp_note: '过期版本' }), 409, 'version_conflict', 'stale family version');
  assert.equal((await patch('xiongguan.police', id, 'police', 1, { police_note: '第一次' })).status, 200);
  assertError(await patch('xiongguan.police', id, 'police', 1, { police_note: '过期版本' }), 409, 'version_conflict', 'stale police version');
  assertError(await server.request('PATCH', `/api/v1/visits/${id}/police`, { session: s['xiongguan.police'], body: { police_note: 'x' } }), 428, 'precondition_required', 'no If-Match');
  const same = await patch('fumin.comm', id, 'family', 2, { fp_note: '第一次' });
  assert.equal(same.status, 200, same.text);
  assert.equal(same.body.family.version, 2, 'nothing changed');
  assert.equal(sqlite(server.db, `SELECT police_note || '/' || fp_note || '/' || police_version || '/' || fp_version FROM joint_visit WHERE id = ${id}`), '第一次/第一次/2/2');
});

test('another town\'s officers get 404; opening outside one\'s scope is 403; persons outside the scope are refused', async () => {
  const opened = await post('xiongguan.police', '/api/v1/visits', visitBody());
  assert.equal(opened.status, 201, opened.text);
  const id = opened.body.id;
  assertError(await get('gangcheng.town', `/api/v1/visits/${id}`), 404, 'not_found', 'other town get');
  assertError(await get('dazhong.comm', `/api/v1/visits/${id}`), 404, 'not_found', 'other community get');
  assertError(await patch('dazhong.comm', id, 'family', 1, { fp_note: '越界' }), 404, 'not_found', 'other community patch');
  assertError(await patch('gangcheng.town', id, 'family', 1, { fp_note: '越界' }), 404, 'not_found', 'other town patch');
  assertError(await post('dazhong.comm', `/api/v1/visits/${id}/persons`, { person_id: people.dazhong.id, relation: 'other' }), 404, 'not_found', 'other community adds');
  assertError(await get('xiongguan.police', '/api/v1/visits/999999'), 404, 'not_found', 'no such visit');
  const audited = await poll(() => count(`SELECT count(*) FROM audit WHERE object = 'visit:${id}' AND outcome = 'out_of_scope'`) >= 5);
  assert.ok(audited, 'each out-of-scope attempt is audited');
  const theirs = await get('gangcheng.town', `/api/v1/visits?community=${DIV.fumin}`);
  assert.equal(theirs.status, 200, theirs.text);
  assert.deepEqual(theirs.body.items, []);

  assertError(await post('xiongguan.police', '/api/v1/visits', visitBody({ community: DIV.dazhong, persons: [{ person_id: people.dazhong.id, relation: 'head' }] })), 403, 'out_of_scope', 'police in another town');
  assertError(await post('fumin.comm', '/api/v1/visits', visitBody({ community: DIV.shengli, persons: [{ person_id: people.shengli.id, relation: 'head' }] })), 403, 'out_of_scope', 'community officer in another community');
  // A person outside the caller's scope is as if it did not exist; one in scope but living elsewhere is not allowed.
  const outside = await post('xiongguan.police', '/api/v1/visits', visitBody({ persons: [{ person_id: people.dazhong.id, relation: 'head' }] }));
  assertError(outside, 404, 'not_found', 'person of another town');
  assert.equal(outside.body.error.field, 'person_id');
  assertError(await post('xiongguan.police', '/api/v1/visits', visitBody({ persons: [{ person_id: 999999, relation: 'head' }] })), 404, 'not_found', 'no such person');
  assertError(await post('xiongguan.police', '/api/v1/visits', visitBody({ persons: [{ person_id: people.shengli.id, relation: 'head' }] })), 422, 'not_allowed', 'person of another community');
  assertError(await post('xiongguan.police', `/api/v1/visits/${id}/persons`, { person_id: people.dazhong.id, relation: 'tenant' }), 404, 'not_found', 'adding a person of another town');
});

test('a refused request writes nothing', async () => {
  const opened = await post('xiongguan.police', '/api/v1/visits', visitBody());
  assert.equal(opened.status, 201, opened.text);
  const id = opened.body.id;
  const rows = () => sqlite(server.db, `SELECT
    (SELECT count(*) || '/' || sum(police_version) || '/' || sum(fp_version) FROM joint_visit),
    (SELECT count(*) FROM joint_visit_person),
    (SELECT count(*) FROM joint_visit_history)`);
  const before = rows();
  const refused = [
    ['xiongguan.police', 'POST', '/api/v1/visits', visitBody({ persons: [] }), 400],
    ['xiongguan.police', 'POST', '/api/v1/visits', visitBody({ persons: [{ person_id: people.head.id, relation: 'head' }, { person_id: people.head.id, relation: 'child' }] }), 400],
    ['xiongguan.police', 'POST', '/api/v1/visits', visitBody({ persons: [{ person_id: people.head.id, relation: 'cousin' }] }), 400],
    ['xiongguan.police', 'POST', '/api/v1/visits', visitBody({ household_type: 'palace' }), 400],
    ['xiongguan.police', 'POST', '/api/v1/visits', visitBody({ visited_on: '2999-01-01' }), 400],
    ['xiongguan.police', 'POST', '/api/v1/visits', visitBody({ community: DIV.xiongguan }), 400],
    ['xiongguan.police', 'POST', '/api/v1/visits', visitBody({ persons: [{ person_id: people.head.id, relation: 'head' }, { person_id: people.dazhong.id, relation: 'tenant' }] }), 404],
    ['xiongguan.police', 'POST', '/api/v1/visits', visitBody({ community: DIV.dazhong }), 403],
    ['fumin.comm', 'POST', '/api/v1/visits', visitBody({ women_of_childbearing_age: 100 }), 400],
    ['fumin.comm', 'POST', '/api/v1/visits', visitBody({ women_of_childbearing_age: '2' }), 400],
    ['xiongguan.police', 'PATCH', 'police', { household_type: 'palace' }, 400],
    ['xiongguan.police', 'PATCH', 'police', { fp_note: 'x' }, 400],
    ['xiongguan.police', 'PATCH', 'family', { fp_note: 'x' }, 403],
    ['fumin.comm', 'PATCH', 'police', { police_note: 'x' }, 403],
    ['dazhong.comm', 'PATCH', 'family', { fp_note: 'x' }, 404],
    ['xiongguan.police', 'PERSON', null, { person_id: people.shengli.id, relation: 'other' }, 422],
    ['fumin.comm', 'PERSON', null, { person_id: people.shengli.id, relation: 'other' }, 404],
    ['fumin.comm', 'PERSON', null, { person_id: people.head.id, relation: 'head' }, 409],
  ];
  for (const [user, method, where, body, status] of refused) {
    let r;
    if (method === 'POST') r = await post(user, where, body);
    else if (method === 'PATCH') r = await patch(user, id, where, 1, body);
    else r = await post(user, `/api/v1/visits/${id}/persons`, body);
    assert.equal(r.status, status, `${user} ${method} ${JSON.stringify(body)}: ${r.text}`);
  }
  assertError(await patch('fumin.comm', id, 'family', 7, { fp_note: '过期' }), 409, 'version_conflict', 'stale');
  assert.equal(rows(), before, 'no row added or changed');
});

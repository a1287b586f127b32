// housing.test.mjs — let homes and tenancies over HTTP (docs/api.md, "出租房屋",
// policy §2(2) "谁出租谁负责"): a landlord account bound to a person registers
// its home and tenants; another landlord never reaches them (404); a tenant
// without a record prompts registration (422 not_allowed, registration_needed)
// and writes nothing; officers work inside their scope; PATCH needs If-Match;
// a tenancy ends once.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DIV, assertError, sqlite, personBody, createPerson, idNumber, poll } from './lib/server.mjs';

let server;
const s = {};
const landlord = {}; // name → {person, session}

before(async () => {
  server = await startServer();
  for (const u of ['city.officer', 'xiongguan.town', 'gangcheng.town', 'xiongguan.police', 'jyg.landlord', 'fumin.warden'])
    s[u] = await server.session(u);
  // Two individual landlords, each an account bound to its own person record.
  for (const name of ['zhang.landlord', 'li.landlord']) {
    const person = await createPerson(server, s['city.officer'], personBody(DIV.fumin, { flow: 'outflow' }));
    const add = server.cli(['user', 'add', '--username', name, '--role', 'landlord', '--scope', DIV.city,
      '--person', String(person.id)], { input: `${name}-chuzu-mima-2026\n` });
    assert.equal(add.code, 0, add.stderr);
    const login = await server.login(name, `${name}-chuzu-mima-2026`);
    assert.equal(login.status, 201, login.text);
    assert.equal(login.session.user.person_id, person.id);
    landlord[name] = { person, session: login.session };
  }
});

after(async () => {
  if (server) await server.stop();
});

const as = (user) => (landlord[user] ? landlord[user].session : s[user]);
const post = (user, path, body) => server.request('POST', path, { session: as(user), body });
const get = (user, path) => server.request('GET', path, { session: as(user) });
const patch = (user, id, version, body) => server.request('PATCH', `/api/v1/homes/${id}`, {
  session: as(user), body, headers: { 'If-Match': `"${version}"` },
});
const count = (sql) => Number(sqlite(server.db, sql));

const HOME = { community: DIV.fumin, address: '新华南路12号院3号楼2单元501室', rooms: 2 };

test('a landlord bound to a person registers its home and a tenant; another landlord gets 404', async () => {
  const home = await post('zhang.landlord', '/api/v1/homes', HOME);
  assert.equal(home.status, 201, home.text);
  assert.equal(home.body.landlord_person_id, landlord['zhang.landlord'].person.id);
  assert.equal(home.body.landlord_organization_id, null);
  assert.equal(home.body.community.code, DIV.fumin);
  assert.equal(home.body.rooms, 2);
  assert.equal(home.body.version, 1);

  const tenant = await createPerson(server, s['city.officer'], personBody(DIV.fumin));
  const t = await post('zhang.landlord', `/api/v1/homes/${home.body.id}/tenancies`, { id_number: tenant.id_number, starts_on: '2026-03-01' });
  assert.equal(t.status, 201, t.text);
  assert.equal(t.body.person.id, tenant.id);
  assert.equal(t.body.person.name, tenant.name);
  assert.notEqual(t.body.person.id_number_masked, tenant.id_number, 'the ID number is masked');
  assert.equal(t.body.starts_on, '2026-03-01');
  assert.equal(t.body.ends_on, null);
  assert.equal(t.body.current, true);

  const mine = await get('zhang.landlord', '/api/v1/homes');
  assert.deepEqual(mine.body.items.map((h) => h.id), [home.body.id]);
  const list = await get('zhang.landlord', `/api/v1/homes/${home.body.id}/tenancies`);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.body.items.map((x) => x.id), [t.body.id]);

  // Another landlord reaches nothing of it, as if it did not exist.
  assertError(await get('li.landlord', `/api/v1/homes/${home.body.id}`), 404, 'not_found', 'home');
  assertError(await get('li.landlord', `/api/v1/homes/${home.body.id}/tenancies`), 404, 'not_found', 'tenants');
  assertError(await post('li.landlord', `/api/v1/homes/${home.body.id}/tenancies`, { id_number: tenant.id_number }), 404, 'not_found', 'add tenant');
  assertError(await post('li.landlord', `/api/v1/tenancies/${t.body.id}/end`, {}), 404, 'not_found', 'end');
  assertError(await patch('li.landlord', home.body.id, 1, { rooms: 3 }), 404, 'not_found', 'patch');
  const theirs = await get('li.landlord', '/api/v1/homes');
  assert.deepEqual(theirs.body.items, []);
  assert.ok(await poll(() => count(`SELECT count(*) FROM audit WHERE username = 'li.landlord' AND object = 'home:${home.body.id}' AND outcome = 'out_of_scope'`) >= 3), 'refusals audited');

  // An unbound landlord account lets nothing; a landlord registers no one else's home.
  assertError(await post('jyg.landlord', '/api/v1/homes', HOME), 422, 'not_allowed', 'unbound');
  assert.deepEqual((await get('jyg.landlord', '/api/v1/homes')).body.items, []);
  assertError(await post('li.landlord', '/api/v1/homes', { ...HOME, landlord_person_id: landlord['zhang.landlord'].person.id }), 422, 'not_allowed', 'other landlord');
});

test('a tenant without a record prompts registration and nothing is written', async () => {
  const home = await post('zhang.landlord', '/api/v1/homes', { ...HOME, address: '兰新路8号2单元301室' });
  assert.equal(home.status, 201, home.text);
  const before = count('SELECT count(*) FROM tenancy');
  const stranger = idNumber('410102', '19900315', 123);
  const r = await post('zhang.landlord', `/api/v1/homes/${home.body.id}/tenancies`, { id_number: stranger });
  assertError(r, 422, 'not_allowed', 'unregistered');
  assert.equal(r.body.error.registration_needed, true);
  assert.equal(r.body.error.field, 'id_number');
  assert.equal(count('SELECT count(*) FROM tenancy'), before, 'no tenancy written');
  assert.ok(await poll(() => count("SELECT count(*) FROM audit WHERE action = 'tenancy.create' AND outcome = 'not_allowed'") >= 1));

  // Bad input: an invalid ID number, neither or both ways of naming the tenant, a person_id from a landlord.
  assertError(await post('zhang.landlord', `/api/v1/homes/${home.body.id}/tenancies`, { id_number: `${stranger.slice(0, 17)}${stranger[17] === '0' ? '1' : '0'}` }), 400, 'invalid_id_number');
  assertError(await post('zhang.landlord', `/api/v1/homes/${home.body.id}/tenancies`, {}), 400, 'missing_field');
  assertError(await post('zhang.landlord', `/api/v1/homes/${home.body.id}/tenancies`, { person_id: 1 }), 400, 'invalid_input');
  assert.equal(count('SELECT count(*) FROM tenancy'), before, 'still none');

  // Registered first, the same tenancy goes through; twice is refused.
  const p = await createPerson(server, s['xiongguan.town'], personBody(DIV.fumin, { id_number: stranger }));
  assertError(await post('zhang.landlord', `/api/v1/homes/${home.body.id}/tenancies`, { id_number: stranger, starts_on: '2099-01-01' }), 400, 'invalid_date');
  const ok = await post('zhang.landlord', `/api/v1/homes/${home.body.id}/tenancies`, { id_number: stranger });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.person.id, p.id);
  assertError(await post('zhang.landlord', `/api/v1/homes/${home.body.id}/tenancies`, { id_number: stranger }), 409, 'invalid_state', 'twice');
});

test('a tenancy ends once, not before it started', async () => {
  const home = await post('zhang.landlord', '/api/v1/homes', { ...HOME, address: '迎宾路3号', rooms: 1 });
  const tenant = await createPerson(server, s['city.officer'], personBody(DIV.fumin));
  const t = await post('zhang.landlord', `/api/v1/homes/${home.body.id}/tenancies`, { id_number: tenant.id_number, starts_on: '2026-05-01' });
  assert.equal(t.status, 201, t.text);
  assertError(await post('zhang.landlord', `/api/v1/tenancies/${t.body.id}/end`, { ends_on: '2026-04-30' }), 400, 'invalid_date', 'before start');
  const end = await post('zhang.landlord', `/api/v1/tenancies/${t.body.id}/end`, { ends_on: '2026-08-31' });
  assert.equal(end.status, 200, end.text);
  assert.equal(end.body.ends_on, '2026-08-31');
  assert.equal(end.body.current, false);
  assert.equal(end.body.version, 2);
  assertError(await post('zhang.landlord', `/api/v1/tenancies/${t.body.id}/end`, {}), 409, 'invalid_state', 'again');
  // After it ended, a new tenancy of the same person may start.
  const again = await post('zhang.landlord', `/api/v1/homes/${home.body.id}/tenancies`, { id_number: tenant.id_number });
  assert.equal(again.status, 201, again.text);
  const list = await get('zhang.landlord', `/api/v1/homes/${home.body.id}/tenancies`);
  assert.deepEqual(list.body.items.map((x) => x.current), [true, false]);
});

test('officers register homes of their scope for a named landlord; PATCH needs the version', async () => {
  const owner = landlord['li.landlord'].person.id;
  const home = await post('xiongguan.town', '/api/v1/homes', { ...HOME, landlord_person_id: owner, note: '临街商住两用' });
  assert.equal(home.status, 201, home.text);
  assert.equal(home.body.note, '临街商住两用');
  // The landlord it names reaches it now.
  assert.equal((await get('li.landlord', `/api/v1/homes/${home.body.id}`)).status, 200);

  assertError(await post('xiongguan.town', '/api/v1/homes', { ...HOME, community: DIV.dazhong, landlord_person_id: owner }), 403, 'out_of_scope');
  assertError(await post('xiongguan.town', '/api/v1/homes', HOME), 400, 'missing_field', 'no landlord');
  assertError(await post('xiongguan.town', '/api/v1/homes', { ...HOME, landlord_person_id: owner, landlord_organization_id: 1 }), 400, 'invalid_input', 'two landlords');
  assertError(await post('xiongguan.town', '/api/v1/homes', { ...HOME, landlord_person_id: 999999 }), 404, 'not_found', 'no such landlord');
  assertError(await post('xiongguan.town', '/api/v1/homes', { ...HOME, community: DIV.xiongguan, landlord_person_id: owner }), 400, 'invalid_division', 'a town');
  assertError(await post('xiongguan.town', '/api/v1/homes', { ...HOME, rooms: 0, landlord_person_id: owner }), 400, 'invalid_input', 'rooms');
  assertError(await post('xiongguan.town', '/api/v1/homes', { ...HOME, landlord_person_id: owner, floor: 3 }), 400, 'unknown_field');

  assertError(await get('gangcheng.town', `/api/v1/homes/${home.body.id}`), 404, 'not_found', 'other town');
  assert.equal((await get('xiongguan.police', `/api/v1/homes/${home.body.id}`)).status, 200, 'police read');
  assertError(await post('xiongguan.police', '/api/v1/homes', { ...HOME, landlord_person_id: owner }), 403, 'forbidden', 'police write');
  const listed = await get('xiongguan.town', `/api/v1/homes?community=${DIV.fumin}`);
  assert.ok(listed.body.items.some((h) => h.id === home.body.id));
  assert.deepEqual((await get('gangcheng.town', '/api/v1/homes')).body.items.filter((h) => h.id === home.body.id), []);

  const noVersion = await server.request('PATCH', `/api/v1/homes/${home.body.id}`, { session: s['xiongguan.town'], body: { rooms: 3 } });
  assertError(noVersion, 428, 'precondition_required');
  const changed = await patch('li.landlord', home.body.id, 1, { rooms: 3, note: '' });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.rooms, 3);
  assert.equal(changed.body.note, null);
  assert.equal(changed.body.version, 2);
  assertError(await patch('xiongguan.town', home.body.id, 1, { rooms: 4 }), 409, 'version_conflict');
  assertError(await patch('xiongguan.town', home.body.id, 2, { landlord_person_id: 1 }), 400, 'unknown_field', 'the landlord never changes');
  assertError(await patch('xiongguan.town', home.body.id, 2, { community: DIV.dazhong }), 403, 'out_of_scope');
  assert.equal(count(`SELECT version FROM home WHERE id = ${home.body.id}`), 2, 'refused changes wrote nothing');
});

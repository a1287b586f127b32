// notice.test.mjs — notices (通报, docs/api.md "通报", policy §3): the
// police notify two communities; each community officer finds it in its
// inbox with the unread count, opens it (read) and acknowledges it once
// (a second time 409 invalid_state); the town officer sees what went to its
// communities, another town's officer does not (404); bad recipients are
// refused with the field and nothing is written.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DIV, assertError, sqlite, poll, createPerson, personBody } from './lib/server.mjs';

let server;
let s;

before(async () => {
  server = await startServer();
  s = {};
  for (const u of ['city.officer', 'xiongguan.town', 'gangcheng.town', 'fumin.comm', 'dazhong.comm',
    'xiongguan.police', 'city.department', 'fumin.warden'])
    s[u] = await server.session(u);
});

after(async () => {
  if (server) await server.stop();
});

const post = (user, path, body) => server.request('POST', path, { session: s[user], body });
const get = (user, path) => server.request('GET', path, { session: s[user] });
const count = (sql) => Number(sqlite(server.db, sql));

const NOTICE = {
  subject: '出租屋新入住流动人口',
  body: '新华南路12号出租屋新入住三名外来务工人员，请社区上门登记并查验婚育证明。',
};

test('a police liaison notices two communities; each reads and acknowledges its own', async () => {
  const r = await post('xiongguan.police', '/api/v1/notices', { ...NOTICE, recipients: [DIV.fumin, DIV.dazhong] });
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  assert.equal(r.body.subject, NOTICE.subject);
  assert.equal(r.body.sender.username, 'xiongguan.police');
  assert.equal(r.body.sender.role, 'police_liaison');
  assert.equal(r.body.sender.division.code, DIV.xiongguan);
  assert.deepEqual(r.body.recipients.map((x) => x.division.code), [DIV.fumin, DIV.dazhong]);
  assert.equal(r.body.read, false);
  assert.equal(count(`SELECT count(*) FROM notice_recipient WHERE notice_id = ${id}`), 2);

  for (const [user, division] of [['fumin.comm', DIV.fumin], ['dazhong.comm', DIV.dazhong]]) {
    const inbox = await get(user, '/api/v1/notices?unread=true');
    assert.equal(inbox.status, 200, inbox.text);
    const item = inbox.body.items.find((x) => x.id === id);
    assert.ok(item, `${user} sees the notice`);
    assert.deepEqual(item.recipients.map((x) => x.division.code), [division], 'only its own recipient row');
    const before = inbox.body.unread_count;
    assert.ok(before >= 1);

    const opened = await get(user, `/api/v1/notices/${id}`);
    assert.equal(opened.status, 200, opened.text);
    assert.equal(opened.body.body, NOTICE.body);
    assert.equal(opened.body.read, true);
    assert.equal(opened.body.acknowledged, false);
    const after = await get(user, '/api/v1/notices?unread=true');
    assert.equal(after.body.unread_count, before - 1, 'reading drops the unread count');
    assert.ok(!after.body.items.some((x) => x.id === id), 'no longer among the unread');
    const all = await get(user, '/api/v1/notices');
    assert.ok(all.body.items.some((x) => x.id === id), 'still in the inbox');

    const ack = await post(user, `/api/v1/notices/${id}/acknowledgement`, {});
    assert.equal(ack.status, 200, ack.text);
    assert.equal(ack.body.acknowledged, true);
    assert.equal(ack.body.recipients[0].acknowledged_by, user);
    assertError(await post(user, `/api/v1/notices/${id}/acknowledgement`, {}), 409, 'invalid_state', 'second acknowledgement');
  }
  assert.equal(count(`SELECT count(*) FROM notice_recipient WHERE notice_id = ${id} AND acknowledged_at IS NOT NULL`), 2);
  const audited = await poll(() => count(`SELECT count(*) FROM audit WHERE object = 'notice:${id}' AND action = 'notice.acknowledge' AND outcome = 'ok'`) === 2);
  assert.ok(audited, 'both acknowledgements audited');
  assert.equal(count(`SELECT count(*) FROM audit WHERE object = 'notice:${id}' AND action = 'notice.send' AND outcome = 'ok'`), 1);
});

test('a town officer sees notices to its communities; another town\'s officer gets 404', async () => {
  const r = await post('city.department', '/api/v1/notices', { ...NOTICE, recipients: [DIV.fumin] });
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  const town = await get('xiongguan.town', '/api/v1/notices');
  assert.equal(town.status, 200, town.text);
  assert.ok(town.body.items.some((x) => x.id === id), 'the town sees a notice to its community');
  const other = await get('gangcheng.town', '/api/v1/notices');
  assert.ok(!other.body.items.some((x) => x.id === id), 'another town does not list it');
  assertError(await get('gangcheng.town', `/api/v1/notices/${id}`), 404, 'not_found', 'another town');
  assertError(await get('dazhong.comm', `/api/v1/notices/${id}`), 404, 'not_found', 'another community');
  assertError(await post('gangcheng.town', `/api/v1/notices/${id}/acknowledgement`, {}), 404, 'not_found', 'acknowledge elsewhere');
  const city = await get('city.officer', `/api/v1/notices/${id}`);
  assert.equal(city.status, 200, 'the city sees all');
  // A notice to the town is not in its communities' inboxes.
  const toTown = await post('city.officer', '/api/v1/notices', { ...NOTICE, recipients: [DIV.xiongguan] });
  assert.equal(toTown.status, 201, toTown.text);
  assert.equal((await get('xiongguan.town', `/api/v1/notices/${toTown.body.id}`)).status, 200);
  assertError(await get('fumin.comm', `/api/v1/notices/${toTown.body.id}`), 404, 'not_found', 'community and a town notice');
});

test('bad recipients are refused with the field, and nothing is written', async () => {
  const before = count('SELECT count(*) FROM notice');
  const many = Array.from({ length: 21 }, (_, i) => (i % 2 ? DIV.fumin : DIV.dazhong));
  const cases = [
    [{ ...NOTICE, recipients: ['620201'] }, 400, 'invalid_division', 'recipients', 'a county'],
    [{ ...NOTICE, recipients: ['620102001'] }, 400, 'invalid_division', 'recipients', 'outside the city'],
    [{ ...NOTICE, recipients: ['6202'] }, 400, 'invalid_division', 'recipients', 'the city itself'],
    [{ ...NOTICE, recipients: [DIV.fumin, '999999999'] }, 400, 'invalid_division', 'recipients', 'unknown code'],
    [{ ...NOTICE, recipients: many }, 400, 'invalid_input', 'recipients', 'more than 20'],
    [{ ...NOTICE, recipients: [] }, 400, 'missing_field', 'recipients', 'none'],
    [{ ...NOTICE }, 400, 'missing_field', 'recipients', 'absent'],
    [{ ...NOTICE, recipients: DIV.fumin }, 400, 'invalid_input', 'recipients', 'not a list'],
    [{ ...NOTICE, subject: '通', recipients: [DIV.fumin] }, 400, 'invalid_input', 'subject', 'short subject'],
    [{ ...NOTICE, body: '', recipients: [DIV.fumin] }, 400, 'missing_field', 'body', 'no body'],
    [{ ...NOTICE, body: '字'.repeat(1001), recipients: [DIV.fumin] }, 400, 'invalid_input', 'body', 'long body'],
    [{ ...NOTICE, recipients: [DIV.fumin], person_id: 999999 }, 404, 'not_found', 'person_id', 'unknown person'],
    [{ ...NOTICE, recipients: [DIV.fumin], organization_id: 999999 }, 404, 'not_found', 'organization_id', 'unknown organization'],
    [{ ...NOTICE, recipients: [DIV.fumin], urgent: true }, 400, 'unknown_field', 'urgent', 'unknown member'],
  ];
  for (const [body, status, code, field, what] of cases) {
    const r = await post('xiongguan.police', '/api/v1/notices', body);
    assertError(r, status, code, what);
    assert.equal(r.body.error.field, field, what);
  }
  assert.equal(count('SELECT count(*) FROM notice'), before, 'no notice written');
  // Exactly twenty, repeated codes counted once; a community given at full length.
  const twenty = Array.from({ length: 20 }, () => DIV.fumin);
  const ok = await post('xiongguan.police', '/api/v1/notices', { ...NOTICE, recipients: twenty });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.recipients.length, 1);
  const full = await post('xiongguan.police', '/api/v1/notices', { ...NOTICE, recipients: ['620201001000'] });
  assert.equal(full.status, 201, full.text);
  assert.equal(full.body.recipients[0].division.code, DIV.xiongguan);
});

test('a notice may name the person it is about; who may send and read', async () => {
  const p = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin));
  const r = await post('fumin.comm', '/api/v1/notices', { ...NOTICE, recipients: [DIV.xiongguan], person_id: p.id });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.person_id, p.id);
  assert.equal(r.body.organization_id, null);
  assertError(await get('xiongguan.police', '/api/v1/notices'), 403, 'forbidden', 'the police send, they have no inbox');
  assertError(await post('fumin.warden', '/api/v1/notices', { ...NOTICE, recipients: [DIV.fumin] }), 403, 'forbidden', 'a warden');
  assertError(await get('fumin.comm', '/api/v1/notices?unread=yes'), 400, 'invalid_input', 'unread=yes');
  assertError(await get('fumin.comm', '/api/v1/notices?limit=0'), 400, 'invalid_input', 'limit=0');
});

test('the inbox pages with a cursor, newest first', async () => {
  const ids = [];
  for (let i = 0; i < 3; i++) {
    const r = await post('city.officer', '/api/v1/notices', { ...NOTICE, subject: `分页通报${i}`, recipients: [DIV.dazhong] });
    assert.equal(r.status, 201, r.text);
    ids.push(r.body.id);
  }
  const first = await get('dazhong.comm', '/api/v1/notices?limit=2');
  assert.equal(first.status, 200, first.text);
  assert.deepEqual(first.body.items.map((x) => x.id), [ids[2], ids[1]]);
  assert.ok(first.body.next_cursor);
  const second = await get('dazhong.comm', `/api/v1/notices?limit=2&cursor=${first.body.next_cursor}`);
  assert.equal(second.body.items[0].id, ids[0]);
});

// complaint.test.mjs — complaints over HTTP (docs/api.md, "POST /api/v1/public/complaints"
// and the complaint.handle routes, policy §3 rights-protection hotline and e-mail
// complaints): an anonymous web complaint gets a tracking code whose public status
// shows the state only; the city assigns it to 雄关街道, which replies and closes it;
// another town gets 404; the public status shows the reply; reopening; refused input
// writes nothing; the complainant's phone is sealed at rest.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DIV, assertError, sqlite, poll } from './lib/server.mjs';

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

const count = (sql) => Number(sqlite(server.db, sql));
const pubPost = (body) => server.request('POST', '/api/v1/public/complaints', { body });
const pubGet = (code) => server.request('GET', `/api/v1/public/complaints/${code}`);
const staff = (user, method, path, body) => server.request(method, `/api/v1/complaints${path}`, { session: s[user], body });

const webBody = (over = {}) => ({
  category: 'fee', subject: '办理婚育证明被收费', content: '在某社区办理婚育证明时被要求交纳 50 元工本费。',
  respondent: '某社区居委会', ...over,
});

function dateAfter(days) {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

let webCode;
let webId;

test('an anonymous web complaint gets a tracking code and a due date, and nothing more', async () => {
  const r = await pubPost(webBody());
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(Object.keys(r.body).sort(), ['code', 'due_on']);
  assert.match(r.body.code, /^[2-9A-HJ-NP-Z]{12}$/);
  assert.equal(r.body.due_on, dateAfter(15));
  webCode = r.body.code;
  webId = Number(sqlite(server.db, `SELECT id FROM complaint WHERE code = '${webCode}'`));
  assert.ok(webId > 0);
  assert.equal(sqlite(server.db, `SELECT channel || ' ' || state || ' ' || office FROM complaint WHERE id = ${webId}`), '3 1 6202');
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'complaint.create' AND object = 'complaint:${webId}' AND outcome = 'ok'`), 1);

  const st = await pubGet(webCode);
  assert.equal(st.status, 200, st.text);
  assert.deepEqual(Object.keys(st.body).sort(), ['code', 'due_on', 'received_on', 'reply', 'state', 'state_label']);
  assert.equal(st.body.state, 'received');
  assert.equal(st.body.reply, null);
  assertError(await pubGet('ABCDEFGHJKLM'), 404, 'not_found', 'unknown code');
  assertError(await pubGet('short'), 404, 'not_found', 'malformed code');
});

test('the city assigns it to 雄关街道; xiongguan.town replies and closes; gangcheng.town gets 404', async () => {
  // The city's complaint is not the town's: 404, as if it did not exist.
  assertError(await staff('xiongguan.town', 'POST', `/${webId}/assignment`, { office: DIV.xiongguan }), 404, 'not_found', 'town assigns');
  assertError(await staff('xiongguan.town', 'GET', `/${webId}`), 404, 'not_found', 'town before assignment');
  assertError(await staff('city.officer', 'POST', `/${webId}/assignment`, { office: DIV.fumin }), 400, 'invalid_division', 'community');
  const a = await staff('city.officer', 'POST', `/${webId}/assignment`, { office: DIV.xiongguan });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.state, 'assigned');
  assert.equal(a.body.office.code, DIV.xiongguan);
  assert.equal((await pubGet(webCode)).body.state, 'assigned');

  const got = await staff('xiongguan.town', 'GET', `/${webId}`);
  assert.equal(got.status, 200, got.text);
  assert.equal(got.body.category_label, '违规收费');
  assert.equal(got.body.complainant_name, null);
  assertError(await staff('gangcheng.town', 'GET', `/${webId}`), 404, 'not_found', 'other town');
  assertError(await staff('gangcheng.town', 'POST', `/${webId}/reply`, { reply: '已核实' }), 404, 'not_found', 'other town reply');
  assert.ok(await poll(() => count(`SELECT count(*) FROM audit WHERE action = 'complaint.get' AND object = 'complaint:${webId}' AND outcome = 'out_of_scope'`) >= 1), 'refused read audited');
  assertError(await staff('fumin.comm', 'GET', `/${webId}`), 403, 'forbidden', 'community officer');
  const list = await staff('gangcheng.town', 'GET', '?limit=5');
  assert.equal(list.status, 200, list.text);
  assert.ok(!list.body.items.some((c) => c.id === webId), 'not in another town\'s list');

  assertError(await staff('xiongguan.town', 'POST', `/${webId}/closing`, { outcome: '已退费' }), 409, 'invalid_state', 'close before reply');
  const reply = await staff('xiongguan.town', 'POST', `/${webId}/reply`, { reply: '经核实，该社区已退还所收费用，并向您致歉。' });
  assert.equal(reply.status, 200, reply.text);
  assert.equal(reply.body.state, 'answered');
  const closed = await staff('xiongguan.town', 'POST', `/${webId}/closing`, { outcome: '已退费，对相关人员批评教育' });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.body.state, 'closed');
  assert.equal(closed.body.version, 4);

  const st = await pubGet(webCode);
  assert.equal(st.body.state, 'closed');
  assert.equal(st.body.reply, '经核实，该社区已退还所收费用，并向您致歉。');
  assert.equal(st.body.complainant_name, undefined);
  assert.equal(st.body.content, undefined);
});

test('reopening a closed complaint puts it back to the town; it counts the reopenings', async () => {
  assertError(await staff('xiongguan.town', 'POST', `/${webId}/reopening`, {}), 400, 'missing_field', 'no reason');
  const r = await staff('xiongguan.town', 'POST', `/${webId}/reopening`, { reason: '投诉人反映费用尚未退还' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'assigned');
  assert.equal(r.body.reopened, 1);
  assert.equal(r.body.reply, null);
  assert.equal(r.body.reopen_reason, '投诉人反映费用尚未退还');
  assertError(await staff('xiongguan.town', 'POST', `/${webId}/reopening`, { reason: '再次' }), 409, 'invalid_state', 'reopen open');
  assert.equal((await pubGet(webCode)).body.state, 'assigned');
  const open = await staff('xiongguan.town', 'GET', '?state=assigned');
  assert.ok(open.body.items.some((c) => c.id === webId));
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'complaint.reopen' AND object = 'complaint:${webId}' AND outcome = 'ok'`), 1);
});

test('staff intake by hotline: the complainant is kept, the phone sealed at rest', async () => {
  const r = await staff('city.officer', 'POST', '', {
    channel: 'hotline', category: 'rights_infringement', subject: '用工单位扣押身份证',
    content: '某建筑工地扣押外来务工人员身份证。', complainant_name: '王小明', complainant_phone: '13912345678',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.channel, 'hotline');
  assert.equal(r.body.complainant_phone, '13912345678');
  assert.equal(r.body.office.code, DIV.city);
  assert.equal(r.headers.get('etag'), '"1"');
  const raw = sqlite(server.db, `SELECT hex(complainant_phone_sealed) FROM complaint WHERE id = ${r.body.id}`);
  assert.ok(raw.length > 0);
  assert.ok(!Buffer.from(raw, 'hex').toString('latin1').includes('13912345678'), 'phone not in plain text');
  assert.equal(count("SELECT count(*) FROM complaint WHERE CAST(complainant_phone_sealed AS TEXT) LIKE '%13912345678%'"), 0);
  // The public status of it never shows the complainant.
  const st = await pubGet(r.body.code);
  assert.ok(!st.text.includes('王小明') && !st.text.includes('13912345678'));
  // A town's own intake stays with the town.
  const t = await staff('xiongguan.town', 'POST', '', { channel: 'visit', category: 'service', subject: '窗口态度差', content: '工作人员态度恶劣。' });
  assert.equal(t.status, 201, t.text);
  assert.equal(t.body.office.code, DIV.xiongguan);
  assertError(await staff('gangcheng.town', 'GET', `/${t.body.id}`), 404, 'not_found', 'other town intake');
  // Only the city assigns, even the town's own complaints.
  assertError(await staff('xiongguan.town', 'POST', `/${t.body.id}/assignment`, { office: DIV.gangcheng }), 403, 'forbidden', 'town assigns own');
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'complaint.assign' AND object = 'complaint:${t.body.id}' AND outcome = 'forbidden'`), 1);
  const all = await staff('city.officer', 'GET', '?limit=63');
  assert.ok(all.body.items.some((c) => c.id === t.body.id), 'city sees all');
});

test('overdue: not answered after due_on', async () => {
  const r = await staff('xiongguan.town', 'POST', '', { channel: 'email', category: 'other', subject: '逾期测试', content: '逾期测试内容' });
  assert.equal(r.status, 201, r.text);
  sqlite(server.db, `UPDATE complaint SET due_on = '2020-01-01' WHERE id = ${r.body.id}`);
  const list = await staff('xiongguan.town', 'GET', '?overdue=true');
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.body.items.map((c) => c.id), [r.body.id]);
  assert.equal(list.body.items[0].overdue, true);
  assertError(await staff('xiongguan.town', 'GET', '?overdue=yes'), 400, 'invalid_input', 'bad overdue');
  assertError(await staff('xiongguan.town', 'GET', '?state=open'), 400, 'invalid_input', 'bad state');
});

test('the list filters by category and channel, each alone and together', async () => {
  const letter = await staff('city.officer', 'POST', '', { channel: 'letter', category: 'certificate', subject: '证明迟迟未办', content: '来信反映婚育证明一个月未办好。' });
  const visit = await staff('city.officer', 'POST', '', { channel: 'visit', category: 'certificate', subject: '来访反映证明', content: '来访反映婚育证明办理慢。' });
  assert.equal(letter.status, 201, letter.text);
  assert.equal(visit.status, 201, visit.text);
  const ids = async (q) => {
    const r = await staff('city.officer', 'GET', `?limit=63&${q}`);
    assert.equal(r.status, 200, r.text);
    return r.body.items.map((c) => c.id);
  };
  const byCategory = await ids('category=certificate');
  assert.ok(byCategory.includes(letter.body.id) && byCategory.includes(visit.body.id));
  assert.ok((await staff('city.officer', 'GET', '?limit=63&category=certificate')).body.items.every((c) => c.category === 'certificate'));
  const byChannel = await ids('channel=letter');
  assert.ok(byChannel.includes(letter.body.id) && !byChannel.includes(visit.body.id));
  assert.deepEqual(await ids('channel=visit&category=certificate'), [visit.body.id]);
  assert.deepEqual(await ids('channel=visit&category=fee'), []);
  assert.ok((await ids('channel=web')).length >= 1, 'web complaints are listed by channel');
  assertError(await staff('city.officer', 'GET', '?category=noise'), 400, 'invalid_input', 'bad category');
  assertError(await staff('city.officer', 'GET', '?channel=fax'), 400, 'invalid_input', 'bad channel');
});

test('bad input writes nothing', async () => {
  const before = count('SELECT count(*) FROM complaint');
  const cases = [
    [pubPost(webBody({ category: undefined })), 400, 'missing_field'],
    [pubPost(webBody({ category: 'noise' })), 400, 'invalid_code'],
    [pubPost(webBody({ subject: '短' })), 400, 'invalid_input'],
    [pubPost(webBody({ content: 'x'.repeat(2001) })), 400, 'invalid_input'],
    [pubPost(webBody({ complainant_phone: 'abc' })), 400, 'invalid_input'],
    [pubPost(webBody({ channel: 'web' })), 400, 'unknown_field'],
    [staff('city.officer', 'POST', '', webBody({ channel: 'web' })), 400, 'invalid_code'],
    [staff('city.officer', 'POST', '', webBody()), 400, 'missing_field'],
  ];
  for (const [p, status, code] of cases) {
    const r = await p;
    assertError(r, status, code, `${status} ${code}: ${r.text}`);
  }
  assert.equal(count('SELECT count(*) FROM complaint'), before, 'nothing kept');
  assertError(await server.request('POST', '/api/v1/complaints', { body: webBody({ channel: 'hotline' }) }), 401, 'unauthenticated', 'no login');
  const v = Number(sqlite(server.db, `SELECT version FROM complaint WHERE id = ${webId}`));
  assertError(await staff('xiongguan.town', 'POST', `/${webId}/reply`, { reply: '' }), 400, 'missing_field', 'empty reply');
  assert.equal(Number(sqlite(server.db, `SELECT version FROM complaint WHERE id = ${webId}`)), v);
});

test('complaint_due_days sets the due date (1-90)', async () => {
  assert.equal(server.cli(['setting', 'set', 'complaint_due_days', '30']).code, 0);
  const r = await pubPost(webBody());
  assert.equal(r.body.due_on, dateAfter(30));
  assert.notEqual(server.cli(['setting', 'set', 'complaint_due_days', '91']).code, 0);
  assert.equal(server.cli(['setting', 'set', 'complaint_due_days', '15']).code, 0);
});

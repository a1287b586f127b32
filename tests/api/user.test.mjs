// user.test.mjs — accounts and API tokens over HTTP for the system
// administrator (docs/api.md /api/v1/users and /api/v1/tokens, user.admin),
// with the same rules as `liudong user` and `liudong token`: a new account
// logs in with its role and scope; a bad role, scope, password or binding
// writes nothing; disabling ends its sessions; unlocking and a new password
// let it in again; a token is shown once, works, is listed without its text
// and stops working when revoked; every change is audited with the
// administrator's name.  The division list offers the city's towns.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DIV, assertError, sqlite } from './lib/server.mjs';

let server;
let admin;

before(async () => {
  server = await startServer();
  admin = await server.session('sys.admin');
});

after(async () => {
  if (server) await server.stop();
});

const PASSWORD = '钢城街道大众社区专管员口令01';
const count = (sql) => Number(sqlite(server.db, sql));
const users = (method, path, body) => server.request(method, `/api/v1/users${path}`, { session: admin, body });
const tokens = (method, path, body) => server.request(method, `/api/v1/tokens${path}`, { session: admin, body });

let created;

test('the administrator creates an account that logs in with its role and scope', async () => {
  const r = await users('POST', '', { username: 'dazhong.li', role: 'community_officer', scope: DIV.dazhong, password: PASSWORD });
  assert.equal(r.status, 201, r.text);
  created = r.body;
  assert.equal(created.username, 'dazhong.li');
  assert.equal(created.role, 'community_officer');
  assert.equal(created.role_label, '社区(村)专管员');
  assert.equal(created.scope.code, DIV.dazhong);
  assert.match(created.scope.name, /大众社区$/);
  assert.equal(created.disabled, false);
  assert.equal(created.organization_id, null);
  assert.ok(!('password_hash' in created) && !JSON.stringify(created).includes('argon2'));
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'user.add' AND object = 'user:dazhong.li' AND username = 'sys.admin' AND outcome = 'ok'`), 1);

  const login = await server.login('dazhong.li', PASSWORD);
  assert.equal(login.status, 201, login.text);
  assert.equal(login.body.user.scope.code, DIV.dazhong);

  const list = await users('GET', '');
  assert.equal(list.status, 200, list.text);
  const names = list.body.items.map((u) => u.username);
  assert.deepEqual(names, [...names].sort(), 'by username');
  assert.ok(names.includes('dazhong.li') && names.includes('sys.admin'));
});

test('bad accounts are refused with the field at fault and write nothing', async () => {
  const before = count('SELECT count(*) FROM user_account');
  const body = (over) => ({ username: 'new.user', role: 'town_officer', scope: DIV.gangcheng, password: PASSWORD, ...over });
  assertError(await users('POST', '', body({ username: undefined })), 400, 'missing_field', 'no username');
  assertError(await users('POST', '', body({ role: 'mayor' })), 400, 'invalid_code', 'unknown role');
  assertError(await users('POST', '', body({ username: 'Has Space' })), 400, 'invalid_input', 'bad username');
  assertError(await users('POST', '', body({ scope: DIV.fumin })), 400, 'invalid_division', 'scope level does not fit a town officer');
  assertError(await users('POST', '', body({ scope: '110101001' })), 400, 'invalid_division', 'outside the city');
  assertError(await users('POST', '', body({ password: 'password1234' })), 400, 'password_rejected', 'common password');
  assertError(await users('POST', '', body({ role: 'employer', scope: DIV.city, organization_id: 999999 })), 400, 'invalid_input', 'missing organization');
  const bad = await users('POST', '', body({ role: 'employer', scope: DIV.city, organization_id: 999999 }));
  assert.equal(bad.body.error.field, 'organization_id');
  assertError(await users('POST', '', body({ admin: true })), 400, 'unknown_field', 'unknown member');
  assertError(await users('POST', '', body({ username: 'dazhong.li' })), 409, 'duplicate_user', 'taken');
  assert.equal(count('SELECT count(*) FROM user_account'), before);
});

test('an employer account is bound to its organization', async () => {
  const city = await server.session('city.officer');
  const org = await server.request('POST', '/api/v1/organizations', { session: city, body: {
    kind: 'construction_enterprise', name: '嘉峪关市长城建筑工程有限公司', credit_code: '91620200MA74X0R21T', division: DIV.xiongguan,
  } });
  assert.equal(org.status, 201, org.text);
  const r = await users('POST', '', { username: 'changcheng.hr', role: 'employer', scope: DIV.city, organization_id: org.body.id, password: PASSWORD });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.organization_id, org.body.id);
  const me = await server.login('changcheng.hr', PASSWORD);
  assert.equal(me.body.user.organization_id, org.body.id);
});

test('disabling ends the sessions; a new password and unlocking are the administrator\'s', async () => {
  const s = (await server.login('dazhong.li', PASSWORD)).session;
  assert.equal((await server.request('GET', '/api/v1/me', { session: s })).status, 200);

  const newPassword = '大众社区专管员新口令2026冬';
  const reset = await users('POST', `/${created.id}/password`, { password: newPassword });
  assert.equal(reset.status, 200, reset.text);
  assert.equal((await server.request('GET', '/api/v1/me', { session: s })).status, 401, 'reset ends the sessions');
  assert.equal((await server.login('dazhong.li', PASSWORD)).status, 401, 'old password refused');
  const again = await server.login('dazhong.li', newPassword);
  assert.equal(again.status, 201, again.text);
  assertError(await users('POST', `/${created.id}/password`, { password: '123456789012' }), 400, 'password_rejected', 'common password');

  // A locked account (ten failures) opens again by unlocking.
  sqlite(server.db, `UPDATE user_account SET locked = 1, failed_logins = 10 WHERE id = ${created.id}`);
  assert.equal((await users('GET', '')).body.items.find((u) => u.id === created.id).locked, true);
  const unlocked = await users('POST', `/${created.id}/unlocking`, {});
  assert.equal(unlocked.status, 200, unlocked.text);
  assert.equal(unlocked.body.locked, false);
  assert.equal(unlocked.body.failed_logins, 0);

  const disabled = await users('POST', `/${created.id}/disabling`, {});
  assert.equal(disabled.status, 200, disabled.text);
  assert.equal(disabled.body.disabled, true);
  assert.equal((await server.request('GET', '/api/v1/me', { session: again.session })).status, 401, 'disabling ends the sessions');
  assert.notEqual((await server.login('dazhong.li', newPassword)).status, 201, 'a disabled account cannot log in');
  for (const action of ['user.reset_password', 'user.unlock', 'user.disable'])
    assert.equal(count(`SELECT count(*) FROM audit WHERE action = '${action}' AND object = 'user:dazhong.li' AND username = 'sys.admin'`), 1, action);
  assertError(await users('POST', '/999999/disabling', {}), 404, 'not_found', 'no such user');
});

test('a token is shown once, works as Bearer, is listed without its text, and revoking stops it', async () => {
  const r = await tokens('POST', '', { username: 'fumin.comm', name: '福民社区采集终端' });
  assert.equal(r.status, 201, r.text);
  const { id, token } = r.body;
  assert.match(token, /^[A-Za-z0-9_-]{40,}$/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const me = await server.request('GET', '/api/v1/me', { token });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.username, 'fumin.comm');

  const list = await tokens('GET', '');
  assert.equal(list.status, 200, list.text);
  const row = list.body.items.find((t) => t.id === id);
  assert.deepEqual({ user: row.user.username, name: row.name, revoked: row.revoked_at }, { user: 'fumin.comm', name: '福民社区采集终端', revoked: null });
  assert.ok(!list.text.includes(token), 'the token text is never listed');

  const revoked = await tokens('POST', `/${id}/revocation`, {});
  assert.equal(revoked.status, 204, revoked.text);
  assert.equal((await server.request('GET', '/api/v1/me', { token })).status, 401, 'a revoked token is refused');
  assert.notEqual((await tokens('GET', '')).body.items.find((t) => t.id === id).revoked_at, null);
  assertError(await tokens('POST', `/${id}/revocation`, {}), 404, 'not_found', 'revoked twice');
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'token.revoke' AND detail = 'token=${id}' AND username = 'sys.admin'`), 1);

  assertError(await tokens('POST', '', { username: 'nobody.here' }), 404, 'not_found', 'unknown user');
  assertError(await tokens('POST', '', { username: 'dazhong.li' }), 403, 'account_locked', 'disabled user');
  assertError(await tokens('POST', '', {}), 400, 'missing_field', 'no user');
});

test('other roles are refused the account routes', async () => {
  const city = await server.session('city.officer');
  assertError(await server.request('GET', '/api/v1/users', { session: city }), 403, 'forbidden');
  assertError(await server.request('POST', '/api/v1/tokens', { session: city, body: { username: 'city.officer' } }), 403, 'forbidden');
});

test('the division list offers the towns of the city and the communities of a town', async () => {
  const r = await server.request('GET', '/api/v1/divisions?within=620200&level=town', { session: admin });
  assert.equal(r.status, 200, r.text);
  const codes = r.body.items.map((d) => d.code);
  assert.ok(codes.includes(DIV.xiongguan) && codes.includes(DIV.gangcheng), codes.join(' '));
  assert.ok(codes.every((c) => c.length === 9 && c.startsWith('6202')));
  assert.deepEqual(codes, [...codes].sort());
  assert.equal(r.body.items.find((d) => d.code === DIV.xiongguan).name, '雄关街道');
  const communities = await server.request('GET', `/api/v1/divisions?within=${DIV.xiongguan}&level=village`, { session: admin });
  assert.deepEqual(communities.body.items.map((d) => d.code).filter((c) => [DIV.fumin, DIV.shengli, DIV.dazhong].includes(c)), [DIV.fumin, DIV.shengli]);
  assertError(await server.request('GET', '/api/v1/divisions?within=6202&level=city', { session: admin }), 400, 'invalid_input', 'level not below');
  assertError(await server.request('GET', '/api/v1/divisions?within=999999&level=town', { session: admin }), 400, 'invalid_division', 'unknown division');
  assertError(await server.request('GET', '/api/v1/divisions?level=town', { session: admin }), 400, 'missing_field', 'no within');
});

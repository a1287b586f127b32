// session.test.mjs — logging in and out, sessions, CSRF, API tokens, login
// throttling and lock, password change, security headers and the request
// checks every route shares (docs/api.md, "通用约定", and the session routes).
//
// Failed logins are throttled per username AND per client address, and every
// test here comes from 127.0.0.1: each test that fails logins ends with a
// successful one, which clears the address's count, so that the next test
// starts unthrottled.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, passwordOf, personBody, createPerson, DIV, sqlite, sleep,
  assertError, assertSecurityHeaders,
} from './lib/server.mjs';

// The permissions /api/v1/me reports for the roles used below (docs/api.md, 权限与角色).
const COMMUNITY_PERMISSIONS = ['person.read', 'person.write', 'person.lookup', 'certificate.distribute', 'certificate.check', 'worklist.read', 'organization.read', 'notice.send', 'notice.read', 'employment.read', 'employment.write', 'visit.read', 'visit.family', 'housing.read', 'housing.write', 'report.create', 'stats.read', 'aid.write', 'import.write'];
const TOWN_PERMISSIONS = ['person.read', 'person.write', 'person.lookup', 'certificate.issue', 'certificate.distribute', 'certificate.check', 'inquiry.write', 'transition.write', 'worklist.read', 'benefit.write', 'organization.read', 'organization.write', 'notice.send', 'notice.read', 'employment.read', 'employment.write', 'visit.read', 'visit.family', 'housing.read', 'housing.write', 'report.handle', 'service.write', 'complaint.handle', 'stats.read', 'assessment.read', 'aid.write', 'import.write'];
const CITY_PERMISSIONS = ['person.read', 'person.write', 'person.lookup', 'audit.read', 'certificate.issue', 'certificate.distribute', 'certificate.check', 'inquiry.write', 'transition.write', 'worklist.read', 'benefit.write', 'organization.read', 'organization.write', 'notice.send', 'notice.read', 'employment.read', 'employment.write', 'visit.read', 'visit.family', 'housing.read', 'housing.write', 'report.handle', 'service.write', 'complaint.handle', 'stats.read', 'assessment.read', 'assessment.write', 'aid.write', 'import.write', 'exchange.read'];

let server;
const extra = {
  'throttle.user': { role: 'community_officer', scope: DIV.fumin },
  'lock.user': { role: 'community_officer', scope: DIV.fumin },
  'pw.changer': { role: 'community_officer', scope: DIV.dazhong },
  'expiry.user': { role: 'town_officer', scope: DIV.gangcheng },
  'logout.user': { role: 'community_officer', scope: DIV.fumin },
  'disabled.user': { role: 'town_officer', scope: DIV.xiongguan },
  'reset.user': { role: 'police_liaison', scope: DIV.xiongguan },
};

before(async () => {
  server = await startServer({ users: extra, tokens: ['fumin.comm', 'disabled.user'] });
});

after(async () => {
  if (server) await server.stop();
});

const count = async (session, name) => {
  const r = await server.request('GET', `/api/v1/persons?limit=500&name=${encodeURIComponent(name)}`, { session });
  assert.equal(r.status, 200, r.text);
  return r.body.items.length;
};

test('login answers 201 with the user and a CSRF token, and sets an HttpOnly, SameSite=Strict, Path=/ cookie', async () => {
  const r = await server.login('fumin.comm');
  assert.equal(r.status, 201, r.text);
  assertSecurityHeaders(r, 'login');
  const { user, csrf_token: csrf } = r.body;
  assert.equal(typeof csrf, 'string');
  assert.ok(csrf.length >= 20, 'csrf token long enough');
  assert.deepEqual(Object.keys(user).sort(), ['id', 'permissions', 'role', 'role_label', 'scope', 'username']);
  assert.deepEqual(user.permissions, COMMUNITY_PERMISSIONS);
  assert.equal(user.username, 'fumin.comm');
  assert.equal(user.role, 'community_officer');
  assert.equal(user.role_label, '社区(村)专管员');
  assert.deepEqual(user.scope, { code: DIV.fumin, name: '甘肃省嘉峪关市雄关街道福民社区' });
  assert.equal(typeof user.id, 'number');

  const cookie = r.headers.get('set-cookie');
  const parts = cookie.split(';').map((p) => p.trim());
  assert.match(parts[0], /^ld_session=[A-Za-z0-9_-]{20,}$/);
  assert.ok(parts.includes('HttpOnly'), `HttpOnly in ${cookie}`);
  assert.ok(parts.includes('SameSite=Strict'), `SameSite=Strict in ${cookie}`);
  assert.ok(parts.includes('Path=/'), `Path=/ in ${cookie}`);
  assert.ok(!cookie.includes(csrf), 'the CSRF token is not the cookie');
});

test('GET /api/v1/me answers the logged-in user, as at login; without a session 401 unauthenticated', async () => {
  const s = await server.session('xiongguan.town');
  const r = await server.request('GET', '/api/v1/me', { session: s });
  assert.equal(r.status, 200, r.text);
  const { csrf_token: csrf, ...user } = r.body;
  assert.deepEqual(user, s.user);
  assert.deepEqual(user.permissions, TOWN_PERMISSIONS);
  assert.equal(csrf, s.csrf);
  assert.equal(r.body.scope.name, '甘肃省嘉峪关市雄关街道');
  assertError(await server.request('GET', '/api/v1/me'), 401, 'unauthenticated', 'no cookie');
});

test('logout answers 204, clears the cookie, and the session no longer works', async () => {
  const { session: s } = await server.login('logout.user');
  const r = await server.request('DELETE', '/api/v1/session', { session: s });
  assert.equal(r.status, 204, r.text);
  assert.equal(r.text, '');
  assertSecurityHeaders(r, 'logout');
  const cleared = r.headers.get('set-cookie') || '';
  assert.match(cleared, /ld_session=;/, `cookie emptied: ${cleared}`);
  assert.match(cleared, /Max-Age=0/, `cookie expired: ${cleared}`);
  assertError(await server.request('GET', '/api/v1/me', { session: s }), 401, 'unauthenticated', 'after logout');
  assertError(await server.request('DELETE', '/api/v1/session', { session: s }), 401, 'unauthenticated', 'second logout');
});

test('CSRF: a state-changing request with the cookie but without or with a wrong X-CSRF-Token is refused (403 csrf_token_invalid) and writes nothing', async () => {
  const s = await server.session('fumin.comm');
  const body = personBody(DIV.fumin, { name: '欧阳守正' });
  const before = await count(s, '欧阳守正');
  assertError(await server.request('POST', '/api/v1/persons', { session: s, body, csrf: false }), 403, 'csrf_token_invalid', 'no token');
  assertError(await server.request('POST', '/api/v1/persons', { session: s, body, csrf: 'x'.repeat(s.csrf.length) }), 403, 'csrf_token_invalid', 'wrong token');
  assertError(await server.request('POST', '/api/v1/persons', { session: s, body, csrf: s.csrf.slice(0, -1) }), 403, 'csrf_token_invalid', 'truncated token');
  assertError(await server.request('POST', '/api/v1/persons', { session: s, body, csrf: '' }), 403, 'csrf_token_invalid', 'empty token');
  // Another session's token is no good either.
  const other = await server.session('dazhong.comm');
  assertError(await server.request('POST', '/api/v1/persons', { session: s, body, csrf: other.csrf }), 403, 'csrf_token_invalid', "another session's token");
  assertError(await server.request('DELETE', '/api/v1/session', { session: s, csrf: false }), 403, 'csrf_token_invalid', 'logout without token');
  assert.equal(await count(s, '欧阳守正'), before, 'nothing was registered');

  const ok = await server.request('POST', '/api/v1/persons', { session: s, body });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(await count(s, '欧阳守正'), before + 1);
  // The refused logout did not end the session.
  assert.equal((await server.request('GET', '/api/v1/me', { session: s })).status, 200);
});

test('a bearer token (liudong token create) works without a CSRF token; an unknown token is 401 unauthenticated', async () => {
  const token = server.tokens['fumin.comm'];
  const me = await server.request('GET', '/api/v1/me', { token });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.username, 'fumin.comm');
  const created = await server.request('POST', '/api/v1/persons', { token, body: personBody(DIV.fumin) });
  assert.equal(created.status, 201, created.text);
  assertError(await server.request('GET', '/api/v1/me', { token: 'A'.repeat(43) }), 401, 'unauthenticated', 'unknown token');
  assertError(await server.request('GET', '/api/v1/me', { headers: { Authorization: 'Bearer ' } }), 401, 'unauthenticated', 'empty token');
  assertError(await server.request('POST', '/api/v1/persons', { token: token.slice(0, -2), body: personBody(DIV.fumin) }), 401, 'unauthenticated', 'token cut short');
});

test('an unknown session cookie is 401 unauthenticated', async () => {
  for (const cookie of ['ld_session=' + 'Q'.repeat(43), 'ld_session=x', 'other=1']) {
    const r = await server.request('GET', '/api/v1/me', { headers: { Cookie: cookie } });
    assertError(r, 401, 'unauthenticated', cookie);
    assertSecurityHeaders(r, '401');
  }
});

test('a session idle for 30 minutes, or 12 hours old, is 401 unauthenticated (times set back with sqlite3)', async () => {
  const { session: idle } = await server.login('expiry.user');
  const { session: old } = await server.login('expiry.user');
  assert.equal((await server.request('GET', '/api/v1/me', { session: idle })).status, 200);
  const uid = `(SELECT id FROM user_account WHERE username = 'expiry.user')`;
  // The two sessions of this user, oldest first: the first goes idle, the second grows old.
  const ids = sqlite(server.db, `SELECT id FROM session WHERE user_id = ${uid} ORDER BY id`).split('\n');
  assert.equal(ids.length, 2);
  sqlite(server.db, `UPDATE session SET last_seen_at = last_seen_at - 1801 WHERE id = ${ids[0]}`);
  sqlite(server.db, `UPDATE session SET created_at = created_at - 43200 WHERE id = ${ids[1]}`);
  assertError(await server.request('GET', '/api/v1/me', { session: idle }), 401, 'unauthenticated', 'idle 30 min');
  assertError(await server.request('GET', '/api/v1/me', { session: old }), 401, 'unauthenticated', '12 hours old');
});

test('wrong password and unknown user both answer 401 login_failed with the same message', async () => {
  const wrong = await server.login('city.officer', 'not-the-password-at-all');
  assertError(wrong, 401, 'login_failed', 'wrong password');
  assert.equal(wrong.headers.get('set-cookie'), null, 'no cookie on failure');
  const unknown = await server.login('nobody.here', 'not-the-password-at-all');
  assertError(unknown, 401, 'login_failed', 'unknown user');
  assert.deepEqual(unknown.body, wrong.body, 'indistinguishable');
  const invalidName = await server.login('无效 名字', 'not-the-password-at-all');
  assertError(invalidName, 401, 'login_failed', 'impossible user name');
  // A right password after them works, once any delay is over (and clears this address's count).
  assert.equal((await server.loginWaiting('city.officer')).status, 201);
});

test('login body: only username and password, both strings', async () => {
  const req = (body) => server.request('POST', '/api/v1/session', { body });
  assertError(await req({ username: 'city.officer' }), 400, 'missing_field', 'no password');
  assertError(await req({ password: 'x' }), 400, 'missing_field', 'no username');
  assertError(await req({ username: 'city.officer', password: passwordOf('city.officer'), remember: true }), 400, 'unknown_field', 'extra member');
  assertError(await req({ username: 5, password: 'x' }), 400, 'invalid_input', 'number as username');
  assertError(await req({ username: 'city.officer', password: null }), 400, 'invalid_input', 'null password');
});

test('throttling: after 3 failures a fresh attempt within the delay is 429 login_throttled with Retry-After, even with the right password, and the delay grows', async () => {
  const user = 'throttle.user';
  const wrong = 'definitely-not-right-1';
  const login = (pw = wrong) => server.login(user, pw);
  let failures = 0;
  for (let i = 0; i < 3; i++) {
    assertError(await login(), 401, 'login_failed', `free failure ${i + 1}`);
    failures++;
  }
  // From now on each failure sets a delay of 2^(failures-3) s.  The first is
  // 1 s, so an attempt may land in the next second: try until refused.
  let r;
  for (;;) {
    r = await login();
    if (r.status === 429) break;
    assertError(r, 401, 'login_failed', `failure ${failures + 1}`);
    failures++;
    assert.ok(failures <= 5, 'throttled by the fifth failure at the latest');
  }
  assertError(r, 429, 'login_throttled', 'first delay');
  const first = Number(r.headers.get('retry-after'));
  assert.ok(Number.isInteger(first) && first >= 1 && first <= 2 ** (failures - 3),
    `Retry-After ${r.headers.get('retry-after')} after ${failures} failures`);
  assertSecurityHeaders(r, '429');

  await sleep(first * 1000 + 150);
  assertError(await login(), 401, 'login_failed', 'after waiting: an attempt again');
  failures++;
  // Refused at once now, even with the right password, and for any user from this address.
  r = await login(passwordOf(user));
  assertError(r, 429, 'login_throttled', 'right password while throttled');
  const second = Number(r.headers.get('retry-after'));
  assert.ok(second >= 1 && second <= 2 ** (failures - 3), `Retry-After ${second} after ${failures} failures`);
  assertError(await server.login('gangcheng.town'), 429, 'login_throttled', 'another user from the same address');

  await sleep(second * 1000 + 150);
  assertError(await login(), 401, 'login_failed', 'after the second wait');
  failures++;
  r = await login();
  assertError(r, 429, 'login_throttled', 'third delay');
  const third = Number(r.headers.get('retry-after'));
  assert.ok(third >= 2 ** (failures - 3) - 1 && third <= 2 ** (failures - 3), `Retry-After ${third} after ${failures} failures`);
  assert.ok(third > first, `the delay grows: ${first} s, then ${third} s`);

  await sleep(third * 1000 + 150);
  const ok = await login(passwordOf(user));
  assert.equal(ok.status, 201, `right password after the delay: ${ok.text}`);
});

test('lock: the 10th failure in a row answers 403 account_locked; then even the right password; `user unlock` lets the user in again', async () => {
  // Reaching 10 failures for real takes 1+2+4+...+64 = 127 s of delays, too
  // long for this suite: the first nine are set with sqlite3 (long past, so
  // no delay is pending), the tenth is a real attempt.
  const user = 'lock.user';
  sqlite(server.db, `UPDATE user_account SET failed_logins = 9, last_failed_at = 1 WHERE username = '${user}'`);
  const tenth = await server.login(user, 'wrong-password-number-10');
  assertError(tenth, 403, 'account_locked', 'tenth failure');
  assertError(await server.login(user), 403, 'account_locked', 'right password on a locked account');
  assert.match(server.cli(['user', 'list']).stdout, /lock\.user\s+community_officer\s+\S+\s+已锁定/);

  const unlock = server.cli(['user', 'unlock', '--username', user]);
  assert.equal(unlock.code, 0, unlock.stderr);
  const ok = await server.login(user);
  assert.equal(ok.status, 201, `after unlock: ${ok.text}`);
});

test('`user disable` ends the sessions and the API tokens at once; logging in then answers 403 account_locked', async () => {
  const user = 'disabled.user';
  const { session } = await server.login(user);
  const token = server.tokens[user];
  assert.equal((await server.request('GET', '/api/v1/me', { session })).status, 200);
  assert.equal((await server.request('GET', '/api/v1/me', { token })).status, 200);
  const r = server.cli(['user', 'disable', '--username', user]);
  assert.equal(r.code, 0, r.stderr);
  assertError(await server.request('GET', '/api/v1/me', { session }), 401, 'unauthenticated', 'session of a disabled user');
  assertError(await server.request('GET', '/api/v1/me', { token }), 401, 'unauthenticated', 'token of a disabled user');
  assertError(await server.login(user), 403, 'account_locked', 'login of a disabled user');
  assert.equal((await server.loginWaiting('city.officer')).status, 201, 'clear the address count');
});

test('`user reset-password` ends the sessions; the new password works, the old one not', async () => {
  const user = 'reset.user';
  const { session } = await server.login(user);
  const fresh = '新设的密码：嘉峪关关城东门';
  const r = server.cli(['user', 'reset-password', '--username', user], { input: fresh + '\n' });
  assert.equal(r.code, 0, r.stderr);
  assertError(await server.request('GET', '/api/v1/me', { session }), 401, 'unauthenticated', 'session after reset');
  assertError(await server.login(user), 401, 'login_failed', 'old password');
  assert.equal((await server.login(user, fresh)).status, 201, 'new password');
});

test('password change: policy errors 400 password_rejected, wrong old password 401, success 204 ends the other sessions', async () => {
  const user = 'pw.changer';
  const old = passwordOf(user);
  const { session: a } = await server.login(user);
  const { session: b } = await server.login(user);
  const change = (body, opts = {}) => server.request('POST', '/api/v1/me/password', { session: a, body, ...opts });

  let r = await change({ old_password: old, new_password: '雄关短密码' });
  assertError(r, 400, 'password_rejected', 'too short');
  assert.equal(r.body.error.field, 'password');
  assertError(await change({ old_password: old, new_password: 'a'.repeat(129) }), 400, 'password_rejected', 'too long');
  assertError(await change({ old_password: old, new_password: 'password1234' }), 400, 'password_rejected', 'common password');
  assertError(await change({ old_password: old, new_password: 'PassWord1234' }), 400, 'password_rejected', 'common password, other case');
  assertError(await change({ old_password: old, new_password: '123456789012' }), 400, 'password_rejected', 'common digits');
  assertError(await change({ old_password: 'not-my-old-password', new_password: '雄关大道上的一棵老榆树2025' }), 401, 'login_failed', 'wrong old password');
  assertError(await change({ old_password: old }), 400, 'missing_field', 'no new password');
  assertError(await change({ old_password: old, new_password: '雄关大道上的一棵老榆树2025', confirm: 'x' }), 400, 'unknown_field', 'extra member');
  assertError(await change({ old_password: old, new_password: '雄关大道上的一棵老榆树2025' }, { csrf: false }), 403, 'csrf_token_invalid', 'no CSRF token');
  // Nothing so far changed anything: both sessions work.
  assert.equal((await server.request('GET', '/api/v1/me', { session: b })).status, 200);

  r = await change({ old_password: old, new_password: '雄关大道上的一棵老榆树2025' });
  assert.equal(r.status, 204, r.text);
  assert.equal(r.text, '');
  assertError(await server.request('GET', '/api/v1/me', { session: b }), 401, 'unauthenticated', 'the other session ended');
  assert.equal((await server.request('GET', '/api/v1/me', { session: a })).status, 200, 'this session goes on');
  assertError(await server.login(user, old), 401, 'login_failed', 'old password');
  assert.equal((await server.login(user, '雄关大道上的一棵老榆树2025')).status, 201, 'new password');
});

test('security headers (CSP, nosniff, no-referrer, no-store) on every response, errors and 404s included', async () => {
  const s = await server.session('city.officer');
  const cases = [
    ['GET', '/healthz', {}, 200],
    ['GET', '/metrics', {}, 200],
    ['GET', '/api/v1/me', { session: s }, 200],
    ['GET', '/api/v1/me', {}, 401],
    ['GET', '/api/v1/audit', { session: await server.session('fumin.comm') }, 403],
    ['GET', '/api/v1/nothing-here', {}, 404],
    ['GET', '/no-such-page.html', {}, 404],
    ['GET', '/api/v1/persons/999999', { session: s }, 404],
    ['PUT', '/api/v1/me', {}, 405],
    ['POST', '/api/v1/session', { raw: '{"username":' }, 400],
    ['POST', '/api/v1/session', { raw: 'username=a', contentType: 'application/x-www-form-urlencoded' }, 415],
    ['POST', '/api/v1/session', { raw: JSON.stringify({ username: 'x', password: 'y'.repeat(5000) }) }, 413],
    ['PATCH', '/api/v1/persons/1', { session: s, body: {} }, 428],
  ];
  for (const [method, path, opts, status] of cases) {
    const r = await server.request(method, path, opts);
    assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
    assertSecurityHeaders(r, `${method} ${path} ${status}`);
  }
});

test('GET /healthz answers {"status":"ok"} without login', async () => {
  const r = await server.request('GET', '/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { status: 'ok' });
});

test('GET /metrics answers the Prometheus text without login', async () => {
  const r = await server.request('GET', '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  for (const name of ['liudong_http_requests_total', 'liudong_http_request_duration_seconds', 'liudong_database_bytes'])
    assert.ok(r.text.includes(name), `${name} in /metrics`);
  assert.ok(!/\d{17}[\dX]/.test(r.text), 'no ID number in the metrics');
});

test('malformed JSON, a JSON value that is not an object, and a wrong type answer 400', async () => {
  const s = await server.session('fumin.comm');
  const post = (opts) => server.request('POST', '/api/v1/persons', { session: s, ...opts });
  assertError(await post({ raw: '{"name": "张三",' }), 400, 'invalid_input', 'cut short');
  assertError(await post({ raw: '' }), 400, 'invalid_input', 'empty body');
  assertError(await post({ raw: '[1,2]' }), 400, 'invalid_input', 'array');
  assertError(await post({ raw: '"text"' }), 400, 'invalid_input', 'string');
  assertError(await post({ raw: '{"name":"张三","name":"李四"}' }), 400, 'invalid_input', 'duplicate member');
  assertError(await post({ raw: '{"name":"\\u0000"}' }), 400, 'invalid_input', 'NUL in a string');
  const wrongType = await post({ body: personBody(DIV.fumin, { name: 5 }) });
  assertError(wrongType, 400, 'invalid_input', 'number for a string');
  assert.equal(wrongType.body.error.field, 'name');
  assertError(await post({ body: personBody(DIV.fumin, { flow: null }) }), 400, 'invalid_input', 'null');
  assertError(await post({ body: personBody(DIV.fumin, { phone: ['139'] }) }), 400, 'invalid_input', 'array member');
});

test('an unknown field answers 400 unknown_field', async () => {
  const s = await server.session('fumin.comm');
  const r = await server.request('POST', '/api/v1/persons', { session: s, body: personBody(DIV.fumin, { nickname: '小张' }) });
  assertError(r, 400, 'unknown_field');
  const q = await server.request('GET', '/api/v1/persons?nickname=x', { session: s });
  assertError(q, 400, 'unknown_field', 'unknown query parameter');
});

test('a body that is not application/json answers 415 unsupported_media_type', async () => {
  const s = await server.session('fumin.comm');
  const body = JSON.stringify(personBody(DIV.fumin));
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'multipart/form-data; boundary=x']) {
    assertError(await server.request('POST', '/api/v1/persons', { session: s, raw: body, contentType: type }), 415, 'unsupported_media_type', type);
  }
  assertError(await server.request('POST', '/api/v1/persons', { session: s, raw: body, contentType: null }), 415, 'unsupported_media_type', 'no Content-Type');
  const charset = await server.request('POST', '/api/v1/persons', { session: s, raw: body, contentType: 'application/json; charset=utf-8' });
  assert.equal(charset.status, 201, `with charset: ${charset.text}`);
});

test('a body over the route limit answers 413 body_too_large (login 4 KiB, persons 16 KiB, server 1 MiB)', async () => {
  const s = await server.session('fumin.comm');
  const login = JSON.stringify({ username: 'city.officer', password: 'p'.repeat(4200) });
  assertError(await server.request('POST', '/api/v1/session', { raw: login }), 413, 'body_too_large', 'login');
  const big = JSON.stringify(personBody(DIV.fumin, { residence_address: '长'.repeat(6000) }));
  assert.ok(big.length > 16 * 1024 / 3 && Buffer.byteLength(big) > 16 * 1024);
  assertError(await server.request('POST', '/api/v1/persons', { session: s, raw: big }), 413, 'body_too_large', 'person 16 KiB');
  const huge = JSON.stringify({ residence_address: 'x'.repeat(1100 * 1024) });
  assertError(await server.request('POST', '/api/v1/persons', { session: s, raw: huge }), 413, 'body_too_large', 'over 1 MiB');
  // Just under the limit is read (and then judged on its content).
  const under = JSON.stringify({ username: 'city.officer', password: 'p'.repeat(3900) });
  assertError(await server.request('POST', '/api/v1/session', { raw: under }), 401, 'login_failed', 'under 4 KiB');
  assert.equal((await server.loginWaiting('city.officer')).status, 201, 'clear the address count');
});

test('an unknown path answers 404 not_found', async () => {
  for (const path of ['/api/v1/nothing', '/api/v2/persons', '/api/v1/persons/abc', '/api/v1/persons/-1',
    '/api/v1/persons/1/history/2', '/api/v1/persons/', '/healthz/', '/favicon.ico']) {
    const r = await server.request('GET', path);
    assertError(r, 404, 'not_found', path);
  }
});

test('a known path with the wrong method answers 405 method_not_allowed with Allow', async () => {
  const cases = [
    ['PUT', '/api/v1/session', ['POST', 'DELETE']],
    ['GET', '/api/v1/session', ['POST', 'DELETE']],
    ['DELETE', '/api/v1/me', ['GET']],
    ['GET', '/api/v1/me/password', ['POST']],
    ['DELETE', '/api/v1/persons', ['POST', 'GET']],
    ['PUT', '/api/v1/persons/7', ['GET', 'PATCH']],
    ['POST', '/api/v1/persons/7/history', ['GET']],
    ['POST', '/api/v1/audit', ['GET']],
    ['POST', '/healthz', ['GET']],
  ];
  for (const [method, path, allowed] of cases) {
    const r = await server.request(method, path, { raw: method === 'GET' ? undefined : '{}' });
    assertError(r, 405, 'method_not_allowed', `${method} ${path}`);
    const allow = (r.headers.get('allow') || '').split(',').map((m) => m.trim()).filter(Boolean);
    assert.deepEqual(allow.sort(), [...allowed].sort(), `Allow of ${method} ${path}`);
  }
});

test('GET /api/v1/me gives the role\'s permissions and, for a session, its CSRF token', async () => {
  const server = await startServer({ tokens: ['city.officer'] });
  try {
    const s = await server.session('fumin.comm');
    const me = await server.request('GET', '/api/v1/me', { session: s });
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.permissions, COMMUNITY_PERMISSIONS);
    assert.equal(me.body.csrf_token, s.csrf);
    const viaToken = await server.request('GET', '/api/v1/me', { token: server.tokens['city.officer'] });
    assert.equal(viaToken.status, 200);
    assert.deepEqual(viaToken.body.permissions, CITY_PERMISSIONS);
    assert.equal(viaToken.body.csrf_token, undefined);
  } finally {
    await server.stop();
  }
});

test('audit pages: next_cursor only when another page follows', async () => {
  const server = await startServer();
  try {
    const city = await server.session('city.officer');
    const fumin = await server.session('fumin.comm');
    const p = await createPerson(server, fumin, personBody(DIV.fumin));
    const read = () => server.request('GET', `/api/v1/persons/${p.id}`, { session: fumin });
    assert.equal((await read()).status, 200);
    const audit = (q) => server.request('GET', `/api/v1/audit?object=person:${p.id}&action=person.read&${q}`, { session: city });
    let page;
    for (let i = 0; i < 40; i++) { // reads are written within ~100 ms
      page = await audit('limit=1');
      if (page.body.items.length === 1) break;
      await sleep(50);
    }
    assert.equal(page.body.items.length, 1);
    assert.equal(page.body.next_cursor, null, 'one row, a full page, nothing after it');
    assert.equal((await read()).status, 200);
    for (let i = 0; i < 40; i++) {
      page = await audit('limit=2');
      if (page.body.items.length === 2) break;
      await sleep(50);
    }
    const first = await audit('limit=1');
    assert.equal(first.body.items.length, 1);
    assert.notEqual(first.body.next_cursor, null);
    const second = await audit(`limit=1&cursor=${first.body.next_cursor}`);
    assert.equal(second.body.items.length, 1);
    assert.ok(second.body.items[0].id < first.body.items[0].id);
    assert.equal(second.body.next_cursor, null);
  } finally {
    await server.stop();
  }
});

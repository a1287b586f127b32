// certificate.test.mjs — certificates and service contracts over HTTP
// (docs/api.md, "婚育证明"): a temporary certificate with its contract, an
// external certificate that fulfils the contract, a standard certificate
// issued by the town and handed out by the community, replacement of a lost
// one, revocation, expiry, checking by number, and refusals that write nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, personBody, createPerson, DIV, assertError, sqlite, idNumber, poll,
} from './lib/server.mjs';

let server;
let s;

before(async () => {
  server = await startServer();
  s = {};
  for (const u of ['city.officer', 'xiongguan.town', 'gangcheng.town', 'fumin.comm', 'dazhong.comm',
    'xiongguan.police', 'city.department'])
    s[u] = await server.session(u);
});

after(async () => {
  if (server) await server.stop();
});

/** Today in China (UTC+8), as the server counts it. */
function todayInChina() {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

/** The same day `months` later, moved back to the month's end when shorter. */
function addMonths(iso, months) {
  const [y, m, d] = iso.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12), month = index % 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const post = (user, path, body) => server.request('POST', path, { session: s[user], body });
const get = (user, path) => server.request('GET', path, { session: s[user] });
const issue = (user, personId, body) => post(user, `/api/v1/persons/${personId}/certificates`, body);
const record = (user, personId, body) => post(user, `/api/v1/persons/${personId}/certificates/external`, body);
const count = (table) => Number(sqlite(server.db, `SELECT count(*) FROM ${table}`));

const NUMBER = /^620201001-\d{4}-\d{6}$/;

test('a town office issues a temporary certificate with its contract; an external certificate fulfils it', async () => {
  const p = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { marital_status: '20' }));
  const today = todayInChina();
  const r = await issue('xiongguan.town', p.id, {
    kind: 'temporary', spouse_name: '李秀英', spouse_id_number: idNumber('410102', '19900305', 122),
    children: [{ name: '张小明', sex: 'M', birth_date: '2019-06-01' }],
  });
  assert.equal(r.status, 201, r.text);
  const c = r.body;
  assert.match(c.number, NUMBER);
  assert.equal(c.number.slice(10, 14), today.slice(0, 4));
  assert.equal(c.kind, 'temporary');
  assert.equal(c.state, 'issued');
  assert.equal(c.valid, true);
  assert.equal(c.issued_on, today);
  assert.equal(c.valid_until, addMonths(today, 3));
  assert.equal(c.issuer_name, '嘉峪关市雄关街道办事处');
  assert.equal(c.marital_status, '20');
  assert.equal(c.spouse_name, '李秀英');
  assert.deepEqual(c.children, [{ name: '张小明', sex: 'M', birth_date: '2019-06-01' }]);
  assert.equal(c.contract.state, 'active');
  assert.equal(c.contract.deadline, c.valid_until);
  assert.equal(c.contract.signed_on, today);
  assert.match(c.contract.terms, /婚育证明/);

  // A second temporary certificate while this one is valid is refused.
  assertError(await issue('xiongguan.town', p.id, { kind: 'temporary', spouse_name: '李秀英' }),
    422, 'not_allowed', 'second temporary');

  // The community records the certificate from the hukou place: the contract is fulfilled.
  const ext = await record('fumin.comm', p.id, {
    number: 'ZY410102-2026-0088', issuer_name: '郑州市中原区林山寨街道办事处', issued_on: '2026-10-08',
  });
  assert.equal(ext.status, 201, ext.text);
  assert.equal(ext.body.kind, 'external');
  assert.equal(ext.body.issuer_division, null);
  const contracts = await get('fumin.comm', `/api/v1/persons/${p.id}/contracts`);
  assert.equal(contracts.status, 200, contracts.text);
  assert.equal(contracts.body.items.length, 1);
  assert.equal(contracts.body.items[0].state, 'fulfilled');
  assert.equal(contracts.body.items[0].fulfilled_by, ext.body.id);

  // The same external number twice is refused, and nothing is written.
  const before = count('certificate');
  assertError(await record('fumin.comm', p.id, {
    number: 'ZY410102-2026-0088', issuer_name: '郑州市中原区林山寨街道办事处', issued_on: '2026-10-08',
  }), 409, 'duplicate_certificate', 'same external number');
  assert.equal(count('certificate'), before);

  const list = await get('fumin.comm', `/api/v1/persons/${p.id}/certificates`);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.body.items.map((x) => x.kind), ['external', 'temporary']);
});

test('a temporary certificate runs three calendar months and then expires', async () => {
  const p = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { marital_status: '10' }));
  const r = await issue('xiongguan.town', p.id, { kind: 'temporary', issued_on: '2025-11-30' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.valid_until, '2026-02-28');
  assert.equal(r.body.state, 'expired');
  assert.equal(r.body.valid, false);
  assert.equal(r.body.contract.state, 'overdue');
  assert.equal(r.body.number.slice(10, 14), '2025', 'numbered in the year of issue');
  assertError(await post('fumin.comm', `/api/v1/certificates/${r.body.number}/distribution`, { received_by: '本人' }),
    409, 'invalid_state', 'hand out an expired certificate');
  // Expired, so a new temporary certificate may be issued.
  const again = await issue('xiongguan.town', p.id, { kind: 'temporary' });
  assert.equal(again.status, 201, again.text);
  const jan = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { marital_status: '10' }));
  const r2 = await issue('xiongguan.town', jan.id, { kind: 'temporary', issued_on: '2026-01-31' });
  assert.equal(r2.body.valid_until, '2026-04-30');
});

test('the town issues a standard certificate, the community hands it out, a lost one is replaced', async () => {
  const p = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { flow: 'outflow', marital_status: '10' }));
  // A community officer may hand out but not issue.
  assertError(await issue('fumin.comm', p.id, { kind: 'standard' }), 403, 'forbidden', 'community issues');
  // Another town's officer does not see the person.
  assertError(await issue('gangcheng.town', p.id, { kind: 'standard' }), 404, 'not_found', 'other town');
  // A temporary certificate is for inflow persons only.
  assertError(await issue('xiongguan.town', p.id, { kind: 'temporary' }), 422, 'not_allowed', 'temporary for outflow');

  const r = await issue('xiongguan.town', p.id, { kind: 'standard' });
  assert.equal(r.status, 201, r.text);
  const number = r.body.number;
  assert.match(number, NUMBER);
  assert.equal(r.body.valid_until, null, 'valid until revoked by default');
  assert.equal(r.body.contract, undefined);
  assertError(await issue('xiongguan.town', p.id, { kind: 'standard' }), 422, 'not_allowed', 'second standard');

  assertError(await post('dazhong.comm', `/api/v1/certificates/${number}/distribution`, { received_by: '本人' }),
    404, 'not_found', 'other community hands out');
  assertError(await post('fumin.comm', `/api/v1/certificates/${number}/distribution`, {}),
    400, 'missing_field', 'no receiver');
  assertError(await post('fumin.comm', `/api/v1/certificates/${number}/distribution`, { received_by: '本人', distributed_on: '2020-01-01' }),
    400, 'invalid_date', 'before the issue');
  const d = await post('fumin.comm', `/api/v1/certificates/${number}/distribution`, { received_by: '王芳（母亲）' });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.body.state, 'distributed');
  assert.equal(d.body.received_by, '王芳（母亲）');
  assert.equal(d.body.distributed_on, todayInChina());
  assertError(await post('fumin.comm', `/api/v1/certificates/${number}/distribution`, { received_by: '本人' }),
    409, 'invalid_state', 'hand out twice');

  assertError(await post('fumin.comm', `/api/v1/certificates/${number}/replacement`, { cause: 'lost' }),
    403, 'forbidden', 'community replaces');
  assertError(await post('xiongguan.town', `/api/v1/certificates/${number}/replacement`, { cause: 'stolen' }),
    400, 'invalid_input', 'unknown cause');
  const rep = await post('xiongguan.town', `/api/v1/certificates/${number}/replacement`, { cause: 'lost', note: '外出务工途中遗失' });
  assert.equal(rep.status, 201, rep.text);
  assert.notEqual(rep.body.number, number);
  assert.match(rep.body.number, NUMBER);
  assert.equal(rep.body.state, 'issued');
  assert.equal(rep.body.replaces_id, r.body.id);
  const old = await get('xiongguan.town', `/api/v1/certificates/${number}`);
  assert.equal(old.body.state, 'replaced');
  assert.equal(old.body.end_reason, '遗失：外出务工途中遗失');
  assert.equal(old.body.person.id, p.id);
  assertError(await post('xiongguan.town', `/api/v1/certificates/${number}/replacement`, { cause: 'lost' }),
    409, 'invalid_state', 'replace a replaced one');

  assertError(await post('xiongguan.town', `/api/v1/certificates/${rep.body.number}/revocation`, { reason: '' }),
    400, 'missing_field', 'revoke without reason');
  const rev = await post('xiongguan.town', `/api/v1/certificates/${rep.body.number}/revocation`, { reason: '本人已迁回户籍地' });
  assert.equal(rev.status, 200, rev.text);
  assert.equal(rev.body.state, 'revoked');
  assert.equal(rev.body.ended_on, todayInChina());
  assertError(await post('xiongguan.town', `/api/v1/certificates/${rep.body.number}/revocation`, { reason: '重复注销' }),
    409, 'invalid_state', 'revoke twice');
});

test('a department checks a certificate by number and learns only what the paper shows', async () => {
  const p = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { flow: 'outflow', marital_status: '10', name: '赵建国' }));
  const r = await issue('city.officer', p.id, { kind: 'standard' });
  assert.equal(r.status, 201, r.text);
  const check = (query) => get('city.department', `/api/v1/certificates/${r.body.number}/check${query}`);
  const c = await check('');
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.state, 'issued');
  assert.equal(c.body.valid, true);
  assert.equal(c.body.name_masked, '赵**');
  assert.equal(c.body.holder_matches, undefined);
  assert.equal(c.text.includes(p.id_number), false, 'no ID number in the answer');
  assert.equal(c.text.includes('赵建国'), false, 'no full name in the answer');
  assert.equal((await check(`?id_number=${p.id_number}`)).body.holder_matches, true);
  assert.equal((await check(`?id_number=${idNumber('620201', '19800101', 111)}`)).body.holder_matches, false);
  // The department may not read the record itself.
  assertError(await get('city.department', `/api/v1/certificates/${r.body.number}`), 403, 'forbidden', 'department reads');
  assertError(await get('city.department', '/api/v1/certificates/620201001-2026-999999/check'), 404, 'not_found', 'unknown number');
  const audited = await poll(() => Number(sqlite(server.db, "SELECT count(*) FROM audit WHERE action = 'certificate.check'")) >= 4);
  assert.ok(audited, 'checks are audited');
});

test('refused requests write nothing and name the field at fault', async () => {
  const married = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { marital_status: '20' }));
  const certificates = count('certificate'), contracts = count('contract'), events = count('record_event');
  const sequence = sqlite(server.db, 'SELECT coalesce(sum(last), 0) FROM certificate_sequence');
  const cases = [
    [{ kind: 'temporary' }, 400, 'missing_field', 'spouse_name'],
    [{ kind: 'temporary', spouse_name: '李娜', spouse_id_number: '410102199003051223' }, 400, 'invalid_id_number', 'spouse_id_number'],
    [{ kind: 'temporary', spouse_name: '李娜', children: [{ name: '张一', sex: 'X', birth_date: '2019-01-01' }] }, 400, 'invalid_input', 'children'],
    [{ kind: 'temporary', spouse_name: '李娜', children: [{ name: '张一', sex: 'M', birth_date: '2099-01-01' }] }, 400, 'invalid_date', 'children'],
    [{ kind: 'temporary', spouse_name: '李娜', issued_on: '2099-01-01' }, 400, 'invalid_date', 'issued_on'],
    [{ kind: 'temporary', spouse_name: '李娜', contract_deadline: '2099-01-01' }, 400, 'invalid_date', 'contract_deadline'],
    [{ kind: 'temporary', spouse_name: '李娜', fee: '10' }, 400, 'unknown_field', 'fee'],
    [{ kind: 'standard', spouse_name: '李娜' }, 422, 'not_allowed', 'kind'],
    [{ kind: 'transfer', spouse_name: '李娜' }, 422, 'not_allowed', 'kind'],
    [{ kind: 'external' }, 400, 'invalid_input', 'kind'],
    [{}, 400, 'missing_field', 'kind'],
  ];
  for (const [body, status, code, field] of cases) {
    const r = await issue('xiongguan.town', married.id, body);
    assertError(r, status, code, JSON.stringify(body));
    assert.equal(r.body.error.field, field, JSON.stringify(body));
  }
  const ext = [
    [{ issuer_name: '某地' }, 400, 'missing_field', 'number'],
    [{ number: 'A/1', issuer_name: '某街道办事处', issued_on: '2026-01-01' }, 400, 'invalid_input', 'number'],
    [{ number: 'A1', issued_on: '2026-01-01' }, 400, 'missing_field', 'issuer_name'],
    [{ number: 'A1', issuer_name: '某街道办事处' }, 400, 'missing_field', 'issued_on'],
    [{ number: 'A1', issuer_name: '某街道办事处', issued_on: '2026-02-30' }, 400, 'invalid_date', 'issued_on'],
    [{ number: 'A1', issuer_name: '某街道办事处', issued_on: '2026-01-01', valid_until: '2025-01-01' }, 400, 'invalid_date', 'valid_until'],
  ];
  for (const [body, status, code, field] of ext) {
    const r = await record('fumin.comm', married.id, body);
    assertError(r, status, code, JSON.stringify(body));
    assert.equal(r.body.error.field, field, JSON.stringify(body));
  }
  assert.equal(count('certificate'), certificates);
  assert.equal(count('contract'), contracts);
  assert.equal(count('record_event'), events);
  assert.equal(sqlite(server.db, 'SELECT coalesce(sum(last), 0) FROM certificate_sequence'), sequence, 'no number used up');
  const refused = sqlite(server.db, "SELECT count(*) FROM audit WHERE action = 'certificate.issue' AND outcome <> 'ok'");
  assert.ok(Number(refused) >= cases.length - 4, 'refusals are audited');
});

test('every certificate step is audited and kept as an event of the person', async () => {
  const p = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { flow: 'outflow', marital_status: '10' }));
  const r = await issue('xiongguan.town', p.id, { kind: 'standard' });
  await post('fumin.comm', `/api/v1/certificates/${r.body.number}/distribution`, { received_by: '本人' });
  const actions = sqlite(server.db, `SELECT action FROM audit WHERE object = 'certificate:${r.body.number}' AND outcome = 'ok' ORDER BY id`);
  assert.deepEqual(actions.split('\n'), ['certificate.issue', 'certificate.distribute']);
  const events = await get('fumin.comm', `/api/v1/persons/${p.id}/events`);
  assert.equal(events.status, 200, events.text);
  assert.deepEqual(events.body.items.map((e) => `${e.actor} ${e.action}`), ['xiongguan.town certificate.issue', 'fumin.comm certificate.distribute']);
  assert.equal(events.body.items[0].subject, `certificate:${r.body.id}`);
  assert.match(events.body.items[1].detail, /领取人 本人/);
});

/** The verification page of a signed link; the link's host is this server's. */
async function verifyPage(url) {
  const u = new URL(url);
  return server.request('GET', `${u.pathname}${u.search}`);
}

const verdictOf = (r) => (r.text.match(/data-verdict="([a-z_]+)"/) || [])[1];

test('the QR code links to a public page that tells valid, expired, revoked and forged apart', async () => {
  const out = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { flow: 'outflow', marital_status: '10', name: '钱晓东' }));
  const c = (await issue('xiongguan.town', out.id, { kind: 'standard' })).body;
  const full = await get('xiongguan.town', `/api/v1/certificates/${c.number}`);
  const url = full.body.verify_url;
  assert.match(url, new RegExp(`^${server.url}/verify/${c.number}\\?sig=[A-Za-z0-9_-]{86}$`));

  const qr = await get('xiongguan.town', `/api/v1/certificates/${c.number}/qr`);
  assert.equal(qr.status, 200, qr.text);
  assert.equal(qr.headers.get('content-type'), 'image/svg+xml');
  assert.match(qr.text, /^<svg[^>]*viewBox="0 0 \d+ \d+"/);
  assertError(await get('gangcheng.town', `/api/v1/certificates/${c.number}/qr`), 404, 'not_found', 'QR out of scope');

  // Valid: no login, the name masked, nothing else about the person.
  const valid = await verifyPage(url);
  assert.equal(valid.status, 200);
  assert.match(valid.headers.get('content-type'), /^text\/html/);
  assert.equal(verdictOf(valid), 'valid');
  assert.match(valid.text, /钱\*\*/);
  assert.equal(valid.text.includes('钱晓东'), false);
  assert.equal(valid.text.includes(out.id_number), false);
  assert.match(valid.text, /嘉峪关市雄关街道办事处/);

  // Tampered: one character of the signature changed, or another number with this signature.
  const sig = new URL(url).searchParams.get('sig');
  const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
  assert.equal(verdictOf(await verifyPage(url.replace(sig, flipped))), 'forged');
  const other = c.number.replace(/\d{6}$/, (n) => String(Number(n) + 1).padStart(6, '0'));
  assert.equal(verdictOf(await verifyPage(url.replace(c.number, other))), 'forged');
  assert.equal(verdictOf(await server.request('GET', `/verify/${c.number}`)), 'forged', 'no signature');

  // Offline: the CLI checks the same link with the public key.
  const offline = server.cli(['verify', url]);
  assert.equal(offline.code, 0, offline.stdout + offline.stderr);
  assert.equal(server.cli(['verify', url.replace(sig, flipped)]).code, 1);

  // Revoked.
  await post('xiongguan.town', `/api/v1/certificates/${c.number}/revocation`, { reason: '本人已迁回户籍地' });
  assert.equal(verdictOf(await verifyPage(url)), 'revoked');

  // Expired.
  const inflow = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { marital_status: '10' }));
  const old = (await issue('xiongguan.town', inflow.id, { kind: 'temporary', issued_on: '2025-06-10' })).body;
  const oldUrl = (await get('xiongguan.town', `/api/v1/certificates/${old.number}`)).body.verify_url;
  const expired = await verifyPage(oldUrl);
  assert.equal(verdictOf(expired), 'expired');
  assert.match(expired.text, /2025-09-10/);
  const checks = await poll(() => Number(sqlite(server.db, "SELECT count(*) FROM audit WHERE action = 'certificate.verify'")) >= 6);
  assert.ok(checks, 'every verification is audited');
});

test('liudong check opens the sealed spouse ID numbers and names a certificate whose value was altered', async () => {
  const p = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { marital_status: '20' }));
  const c = (await issue('xiongguan.town', p.id, { kind: 'temporary', spouse_name: '李娜', spouse_id_number: idNumber('410102', '19910101', 224) })).body;
  const stored = sqlite(server.db, `SELECT hex(spouse_id_number_sealed) FROM certificate WHERE id = ${c.id}`);
  assert.ok(stored.length > 0 && !stored.includes(Buffer.from(c.spouse_id_number).toString('hex').toUpperCase()), 'sealed at rest');
  assert.equal(server.cli(['check']).code, 0);
  const altered = stored.slice(0, -2) + (stored.endsWith('00') ? '01' : '00');
  sqlite(server.db, `UPDATE certificate SET spouse_id_number_sealed = X'${altered}' WHERE id = ${c.id}`);
  const r = server.cli(['check']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, new RegExp(`婚育证明 ${c.id} 的加密字段无法解开`));
  sqlite(server.db, `UPDATE certificate SET spouse_id_number_sealed = X'${stored}' WHERE id = ${c.id}`);
});

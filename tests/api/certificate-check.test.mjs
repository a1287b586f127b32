// certificate-check.test.mjs — certificate checks by the departments
// (docs/api.md "婚育证明查验", policy §3): by ID number valid, expired,
// none and not_found, by number; the ID number never in the audit trail;
// the one-step notice that lands in the responsible town's inbox, and is
// refused (422 not_allowed) when the person holds a valid certificate.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DIV, assertError, sqlite, poll, createPerson, personBody, idNumber } from './lib/server.mjs';

let server;
let s;

before(async () => {
  server = await startServer();
  s = {};
  for (const u of ['xiongguan.town', 'gangcheng.town', 'fumin.comm', 'dazhong.comm', 'city.department',
    'fumin.warden'])
    s[u] = await server.session(u);
});

after(async () => {
  if (server) await server.stop();
});

const post = (user, path, body) => server.request('POST', path, { session: s[user], body });
const get = (user, path) => server.request('GET', path, { session: s[user] });
const count = (sql) => Number(sqlite(server.db, sql));
const check = (query) => get('city.department', `/api/v1/certificate-checks?${query}`);

/** A fresh unmarried inflow person in 福民社区 (雄关街道). */
const freshPerson = () => createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { marital_status: '10' }));

/** A temporary certificate issued by 雄关街道 (issued_on in the past: expired). */
async function temporary(person, issuedOn) {
  const body = { kind: 'temporary', ...(issuedOn ? { issued_on: issuedOn } : {}) };
  const r = await post('xiongguan.town', `/api/v1/persons/${person.id}/certificates`, body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('by ID number: valid, expired, none and not_found', async () => {
  const valid = await freshPerson();
  const cert = await temporary(valid);
  let r = await check(`id_number=${valid.id_number}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.result, 'valid');
  assert.equal(r.body.name_masked, valid.name[0] + '*'.repeat([...valid.name].length - 1));
  assert.deepEqual(Object.keys(r.body.certificate).sort(), ['issuer_name', 'kind', 'kind_label', 'number', 'valid_until']);
  assert.equal(r.body.certificate.number, cert.number);
  assert.equal(r.body.certificate.kind, 'temporary');
  assert.deepEqual(r.body.responsible_division.code, DIV.xiongguan);
  assert.ok(!r.text.includes(valid.id_number), 'the ID number is not echoed');

  const expired = await freshPerson();
  const old = await temporary(expired, '2025-06-10');
  r = await check(`id_number=${expired.id_number}`);
  assert.equal(r.body.result, 'expired', r.text);
  assert.equal(r.body.certificate.number, old.number);
  assert.equal(r.body.certificate.valid_until, '2025-09-10');

  // An expired one and then a valid one: valid.
  await temporary(expired);
  assert.equal((await check(`id_number=${expired.id_number}`)).body.result, 'valid');

  const none = await freshPerson();
  r = await check(`id_number=${none.id_number}`);
  assert.equal(r.body.result, 'none', r.text);
  assert.equal(r.body.certificate, null);
  assert.equal(r.body.responsible_division.code, DIV.xiongguan);
  // A revoked certificate does not count.
  const revoked = await temporary(none);
  const rv = await post('xiongguan.town', `/api/v1/certificates/${revoked.number}/revocation`, { reason: '登记有误' });
  assert.equal(rv.status, 200, rv.text);
  assert.equal((await check(`id_number=${none.id_number}`)).body.result, 'none');

  r = await check(`id_number=${idNumber('410102', '19900101', 777)}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { result: 'not_found', result_label: r.body.result_label, name_masked: null, certificate: null, responsible_division: null });

  assertError(await check('id_number=123'), 400, 'invalid_id_number', 'malformed');
  assertError(await check(''), 400, 'missing_field', 'neither key');
  assertError(await check(`id_number=${valid.id_number}&number=${cert.number}`), 400, 'invalid_input', 'both keys');
  assertError(await get('fumin.warden', `/api/v1/certificate-checks?id_number=${valid.id_number}`), 403, 'forbidden', 'a warden');

  // Audited as certificate.check, naming the record, never the ID number.
  const audited = await poll(() => count(`SELECT count(*) FROM audit WHERE action = 'certificate.check' AND object = 'person:${valid.id}'`) >= 1);
  assert.ok(audited, 'the check is audited');
  assert.equal(count(`SELECT count(*) FROM audit WHERE detail LIKE '%${valid.id_number}%' OR object LIKE '%${valid.id_number}%'`), 0);
});

test('by number: its state; revoked counts as none; unknown is not_found', async () => {
  const p = await freshPerson();
  const cert = await temporary(p);
  let r = await check(`number=${cert.number}`);
  assert.equal(r.body.result, 'valid', r.text);
  await post('xiongguan.town', `/api/v1/certificates/${cert.number}/revocation`, { reason: '登记有误' });
  r = await check(`number=${cert.number}`);
  assert.equal(r.body.result, 'none', r.text);
  assert.equal(r.body.certificate, null);
  r = await check('number=620201001-2020-999999');
  assert.equal(r.body.result, 'not_found', r.text);
});

test('one step: a department notices the responsible town when there is no valid certificate', async () => {
  const p = await freshPerson();
  await temporary(p, '2025-06-10');
  const r = await post('city.department', '/api/v1/certificate-checks/notices', { id_number: p.id_number, note: '办理营业执照时查验' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.result, 'expired');
  assert.equal(typeof r.body.notice_id, 'number');
  const inbox = await get('xiongguan.town', '/api/v1/notices?unread=true');
  const item = inbox.body.items.find((x) => x.id === r.body.notice_id);
  assert.ok(item, 'in the town\'s inbox');
  assert.equal(item.subject, '婚育证明查验：未持有效证明');
  assert.match(item.body, /办理营业执照时查验/);
  assert.match(item.body, /已过期/);
  assert.ok(item.body.includes(r.body.name_masked), 'names the masked person');
  assert.ok(!item.body.includes(p.name), 'not the full name');
  assert.equal(item.person_id, p.id);
  assert.deepEqual(item.recipients.map((x) => x.division.code), [DIV.xiongguan]);
  assertError(await get('gangcheng.town', `/api/v1/notices/${r.body.notice_id}`), 404, 'not_found', 'another town');

  const before = count('SELECT count(*) FROM notice');
  const valid = await freshPerson();
  await temporary(valid);
  assertError(await post('city.department', '/api/v1/certificate-checks/notices', { id_number: valid.id_number, note: '' }),
    422, 'not_allowed', 'a valid certificate');
  assertError(await post('city.department', '/api/v1/certificate-checks/notices', { id_number: idNumber('410102', '19900101', 778) }),
    422, 'not_allowed', 'no such person');
  assertError(await post('fumin.warden', '/api/v1/certificate-checks/notices', { id_number: p.id_number }), 403, 'forbidden', 'a warden');
  assert.equal(count('SELECT count(*) FROM notice'), before, 'nothing sent');
});

// transition.test.mjs — letter inquiries and transitions over HTTP
// (docs/api.md, "函调" and "转换"): an inquiry from draft to answer, due dates
// by urgency, scope; each transition refused with exactly its missing
// conditions (and nothing changed), then carried out with its evidence.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, personBody, createPerson, DIV, assertError, sqlite, idNumber,
} from './lib/server.mjs';

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

function todayInChina() {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

function addDays(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const post = (user, path, body) => server.request('POST', path, { session: s[user], body });
const get = (user, path) => server.request('GET', path, { session: s[user] });
const transition = (user, id, body) => post(user, `/api/v1/persons/${id}/transitions`, body);

/** An inquiry about person `id`, sent and answered: its id. */
async function answeredInquiry(id) {
  const q = await post('xiongguan.town', '/api/v1/inquiries', { person_id: id, send: true });
  assert.equal(q.status, 201, q.text);
  const a = await post('xiongguan.town', `/api/v1/inquiries/${q.body.id}/answer`, {
    marital_status: '20', reference: '中原计生函〔2026〕15号', answer_text: '经核实，该人已婚，育有一孩。',
  });
  assert.equal(a.status, 200, a.text);
  return q.body.id;
}

test('an inquiry goes from draft to sent to answered; due dates follow the urgency', async () => {
  const p = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin));
  assertError(await post('fumin.comm', '/api/v1/inquiries', { person_id: p.id }), 403, 'forbidden', 'community');
  assertError(await post('gangcheng.town', '/api/v1/inquiries', { person_id: p.id }), 404, 'not_found', 'other town');
  const draft = await post('xiongguan.town', '/api/v1/inquiries', { person_id: p.id, channel: 'workstation', note: '请核实婚育情况' });
  assert.equal(draft.status, 201, draft.text);
  assert.equal(draft.body.state, 'draft');
  assert.equal(draft.body.to_division.code, p.hukou_division.code, 'asks the hukou place by default');
  assert.equal(draft.body.from_division.code, DIV.xiongguan);
  assert.equal(draft.body.channel_label, '驻外工作站');
  assert.equal(draft.body.due_on, null);

  const sent = await post('xiongguan.town', `/api/v1/inquiries/${draft.body.id}/sending`, {});
  assert.equal(sent.status, 200, sent.text);
  assert.equal(sent.body.state, 'sent');
  assert.equal(sent.body.sent_on, todayInChina());
  assert.equal(sent.body.due_on, addDays(todayInChina(), 30));
  assertError(await post('xiongguan.town', `/api/v1/inquiries/${draft.body.id}/sending`, {}), 409, 'invalid_state', 'send twice');

  const urgent = await post('xiongguan.town', '/api/v1/inquiries', { person_id: p.id, urgency: 'urgent', send: true });
  assert.equal(urgent.body.due_on, addDays(todayInChina(), 15));

  const answer = (body) => post('xiongguan.town', `/api/v1/inquiries/${draft.body.id}/answer`, body);
  assertError(await answer({ marital_status: '20' }), 400, 'missing_field', 'no reference');
  assertError(await answer({ reference: '某函', marital_status: '99' }), 400, 'invalid_code', 'bad code');
  assertError(await answer({ reference: '某函', marital_status: '20', answered_on: '2020-01-01' }), 400, 'invalid_date', 'before sent');
  const a = await answer({ reference: '中原计生函〔2026〕15号', marital_status: '20', answer_text: '已婚' });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.state, 'answered');
  assert.equal(a.body.answer_marital_status_label, '已婚');
  assertError(await post('xiongguan.town', `/api/v1/inquiries/${draft.body.id}/cancellation`, { reason: '不再需要' }),
    409, 'invalid_state', 'cancel an answered one');

  const c = await post('xiongguan.town', `/api/v1/inquiries/${urgent.body.id}/cancellation`, { reason: '本人已交验证明' });
  assert.equal(c.body.state, 'cancelled');

  const listed = await get('xiongguan.town', `/api/v1/persons/${p.id}/inquiries`);
  assert.deepEqual(listed.body.items.map((q) => q.state), ['cancelled', 'answered']);
  const answered = await get('xiongguan.town', '/api/v1/inquiries?state=answered');
  const row = answered.body.items.find((q) => q.id === draft.body.id);
  assert.deepEqual(row.person, { id: p.id, name: p.name, id_number_masked: `${p.id_number.slice(0, 6)}********${p.id_number.slice(14)}` });
  const elsewhere = await get('gangcheng.town', '/api/v1/inquiries?state=answered');
  assert.equal(elsewhere.body.items.some((q) => q.id === draft.body.id), false, 'not seen by another town');
  assertError(await get('gangcheng.town', `/api/v1/inquiries/${draft.body.id}`), 404, 'not_found', 'other town reads');
});

test('an inquiry sent in the past is overdue after its due date', async () => {
  const p = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin));
  const q = await post('xiongguan.town', '/api/v1/inquiries', { person_id: p.id });
  // Drafted today: sending it on an earlier day is refused.
  assertError(await post('xiongguan.town', `/api/v1/inquiries/${q.body.id}/sending`, { sent_on: '2026-01-01' }),
    400, 'invalid_date', 'sent before drafted');
  sqlite(server.db, `UPDATE inquiry SET state = 2, sent_on = '2026-01-01', due_on = '2026-01-31' WHERE id = ${q.body.id}`);
  const r = await get('xiongguan.town', `/api/v1/inquiries/${q.body.id}`);
  assert.equal(r.body.state, 'overdue');
  const overdue = await get('xiongguan.town', '/api/v1/inquiries?state=overdue');
  assert.ok(overdue.body.items.some((x) => x.id === q.body.id));
});

test('a refused transition lists exactly the missing conditions and changes nothing', async () => {
  const p = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { marital_status: '20' }));
  const rows = () => sqlite(server.db, `SELECT count(*) FROM transition WHERE person_id = ${p.id}`);
  const r = await transition('xiongguan.town', p.id, {
    kind: 'resident_by_marriage', spouse_id_number: idNumber('620201', '19880512', 221), fixed_residence: true,
  });
  assertError(r, 422, 'transition_condition_unmet', 'no inquiry, not long-term');
  assert.deepEqual(r.body.error.missing.map((m) => m.code), ['long_term_residence', 'inquiry_answered']);
  assert.match(r.body.error.message, /长期居住/);
  assert.equal(rows(), '0');
  const now = await get('xiongguan.town', `/api/v1/persons/${p.id}`);
  assert.equal(now.body.management, 'floating');
  assert.equal(now.body.version, p.version);

  // A dry run tells the same without refusing.
  const dry = await transition('xiongguan.town', p.id, { kind: 'resident_by_marriage', dry_run: true });
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.body.allowed, false);
  assert.deepEqual(dry.body.conditions.filter((c) => !c.met).map((c) => c.code),
    ['spouse_local_hukou', 'long_term_residence', 'fixed_residence', 'inquiry_answered']);
  assert.equal(rows(), '0');
  assertError(await transition('fumin.comm', p.id, { kind: 'left' }), 403, 'forbidden', 'community');
});

test('inquiry → answer → resident management of a spouse of local hukou', async () => {
  const p = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { marital_status: '20' }));
  const inquiry = await answeredInquiry(p.id);
  const r = await transition('xiongguan.town', p.id, {
    kind: 'resident_by_marriage', spouse_id_number: idNumber('620201', '19880512', 221),
    long_term_residence: true, fixed_residence: true, inquiry_id: inquiry, documents: '结婚证、房屋产权证',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.from_management, 'floating');
  assert.equal(r.body.to_management, 'resident');
  assert.equal(r.body.inquiry_id, inquiry);
  assert.equal(r.body.documents, '结婚证、房屋产权证');
  const now = await get('xiongguan.town', `/api/v1/persons/${p.id}`);
  assert.equal(now.body.management, 'resident');
  const history = await get('xiongguan.town', `/api/v1/persons/${p.id}/history`);
  const change = history.body.items.find((h) => h.field === 'management');
  assert.deepEqual([change.old_value, change.new_value, change.actor], ['floating', 'resident', 'xiongguan.town']);
  // A spouse from elsewhere does not qualify.
  const q = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { marital_status: '20' }));
  const other = await transition('xiongguan.town', q.id, {
    kind: 'resident_by_marriage', spouse_id_number: idNumber('410102', '19880512', 221),
    long_term_residence: true, fixed_residence: true, inquiry_id: await answeredInquiry(q.id),
  });
  assert.deepEqual(other.body.error.missing.map((m) => m.code), ['spouse_local_hukou']);
  // Another person's inquiry is no evidence.
  const third = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { marital_status: '20' }));
  const borrowed = await transition('xiongguan.town', third.id, {
    kind: 'resident_by_marriage', spouse_id_number: idNumber('620201', '19880512', 221),
    long_term_residence: true, fixed_residence: true, inquiry_id: inquiry,
  });
  assert.deepEqual(borrowed.body.error.missing.map((m) => m.code), ['inquiry_answered']);
});

test('a year of residence, an answered inquiry and a certificate lead to resident management', async () => {
  const recent = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { arrival_date: addDays(todayInChina(), -300) }));
  const r1 = await transition('xiongguan.town', recent.id, { kind: 'resident_by_stay', fixed_residence: true, intent_to_stay: true });
  assert.deepEqual(r1.body.error.missing.map((m) => m.code), ['one_year', 'inquiry_answered', 'certificate_issued']);

  const p = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { arrival_date: '2024-03-01' }));
  const inquiry = await answeredInquiry(p.id);
  const r2 = await transition('xiongguan.town', p.id, { kind: 'resident_by_stay', fixed_residence: true, intent_to_stay: true, inquiry_id: inquiry });
  assert.deepEqual(r2.body.error.missing.map((m) => m.code), ['certificate_issued']);
  const ext = await post('fumin.comm', `/api/v1/persons/${p.id}/certificates/external`, {
    number: `ZY-STAY-${p.id}`, issuer_name: '郑州市中原区林山寨街道办事处', issued_on: '2026-06-01',
  });
  assert.equal(ext.status, 201, ext.text);
  const r3 = await transition('xiongguan.town', p.id, { kind: 'resident_by_stay', fixed_residence: true, intent_to_stay: true, inquiry_id: inquiry });
  assert.equal(r3.status, 201, r3.text);
  assert.equal(r3.body.to_management, 'resident');
});

test('a hand-over issues a transfer certificate to the spouse\'s place; left and returned', async () => {
  const p = await createPerson(server, s['fumin.comm'], personBody(DIV.fumin, { flow: 'outflow', marital_status: '20' }));
  const inside = await transition('xiongguan.town', p.id, {
    kind: 'handover', destination_division: DIV.dazhong, long_term_residence: true, fixed_residence: true, spouse_name: '王丽华',
  });
  assert.deepEqual(inside.body.error.missing.map((m) => m.code), ['destination_outside_city']);
  const r = await transition('xiongguan.town', p.id, {
    kind: 'handover', destination_division: '410102', destination_address: '郑州市中原区建设路56号',
    long_term_residence: true, fixed_residence: true, spouse_name: '王丽华', documents: '结婚证',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.to_management, 'handed_over');
  assert.match(r.body.certificate_number, /^620201001-\d{4}-\d{6}$/);
  const c = await get('xiongguan.town', `/api/v1/certificates/${r.body.certificate_number}`);
  assert.equal(c.body.kind, 'transfer');
  assert.equal(c.body.destination_division.code, '410102');
  assert.equal(c.body.spouse_name, '王丽华');
  assert.equal(r.body.certificate_id, c.body.id);

  const back = await transition('xiongguan.town', p.id, { kind: 'returned' });
  assert.equal(back.status, 201, back.text);
  assert.equal(back.body.to_management, 'floating');
  const gone = await transition('xiongguan.town', p.id, { kind: 'left', destination_division: '510104' });
  assert.equal(gone.status, 201, gone.text);
  assert.equal(gone.body.to_management, 'left');
  const again = await transition('xiongguan.town', p.id, { kind: 'left', destination_division: '510104' });
  assert.deepEqual(again.body.error.missing.map((m) => m.code), ['not_away']);
  const list = await get('xiongguan.town', `/api/v1/persons/${p.id}/transitions`);
  assert.deepEqual(list.body.items.map((t) => t.kind), ['left', 'returned', 'handover']);
  assertError(await transition('xiongguan.town', p.id, { kind: 'moved' }), 400, 'invalid_input', 'unknown kind');
  assertError(await transition('xiongguan.town', p.id, { kind: 'left', destination_division: '999999' }), 400, 'invalid_division', 'bad division');
});

// worklist.test.mjs — the work list over HTTP (docs/api.md, "GET /api/v1/worklist"):
// one case of every kind in each of two towns (福民社区 in 雄关街道, 大众社区 in
// 钢城街道), plus near misses that must not appear; each office sees exactly its
// own items with exact counts, never another town's; kind, limit and division
// narrow the list; bad parameters are refused; `liudong due` agrees.
//
// Persons and certificates go through the API with dates relative to today in
// China; inquiries (whose API is written elsewhere) are inserted as rows.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, personBody, createPerson, DIV, assertError, sqlite, poll,
} from './lib/server.mjs';

const KINDS = ['certificate_missing', 'temporary_ending', 'temporary_ended', 'contract_overdue',
  'inquiry_due', 'inquiry_overdue', 'resident_candidate', 'outflow_without_certificate'];
// Kinds that belong to an office, not to a person: field-report.test.mjs covers
// report_unhandled; complaint_overdue has the last test here.  Until then their counts stay 0.
const OFFICE_KINDS = ['report_unhandled', 'complaint_overdue'];

let server;
const s = {};
const today = todayInChina();
// Per place: the expected items {kind: {person, due_on, subject}}, and the near misses.
const cases = { fumin: {}, dazhong: {} };
const misses = { fumin: [], dazhong: [] };

/** Today in China (UTC+8), as the server counts it. */
function todayInChina() {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

function addDays(iso, days) {
  const t = Date.parse(`${iso}T00:00:00Z`) + days * 86400e3;
  return new Date(t).toISOString().slice(0, 10);
}

/** The same day `months` later, moved back to the month's end when shorter. */
function addMonths(iso, months) {
  const [y, m, d] = iso.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12), month = index % 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const daysBetween = (a, b) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400e3);

const get = (user, path) => server.request('GET', path, { session: s[user] });

async function person(community, over) {
  return createPerson(server, s['city.officer'], personBody(community, over));
}

async function issue(personId, body) {
  const r = await server.request('POST', `/api/v1/persons/${personId}/certificates`,
    { session: s['city.officer'], body: { spouse_name: '李娜', ...body } });
  assert.equal(r.status, 201, `issue ${JSON.stringify(body)}: ${r.text}`);
  return r.body;
}

/** A sent inquiry about `personId` due on `dueOn`; returns its id. */
function inquiry(personId, dueOn, state = 2) {
  const id = sqlite(server.db,
    'INSERT INTO inquiry (person_id, from_division, to_division, channel, urgency, subject, state, ' +
    'note, sent_on, due_on, answered_on, answer_marital_status, answer_text, answer_reference, ' +
    `cancel_reason, version, created_at, updated_at) VALUES (${Number(personId)}, '620201001', ` +
    `'410102', 1, 1, 1, ${Number(state)}, '', '${addDays(today, -20)}', '${dueOn}', '', '', '', '', '', ` +
    "1, 0, 0); SELECT last_insert_rowid();");
  return Number(id);
}

/** One case of every kind, and near misses, living in `community`. */
async function build(place, community) {
  const c = cases[place];
  const miss = misses[place];
  // 30 days here without a certificate: due today.  29 days: not yet.
  const thirty = await person(community, { arrival_date: addDays(today, -30) });
  c.certificate_missing = { person: thirty, due_on: today, subject: null };
  miss.push(await person(community, { arrival_date: addDays(today, -29) }));

  // A calendar year here (with a temporary certificate, so only this kind); a day short: not yet.
  const year = await person(community, { arrival_date: addMonths(today, -12) });
  await issue(year.id, { kind: 'temporary' });
  c.resident_candidate = { person: year, due_on: today, subject: null };
  const short = await person(community, { arrival_date: addDays(addMonths(today, -12), 1) });
  await issue(short.id, { kind: 'temporary' });
  miss.push(short);

  // A temporary certificate that ends within 15 days.
  const ending = await person(community, { arrival_date: addDays(today, -100) });
  const e = await issue(ending.id, { kind: 'temporary', issued_on: addDays(today, -80) });
  assert.ok(e.valid_until >= today && e.valid_until <= addDays(today, 15), `ends ${e.valid_until}`);
  c.temporary_ending = { person: ending, due_on: e.valid_until, subject: `certificate:${e.number}` };

  // One that ended: its contract is overdue too.
  const ended = await person(community, { arrival_date: addDays(today, -200) });
  const x = await issue(ended.id, { kind: 'temporary', issued_on: addDays(today, -190) });
  assert.equal(x.state, 'expired');
  c.temporary_ended = { person: ended, due_on: x.valid_until, subject: `certificate:${x.number}` };
  c.contract_overdue = { person: ended, due_on: x.contract.deadline, subject: `contract:${x.contract.id}` };

  // An outflow person without a certificate; one with a standard certificate.
  const out = await person(community, { flow: 'outflow', arrival_date: addDays(today, -60) });
  c.outflow_without_certificate = { person: out, due_on: addDays(today, -60), subject: null };
  const covered = await person(community, { flow: 'outflow', arrival_date: addDays(today, -60) });
  await issue(covered.id, { kind: 'standard' });
  miss.push(covered);

  // Inquiries about `short`: overdue, due in 7 days; due in 8 days and answered ones are no work.
  const overdue = inquiry(short.id, addDays(today, -3));
  c.inquiry_overdue = { person: short, due_on: addDays(today, -3), subject: `inquiry:${overdue}` };
  const due = inquiry(short.id, addDays(today, 7));
  c.inquiry_due = { person: short, due_on: addDays(today, 7), subject: `inquiry:${due}` };
  inquiry(short.id, addDays(today, 8));
  inquiry(short.id, addDays(today, -3), 3);
}

before(async () => {
  server = await startServer();
  for (const u of ['city.officer', 'xiongguan.town', 'gangcheng.town', 'fumin.comm', 'dazhong.comm',
    'xiongguan.police'])
    s[u] = await server.session(u);
  await build('fumin', DIV.fumin);
  await build('dazhong', DIV.dazhong);
});

after(async () => {
  if (server) await server.stop();
});

/** The items expected for the places, as "kind person subject" keys. */
function expectedKeys(places) {
  const keys = [];
  for (const place of places)
    for (const [kind, c] of Object.entries(cases[place]))
      keys.push(`${kind} ${c.person.id} ${c.subject}`);
  return keys.sort();
}

const keysOf = (items) => items.map((i) => `${i.kind} ${i.person.id} ${i.subject}`).sort();

function assertCounts(body, each) {
  assert.deepEqual(Object.keys(body.counts).sort(), [...KINDS, ...OFFICE_KINDS].sort());
  for (const kind of KINDS) assert.equal(body.counts[kind], each, `count of ${kind}`);
  for (const kind of OFFICE_KINDS) assert.equal(body.counts[kind], 0, `count of ${kind}`);
  assert.equal(body.total, each * KINDS.length);
}

for (const [user, places] of [['xiongguan.town', ['fumin']], ['fumin.comm', ['fumin']],
  ['gangcheng.town', ['dazhong']], ['dazhong.comm', ['dazhong']], ['city.officer', ['fumin', 'dazhong']]]) {
  test(`${user} sees exactly the items of ${places.join(' and ')}, with exact counts`, async () => {
    const r = await get(user, '/api/v1/worklist');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.today, today);
    assertCounts(r.body, places.length);
    assert.deepEqual(keysOf(r.body.items), expectedKeys(places));
    const prefix = { fumin: DIV.fumin, dazhong: DIV.dazhong };
    for (const item of r.body.items)
      assert.ok(places.some((p) => item.person.residence_division.code === prefix[p]),
        `${item.kind} of ${item.person.residence_division.code} is not ${user}'s`);
  });
}

test('each item names the person, the action and the due date, and the list runs by due date', async () => {
  const r = await get('xiongguan.town', '/api/v1/worklist');
  assert.equal(r.status, 200, r.text);
  const labels = {
    certificate_missing: ['未交验婚育证明', '催交户籍地婚育证明或办理临时婚育证明'],
    temporary_ending: ['临时婚育证明即将到期', '提醒在到期前交验户籍地婚育证明'],
    temporary_ended: ['临时婚育证明已到期', '核实婚育情况，发函调查或补办证明'],
    contract_overdue: ['管理服务合同书逾期', '督促履行管理服务合同书'],
    inquiry_due: ['函调即将到期', '跟进函调回复'],
    inquiry_overdue: ['函调逾期未复', '催复函调或改用网络/工作站核查'],
    resident_candidate: ['可转为常住管理', '核查是否符合转为常住管理条件'],
    outflow_without_certificate: ['流出人口未办婚育证明', '为其签发流动人口婚育证明'],
  };
  for (const item of r.body.items) {
    const want = cases.fumin[item.kind];
    assert.deepEqual([item.kind_label, item.action], labels[item.kind]);
    assert.equal(item.due_on, want.due_on, `${item.kind} due_on`);
    assert.equal(item.overdue_days, Math.max(0, daysBetween(want.due_on, today)), `${item.kind} overdue_days`);
    assert.equal(item.subject, want.subject);
    assert.equal(item.person.id, want.person.id);
    assert.equal(item.person.name, want.person.name);
    assert.equal(item.person.flow, want.person.flow);
    assert.match(item.person.id_number_masked, /^\d{6}\*{8}\d{3}[\dX]$/);
    assert.equal(item.person.id_number_masked.slice(0, 6), want.person.id_number.slice(0, 6));
    assert.deepEqual(item.person.residence_division, { code: DIV.fumin, name: '甘肃省嘉峪关市雄关街道福民社区' });
    assert.equal(item.person.id_number, undefined, 'no full ID number');
  }
  const due = r.body.items.map((i) => i.due_on);
  assert.deepEqual(due, [...due].sort(), 'by due date');
  assert.ok(cases.fumin.temporary_ended.due_on < today);
  assert.ok(r.body.items.find((i) => i.kind === 'temporary_ended').overdue_days > 0);
});

test('a division outside the scope gives an empty list, not another office\'s items', async () => {
  for (const [user, division] of [['xiongguan.town', DIV.dazhong], ['fumin.comm', DIV.gangcheng],
    ['dazhong.comm', DIV.shengli], ['gangcheng.town', DIV.xiongguan]]) {
    const r = await get(user, `/api/v1/worklist?division=${division}`);
    assert.equal(r.status, 200, `${user} ${division}: ${r.text}`);
    assertCounts(r.body, 0);
    assert.deepEqual(r.body.items, []);
  }
  // Inside the scope, a division narrows it; a wider one is narrowed to the scope.
  const town = await get('city.officer', `/api/v1/worklist?division=${DIV.gangcheng}`);
  assert.deepEqual(keysOf(town.body.items), expectedKeys(['dazhong']));
  const other = await get('xiongguan.town', `/api/v1/worklist?division=${DIV.shengli}`);
  assertCounts(other.body, 0);
  const wide = await get('fumin.comm', '/api/v1/worklist?division=620200');
  assert.deepEqual(keysOf(wide.body.items), expectedKeys(['fumin']));
});

test('kind lists one kind and limit caps each kind; the counts stay exact', async () => {
  const one = await get('city.officer', '/api/v1/worklist?kind=temporary_ended');
  assert.equal(one.status, 200, one.text);
  assertCounts(one.body, 2);
  assert.deepEqual(one.body.items.map((i) => i.kind), ['temporary_ended', 'temporary_ended']);
  const capped = await get('city.officer', '/api/v1/worklist?limit=1');
  assert.equal(capped.status, 200, capped.text);
  assertCounts(capped.body, 2);
  assert.equal(capped.body.items.length, KINDS.length);
  assert.deepEqual([...new Set(capped.body.items.map((i) => i.kind))].sort(), [...KINDS].sort());
  const both = await get('city.officer', '/api/v1/worklist?kind=inquiry_due&limit=1');
  assert.equal(both.body.items.length, 1);
});

test('bad parameters are refused with the field', async () => {
  assertError(await get('city.officer', '/api/v1/worklist?kind=expired'), 400, 'invalid_input', 'kind');
  for (const limit of ['0', '501', 'abc', '-1'])
    assertError(await get('city.officer', `/api/v1/worklist?limit=${limit}`), 400, 'invalid_input', `limit ${limit}`);
  const field = await get('city.officer', '/api/v1/worklist?limit=0');
  assert.equal(field.body.error.field, 'limit');
  assertError(await get('city.officer', '/api/v1/worklist?status=open'), 400, 'unknown_field', 'unknown');
  assertError(await get('city.officer', '/api/v1/worklist?division=410102'), 400, 'invalid_division', 'not the city');
  assertError(await get('xiongguan.police', '/api/v1/worklist'), 403, 'forbidden', 'police');
  assertError(await server.request('GET', '/api/v1/worklist'), 401, 'unauthenticated', 'no login');
});

test('reading the work list is audited with the division and kind, never a name', async () => {
  await get('fumin.comm', '/api/v1/worklist?kind=certificate_missing');
  const audited = await poll(() => Number(sqlite(server.db,
    "SELECT count(*) FROM audit WHERE action = 'worklist.read' AND username = 'fumin.comm' " +
    "AND detail LIKE '%kind=certificate_missing%'")) >= 1);
  assert.ok(audited, 'worklist.read audited');
});

test('liudong due prints the same counts and items', async () => {
  const r = server.cli(['due', '--division', DIV.xiongguan]);
  assert.equal(r.code, 0, r.stderr);
  const counts = {};
  for (const m of r.stdout.matchAll(/^ {2}\S+\s+(\d+)\s+([a-z_]+)$/gm)) counts[m[2]] = Number(m[1]);
  assert.deepEqual(Object.keys(counts).sort(), [...KINDS, ...OFFICE_KINDS].sort(), r.stdout);
  for (const kind of KINDS) assert.equal(counts[kind], 1, `${kind} in ${r.stdout}`);
  assert.match(r.stdout, /甘肃省嘉峪关市雄关街道（\d{4}-\d{2}-\d{2}）/);
  assert.match(r.stdout, new RegExp(`certificate:${cases.fumin.temporary_ended.subject.slice(12)}`));
  assert.match(r.stdout, /→ 核实婚育情况，发函调查或补办证明/);
  const actions = r.stdout.split('\n').filter((l) => l.startsWith('    → '));
  assert.equal(actions.length, KINDS.length);
  const kindOnly = server.cli(['due', '--kind', 'outflow_without_certificate', '--limit', '1']);
  assert.equal(kindOnly.code, 0, kindOnly.stderr);
  assert.equal(kindOnly.stdout.split('\n').filter((l) => l.startsWith('    → ')).length, 1);
  assert.match(kindOnly.stdout, /列出 1 项，共 2 项/);
  const bad = server.cli(['due', '--kind', 'expired']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /\[usage\]/);
  const outside = server.cli(['due', '--division', '410102']);
  assert.equal(outside.code, 1);
  assert.match(outside.stderr, /\[invalid_division\]/);
});

test('a complaint past its due date is an item of the office it is assigned to, until answered', async () => {
  const c = await server.request('POST', '/api/v1/complaints', {
    session: s['city.officer'], body: { channel: 'hotline', category: 'service', subject: '办证太慢', content: '办理婚育证明等了很久。' },
  });
  assert.equal(c.status, 201, c.text);
  const a = await server.request('POST', `/api/v1/complaints/${c.body.id}/assignment`, { session: s['city.officer'], body: { office: DIV.xiongguan } });
  assert.equal(a.status, 200, a.text);
  const subject = `complaint:${c.body.id}`;
  // Due today: not yet overdue.
  sqlite(server.db, `UPDATE complaint SET due_on = '${today}' WHERE id = ${c.body.id}`);
  let r = await get('xiongguan.town', '/api/v1/worklist?kind=complaint_overdue');
  assert.equal(r.body.counts.complaint_overdue, 0);
  sqlite(server.db, `UPDATE complaint SET due_on = '${addDays(today, -4)}' WHERE id = ${c.body.id}`);
  r = await get('xiongguan.town', '/api/v1/worklist?kind=complaint_overdue');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.counts.complaint_overdue, 1);
  assert.deepEqual(r.body.items.map((i) => [i.kind, i.kind_label, i.subject, i.person, i.due_on, i.overdue_days]),
    [['complaint_overdue', '投诉逾期未答复', subject, null, addDays(today, -4), 4]]);
  const city = await get('city.officer', '/api/v1/worklist?kind=complaint_overdue');
  assert.equal(city.body.counts.complaint_overdue, 1);
  for (const user of ['gangcheng.town', 'fumin.comm']) {
    const other = await get(user, '/api/v1/worklist');
    assert.equal(other.body.counts.complaint_overdue, 0, user);
  }
  const due = server.cli(['due', '--division', DIV.xiongguan, '--kind', 'complaint_overdue']);
  assert.equal(due.code, 0, due.stderr);
  assert.match(due.stdout, /^ {2}\S+\s+1\s+complaint_overdue$/m);
  assert.match(due.stdout, new RegExp(`${subject}\\n    → 尽快答复投诉并登记办理结果`));
  const reply = await server.request('POST', `/api/v1/complaints/${c.body.id}/reply`, { session: s['xiongguan.town'], body: { reply: '已核实，当天补办。' } });
  assert.equal(reply.status, 200, reply.text);
  r = await get('xiongguan.town', '/api/v1/worklist?kind=complaint_overdue');
  assert.equal(r.body.counts.complaint_overdue, 0);
  assert.deepEqual(r.body.items, []);
});

// authz-matrix.test.mjs — the authorization matrix: every route of the
// route table (`liudong routes`) × every role × {own scope, other scope},
// plus the route without login, against tests/api/authz-expected.json.
//
// The expected table is written by hand from docs/api.md and
// src/security/authz.c.  A route missing from it, or one this file has no
// request for, fails: a new route needs its row and its request here.
//
// Each cell sends a valid request: the "own" fixtures lie in 福民社区
// (雄关街道), the "other" ones in 大众社区 (钢城街道).  Cells that change
// state get fresh records (PATCH) or fresh sessions (logout, password).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  startServer, liudongOk, personBody, createPerson, passwordOf, DIV, ROLE_USER, USERS,
} from './lib/server.mjs';

const expected = JSON.parse(readFileSync(new URL('./authz-expected.json', import.meta.url), 'utf8'));
const ROLES = Object.keys(ROLE_USER);

// The route table, read from the program itself (no server needed).
const routes = liudongOk(['routes']).stdout.trim().split('\n').map((line) => {
  const [method, pattern, permission, limit, summary] = line.split('\t');
  return { key: `${method} ${pattern}`, method, pattern, permission, limit: Number(limit), summary };
});

let server;
const fixture = {}; // own / other: a person record in each place
const password = {}; // current password of each user (the password route changes it and back)

before(async () => {
  server = await startServer({ tokens: ['city.officer'] });
  for (const u of Object.keys(USERS)) password[u] = passwordOf(u);
  const city = await server.session('city.officer');
  fixture.own = await createPerson(server, city, personBody(DIV.fumin, { name: '甲乙丙' }));
  fixture.other = await createPerson(server, city, personBody(DIV.dazhong, { name: '丁戊己' }));
  for (const where of ['own', 'other']) {
    fixture[where].certificate = (await freshCertificate(where, fixture[where])).number;
    const q = await server.request('POST', '/api/v1/inquiries', { token: server.tokens['city.officer'], body: { person_id: fixture[where].id } });
    assert.equal(q.status, 201, `fixture: ${q.text}`);
    fixture[where].inquiry = q.body.id;
    fixture[where].outflow = await freshOutflow(where);
    fixture[where].organization = (await freshOrganization(where)).id;
    fixture[where].builder = (await freshBuilder(where)).id;
    await freshEmployment(where);
    fixture[where].visit = (await freshVisit(where)).id;
    fixture[where].notice = (await freshNotice(where)).id;
    fixture[where].home = (await freshHome(where)).id;
    fixture[where].report = (await freshReport(where)).id;
    fixture[where].servicePoint = (await freshServicePoint(where)).id;
    fixture[where].complaint = await freshComplaint(where);
    fixture[where].aidStore = (await freshAidStore(where)).id;
    fixture[where].agreement = (await freshAgreement(where)).id;
  }
});

after(async () => {
  if (server) await server.stop();
});

const place = (where) => (where === 'other' ? DIV.dazhong : DIV.fumin);

/** A fresh record in `where`, registered by the city officer's API token. */
async function freshPerson(where) {
  const r = await server.request('POST', '/api/v1/persons', {
    token: server.tokens['city.officer'], body: personBody(place(where)),
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

/** A fresh temporary certificate for a person in `where` (a new person unless given). */
async function freshCertificate(where, person = null) {
  const p = person ?? await freshPerson(where);
  const r = await server.request('POST', `/api/v1/persons/${p.id}/certificates`, {
    token: server.tokens['city.officer'], body: { kind: 'temporary', spouse_name: '李娜' },
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

/** A fresh outflow person in `where` (registered there, hukou in 福民社区). */
async function freshOutflow(where) {
  const r = await server.request('POST', '/api/v1/persons', {
    token: server.tokens['city.officer'], body: personBody(place(where), { flow: 'outflow' }),
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

const DEPARTURE = { departed_on: '2026-03-01', destination_division: '510104', contact_phone: '13993712345' };

/** A fresh open departure of a new outflow person in `where`. */
async function freshDeparture(where) {
  const p = await freshOutflow(where);
  const r = await server.request('POST', `/api/v1/persons/${p.id}/departures`, {
    token: server.tokens['city.officer'], body: DEPARTURE,
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

/** A fresh granted benefit of the fixture person in `where`. */
async function freshBenefit(where) {
  const r = await server.request('POST', `/api/v1/persons/${fixture[where].id}/benefits`, {
    token: server.tokens['city.officer'], body: { kind: 'only_child_parent_reward', period: '2026', amount: '120' },
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

/** A fresh organization (a service institution: no credit code needed) in `where`. */
/** A fresh home in `where`, let by the fixture person there (no landlord account is bound to it). */
async function freshHome(where) {
  const r = await server.request('POST', '/api/v1/homes', {
    token: server.tokens['city.officer'],
    body: { community: place(where), address: '新华南路12号院3号楼501室', rooms: 1, landlord_person_id: fixture[where].id },
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

/** A fresh current tenancy of a new person in the fixture home of `where`. */
async function freshTenancy(where) {
  const p = await freshPerson(where);
  const r = await server.request('POST', `/api/v1/homes/${fixture[where].home}/tenancies`, {
    token: server.tokens['city.officer'], body: { person_id: p.id },
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

/** A fresh field report in `where`, filed by the employer (city scope): only it and the handlers reach it. */
async function freshReport(where) {
  const r = await server.request('POST', '/api/v1/field-reports', {
    session: await server.session('jyg.employer'),
    body: { kind: 'move_in', community: place(where), description: '有外地务工人员入住职工宿舍' },
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

async function freshOrganization(where) {
  const r = await server.request('POST', '/api/v1/organizations', {
    token: server.tokens['city.officer'], body: { kind: 'service_institution', name: '流动人口服务站', division: place(where) },
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

/** A fresh active service point (流动人口服务之家) in `where`. */
async function freshServicePoint(where) {
  const r = await server.request('POST', '/api/v1/service-points', {
    token: server.tokens['city.officer'], body: { kind: 'service_home', name: '流动人口服务之家', division: place(where), services: ['consultation'] },
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

/** A fresh active aid store (爱心救助超市) in `where`. */
async function freshAidStore(where) {
  const r = await server.request('POST', '/api/v1/service-points', {
    token: server.tokens['city.officer'], body: { kind: 'aid_store', name: '爱心救助超市', division: place(where), services: ['aid'] },
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

const YEAR = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();

/** A fresh agreement of this year with a fresh unit in `where`; `assessed`: scored too. */
async function freshAgreement(where, { assessed = false } = {}) {
  const token = server.tokens['city.officer'];
  const unit = await freshOrganization(where);
  const r = await server.request('POST', '/api/v1/agreements', {
    token, body: { year: YEAR, party_kind: 'unit', party_organization_id: unit.id, title: '流动人口计划生育目标管理责任书', items: [{ description: '建立流动人口管理服务制度', weight: 100 }] },
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  if (!assessed) return r.body;
  const a = await server.request('POST', `/api/v1/agreements/${r.body.id}/assessment`, { token, body: { items: [{ ordinal: 1, score: 85 }] } });
  assert.equal(a.status, 200, `fixture: ${a.text}`);
  return a.body;
}

/** One CSV row of a fresh person living in `where`, as an import file. */
function importFile(where) {
  const p = personBody(place(where));
  const text = `姓名,公民身份号码,户籍地,所属社区\n${p.name},${p.id_number},${p.hukou_division},${p.residence_division}\n`;
  return Buffer.from(text).toString('base64');
}

/** A fresh finished import run whose division is the community of `where`. */
async function freshImport(where) {
  const r = await server.request('POST', '/api/v1/imports', {
    token: server.tokens['city.officer'], body: { file_name: 'rows.csv', content: importFile(where), division: place(where) },
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

const town = (where) => (where === 'other' ? DIV.gangcheng : DIV.xiongguan);
const COMPLAINT = { channel: 'hotline', category: 'fee', subject: '违规收费', content: '办理证明被收取费用。' };

/** A fresh complaint taken in by the city and assigned to the town of `where`; `answered`: replied too. */
async function freshComplaint(where, { answered = false } = {}) {
  const token = server.tokens['city.officer'];
  const c = await server.request('POST', '/api/v1/complaints', { token, body: COMPLAINT });
  assert.equal(c.status, 201, `fixture: ${c.text}`);
  const a = await server.request('POST', `/api/v1/complaints/${c.body.id}/assignment`, { token, body: { office: town(where) } });
  assert.equal(a.status, 200, `fixture: ${a.text}`);
  if (!answered) return a.body;
  const r = await server.request('POST', `/api/v1/complaints/${c.body.id}/reply`, { token, body: { reply: '已核实并退费。' } });
  assert.equal(r.status, 200, `fixture: ${r.text}`);
  return r.body;
}

/** A fresh notice (通报) to the community in `where`, from the city officer. */
async function freshNotice(where) {
  const r = await server.request('POST', '/api/v1/notices', {
    token: server.tokens['city.officer'], body: { recipients: [place(where)], subject: '出租屋新入住人员', body: '请上门登记并查验婚育证明。' },
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

/** A fresh joint visit in `where` with its fixture person, opened by the city officer (family side). */
async function freshVisit(where) {
  const r = await server.request('POST', '/api/v1/visits', {
    token: server.tokens['city.officer'], body: visitBody(where),
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

const visitBody = (where) => ({
  community: place(where), address: '新华中路 18 号', visited_on: '2026-03-02',
  persons: [{ person_id: fixture[where].id, relation: 'head' }],
});

/** A fresh construction enterprise in `where` (its credit code from GB 32100's weights). */
let builderSerial = 0;
async function freshBuilder(where) {
  const set = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body17 = `91620200MB${String(++builderSerial).padStart(7, '0')}`;
  const sum = [...body17].reduce((acc, c, i) => acc + set.indexOf(c) * weights[i], 0);
  const r = await server.request('POST', '/api/v1/organizations', {
    token: server.tokens['city.officer'],
    body: { kind: 'construction_enterprise', name: '雄关建筑工程有限公司', credit_code: body17 + set[(31 - (sum % 31)) % 31], division: place(where) },
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

const EMPLOYMENT = { job: '钢筋工', work_site: '雄关广场工地', starts_on: '2026-03-01', lives_on_site: true, seasonal: true };

/** A fresh on-site worker (a new person) of the construction enterprise in `where`. */
async function freshEmployment(where) {
  const r = await server.request('POST', `/api/v1/organizations/${fixture[where].builder}/employments`, {
    token: server.tokens['city.officer'], body: { ...personBody(place(where)), ...EMPLOYMENT, site_division: place(where) },
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

let externalSerial = 0;

/** A fresh inquiry about a new person in `where`, sent if asked. */
async function freshInquiry(where, send) {
  const p = await freshPerson(where);
  const r = await server.request('POST', '/api/v1/inquiries', {
    token: server.tokens['city.officer'], body: { person_id: p.id, send },
  });
  assert.equal(r.status, 201, `fixture: ${r.text}`);
  return r.body;
}

/** A new session of its own for a cell that ends or upsets sessions. */
async function freshSession(user) {
  const r = await server.login(user, password[user]);
  assert.equal(r.status, 201, `fresh login of ${user}: ${r.text}`);
  return r.session;
}

// Accounts for the user.admin routes: a new name each time, made by the administrator.
const USER_PASSWORD = '雄关街道福民社区采集口令2026';
let userSerial = 0;
const newUserBody = (where) => ({ username: `matrix.user${++userSerial}`, role: 'community_officer', scope: place(where), password: USER_PASSWORD });
async function freshUser(where) {
  const r = await server.request('POST', '/api/v1/users', { session: await server.session('sys.admin'), body: newUserBody(where) });
  assert.equal(r.status, 201, `fixture user: ${r.text}`);
  return r.body;
}
async function freshToken() {
  const r = await server.request('POST', '/api/v1/tokens', { session: await server.session('sys.admin'), body: { username: 'fumin.comm', name: '待吊销' } });
  assert.equal(r.status, 201, `fixture token: ${r.text}`);
  return r.body.id;
}

// For each route: build the cell's request.  cell = {user (null: no login),
// where: 'own'|'other'}.  Returns {method, path, opts, session: 'shared'|'fresh'|null, after}.
const REQUESTS = {
  'GET /healthz': () => ({ path: '/healthz' }),
  'GET /metrics': () => ({ path: '/metrics' }),
  'POST /api/v1/session': ({ user }) => {
    const who = user ?? 'fumin.comm';
    return { opts: { body: { username: who, password: password[who] } } };
  },
  'DELETE /api/v1/session': () => ({ session: 'fresh' }),
  'GET /api/v1/me': () => ({}),
  'POST /api/v1/me/password': ({ user }) => {
    if (!user) return { opts: { body: { old_password: 'x'.repeat(12), new_password: 'y'.repeat(12) } } };
    const old = password[user];
    const next = `${old}·改`;
    return {
      session: 'fresh',
      opts: { body: { old_password: old, new_password: next } },
      // Back to the old password; the change ended the user's other sessions.
      after: async (r, session) => {
        server.forget(user);
        if (r.status !== 204) return;
        const back = await server.request('POST', '/api/v1/me/password', { session, body: { old_password: next, new_password: old } });
        if (back.status !== 204) password[user] = next;
      },
    };
  },
  'POST /api/v1/persons': ({ where }) => ({ opts: { body: personBody(place(where)) } }),
  'GET /api/v1/persons': ({ where }) => ({ path: `/api/v1/persons?division=${place(where)}&limit=5` }),
  'GET /api/v1/persons/lookup': ({ where }) => ({
    path: `/api/v1/persons/lookup?id_number=${fixture[where].id_number}&reason=${encodeURIComponent('核查流动人口信息')}`,
  }),
  'GET /api/v1/persons/{id}': ({ where }) => ({ path: `/api/v1/persons/${fixture[where].id}` }),
  'PATCH /api/v1/persons/{id}': async ({ where }) => {
    const p = await freshPerson(where);
    return { path: `/api/v1/persons/${p.id}`, opts: { body: { residence_address: '新华北路21号', phone: '13993700000' }, headers: { 'If-Match': `"${p.version}"` } } };
  },
  'GET /api/v1/persons/{id}/history': ({ where }) => ({ path: `/api/v1/persons/${fixture[where].id}/history` }),
  'GET /api/v1/persons/{id}/certificates': ({ where }) => ({ path: `/api/v1/persons/${fixture[where].id}/certificates` }),
  'POST /api/v1/persons/{id}/certificates': async ({ where }) => {
    const p = await freshPerson(where);
    return { path: `/api/v1/persons/${p.id}/certificates`, opts: { body: { kind: 'temporary', spouse_name: '李娜' } } };
  },
  'POST /api/v1/persons/{id}/certificates/external': async ({ where }) => {
    const p = await freshPerson(where);
    const body = { number: `ZY-2026-${++externalSerial}`, issuer_name: '郑州市中原区林山寨街道办事处', issued_on: '2026-03-01' };
    return { path: `/api/v1/persons/${p.id}/certificates/external`, opts: { body } };
  },
  'GET /api/v1/persons/{id}/contracts': ({ where }) => ({ path: `/api/v1/persons/${fixture[where].id}/contracts` }),
  'GET /api/v1/certificates/{number}': ({ where }) => ({ path: `/api/v1/certificates/${fixture[where].certificate}` }),
  'POST /api/v1/certificates/{number}/distribution': async ({ where }) => {
    const c = await freshCertificate(where);
    return { path: `/api/v1/certificates/${c.number}/distribution`, opts: { body: { received_by: '本人' } } };
  },
  'POST /api/v1/certificates/{number}/revocation': async ({ where }) => {
    const c = await freshCertificate(where);
    return { path: `/api/v1/certificates/${c.number}/revocation`, opts: { body: { reason: '登记有误' } } };
  },
  'POST /api/v1/certificates/{number}/replacement': async ({ where }) => {
    const c = await freshCertificate(where);
    return { path: `/api/v1/certificates/${c.number}/replacement`, opts: { body: { cause: 'damaged' } } };
  },
  'GET /api/v1/certificates/{number}/qr': ({ where }) => ({ path: `/api/v1/certificates/${fixture[where].certificate}/qr` }),
  'GET /verify/{number}': ({ where }) => ({ path: `/verify/${fixture[where].certificate}?sig=${'A'.repeat(86)}` }),
  'GET /api/v1/certificates/{number}/check': ({ where }) => ({ path: `/api/v1/certificates/${fixture[where].certificate}/check` }),
  'GET /api/v1/persons/{id}/inquiries': ({ where }) => ({ path: `/api/v1/persons/${fixture[where].id}/inquiries` }),
  'POST /api/v1/inquiries': async ({ where }) => {
    const p = await freshPerson(where);
    return { opts: { body: { person_id: p.id, urgency: 'urgent' } } };
  },
  'GET /api/v1/inquiries': ({ where }) => ({ path: `/api/v1/inquiries?division=${place(where)}` }),
  'GET /api/v1/inquiries/{id}': ({ where }) => ({ path: `/api/v1/inquiries/${fixture[where].inquiry}` }),
  'POST /api/v1/inquiries/{id}/sending': async ({ where }) => {
    const q = await freshInquiry(where, false);
    return { path: `/api/v1/inquiries/${q.id}/sending`, opts: { body: {} } };
  },
  'POST /api/v1/inquiries/{id}/answer': async ({ where }) => {
    const q = await freshInquiry(where, true);
    return { path: `/api/v1/inquiries/${q.id}/answer`, opts: { body: { marital_status: '20', reference: '函〔2026〕1号' } } };
  },
  'POST /api/v1/inquiries/{id}/cancellation': async ({ where }) => {
    const q = await freshInquiry(where, false);
    return { path: `/api/v1/inquiries/${q.id}/cancellation`, opts: { body: { reason: '重复发函' } } };
  },
  'GET /api/v1/persons/{id}/events': ({ where }) => ({ path: `/api/v1/persons/${fixture[where].id}/events` }),
  'GET /api/v1/persons/{id}/transitions': ({ where }) => ({ path: `/api/v1/persons/${fixture[where].id}/transitions` }),
  'POST /api/v1/persons/{id}/transitions': async ({ where }) => {
    const p = await freshPerson(where);
    return { path: `/api/v1/persons/${p.id}/transitions`, opts: { body: { kind: 'left', destination_division: '510104' } } };
  },
  'GET /api/v1/persons/{id}/departures': ({ where }) => ({ path: `/api/v1/persons/${fixture[where].outflow.id}/departures` }),
  'POST /api/v1/persons/{id}/departures': async ({ where }) => {
    const p = await freshOutflow(where);
    return { path: `/api/v1/persons/${p.id}/departures`, opts: { body: DEPARTURE } };
  },
  'POST /api/v1/departures/{id}/return': async ({ where }) => {
    const d = await freshDeparture(where);
    return { path: `/api/v1/departures/${d.id}/return`, opts: { body: { returned_on: '2026-10-01' } } };
  },
  'GET /api/v1/persons/{id}/feedback': ({ where }) => ({ path: `/api/v1/persons/${fixture[where].outflow.id}/feedback` }),
  'POST /api/v1/persons/{id}/feedback': ({ where }) => ({
    path: `/api/v1/persons/${fixture[where].outflow.id}/feedback`,
    opts: { body: { direction: 'sent', channel: 'network', counterpart: '成都市锦江区春熙路街道计生办', content: '已外出务工，请纳入属地服务' } },
  }),
  'GET /api/v1/persons/{id}/benefits': ({ where }) => ({ path: `/api/v1/persons/${fixture[where].id}/benefits` }),
  'POST /api/v1/persons/{id}/benefits': ({ where }) => ({
    path: `/api/v1/persons/${fixture[where].id}/benefits`,
    opts: { body: { kind: 'rural_family_support', period: '2026-01..2026-06', amount: '480.00' } },
  }),
  'POST /api/v1/benefits/{id}/payment': async ({ where }) => {
    const b = await freshBenefit(where);
    return { path: `/api/v1/benefits/${b.id}/payment`, opts: { body: {} } };
  },
  'POST /api/v1/benefits/{id}/cancellation': async ({ where }) => {
    const b = await freshBenefit(where);
    return { path: `/api/v1/benefits/${b.id}/cancellation`, opts: { body: { reason: '重复核定' } } };
  },
  'POST /api/v1/organizations': ({ where }) => ({
    opts: { body: { kind: 'service_institution', name: '流动人口服务站', division: place(where) } },
  }),
  // A scoped listing: another office's division gives 200 with an empty list, never 404.
  'GET /api/v1/organizations': ({ where }) => ({ path: `/api/v1/organizations?division=${place(where)}&limit=5` }),
  'GET /api/v1/organizations/{id}': ({ where }) => ({ path: `/api/v1/organizations/${fixture[where].organization}` }),
  'PATCH /api/v1/organizations/{id}': async ({ where }) => {
    const o = await freshOrganization(where);
    return { path: `/api/v1/organizations/${o.id}`, opts: { body: { address: '新华北路21号' }, headers: { 'If-Match': `"${o.version}"` } } };
  },
  'GET /api/v1/organizations/{id}/history': ({ where }) => ({ path: `/api/v1/organizations/${fixture[where].organization}/history` }),
  'POST /api/v1/organizations/{id}/employments': ({ where }) => ({
    path: `/api/v1/organizations/${fixture[where].builder}/employments`,
    opts: { body: { ...personBody(place(where)), ...EMPLOYMENT, site_division: place(where) } },
  }),
  'GET /api/v1/organizations/{id}/employments': ({ where }) => ({ path: `/api/v1/organizations/${fixture[where].builder}/employments?current=true` }),
  'PATCH /api/v1/employments/{id}': async ({ where }) => {
    const e = await freshEmployment(where);
    return { path: `/api/v1/employments/${e.id}`, opts: { body: { job: '木工' }, headers: { 'If-Match': `"${e.version}"` } } };
  },
  'GET /api/v1/organizations/{id}/register': ({ where }) => ({ path: `/api/v1/organizations/${fixture[where].builder}/register` }),
  'GET /api/v1/organizations/{id}/register/csv': ({ where }) => ({ path: `/api/v1/organizations/${fixture[where].builder}/register/csv` }),
  'GET /api/v1/organizations/{id}/register/xlsx': ({ where }) => ({ path: `/api/v1/organizations/${fixture[where].builder}/register/xlsx` }),
  'GET /api/v1/service-points': ({ where }) => ({ path: `/api/v1/service-points?division=${place(where)}&limit=5` }),
  'GET /api/v1/service-points/{id}': ({ where }) => ({ path: `/api/v1/service-points/${fixture[where].servicePoint}` }),
  'POST /api/v1/service-points': ({ where }) => ({
    opts: { body: { kind: 'aid_store', name: '爱心救助超市', division: place(where), services: ['aid'] } },
  }),
  'PATCH /api/v1/service-points/{id}': async ({ where }) => {
    const p = await freshServicePoint(where);
    return { path: `/api/v1/service-points/${p.id}`, opts: { body: { hours: '工作日 9:00-17:00' }, headers: { 'If-Match': `"${p.version}"` } } };
  },
  // Public: the directory lists and shows active points to everyone, without login.
  'GET /api/v1/public/service-points': ({ where }) => ({ path: `/api/v1/public/service-points?division=${place(where)}&service=consultation&limit=5` }),
  'GET /api/v1/public/service-points/{id}': ({ where }) => ({ path: `/api/v1/public/service-points/${fixture[where].servicePoint}` }),
  // Public: anyone files a web complaint and follows it by its tracking code, without login.
  'POST /api/v1/public/complaints': () => ({ opts: { body: { category: 'service', subject: '服务态度', content: '窗口工作人员态度差。' } } }),
  'GET /api/v1/public/complaints/{number}': ({ where }) => ({ path: `/api/v1/public/complaints/${fixture[where].complaint.code}` }),
  // Intake goes to the taker's own office: no place to be out of.
  'POST /api/v1/complaints': () => ({ opts: { body: COMPLAINT } }),
  // The caller's offices: never another's, never 404.
  'GET /api/v1/users': () => ({ path: '/api/v1/users' }),
  'POST /api/v1/users': ({ where }) => ({ opts: { body: newUserBody(where) } }),
  'POST /api/v1/users/{id}/disabling': async ({ where }) => ({ path: `/api/v1/users/${(await freshUser(where)).id}/disabling`, opts: { body: {} } }),
  'POST /api/v1/users/{id}/unlocking': async ({ where }) => ({ path: `/api/v1/users/${(await freshUser(where)).id}/unlocking`, opts: { body: {} } }),
  'POST /api/v1/users/{id}/password': async ({ where }) => ({
    path: `/api/v1/users/${(await freshUser(where)).id}/password`, opts: { body: { password: USER_PASSWORD } },
  }),
  'GET /api/v1/tokens': () => ({ path: '/api/v1/tokens' }),
  'POST /api/v1/tokens': () => ({ opts: { body: { username: 'fumin.comm', name: '社区采集终端' } } }),
  'POST /api/v1/tokens/{id}/revocation': async () => ({ path: `/api/v1/tokens/${await freshToken()}/revocation`, opts: { body: {} } }),
  'GET /api/v1/divisions': ({ where }) => ({ path: `/api/v1/divisions?within=${town(where)}&level=village` }),
  'GET /api/v1/complaints': () => ({ path: '/api/v1/complaints?state=assigned&limit=5' }),
  'GET /api/v1/complaints/{id}': ({ where }) => ({ path: `/api/v1/complaints/${fixture[where].complaint.id}` }),
  // Re-assigning a complaint of the town of `where` to that town: the city only.
  'POST /api/v1/complaints/{id}/assignment': async ({ where }) => {
    const c = await freshComplaint(where);
    return { path: `/api/v1/complaints/${c.id}/assignment`, opts: { body: { office: town(where) } } };
  },
  'POST /api/v1/complaints/{id}/reply': async ({ where }) => {
    const c = await freshComplaint(where);
    return { path: `/api/v1/complaints/${c.id}/reply`, opts: { body: { reply: '已核实并退费。' } } };
  },
  'POST /api/v1/complaints/{id}/closing': async ({ where }) => {
    const c = await freshComplaint(where, { answered: true });
    return { path: `/api/v1/complaints/${c.id}/closing`, opts: { body: { outcome: '已退费' } } };
  },
  'POST /api/v1/complaints/{id}/reopening': async ({ where }) => {
    const c = await freshComplaint(where, { answered: true });
    return { path: `/api/v1/complaints/${c.id}/reopening`, opts: { body: { reason: '投诉人不满意' } } };
  },
  'POST /api/v1/notices': ({ where }) => ({
    opts: { body: { recipients: [place(where)], subject: '出租屋新入住人员', body: '请上门登记并查验婚育证明。' } },
  }),
  // The caller's own inbox: no division to ask for, so own and other are alike.
  'GET /api/v1/notices': () => ({ path: '/api/v1/notices?limit=5' }),
  'GET /api/v1/notices/{id}': ({ where }) => ({ path: `/api/v1/notices/${fixture[where].notice}` }),
  'POST /api/v1/notices/{id}/acknowledgement': async ({ where }) => {
    const n = await freshNotice(where);
    return { path: `/api/v1/notices/${n.id}/acknowledgement`, opts: { body: {} } };
  },
  // Checks are allowed anywhere: other gives 200 like own.
  'GET /api/v1/certificate-checks': ({ where }) => ({ path: `/api/v1/certificate-checks?number=${fixture[where].certificate}` }),
  // A person without a certificate: result none, so the notice is sent.
  'POST /api/v1/certificate-checks/notices': async ({ where }) => {
    const p = await freshPerson(where);
    return { opts: { body: { id_number: p.id_number, note: '办理登记时查验' } } };
  },
  'POST /api/v1/visits': ({ where }) => ({ opts: { body: visitBody(where) } }),
  // A scoped listing: another office's community gives 200 with an empty list, never 404.
  'GET /api/v1/visits': ({ where }) => ({ path: `/api/v1/visits?community=${place(where)}&limit=5` }),
  'GET /api/v1/visits/{id}': ({ where }) => ({ path: `/api/v1/visits/${fixture[where].visit}` }),
  'PATCH /api/v1/visits/{id}/police': async ({ where }) => {
    const v = await freshVisit(where);
    return { path: `/api/v1/visits/${v.id}/police`, opts: { body: { household_type: 'rental' }, headers: { 'If-Match': `"${v.police.version}"` } } };
  },
  'PATCH /api/v1/visits/{id}/family': async ({ where }) => {
    const v = await freshVisit(where);
    return { path: `/api/v1/visits/${v.id}/family`, opts: { body: { women_of_childbearing_age: 1 }, headers: { 'If-Match': `"${v.family.version}"` } } };
  },
  'POST /api/v1/visits/{id}/persons': async ({ where }) => {
    const p = await freshPerson(where);
    return { path: `/api/v1/visits/${fixture[where].visit}/persons`, opts: { body: { person_id: p.id, relation: 'tenant' } } };
  },
  // A scoped listing: another office's division gives 200 with an empty list, never 404.
  'POST /api/v1/homes': ({ where }) => ({
    opts: { body: { community: place(where), address: '兰新路8号2单元301室', rooms: 2, landlord_person_id: fixture[where].id } },
  }),
  // A scoped listing: another office's community gives 200 with an empty list, never 404.
  'GET /api/v1/homes': ({ where }) => ({ path: `/api/v1/homes?community=${place(where)}&limit=5` }),
  'GET /api/v1/homes/{id}': ({ where }) => ({ path: `/api/v1/homes/${fixture[where].home}` }),
  'PATCH /api/v1/homes/{id}': async ({ where }) => {
    const h = await freshHome(where);
    return { path: `/api/v1/homes/${h.id}`, opts: { body: { rooms: 2 }, headers: { 'If-Match': `"${h.version}"` } } };
  },
  'POST /api/v1/homes/{id}/tenancies': async ({ where }) => {
    const p = await freshPerson(where);
    return { path: `/api/v1/homes/${fixture[where].home}/tenancies`, opts: { body: { id_number: p.id_number } } };
  },
  'GET /api/v1/homes/{id}/tenancies': ({ where }) => ({ path: `/api/v1/homes/${fixture[where].home}/tenancies` }),
  'POST /api/v1/tenancies/{id}/end': async ({ where }) => {
    const t = await freshTenancy(where);
    return { path: `/api/v1/tenancies/${t.id}/end`, opts: { body: {} } };
  },
  'POST /api/v1/field-reports': ({ where }) => ({
    opts: { body: { kind: 'rental', community: place(where), description: '5号楼整套房屋出租给外地人员' } },
  }),
  // Reporters list their own, handlers their offices': never another's, never 404.
  'GET /api/v1/field-reports': () => ({ path: '/api/v1/field-reports?limit=5' }),
  'GET /api/v1/field-reports/{id}': ({ where }) => ({ path: `/api/v1/field-reports/${fixture[where].report}` }),
  'POST /api/v1/field-reports/{id}/verification': async ({ where }) => {
    const r = await freshReport(where);
    return { path: `/api/v1/field-reports/${r.id}/verification`, opts: { body: {} } };
  },
  'POST /api/v1/field-reports/{id}/closing': async ({ where }) => {
    const r = await freshReport(where);
    return { path: `/api/v1/field-reports/${r.id}/closing`, opts: { body: { outcome: '已核实并登记' } } };
  },
  'GET /api/v1/service-points/{id}/aid': ({ where }) => ({ path: `/api/v1/service-points/${fixture[where].aidStore}/aid?limit=5` }),
  'POST /api/v1/service-points/{id}/aid': ({ where }) => ({
    path: `/api/v1/service-points/${fixture[where].aidStore}/aid`, opts: { body: { recipient_name: '王秀英', items: '大米 10 公斤、食用油 1 桶', amount: 12000 } },
  }),
  // Agreements: the city writes; readers see the parties inside their scope.
  'POST /api/v1/agreements': async ({ where }) => {
    const unit = await freshOrganization(where);
    return { opts: { body: { year: YEAR, party_kind: 'unit', party_organization_id: unit.id, title: '目标管理责任书', items: [{ description: '落实流动人口登记', weight: 100 }] } } };
  },
  'GET /api/v1/agreements': () => ({ path: `/api/v1/agreements?year=${YEAR}` }),
  'GET /api/v1/agreements/{id}': ({ where }) => ({ path: `/api/v1/agreements/${fixture[where].agreement}` }),
  'PATCH /api/v1/agreements/{id}': async ({ where }) => {
    const a = await freshAgreement(where);
    return { path: `/api/v1/agreements/${a.id}`, opts: { body: { title: '目标管理责任书（修订）' }, headers: { 'If-Match': `"${a.version}"` } } };
  },
  'POST /api/v1/agreements/{id}/assessment': async ({ where }) => {
    const a = await freshAgreement(where);
    return { path: `/api/v1/agreements/${a.id}/assessment`, opts: { body: { items: [{ ordinal: 1, score: 90 }] } } };
  },
  'POST /api/v1/agreements/{id}/finalize': async ({ where }) => {
    const a = await freshAgreement(where, { assessed: true });
    return { path: `/api/v1/agreements/${a.id}/finalize`, opts: { body: {} } };
  },
  'GET /api/v1/assessments/ranking': () => ({ path: `/api/v1/assessments/ranking?year=${YEAR}&party_kind=unit` }),
  'POST /api/v1/awards': ({ where }) => ({
    opts: { body: { year: YEAR, kind: 'service', party_kind: 'unit', party_organization_id: fixture[where].organization, citation: '流动人口计划生育管理服务工作成绩突出。' } },
  }),
  'GET /api/v1/awards': () => ({ path: `/api/v1/awards?year=${YEAR}` }),
  'GET /api/v1/worklist': ({ where }) => ({ path: `/api/v1/worklist?division=${place(where)}&limit=5` }),
  // Statistics of another office's division are refused (403 out_of_scope), not an empty table.
  'GET /api/v1/stats/persons': ({ where }) => ({ path: `/api/v1/stats/persons?division=${place(where)}` }),
  'GET /api/v1/stats/certificates': ({ where }) => ({ path: `/api/v1/stats/certificates?division=${place(where)}&format=csv` }),
  'GET /api/v1/stats/casework': ({ where }) => ({ path: `/api/v1/stats/casework?division=${place(where)}` }),
  'GET /api/v1/stats/trends': ({ where }) => ({ path: `/api/v1/stats/trends?division=${place(where)}&format=xlsx` }),
  'GET /api/v1/worklist/export': ({ where }) => ({ path: `/api/v1/worklist/export?division=${place(where)}&format=csv` }),
  'GET /api/v1/persons/export': ({ where }) => ({ path: `/api/v1/persons/export?division=${place(where)}&format=csv` }),
  'POST /api/v1/imports': ({ where }) => ({ opts: { body: { file_name: 'rows.csv', content: importFile(where), division: place(where) } } }),
  'GET /api/v1/imports/{id}': async ({ where }) => ({ path: `/api/v1/imports/${(fixture[where].importRun ??= await freshImport(where)).id}` }),
  'GET /api/v1/imports/{id}/errors': async ({ where }) => ({ path: `/api/v1/imports/${(fixture[where].importRun ??= await freshImport(where)).id}/errors?format=csv` }),
  // Unsigned, from a node that is no peer: refused before anything else.
  'POST /exchange/v1/messages': () => ({
    opts: {
      body: {
        id: '0123456789abcdef0123456789abcdef', type: 'person.notice', from: 'henan', to: 'jiayuguan',
        created_at: Math.floor(Date.now() / 1000), sent_at: Math.floor(Date.now() / 1000), payload: {},
      },
    },
  }),
  'GET /api/v1/exchange/messages': () => ({ path: '/api/v1/exchange/messages?state=queued&limit=5' }),
  'GET /api/v1/exchange/inquiries': () => ({ path: '/api/v1/exchange/inquiries' }),
  // No inquiry was received from another place on this single node.
  'POST /api/v1/exchange/inquiries/{id}/answer': () => ({
    path: '/api/v1/exchange/inquiries/1/answer', opts: { body: { marital_status: '20' } },
  }),
  'GET /api/v1/exchange/handovers': () => ({ path: '/api/v1/exchange/handovers' }),
  // No peer is registered on this single node: the permission lets the request through to that.
  'GET /api/v1/exchange/certificates/{number}': ({ where }) => ({ path: `/api/v1/exchange/certificates/${fixture[where].certificate}` }),
  'GET /api/v1/exchange/persons': ({ where }) => ({
    path: `/api/v1/exchange/persons?id_number=${fixture[where].id_number}&reason=${encodeURIComponent('核查流动人口信息')}`,
  }),
  'GET /api/v1/audit': ({ where }) => ({ path: `/api/v1/audit?object=person:${fixture[where].id}&limit=10` }),
};

/** Runs one cell and compares it with "STATUS" or "STATUS code". */
async function runCell(route, user, where, want) {
  const build = REQUESTS[route.key];
  const spec = await build({ user, where });
  const path = spec.path ?? route.pattern;
  const opts = { ...(spec.opts || {}) };
  let session = null;
  if (user) {
    session = spec.session === 'fresh' ? await freshSession(user) : await server.session(user);
    opts.session = session;
  }
  const r = await server.request(route.method, path, opts);
  if (spec.after) await spec.after(r, session);
  const [status, code] = want.split(' ');
  const who = user ? `${user} (${where})` : 'no login';
  assert.equal(r.status, Number(status), `${route.key} as ${who}: expected ${want}, got ${r.status} ${r.text.slice(0, 300)}`);
  if (code) assert.equal(r.body?.error?.code, code, `${route.key} as ${who}: ${r.text.slice(0, 300)}`);
}

test('the expected table names only routes of the route table, each with every role and "none"', () => {
  const keys = new Set(routes.map((r) => r.key));
  for (const key of Object.keys(expected.routes)) {
    assert.ok(keys.has(key), `authz-expected.json has ${key}, which is not in \`liudong routes\``);
    const row = expected.routes[key];
    assert.equal(typeof row.none, 'string', `${key}: none`);
    assert.deepEqual(Object.keys(row.roles).sort(), [...ROLES].sort(), `${key}: one entry per role`);
    for (const role of ROLES) {
      assert.match(row.roles[role].own, /^\d{3}( [a-z_]+)?$/, `${key} ${role} own`);
      assert.match(row.roles[role].other, /^\d{3}( [a-z_]+)?$/, `${key} ${role} other`);
    }
  }
  assert.ok(routes.length >= 13, `liudong routes lists ${routes.length} routes`);
});

for (const route of routes) {
  const row = expected.routes[route.key];
  test(`${route.key} (${route.permission}): listed in authz-expected.json and has a request here`, () => {
    assert.ok(row, `route ${route.key} is missing from tests/api/authz-expected.json`);
    assert.ok(REQUESTS[route.key], `route ${route.key} has no request in authz-matrix.test.mjs`);
  });
  if (!row || !REQUESTS[route.key]) continue;

  test(`${route.key} without login: ${row.none}`, async () => {
    await runCell(route, null, 'own', row.none);
  });
  for (const role of ROLES) {
    const { own, other } = row.roles[role];
    test(`${route.key} as ${role}: own ${own}, other ${other}`, async () => {
      const user = ROLE_USER[role];
      await runCell(route, user, 'own', own);
      await runCell(route, user, 'other', other);
    });
  }
}

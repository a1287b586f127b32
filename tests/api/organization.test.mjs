// organization.test.mjs — the organizations register over HTTP (docs/api.md,
// "单位", policy §2(1)(2), §3): each kind registered, the unified social
// credit code checked (reason codes) and unique, scope (404 for another
// town, 403 out_of_scope when writing outside one's own), PATCH with
// If-Match and its history, the contact phone sealed at rest, and that a
// refused request writes nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DIV, assertError, sqlite, poll } from './lib/server.mjs';

let server;
let s;

before(async () => {
  server = await startServer();
  s = {};
  for (const u of ['city.officer', 'xiongguan.town', 'gangcheng.town', 'fumin.comm', 'city.department', 'xiongguan.police'])
    s[u] = await server.session(u);
});

after(async () => {
  if (server) await server.stop();
});

const post = (user, path, body) => server.request('POST', path, { session: s[user], body });
const get = (user, path) => server.request('GET', path, { session: s[user] });
const patch = (user, id, version, body) => server.request('PATCH', `/api/v1/organizations/${id}`, {
  session: s[user], body, headers: { 'If-Match': `"${version}"` },
});
const count = (sql) => Number(sqlite(server.db, sql));

// GB 32100-2015 check character, written here from the standard's weights.
const SET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode(body17) {
  const sum = [...body17].reduce((acc, c, i) => acc + SET.indexOf(c) * WEIGHTS[i], 0);
  return body17 + SET[(31 - (sum % 31)) % 31];
}
let serial = 0;
/** A fresh valid code: 91 (company, 工商) + 620200 + a serial organization code. */
function freshCode(prefix = '91') {
  serial += 1;
  return creditCode(`${prefix}620200MA${String(serial).padStart(7, '0')}`);
}

const unitBody = (over = {}) => ({
  kind: 'unit', name: '嘉峪关市雄关建材有限公司', credit_code: freshCode(),
  division: DIV.fumin, address: '新华中路 18 号', responsible_person: '王建国',
  contact_phone: '0937-6221234', ...over,
});

test('each kind is registered; the contact phone is sealed at rest', async () => {
  const bodies = [
    { kind: 'department', department: 'police', name: '嘉峪关市公安局雄关派出所', division: DIV.xiongguan },
    unitBody(),
    { kind: 'construction_enterprise', name: '甘肃雄关建筑工程有限公司', credit_code: freshCode(), division: DIV.xiongguan },
    { kind: 'individual_business', name: '福民小吃部', credit_code: freshCode('92'), division: DIV.fumin },
    { kind: 'service_institution', name: '雄关街道流动人口服务中心', division: DIV.xiongguan },
  ];
  for (const body of bodies) {
    const r = await post('xiongguan.town', '/api/v1/organizations', body);
    assert.equal(r.status, 201, `${body.kind}: ${r.text}`);
    assert.equal(r.body.kind, body.kind);
    assert.equal(r.body.name, body.name);
    assert.equal(r.body.version, 1);
    assert.equal(r.body.division.code, body.division);
    assert.equal(r.body.credit_code, body.credit_code ?? null);
    if (body.kind === 'department') {
      assert.equal(r.body.department, 'police');
      assert.equal(r.body.department_label, '公安');
    } else {
      assert.equal(r.body.department, null);
    }
  }
  const unit = await post('city.officer', '/api/v1/organizations', unitBody({ contact_phone: '13993712345' }));
  assert.equal(unit.status, 201, unit.text);
  assert.equal(unit.body.contact_phone, '13993712345');
  const sealed = sqlite(server.db, `SELECT hex(contact_phone_sealed) FROM organization WHERE id = ${unit.body.id}`);
  assert.ok(sealed.length > 0, 'a sealed phone is stored');
  assert.equal(sealed.includes(Buffer.from('93712345').toString('hex').toUpperCase()), false, 'phone not in plain text');
  // Lower case and blanks are accepted and stored canonically.
  const code = freshCode();
  const lower = await post('city.officer', '/api/v1/organizations', unitBody({ credit_code: ` ${code.toLowerCase()} ` }));
  assert.equal(lower.status, 201, lower.text);
  assert.equal(lower.body.credit_code, code);
  // The city itself is a place for an organization; a county is not.
  const city = await post('city.officer', '/api/v1/organizations', { kind: 'department', department: 'labour', name: '嘉峪关市人力资源和社会保障局', division: DIV.city });
  assert.equal(city.status, 201, city.text);
  assertError(await post('city.officer', '/api/v1/organizations', { kind: 'service_institution', name: '某服务站', division: '620201' }), 400, 'invalid_division', 'county');
  assertError(await post('city.officer', '/api/v1/organizations', { kind: 'service_institution', name: '某服务站', division: '510104' }), 400, 'invalid_division', 'outside the city');
});

test('credit codes are checked with a reason, required where the kind needs one, and unique', async () => {
  const good = freshCode();
  const cases = [
    [good.slice(0, 17), 'bad_length'],
    [`${good}0`, 'bad_length'],
    [`${good.slice(0, 10)}I${good.slice(11)}`, 'bad_character'],
    [`${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`, 'bad_check_character'],
  ];
  for (const [credit_code, reason] of cases) {
    const r = await post('city.officer', '/api/v1/organizations', unitBody({ credit_code }));
    assertError(r, 400, 'invalid_credit_code', credit_code);
    assert.equal(r.body.error.reason, reason, credit_code);
    assert.equal(r.body.error.field, 'credit_code');
  }
  for (const kind of ['unit', 'construction_enterprise', 'individual_business'])
    assertError(await post('city.officer', '/api/v1/organizations', unitBody({ kind, credit_code: '' })), 400, 'missing_field', kind);
  assertError(await post('city.officer', '/api/v1/organizations', { kind: 'department', name: '某部门', division: DIV.city }), 400, 'missing_field', 'department missing');
  assertError(await post('city.officer', '/api/v1/organizations', { kind: 'department', department: 'army', name: '某部门', division: DIV.city }), 400, 'invalid_code', 'unknown department');
  assertError(await post('city.officer', '/api/v1/organizations', unitBody({ department: 'police' })), 400, 'invalid_input', 'department on a unit');
  assertError(await post('city.officer', '/api/v1/organizations', unitBody({ name: '甲' })), 400, 'invalid_input', 'name too short');

  const first = await post('city.officer', '/api/v1/organizations', unitBody({ credit_code: good }));
  assert.equal(first.status, 201, first.text);
  const again = await post('xiongguan.town', '/api/v1/organizations', unitBody({ credit_code: good.toLowerCase(), name: '另一个名字有限公司' }));
  assertError(again, 409, 'duplicate_organization', 'same code');
  assert.equal(again.body.error.existing_id, first.body.id);
});

test('scope: another town gets 404; writing outside one\'s own town is 403 out_of_scope', async () => {
  const o = await post('xiongguan.town', '/api/v1/organizations', unitBody({ name: '雄关街道某商贸有限公司' }));
  assert.equal(o.status, 201, o.text);
  const id = o.body.id;
  for (const user of ['city.officer', 'xiongguan.town', 'fumin.comm', 'city.department', 'xiongguan.police']) {
    const r = await get(user, `/api/v1/organizations/${id}`);
    assert.equal(r.status, 200, `${user}: ${r.text}`);
  }
  assertError(await get('gangcheng.town', `/api/v1/organizations/${id}`), 404, 'not_found', 'other town get');
  assertError(await get('gangcheng.town', `/api/v1/organizations/${id}/history`), 404, 'not_found', 'other town history');
  assertError(await patch('gangcheng.town', id, 1, { address: '某处' }), 404, 'not_found', 'other town patch');
  assertError(await get('xiongguan.town', '/api/v1/organizations/999999'), 404, 'not_found', 'no such organization');
  const audited = await poll(() => count(
    `SELECT count(*) FROM audit WHERE username = 'gangcheng.town' AND outcome = 'out_of_scope' AND object = 'organization:${id}'`) >= 3);
  assert.ok(audited, 'each out-of-scope attempt is audited');

  // The listing is narrowed to the caller's scope.
  const theirs = await get('gangcheng.town', `/api/v1/organizations?division=${DIV.xiongguan}`);
  assert.equal(theirs.status, 200, theirs.text);
  assert.deepEqual(theirs.body.items, []);
  const ours = await get('xiongguan.town', `/api/v1/organizations?kind=unit&name=${encodeURIComponent('某商贸')}`);
  assert.equal(ours.status, 200, ours.text);
  assert.deepEqual(ours.body.items.map((x) => x.id), [id]);
  const page = await get('city.officer', '/api/v1/organizations?limit=2');
  assert.equal(page.body.items.length, 2);
  assert.match(page.body.next_cursor, /^o\d+$/);
  const next = await get('city.officer', `/api/v1/organizations?limit=2&cursor=${page.body.next_cursor}`);
  assert.ok(next.body.items.every((x) => x.id < page.body.items[1].id), 'the next page follows');
  assertError(await get('city.officer', '/api/v1/organizations?kind=bank'), 400, 'invalid_input', 'bad kind');

  // Writing outside one's town: refused and audited, nothing kept.
  const rows = count('SELECT count(*) FROM organization');
  const outside = await post('xiongguan.town', '/api/v1/organizations', unitBody({ division: DIV.dazhong }));
  assertError(outside, 403, 'out_of_scope', 'create in another town');
  assertError(await patch('xiongguan.town', id, 1, { division: DIV.dazhong }), 403, 'out_of_scope', 'move to another town');
  assert.equal(count('SELECT count(*) FROM organization'), rows);
  assert.equal(sqlite(server.db, `SELECT division || '/' || version FROM organization WHERE id = ${id}`), `${DIV.fumin}/1`);
  // Roles: a community officer reads but does not write.
  assertError(await post('fumin.comm', '/api/v1/organizations', unitBody()), 403, 'forbidden', 'community officer');
});

test('PATCH needs the current version; each change is kept as history', async () => {
  const o = await post('xiongguan.town', '/api/v1/organizations', unitBody({ name: '福民物业服务有限公司', contact_phone: '13900000001' }));
  assert.equal(o.status, 201, o.text);
  const id = o.body.id;
  assertError(await server.request('PATCH', `/api/v1/organizations/${id}`, { session: s['xiongguan.town'], body: { address: '某处' } }),
    428, 'precondition_required', 'no If-Match');
  const changed = await patch('xiongguan.town', id, 1, { address: '福民路 3 号', contact_phone: '13900000002', responsible_person: null });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.version, 2);
  assert.equal(changed.body.address, '福民路 3 号');
  assert.equal(changed.body.contact_phone, '13900000002');
  assert.equal(changed.body.responsible_person, null);
  assert.equal(changed.body.name, '福民物业服务有限公司', 'fields not given stay');
  assertError(await patch('city.officer', id, 1, { name: '过期版本有限公司' }), 409, 'version_conflict', 'stale version');
  // Into a department: the department is then required.
  assertError(await patch('city.officer', id, 2, { kind: 'department' }), 400, 'missing_field', 'department required');
  const h = await get('fumin.comm', `/api/v1/organizations/${id}/history`);
  assert.equal(h.status, 200, h.text);
  assert.equal(h.body.items[0].action, 'created');
  const changes = h.body.items.slice(1).map((e) => [e.version, e.field, e.old_value, e.new_value, e.actor]);
  assert.deepEqual(changes, [
    [2, 'address', '新华中路 18 号', '福民路 3 号', 'xiongguan.town'],
    [2, 'responsible_person', '王建国', null, 'xiongguan.town'],
    [2, 'contact_phone', '13900000001', '13900000002', 'xiongguan.town'],
  ]);
  // The phone's history values are sealed too.
  const stored = sqlite(server.db, `SELECT group_concat(coalesce(old_value, '') || coalesce(new_value, ''), '') FROM organization_history WHERE organization_id = ${id} AND field = 'contact_phone'`);
  assert.equal(stored.includes('1390000000'), false, 'history phone not in plain text');
});

test('a refused request writes nothing', async () => {
  const o = await post('xiongguan.town', '/api/v1/organizations', unitBody({ name: '胜利汽修有限公司' }));
  assert.equal(o.status, 201, o.text);
  const taken = unitBody().credit_code;
  assert.equal((await post('xiongguan.town', '/api/v1/organizations', unitBody({ credit_code: taken }))).status, 201);
  const rows = () => sqlite(server.db, `SELECT
    (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM organization),
    (SELECT count(*) FROM organization_history)`);
  const before = rows();
  const refused = [
    ['POST', null, unitBody({ credit_code: '91620200MA0000001X' }), 400],
    ['POST', null, unitBody({ credit_code: taken }), 409],
    ['POST', null, unitBody({ division: DIV.dazhong }), 403],
    ['POST', null, unitBody({ colour: 'red' }), 400],
    ['PATCH', 1, { credit_code: taken }, 409],
    ['PATCH', 9, { name: '新名字有限公司' }, 409],
    ['PATCH', 1, { contact_phone: 'abc' }, 400],
    ['PATCH', 1, { division: DIV.dazhong }, 403],
  ];
  for (const [method, version, body, status] of refused) {
    const r = method === 'POST'
      ? await post('xiongguan.town', '/api/v1/organizations', body)
      : await patch('xiongguan.town', o.body.id, version, body);
    assert.equal(r.status, status, `${method} ${JSON.stringify(body)}: ${r.text}`);
  }
  assert.equal(rows(), before, 'no row added or changed');
  assert.ok(count(`SELECT count(*) FROM audit WHERE username = 'xiongguan.town' AND action LIKE 'organization.%' AND outcome IN ('duplicate_organization', 'out_of_scope', 'invalid_credit_code')`) >= 4);
});

test('employer and landlord accounts act for one organization or person; others for nobody', async () => {
  const org = await post('city.officer', '/api/v1/organizations', unitBody({ name: '嘉峪关市钢城建筑工程有限公司', kind: 'construction_enterprise' }));
  assert.equal(org.status, 201, org.text);
  const dept = await post('city.officer', '/api/v1/organizations', { kind: 'department', department: 'police', name: '嘉峪关市公安局', division: DIV.city });
  assert.equal(dept.status, 201, dept.text);
  const add = (name, role, extra) => server.cli(['user', 'add', '--username', name, '--role', role, '--scope', DIV.city, ...extra],
    { input: 'zhuzhi-mima-2026-gangcheng\n' });

  const ok = add('gangcheng.hr', 'employer', ['--organization', String(org.body.id)]);
  assert.equal(ok.code, 0, ok.stderr);
  const login = await server.login('gangcheng.hr', 'zhuzhi-mima-2026-gangcheng');
  assert.equal(login.status, 201, login.text);
  assert.equal(login.session.user.organization_id, org.body.id);
  assert.equal(login.session.user.person_id, undefined);
  const me = await server.request('GET', '/api/v1/me', { session: login.session });
  assert.equal(me.body.organization_id, org.body.id);

  const refusals = [
    ['hr.two', 'employer', ['--organization', '999999'], /所绑定的单位不存在/],
    ['hr.three', 'employer', ['--organization', String(dept.body.id)], /职能部门不能/],
    ['hr.four', 'employer', ['--person', '1'], /不能绑定个人/],
    ['town.bound', 'town_officer', ['--organization', String(org.body.id)], /只有用工单位和出租户/],
    ['land.both', 'landlord', ['--organization', String(org.body.id), '--person', '1'], /只能绑定一个/],
  ];
  const users = count('SELECT count(*) FROM user_account');
  for (const [name, role, extra, message] of refusals) {
    const r = add(name, role, extra);
    assert.equal(r.code, 1, `${name}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message, name);
  }
  assert.equal(add('bad.id', 'employer', ['--organization', 'x']).code, 2);
  assert.equal(count('SELECT count(*) FROM user_account'), users, 'no refused account was created');
  const audited = sqlite(server.db, "SELECT detail FROM audit WHERE action = 'user.add' AND object = 'user:gangcheng.hr'");
  assert.match(audited, new RegExp(`organization=${org.body.id}`));
});

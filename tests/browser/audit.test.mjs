// audit.test.mjs — the audit screen lists the remote queries and reads of
// files, narrows by action, object and user, and pages with next_cursor;
// and every screen of a city officer (and the administrator's account
// screens) loads without a console error or a CSP violation.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, assertNoProblems, loginAs, screenshot, visit } from './lib/browser.mjs';
import { startServer, DIV, personBody, createPerson, poll } from '../api/lib/server.mjs';

let server;
let browser;
let person;
let certificate;
let inquiry;
const field = {}; // a home, a field report and a visit (pages/homes.js, reports.js, visits.js)
let organization;
let complaint;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  person = await createPerson(server, await server.session('fumin.comm'), personBody(DIV.fumin, { name: '慕容晓东' }));
  const issued = await server.request('POST', `/api/v1/persons/${person.id}/certificates`,
    { session: await server.session('xiongguan.town'), body: { kind: 'temporary', spouse_name: '欧阳丽' } });
  assert.equal(issued.status, 201, issued.text);
  certificate = issued.body;
  const sent = await server.request('POST', '/api/v1/inquiries',
    { session: await server.session('xiongguan.town'), body: { person_id: person.id, send: true } });
  assert.equal(sent.status, 201, sent.text);
  inquiry = sent.body;
  for (const [key, user, path, body] of [
    ['home', 'fumin.comm', '/api/v1/homes', { community: DIV.fumin, address: '新华南路12号院3号楼2单元501室', landlord_person_id: person.id }],
    ['report', 'fumin.warden', '/api/v1/field-reports', { kind: 'move_in', community: DIV.fumin, description: '3号楼501室新入住一名外地务工人员' }],
    ['visit', 'xiongguan.police', '/api/v1/visits', { community: DIV.fumin, address: '兰新路8号2单元301室', visited_on: '2026-01-05', persons: [{ person_id: person.id, relation: 'head' }] }],
  ]) {
    const r = await server.request('POST', path, { session: await server.session(user), body });
    assert.equal(r.status, 201, r.text);
    field[key] = r.body;
  }
  const org = await server.request('POST', '/api/v1/organizations',
    { session: await server.session('city.officer'), body: { kind: 'service_institution', name: '嘉峪关市雄关家政服务中心', division: DIV.xiongguan } });
  assert.equal(org.status, 201, org.text);
  organization = org.body;
  const c = await server.request('POST', '/api/v1/complaints', { session: await server.session('city.officer'),
    body: { channel: 'hotline', category: 'fee', subject: '办证被收工本费', content: '来电反映在社区办理婚育证明被收取工本费。' } });
  assert.equal(c.status, 201, c.text);
  complaint = c.body;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Reloads the audit screen at `hash` until `done(rows)` holds; returns the rows' texts. */
async function auditRows(page, hash, done) {
  let rows = [];
  await poll(async () => {
    await visit(page, `${server.url}/${hash}`);
    await page.locator('section.results').locator('table, .notice').first().waitFor();
    rows = await page.locator('table.audit-table tbody tr').allTextContents();
    return done(rows);
  }, 10_000);
  return rows;
}

test('the audit lists a remote query with its reason and the reads of a file', async () => {
  const lookup = await server.request('GET', `/api/v1/persons/lookup?id_number=${person.id_number}&reason=${encodeURIComponent('核实计划生育证明')}`,
    { session: await server.session('city.department') });
  assert.equal(lookup.status, 200, lookup.text);

  const { context, page, problems } = await openPage(browser, server);
  try {
    await loginAs(page, server, 'city.officer');
    await page.goto(`${server.url}/#/persons/${person.id}`);
    await page.getByRole('heading', { name: /慕容晓东/ }).waitFor();

    await page.getByRole('link', { name: '审计记录' }).click();
    await page.getByRole('heading', { name: '审计记录' }).waitFor();
    const all = await auditRows(page, '#/audit', (rows) => rows.some((r) => r.includes('查看档案')) && rows.some((r) => r.includes('异地查询')));
    assert.ok(all.some((r) => r.includes('异地查询') && r.includes('city.department') && r.includes('核实计划生育证明')), all.join('\n'));
    assert.ok(all.some((r) => r.includes('查看档案') && r.includes('city.officer') && r.includes(`档案 ${person.id}`)), all.join('\n'));
    assert.ok(all.some((r) => r.includes('登录') && r.includes('city.officer')));
    await screenshot(page, 'audit');

    // By action, chosen in the form (Enter searches).
    await page.locator('#f-action').selectOption('person.lookup');
    await page.locator('#f-object').press('Enter');
    await page.waitForURL(/action=person\.lookup/);
    await page.locator('.results-head').waitFor();
    const lookups = await page.locator('table.audit-table tbody tr').allTextContents();
    assert.ok(lookups.length >= 1);
    for (const r of lookups) assert.match(r, /异地查询/);

    // By object: the object's link narrows to it.
    await page.goto(`${server.url}/#/audit`);
    await page.locator('table.audit-table a', { hasText: `档案 ${person.id}` }).first().click();
    await page.waitForURL(new RegExp(`object=person%3A${person.id}`));
    await page.locator('.results-head').waitFor();
    for (const r of await page.locator('table.audit-table tbody tr').allTextContents()) assert.match(r, new RegExp(`档案 ${person.id}`));

    // A bad date is caught before asking.
    await page.locator('#f-from').fill('2026-13-01');
    await page.locator('#f-from').press('Enter');
    await page.locator('.field[data-field="from"] .field-error').filter({ hasText: 'YYYY-MM-DD' }).waitFor();
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
});

test('the audit pages with 下一页, and an admin sees it without links to files', async () => {
  const session = await server.session('fumin.comm');
  for (let i = 0; i < 55; i++) {
    const r = await server.request('GET', `/api/v1/persons/${person.id}`, { session });
    assert.equal(r.status, 200);
  }
  const { context, page, problems } = await openPage(browser, server);
  try {
    await loginAs(page, server, 'sys.admin');
    const hash = `#/audit?object=person%3A${person.id}&action=person.read&limit=50`;
    const rows = await auditRows(page, hash, (r) => r.length === 50);
    assert.equal(rows.length, 50);
    assert.equal(await page.locator('table.audit-table a', { hasText: '查看' }).count(), 0, 'no file links for a role that cannot read files');
    await page.getByRole('button', { name: '下一页' }).click();
    await page.locator('.results-head').filter({ hasText: '第 2 页' }).waitFor();
    assert.ok(await page.locator('table.audit-table tbody tr').count() >= 5);
    await page.getByRole('button', { name: '上一页' }).click();
    await page.locator('.results-head').filter({ hasText: '第 1 页，本页 50 条' }).waitFor();
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
});

test('every screen loads without a console error or a CSP violation', async () => {
  const { context, page, problems } = await openPage(browser, server);
  try {
    const shell = await page.goto(`${server.url}/`);
    assert.equal(shell.headers()['content-security-policy'], "default-src 'self'; frame-ancestors 'none'", 'the page is under the CSP');
    await page.getByRole('heading', { name: '用户登录' }).waitFor();
    await loginAs(page, server, 'city.officer');
    const screens = [
      ['#/', '首页'],
      ['#/persons', '档案查询'],
      ['#/persons?name=%E6%85%95', '档案查询'],
      [`#/persons/${person.id}`, '慕容晓东'],
      [`#/persons/${person.id}/edit`, '修改档案'],
      ['#/persons/new', '登记流动人口档案'],
      ['#/audit', '审计记录'],
      [`#/certificates/${certificate.number}`, '临时婚育证明'],
      [`#/certificates/${certificate.number}/print`, '打印临时婚育证明'],
      [`#/contracts/${certificate.contract.id}/print?person=${person.id}`, '打印管理服务合同书'],
      ['#/check', '证明查验'],
      ['#/worklist', '待办事项'],
      ['#/worklist?kind=certificate_missing', '待办事项'],
      ['#/inquiries', '函调'],
      ['#/inquiries?state=overdue', '函调'],
      [`#/inquiries/${inquiry.id}/print`, '打印函调函件'],
      ['#/inquiries/999999/print', '函调不存在'],
      ['#/certificates/620201001-2026-999999', '证明不存在'],
      ['#/contracts/1/print', '地址不完整'],
      ['#/no-such-screen', '页面不存在'],
      ['#/persons/999999', '档案不存在'],
      ['#/homes', '出租房屋'],
      [`#/homes?community=${DIV.fumin}`, '出租房屋'],
      ['#/homes/new', '登记出租房屋'],
      [`#/homes/${field.home.id}`, '新华南路12号院3号楼2单元501室'],
      ['#/homes/999999', '房屋不存在'],
      ['#/reports', '现场报告'],
      ['#/reports?state=received', '现场报告'],
      [`#/reports/${field.report.id}`, `现场报告 ${field.report.id}`],
      ['#/reports/999999', '报告不存在'],
      ['#/visits', '联合登记走访'],
      ['#/visits/new', '新建走访'],
      [`#/visits/${field.visit.id}`, `走访 ${field.visit.id}`],
      ['#/visits/999999', '走访不存在'],
      ['#/check?by=id_number', '证明查验'],
      ['#/organizations', '单位'],
      ['#/organizations?kind=service_institution', '单位'],
      ['#/organizations/new', '登记单位'],
      [`#/organizations/${organization.id}`, '嘉峪关市雄关家政服务中心'],
      [`#/organizations/${organization.id}/edit`, '修改单位'],
      [`#/organizations/${organization.id}/workers`, '职工'],
      [`#/organizations/${organization.id}/register`, '建筑工地登记册'],
      ['#/organizations/999999', '单位不存在'],
      ['#/notices', '通报'],
      ['#/complaints', '投诉办理'],
      ['#/complaints?state=received&channel=hotline&overdue=true', '投诉办理'],
      ['#/complaints/new', '登记投诉'],
      [`#/complaints/${complaint.id}`, complaint.code],
      ['#/complaints/999999', '投诉不存在'],
      ['#/complaint', '维权投诉'],
      [`#/complaint/status?code=${complaint.code}`, '投诉办理情况'],
      ['#/password', '修改密码'],
      ['#/exchange', '异地协作'],
      ['#/exchange?tab=handovers', '异地协作'],
      ['#/exchange?tab=messages', '异地协作'],
    ];
    for (const [hash, heading] of screens) {
      await page.goto(`${server.url}/${hash}`);
      await page.locator('h1', { hasText: heading }).waitFor();
      await page.waitForLoadState('networkidle');
    }
    // A single node (no peers): the network's screen and the remote check say so.
    await page.locator('.notice-info', { hasText: '本节点尚未配置其他节点' }).waitFor();
    await page.goto(`${server.url}/#/check`);
    await page.getByLabel('证明编号').fill('410102001-2026-000001');
    await page.locator('button.remote-check').click();
    await page.locator('.notice-warning', { hasText: '本节点尚未配置负责该证明签发地的其他节点' }).waitFor();
    // The administrator's screens (user.admin).
    await page.locator('#logout').click();
    await page.getByRole('heading', { name: '用户登录' }).waitFor();
    await loginAs(page, server, 'sys.admin');
    for (const [hash, heading] of [['#/users', '用户管理'], ['#/tokens', '接口令牌']]) {
      await page.goto(`${server.url}/${hash}`);
      await page.locator('h1', { hasText: heading }).waitFor();
      await page.waitForLoadState('networkidle');
    }
    // The page's own scripts and styles: nothing inline, nothing from elsewhere.
    const inline = await page.evaluate(() => ({
      styleAttributes: document.querySelectorAll('[style]').length,
      styleElements: document.querySelectorAll('style').length,
      inlineScripts: [...document.scripts].filter((s) => !s.src).length,
    }));
    assert.deepEqual(inline, { styleAttributes: 0, styleElements: 0, inlineScripts: 0 });
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
});

// organizations.test.mjs — 单位 in the browser: a town officer registers a
// construction enterprise (a credit code with a wrong check character is
// refused at the field, live and by the server), sees it with its history,
// and edits it with a version conflict handled; an employer account (bound
// to the enterprise with the CLI) registers a new worker by ID number, fills
// in the person's fields the server asks for, and sees only its own
// workers; the construction register shows the worker and its CSV download
// answers 200.  Every page must be free of console errors and failed requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, menuEntries, visit, asUser } from './lib/browser.mjs';
import { startServer, DIV, personBody } from '../api/lib/server.mjs';

let server;
let browser;
const PASSWORD = 'yonggong-mima-2026-jiayuguan';
const SET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode(body17) {
  const sum = [...body17].reduce((acc, c, i) => acc + SET.indexOf(c) * WEIGHTS[i], 0);
  return body17 + SET[(31 - (sum % 31)) % 31];
}
const GOOD = creditCode('91620200MA7100021');
const WRONG = GOOD.slice(0, 17) + SET[(SET.indexOf(GOOD[17]) + 1) % 31];
const state = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Another enterprise with a worker of its own: the employer must never see them.
  const officer = await server.session('city.officer');
  const other = await server.request('POST', '/api/v1/organizations', { session: officer, body: {
    kind: 'construction_enterprise', name: '嘉峪关市钢城建工有限公司', credit_code: creditCode('91620200MA7100022'), division: DIV.gangcheng,
  } });
  assert.equal(other.status, 201, other.text);
  state.other = other.body;
  const hired = await server.request('POST', `/api/v1/organizations/${other.body.id}/employments`, { session: officer, body: {
    ...personBody(DIV.dazhong, { name: '司马外单' }), job: '木工', work_site: '钢城小区工地', site_division: DIV.dazhong, starts_on: '2026-01-05', lives_on_site: true,
  } });
  assert.equal(hired.status, 201, hired.text);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A logged-in page for `username` with `password`; `run(page, at)` as in asUser. */
const as = (username, password, run) => asUser(browser, server, username, run, { password });

test('a town officer registers a construction enterprise after a wrong check character is refused at the field', async () => {
  await as('xiongguan.town', undefined, async (page) => {
    assert.ok((await menuEntries(page)).includes('单位'));
    await page.locator('#menu').getByRole('link', { name: '单位' }).click();
    await page.getByRole('heading', { name: '单位' }).waitFor();
    await page.locator('#new-organization').click();
    await page.getByRole('heading', { name: '登记单位' }).waitFor();
    await page.locator('#f-kind').selectOption('construction_enterprise');
    await page.locator('#f-name').fill('嘉峪关市雄关建筑工程有限公司');
    assert.equal(await page.locator('#f-division').inputValue(), DIV.xiongguan, 'the scope proposed');
    await page.locator('#f-address').fill('雄关区新华中路 18 号');
    await page.locator('#f-responsible_person').fill('王建国');

    // The live check: the wrong check character is said at the field as it is typed.
    await page.locator('#f-credit_code').fill(WRONG.toLowerCase());
    const codeError = page.locator('.field[data-field="credit_code"] .field-error');
    await codeError.filter({ hasText: '校验位不符' }).waitFor();
    // Sent anyway: refused before asking (nothing submitted)…
    await page.getByRole('button', { name: '登记' }).click();
    await codeError.filter({ hasText: '校验位不符' }).waitFor();
    assert.equal(await page.locator('#f-credit_code').evaluate((el) => el === document.activeElement), true);
    // …and the server says the same at the field (its reason) when asked directly.
    const refused = await page.evaluate(async (code) => {
      const res = await fetch('/api/v1/organizations', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': sessionStorage.getItem('liudong.csrf') },
        body: JSON.stringify({ kind: 'construction_enterprise', name: '校验位错误公司', credit_code: code, division: '620201001' }) });
      return (await res.json()).error;
    }, WRONG);
    assert.equal(refused.reason, 'bad_check_character');
    assert.equal(refused.field, 'credit_code');

    await page.locator('#f-credit_code').fill(GOOD);
    await page.locator('#credit-status.ok').filter({ hasText: '校验位正确' }).waitFor();
    assert.equal(await codeError.isHidden(), true);
    await page.getByRole('button', { name: '登记' }).click();
    await page.waitForURL(/#\/organizations\/\d+$/);
    await page.getByRole('heading', { name: /嘉峪关市雄关建筑工程有限公司/ }).waitFor();
    await page.locator('.notice-success').filter({ hasText: '单位已登记' }).waitFor();
    state.org = Number(/organizations\/(\d+)/.exec(page.url())[1]);
    assert.equal(await page.locator('dd[data-field="credit_code"]').textContent(), GOOD);
    assert.equal(await page.locator('dd[data-field="kind"]').textContent(), '建筑施工企业');
    await page.locator('#history .timeline-item[data-version="1"]').filter({ hasText: '登记' }).waitFor();
    await page.locator('#open-register').waitFor();

    // Edit while someone else saves: the conflict is shown, the user's value kept.
    await page.locator('#edit-organization').click();
    await page.getByRole('heading', { name: /修改单位/ }).waitFor();
    const changed = await server.request('PATCH', `/api/v1/organizations/${state.org}`, {
      session: await server.session('city.officer'), body: { contact_phone: '0937-6221234' }, headers: { 'If-Match': '"1"' },
    });
    assert.equal(changed.status, 200, changed.text);
    await page.locator('#f-responsible_person').fill('李建军');
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.getByRole('heading', { name: '保存前，单位已被他人修改' }).waitFor();
    assert.equal(await page.locator('#f-contact_phone').inputValue(), '0937-6221234', 'the other change brought in');
    assert.equal(await page.locator('#f-responsible_person').inputValue(), '李建军', 'the typed value kept');
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.locator('.notice-success').filter({ hasText: '第 3 版' }).waitFor();
    await page.locator('#history .timeline-item[data-version="3"]').filter({ hasText: '李建军' }).waitFor();
    await screenshot(page, 'organization');

    // The list finds it by name and kind.
    await visit(page, `${server.url}/#/organizations?kind=construction_enterprise&name=${encodeURIComponent('雄关建筑')}`);
    await page.locator(`table.organizations-table tr[data-organization="${state.org}"]`).waitFor();
    assert.equal(await page.locator('table.organizations-table tbody tr').count(), 1);
  });
});

test('an employer registers a new worker, sees only its own workers, and the register with its CSV', async () => {
  assert.ok(state.org, 'the enterprise of the first test');
  const add = server.cli(['user', 'add', '--username', 'xiongguan.hr', '--role', 'employer', '--scope', DIV.city, '--organization', String(state.org)], { input: `${PASSWORD}\n` });
  assert.equal(add.code, 0, add.stderr);
  const worker = personBody(DIV.fumin, { name: '欧阳建军' });
  await as('xiongguan.hr', PASSWORD, async (page, at) => {
    const menu = await menuEntries(page);
    assert.ok(menu.includes('本单位职工') && !menu.includes('单位') && !menu.includes('档案查询'), menu.join(' '));
    await page.locator('#menu').getByRole('link', { name: '本单位职工' }).click();
    await page.waitForURL(new RegExp(`#/organizations/${state.org}/workers$`));
    await page.getByRole('heading', { name: /本单位职工/ }).waitFor();
    await page.locator('#workers').getByText('尚无登记的职工').waitFor();

    await page.locator('#f-id_number').fill(worker.id_number);
    await page.locator('.id-status.ok').waitFor();
    await page.locator('#f-job').fill('钢筋工');
    await page.locator('#f-work_site').fill('雄关广场二期工地');
    await page.locator('#f-site_division').fill(DIV.fumin);
    await page.locator('#f-starts_on').fill('2026-03-01');
    await page.locator('#f-lives_on_site').check();
    await page.getByRole('button', { name: '登记' }).click();
    // No file yet: the server names what is missing and the person's fields appear.
    await page.locator('fieldset.person-fields:not([hidden])').waitFor();
    await page.locator('.notice-warning').filter({ hasText: '尚无此身份号码的档案' }).waitFor();
    await page.locator('#f-name').fill(worker.name);
    await page.locator('#f-hukou_address').fill(worker.hukou_address || '河南省郑州市中原区建设路 1 号');
    await page.locator('#f-residence_division').fill(DIV.fumin);
    await page.locator('#f-residence_address').fill('雄关广场二期工地宿舍');
    await page.getByRole('button', { name: '登记' }).click();
    await page.locator('.notice-success').filter({ hasText: '并为其建立了档案' }).waitFor();
    const rows = page.locator('table.workers-table tbody tr');
    await rows.filter({ hasText: '欧阳建军' }).waitFor();
    assert.equal(await rows.count(), 1, 'only its own worker');
    assert.equal(await page.getByText('司马外单').count(), 0);
    assert.match(await rows.first().textContent(), /钢筋工.*雄关广场二期工地.*2026-03-01/);

    // The worker leaves: 修改 / 离场 records the day (PATCH with the version), the list says so.
    await rows.first().getByRole('button', { name: '修改 / 离场' }).click();
    const dialog = page.locator('dialog.dialog');
    await dialog.getByLabel('离场（离职）日期').fill('2026-13-01');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.locator('.field.has-error[data-field="ends_on"]').waitFor();
    await dialog.getByLabel('离场（离职）日期').fill('2026-10-31');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.locator('.notice-success').filter({ hasText: '欧阳建军的用工记录已保存' }).waitFor();
    assert.match(await rows.first().textContent(), /2026-03-01.*2026-10-31/);
    assert.equal(await rows.first().getByRole('button', { name: '修改', exact: true }).count(), 1, 'left: 修改 only');

    // Another organization's workers: as if it did not exist.
    await at(`#/organizations/${state.other.id}/workers`);
    await page.getByRole('heading', { name: '单位不存在' }).waitFor();

    // The register: the worker, a site filter, the downloads.
    await at(`#/organizations/${state.org}/workers`);
    await page.locator('#open-register').click();
    await page.getByRole('heading', { name: /建筑工地登记册/ }).waitFor();
    const reg = page.locator('table.register-table tbody tr');
    await reg.filter({ hasText: '欧阳建军' }).waitFor();
    assert.equal(await reg.count(), 1);
    assert.equal(await page.locator('#f-full').count(), 0, 'no full ID numbers for an employer');
    await page.locator('table.register-table').getByRole('link', { name: '雄关广场二期工地' }).click();
    await page.waitForURL(/register\?site=/);
    await page.locator('.register-sheet').filter({ hasText: '工地：雄关广场二期工地' }).waitFor();
    await screenshot(page, 'register');
    const href = await page.locator('#download-csv').getAttribute('href');
    assert.match(href, new RegExp(`^/api/v1/organizations/${state.org}/register/csv\\?site=`));
    const csv = await page.request.get(`${server.url}${href}`);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /text\/csv/);
    assert.match(await csv.text(), /欧阳建军/);
    const xlsx = await page.request.get(`${server.url}${await page.locator('#download-xlsx').getAttribute('href')}`);
    assert.equal(xlsx.status(), 200);
  });
});

// reports.test.mjs — 现场报告 in the browser: a warden files a move-in
// report and sees it among their own; the town office finds it in its
// list, verifies it with the person's fields (the file is created in the
// same step and linked from the report) and closes it with an outcome the
// warden then sees.  Every page must be free of console errors and failed
// requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, menuEntries, asUser } from './lib/browser.mjs';
import { startServer, DIV, personBody } from '../api/lib/server.mjs';

let server;
let browser;
const newcomer = personBody(DIV.fumin, { name: '西门新来' });
let reportId;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A logged-in page for `username`; `run(page, at)` gets it and a way to open a hash. */
const as = (username, run) => asUser(browser, server, username, run);

test('a warden files a move-in report', async () => {
  await as('fumin.warden', async (page) => {
    assert.ok((await menuEntries(page)).includes('现场报告'));
    await page.locator('#menu').getByRole('link', { name: '现场报告' }).click();
    await page.getByRole('heading', { name: '我的现场报告' }).waitFor();
    await page.getByText('没有符合条件的现场报告。').waitFor();
    await page.getByRole('link', { name: '提交报告' }).click();
    await page.getByRole('heading', { name: '提交现场报告' }).waitFor();
    assert.equal(await page.locator('#f-id_number').count(), 0, 'a warden cannot look files up by ID number');

    // Nothing chosen: said next to the fields.
    await page.getByRole('button', { name: '提交报告' }).click();
    await page.locator('.field[data-field="kind"] .field-error').filter({ hasText: '请选择' }).waitFor();
    await page.locator('#f-kind').selectOption('move_in');
    assert.equal(await page.locator('#f-community').inputValue(), DIV.fumin);
    await page.locator('#f-description').fill('兰新路8号2单元301室新入住一名外地务工人员西门新来，来自河南');
    await page.getByRole('button', { name: '提交报告' }).click();
    await page.waitForURL(/#\/reports\/\d+$/);
    reportId = Number(page.url().match(/reports\/(\d+)$/)[1]);
    await page.locator('.notice-success').filter({ hasText: `已提交现场报告（编号 ${reportId}），报给甘肃省嘉峪关市雄关街道` }).waitFor();
    await page.locator('h1 .badge').filter({ hasText: '已接收' }).waitFor();
    assert.equal(await page.getByRole('button', { name: '核实' }).count(), 0, 'a warden does not verify');

    await page.getByRole('link', { name: '返回列表' }).click();
    await page.locator(`table.reports-table tr[data-report="${reportId}"]`).filter({ hasText: '入住' }).waitFor();
  });
});

test('the town office verifies the move-in with the person\'s fields and closes it; the warden sees the outcome', async () => {
  assert.ok(reportId, 'the report was filed');
  await as('xiongguan.town', async (page) => {
    await page.locator('#menu').getByRole('link', { name: '现场报告' }).click();
    await page.getByRole('heading', { name: '现场报告' }).waitFor();
    await page.locator('#f-state').selectOption('received');
    await page.waitForURL(/state=received/);
    const row = page.locator(`table.reports-table tr[data-report="${reportId}"]`);
    await row.getByRole('link', { name: String(reportId), exact: true }).click();
    await page.getByRole('heading', { name: new RegExp(`现场报告 ${reportId}`) }).waitFor();

    await page.getByRole('button', { name: '核实' }).click();
    const dialog = page.locator('dialog.dialog');
    await dialog.getByText('入住人员', { exact: true }).waitFor();
    assert.equal(await dialog.locator('#f-residence_division').inputValue(), DIV.fumin, 'the report\'s community');
    // Fields without an ID number: caught first.
    await dialog.locator('#f-name').fill(newcomer.name);
    await dialog.getByRole('button', { name: '确认核实' }).click();
    await dialog.locator('.field[data-field="id_number"] .field-error').waitFor();
    await dialog.locator('#f-id_number').fill(newcomer.id_number);
    await dialog.locator('#f-hukou_division').fill(newcomer.hukou_division);
    await dialog.locator('#f-hukou_address').fill(newcomer.hukou_address);
    await dialog.locator('#f-residence_address').fill('兰新路8号2单元301室');
    await dialog.locator('#f-arrival_date').fill('2026-01-05');
    await screenshot(page, 'report-verify');
    await dialog.getByRole('button', { name: '确认核实' }).click();
    await page.locator('.notice-success').filter({ hasText: `现场报告 ${reportId} 已核实` }).waitFor();
    await page.locator('h1 .badge').filter({ hasText: '已核实' }).waitFor();
    const changed = page.locator('.changed-records a');
    await changed.waitFor();

    // The person appears.
    const found = await server.request('GET', `/api/v1/persons?id_number=${newcomer.id_number}`, { session: await server.session('fumin.comm') });
    assert.equal(found.status, 200, found.text);
    assert.equal(found.body.items.length, 1, 'the file was created');
    assert.equal(found.body.items[0].name, '西门新来');
    assert.equal(found.body.items[0].residence_division.code, DIV.fumin);
    assert.equal(await changed.getAttribute('href'), `#/persons/${found.body.items[0].id}`);
    await screenshot(page, 'report');

    // 办结 with confirmation.
    await page.getByRole('button', { name: '办结' }).click();
    await dialog.locator('#f-outcome').fill('已登记流动人口档案，通知本人交验婚育证明');
    await dialog.getByRole('button', { name: '办结…' }).click();
    await dialog.getByRole('button', { name: '确认办结' }).click();
    await page.locator('.notice-success').filter({ hasText: `现场报告 ${reportId} 已办结` }).waitFor();
    await page.locator('h1 .badge').filter({ hasText: '已办结' }).waitFor();
    assert.equal(await page.getByRole('button', { name: '办结' }).count(), 0);

    await changed.click();
    await page.getByRole('heading', { name: /西门新来/ }).waitFor();
  });
  await as('fumin.warden', async (page) => {
    await page.goto(`${server.url}/#/reports?state=closed`);
    await page.locator(`table.reports-table tr[data-report="${reportId}"]`).getByRole('link', { name: String(reportId), exact: true }).click();
    await page.locator('.report-outcome').filter({ hasText: '已登记流动人口档案' }).waitFor();
    assert.equal(await page.locator('.changed-records a').count(), 0, 'no link to a file the warden cannot read');
  });
});

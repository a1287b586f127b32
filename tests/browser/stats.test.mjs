// stats.test.mjs — 统计 in the browser, on the demo data: the menu offers it
// to a town officer (and not to a warden); the table shows the same numbers
// as the API, a row per community and the total; a community's name opens
// its own table; the CSV and Excel links download the same table.  Each
// table but casework is drawn as charts (ECharts canvases of non-zero size,
// the library loaded from our own server).  Every page must be free of
// console errors and failed requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, menuEntries, asUser } from './lib/browser.mjs';
import { startServer, DIV } from '../api/lib/server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ demo: 1200 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A logged-in page for `username`; `run(page, at)` gets it and a way to open a hash. */
const as = (username, run) => asUser(browser, server, username, run);

/** The charts in a container, once drawn: their captions; each canvas must have a size. */
async function drawnCharts(page, container) {
  const figures = page.locator(`${container} figure.chart-figure`);
  await page.locator(`${container} .chart canvas`).first().waitFor();
  const count = await figures.count();
  assert.ok(count > 0);
  for (let i = 0; i < count; i++) {
    const canvas = figures.nth(i).locator('.chart canvas').first();
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `canvas ${i} of ${container}: ${JSON.stringify(box)}`);
  }
  return figures.locator('figcaption').allTextContents();
}

const cell = (page, code, key) => page.locator(`.stats-table tr[data-code="${code}"] td[data-key="${key}"]`);

test('a town officer sees its communities, the same numbers as the API, and downloads', async () => {
  const api = await server.request('GET', '/api/v1/stats/certificates',
    { session: await server.session('xiongguan.town') });
  assert.equal(api.status, 200, api.text);
  await as('xiongguan.town', async (page, at) => {
    assert.ok((await menuEntries(page)).includes('统计'));
    await at('#/stats?table=certificates');
    await page.locator('.stats-table').waitFor();
    const rows = await page.locator('.stats-table tbody tr').count();
    assert.equal(rows, api.body.rows.length + 1);
    const total = api.body.total;
    assert.equal(await cell(page, DIV.xiongguan, 'required').textContent(), total.required.toLocaleString('zh-CN'));
    assert.equal(await cell(page, DIV.xiongguan, 'holding_rate').textContent(),
      total.holding_rate === null ? '—' : `${(total.holding_rate * 100).toFixed(2)}%`);
    const fumin = api.body.rows.find((r) => r.code === DIV.fumin);
    assert.equal(await cell(page, DIV.fumin, 'holding').textContent(), fumin.holding.toLocaleString('zh-CN'));
    assert.deepEqual(await drawnCharts(page, '.stats-charts'), ['下级区划持证率']);
    assert.equal(await page.evaluate(() => typeof window.echarts?.getInstanceByDom), 'function');
    await screenshot(page, 'stats');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载 Excel' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^stats-certificates-620201001-.*\.xlsx$/);

    // A community's name opens its own table.
    await page.locator(`.stats-table tr[data-code="${DIV.fumin}"] a`).click();
    await page.locator('.page-head .subtitle').filter({ hasText: DIV.fumin }).waitFor();
    assert.equal(await cell(page, DIV.fumin, 'holding').textContent(), fumin.holding.toLocaleString('zh-CN'));
  });
});

test('the persons table and the trends, and no menu entry without stats.read', async () => {
  await as('city.officer', async (page, at) => {
    await at('#/stats');
    await page.locator('.stats-table').waitFor();
    const api = await server.request('GET', '/api/v1/stats/persons', { session: await server.session('city.officer') });
    assert.equal(await cell(page, DIV.city, 'total').textContent(), api.body.total.total.toLocaleString('zh-CN'));
    assert.deepEqual(await drawnCharts(page, '.stats-charts'), ['年龄组', '性别', '流动类型和管理方式']);
    // A tooltip is drawn in the canvas: hovering breaks no CSP rule (checked with the console below).
    const pie = page.locator('.stats-charts .chart').nth(1);
    const box = await pie.boundingBox();
    await page.mouse.move(box.x + box.width / 2 + 20, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2 - 20, box.y + box.height / 2 + 10);
    await screenshot(page, 'stats-persons-charts');
    await page.getByLabel('统计表').selectOption('trends');
    await page.getByRole('button', { name: '查看' }).click();
    await page.locator('.stats-table tbody tr').nth(12).waitFor();
    assert.equal(await page.locator('.stats-table tbody tr').count(), 13);
    assert.deepEqual(await drawnCharts(page, '.stats-charts'), ['月度趋势']);
    // The chart holds the table's numbers: the last month's new records.
    const last = await page.evaluate(() => {
      const dom = document.querySelector('.stats-charts .chart');
      const option = window.echarts.getInstanceByDom(dom).getOption();
      return { months: option.xAxis[0].data, registered: option.series[0].data };
    });
    const trends = await server.request('GET', '/api/v1/stats/trends', { session: await server.session('city.officer') });
    assert.deepEqual(last.months, trends.body.rows.map((r) => r.name));
    assert.deepEqual(last.registered, trends.body.rows.map((r) => r.registered));
    await screenshot(page, 'stats-trends-charts');
    await page.getByLabel('统计表').selectOption('casework');
    await page.getByRole('button', { name: '查看' }).click();
    await page.locator('.results h2').filter({ hasText: '函调' }).waitFor();
    await page.locator('.stats-table').waitFor();
    assert.equal(await page.locator('.stats-charts').count(), 0);
  });
  await as('fumin.warden', async (page) => {
    assert.ok(!(await menuEntries(page)).includes('统计'));
  });
});

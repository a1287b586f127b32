// assessments.test.mjs — responsibility agreements and year-end assessment in the
// browser (policy §6(1), §6(4); docs/api.md 目标管理责任书与年终考核): the city
// officer signs an agreement with 雄关街道 whose first item is the certificate
// holding rate, scores it — the computed value is shown and becomes the score —,
// sees the agreement in the ranking and finalizes it; a town officer sees the menu
// entry and its own agreement, read only; a community officer has no entry.  Aid
// records: the community officer records aid at its aid store from the directory.
// No console errors, no failed requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, assertNoProblems, loginAs, screenshot, menuEntries } from './lib/browser.mjs';
import { startServer, DIV, personBody, createPerson } from '../api/lib/server.mjs';

let server;
let browser;
const YEAR = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // 雄关街道: two floating inflow persons, one holding a temporary certificate in force.
  const city = await server.session('city.officer');
  const holder = await createPerson(server, city, personBody(DIV.fumin));
  await createPerson(server, city, personBody(DIV.shengli));
  const r = await server.request('POST', `/api/v1/persons/${holder.id}/certificates`, { session: city, body: { kind: 'temporary', spouse_name: '李娜' } });
  assert.equal(r.status, 201, r.text);
  const aid = await server.request('POST', '/api/v1/service-points', {
    session: city, body: { kind: 'aid_store', name: '福民社区爱心救助超市', division: DIV.fumin, services: ['aid'] },
  });
  assert.equal(aid.status, 201, aid.text);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the city signs an agreement with a town, scores it with a computed item and sees the ranking', async () => {
  const { context, page, problems } = await openPage(browser, server);
  try {
    await loginAs(page, server, 'city.officer');
    assert.ok((await menuEntries(page)).includes('目标考核'), 'the city officer has the menu entry');
    await page.getByRole('link', { name: '目标考核' }).click();
    await page.getByRole('heading', { name: '目标考核' }).waitFor();
    await page.locator('#agreements').getByText('还没有目标管理责任书').waitFor();
    await page.locator('#new-agreement').click();
    await page.getByRole('heading', { name: '签订责任书' }).waitFor();

    await page.getByLabel('区、镇（街道）').selectOption(DIV.xiongguan);
    await page.getByLabel('第 1 项考核目标').fill('流动人口婚育证明持证率');
    await page.getByLabel('第 1 项权重').fill('60');
    await page.getByLabel('第 1 项评分方式').selectOption('certificate_holding_rate');
    await page.getByLabel('第 2 项考核目标').fill('宣传教育和服务网点建设');
    await page.getByLabel('第 2 项权重').fill('30');
    // Weights summing to 90 are refused before anything is sent.
    await page.getByRole('button', { name: '签订' }).click();
    await page.locator('.field[data-field="items"] .field-error').filter({ hasText: '权重之和应为 100' }).waitFor();
    await page.getByLabel('第 2 项权重').fill('40');
    await page.locator('#weight-sum').filter({ hasText: '权重合计 100' }).waitFor();
    await page.getByRole('button', { name: '签订' }).click();
    await page.locator('.notice-success', { hasText: '签订' }).waitFor();
    assert.match(page.url(), /#\/assessments\/\d+$/);

    // Score: the computed item left empty takes the computed value, 1 of 2 → 50 points.
    await page.getByLabel('第 2 项得分').fill('90');
    await page.locator('#assess').click();
    await page.locator('.notice-success', { hasText: '评分已保存' }).waitFor();
    const computed = page.locator('tr[data-item="1"] .measured');
    assert.equal((await computed.innerText()).trim(), '1/2，折合 50 分');
    assert.equal((await page.locator('tr[data-item="1"] .item-score').innerText()).trim(), '50');
    // 60 × 50 + 40 × 90 = 6600 → 66
    assert.equal((await page.locator('#agreement-total').innerText()).trim(), '66');
    await page.locator('.badge.assessment-pass').first().waitFor();

    await page.getByRole('link', { name: '返回考核' }).click();
    const row = page.locator('#ranking tr[data-rank="1"]');
    await row.waitFor();
    assert.match(await row.innerText(), /雄关街道[\s\S]*66[\s\S]*合格/);
    await screenshot(page, 'assessments-ranking');

    // Finalize after confirming: then the agreement is read only.
    await row.getByRole('link').click();
    await page.locator('#finalize').click();
    await page.getByRole('button', { name: '确定定档' }).click();
    await page.locator('.notice-success', { hasText: '已定档' }).waitFor();
    await page.getByText('考核结果已定档，不能再修改。').waitFor();
    assert.equal(await page.locator('#assess').count(), 0);
    assertNoProblems(problems, 'city officer');
  } finally {
    await context.close();
  }
});

test('a town officer reads its own agreement; a community officer has no entry', async () => {
  const { context, page, problems } = await openPage(browser, server);
  try {
    await loginAs(page, server, 'xiongguan.town');
    assert.ok((await menuEntries(page)).includes('目标考核'));
    await page.getByRole('link', { name: '目标考核' }).click();
    await page.locator('#agreements tr[data-agreement]').first().waitFor();
    assert.equal(await page.locator('#new-agreement').count(), 0, 'a town does not sign');
    assert.equal(await page.locator('#agreements tr[data-agreement]').count(), 1);
    assertNoProblems(problems, 'town officer');
  } finally {
    await context.close();
  }
  const other = await openPage(browser, server);
  try {
    await loginAs(other.page, server, 'fumin.comm');
    assert.ok(!(await menuEntries(other.page)).includes('目标考核'));
    assertNoProblems(other.problems, 'community officer');
  } finally {
    await other.context.close();
  }
});

test('the community officer records aid at its aid store from the directory', async () => {
  const { context, page, problems } = await openPage(browser, server);
  try {
    await loginAs(page, server, 'fumin.comm');
    await page.getByRole('link', { name: '服务网点' }).click();
    await page.getByRole('link', { name: '救助记录' }).click();
    await page.getByRole('heading', { name: /福民社区爱心救助超市/ }).waitFor();
    await page.getByText('还没有救助记录。').waitFor();
    await page.getByLabel('受助人姓名').fill('无名氏老人');
    await page.getByLabel('救助物品或内容').fill('冬衣两件、棉被一床');
    await page.getByLabel('金额（元）').fill('120.50');
    await page.getByRole('button', { name: '登记救助' }).click();
    await page.locator('.notice-success', { hasText: '无名氏老人' }).waitFor();
    const row = page.locator('#aid-records tr[data-aid]');
    await row.waitFor();
    assert.match(await row.innerText(), /无名氏老人[\s\S]*冬衣两件[\s\S]*120\.50 元[\s\S]*fumin\.comm/);
    await screenshot(page, 'aid-records');
    assertNoProblems(problems, 'aid');
  } finally {
    await context.close();
  }
});

// complaints.test.mjs — complaints in the browser (policy §3, docs/api.md
// 投诉): the city officer takes in a hotline complaint, assigns it to 雄关街道,
// whose officer answers and closes it (after confirming) and reopens it; the
// list filters by channel.  Without login, a visitor files a complaint from
// the login screen, gets the tracking code and looks it up: state and reply
// only, never the complainant.  No console errors, no failed requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, assertNoProblems, loginAs, screenshot, menuEntries } from './lib/browser.mjs';
import { startServer, DIV } from '../api/lib/server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The text of the fact `label` on a complaint page. */
const fact = (page, label) => page.locator('dl.facts dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]').innerText();

test('staff: a hotline complaint is taken in, assigned, answered, closed after confirming, and reopened', async () => {
  const { context, page, problems } = await openPage(browser, server);
  try {
    await loginAs(page, server, 'city.officer');
    assert.ok((await menuEntries(page)).includes('投诉办理'), 'the city officer has the menu entry');
    await page.locator('#menu').getByRole('link', { name: '投诉办理' }).click();
    await page.getByRole('heading', { name: '投诉办理' }).waitFor();
    await page.locator('#new-complaint').click();
    await page.getByRole('heading', { name: '登记投诉' }).waitFor();

    // Refused locally first: nothing chosen.
    await page.getByRole('button', { name: '登记投诉' }).click();
    await page.locator('.field[data-field="channel"] .field-error').filter({ hasText: '请选择受理渠道' }).waitFor();
    await page.locator('.field[data-field="category"] .field-error').waitFor();

    await page.getByLabel('受理渠道').selectOption({ label: '维权热线' });
    await page.getByLabel('投诉类别').selectOption({ label: '违规收费' });
    await page.getByLabel('投诉事由').fill('办理婚育证明被收工本费');
    await page.getByLabel('投诉内容').fill('来电人反映 11 月 20 日在雄关街道福民社区办理婚育证明时被收取 50 元工本费，未开收据，要求退还。');
    await page.getByLabel('投诉人姓名').fill('马晓红');
    await page.getByLabel('投诉人联系电话').fill('13909375678');
    await page.getByLabel('被投诉单位').fill('福民社区居委会');
    await page.getByRole('button', { name: '登记投诉' }).click();
    const flash = page.locator('.notice-success', { hasText: '已登记投诉' });
    await flash.waitFor();
    const code = (await flash.locator('.tracking-code').innerText()).trim();
    assert.match(code, /^[2-9A-HJ-NP-Z]{12}$/);
    assert.equal(await fact(page, '受理渠道'), '维权热线');
    assert.equal(await fact(page, '投诉人姓名'), '马晓红');
    assert.equal(await fact(page, '投诉人联系电话'), '13909375678');
    assert.match(await fact(page, '状态'), /已受理/);
    const id = Number(/#\/complaints\/(\d+)$/.exec(page.url())[1]);
    await screenshot(page, 'complaint-received');

    // 交办 to 雄关街道, from the towns of the city.
    await page.locator('#assign-complaint').click();
    const assign = page.locator('dialog.dialog');
    await assign.getByLabel('办理单位').locator('option', { hasText: '雄关街道' }).waitFor({ state: 'attached' });
    await assign.getByLabel('办理单位').selectOption(DIV.xiongguan);
    await assign.getByRole('button', { name: '交办' }).click();
    await page.locator('.notice-success', { hasText: '已交办给' }).waitFor();
    assert.match(await fact(page, '办理单位'), /雄关街道/);
    assert.match(await fact(page, '状态'), /已交办/);

    // The list filters by channel: the hotline complaint, not under 来信.
    await page.goto(`${server.url}/#/complaints`);
    await page.getByLabel('受理渠道').selectOption({ label: '维权热线' });
    await page.waitForURL(/channel=hotline/);
    await page.locator(`tr[data-complaint="${id}"]`).waitFor();
    await page.getByLabel('受理渠道').selectOption({ label: '来信' });
    await page.waitForURL(/channel=letter/);
    await page.getByText('没有符合条件的投诉。').waitFor();
    await screenshot(page, 'complaints-list');
    assertNoProblems(problems, 'city officer');
  } finally {
    await context.close();
  }

  // The town answers, closes (confirming first) and reopens.
  const town = await openPage(browser, server);
  try {
    const p = town.page;
    await loginAs(p, server, 'xiongguan.town');
    await p.goto(`${server.url}/#/complaints?state=assigned`);
    const row = p.locator('tr', { hasText: '办理婚育证明被收工本费' });
    await row.getByRole('link', { name: '办理婚育证明被收工本费' }).click();
    await p.locator('#reply-complaint').waitFor();
    assert.equal(await p.locator('#assign-complaint').count(), 0, 'a town does not assign');
    await p.locator('#reply-complaint').click();
    let dialog = p.locator('dialog.dialog');
    await dialog.getByLabel('答复内容').fill('经核实，社区已退还工本费 50 元，并对经办人进行了批评教育。');
    await dialog.getByRole('button', { name: '答复' }).click();
    await p.locator('.notice-success', { hasText: '已答复' }).waitFor();
    assert.match(await fact(p, '答复内容'), /已退还工本费/);

    await p.locator('#close-complaint').click();
    dialog = p.locator('dialog.dialog');
    await dialog.getByLabel('办理结果').fill('已退费，投诉人表示满意。');
    await dialog.getByRole('button', { name: '办结…' }).click();
    await dialog.locator('.confirm-question', { hasText: '确认办结投诉' }).waitFor();
    await screenshot(p, 'complaint-close-confirm');
    // 返回修改 keeps it open; confirming closes it.
    await dialog.getByRole('button', { name: '返回修改' }).click();
    await dialog.getByRole('button', { name: '办结…' }).click();
    await dialog.getByRole('button', { name: '确认办结' }).click();
    await p.locator('.notice-success', { hasText: '已办结' }).waitFor();
    assert.match(await fact(p, '状态'), /已办结/);
    assert.equal(await fact(p, '办理结果'), '已退费，投诉人表示满意。');

    await p.locator('#reopen-complaint').click();
    dialog = p.locator('dialog.dialog');
    await dialog.getByLabel('重新办理理由').fill('投诉人来电称收据仍未开具。');
    await dialog.getByRole('button', { name: '重新办理' }).click();
    await p.locator('.notice-success', { hasText: '已重新办理' }).waitFor();
    assert.match(await fact(p, '状态'), /已交办/);
    assert.match(await fact(p, '重新办理'), /1 次.*收据仍未开具/);
    assert.match(await fact(p, '答复内容'), /尚未答复/);
    await screenshot(p, 'complaint-reopened');
    assertNoProblems(town.problems, 'town officer');
  } finally {
    await town.context.close();
  }
});

test('public: an anonymous complaint from the login screen gives a tracking code that shows state and reply only', async () => {
  const { context, page, problems } = await openPage(browser, server);
  try {
    await page.goto(`${server.url}/#/login`);
    await page.locator('#complaint-link').click();
    await page.getByRole('heading', { name: '维权投诉' }).waitFor();
    assert.equal(await page.locator('#menu').isVisible(), false, 'no menu without login');
    await page.getByLabel('投诉类别').selectOption({ label: '服务质量' });
    await page.getByLabel('投诉事由').fill('窗');
    await page.getByLabel('投诉内容').fill('服务站工作人员态度生硬，办理居住证明时推诿。');
    await page.getByRole('button', { name: '提交投诉' }).click();
    await page.locator('.field[data-field="subject"] .field-error').filter({ hasText: '2–60' }).waitFor();
    await page.getByLabel('投诉事由').fill('服务站窗口态度差');
    await page.getByRole('button', { name: '提交投诉' }).click();
    const codeEl = page.locator('#tracking-code');
    await codeEl.waitFor();
    const code = (await codeEl.innerText()).trim();
    assert.match(code, /^[2-9A-HJ-NP-Z]{12}$/);
    await screenshot(page, 'complaint-public-code');

    await page.locator('#check-status').click();
    await page.getByRole('heading', { name: '投诉办理情况' }).waitFor();
    const status = page.locator('.complaint-status');
    await status.waitFor();
    assert.match(await status.innerText(), /已受理/);
    assert.match(await status.innerText(), /尚未答复/);
    assert.doesNotMatch(await status.innerText(), /态度生硬/, 'the content is not shown');

    // The city answers; the lookup shows the reply.
    const city = await server.session('city.officer');
    const list = await server.request('GET', '/api/v1/complaints?channel=web&limit=63', { session: city });
    const c = list.body.items.find((x) => x.code === code);
    assert.ok(c, 'the web complaint reached the city');
    assert.equal(c.complainant_name, null, 'anonymous');
    const r = await server.request('POST', `/api/v1/complaints/${c.id}/reply`, { session: city, body: { reply: '已约谈服务站负责人，责令整改。' } });
    assert.equal(r.status, 200, r.text);
    await page.reload();
    await status.filter({ hasText: '已答复' }).waitFor();
    assert.match(await status.innerText(), /已约谈服务站负责人/);
    await screenshot(page, 'complaint-public-status');

    // A wrong code: checked before asking, and an unknown one is not found.
    await page.getByLabel('查询码').fill('ABC');
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('.field[data-field="code"] .field-error').filter({ hasText: '12 位' }).waitFor();
    await page.getByLabel('查询码').fill('ZZZZZZZZZZZZ');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('没有这个查询码的投诉').waitFor();
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
});

test('roles without complaint.handle have no menu entry and are refused the screen', async () => {
  const { context, page, problems } = await openPage(browser, server);
  try {
    await loginAs(page, server, 'fumin.comm');
    assert.ok(!(await menuEntries(page)).includes('投诉办理'));
    await page.goto(`${server.url}/#/complaints`);
    await page.getByRole('heading', { name: '无权访问' }).waitFor();
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
});

// service-points.test.mjs — the public directory of service points in the
// browser (§2(3), §2(4)): an anonymous visitor follows 服务网点查询 from the
// login screen, chooses a service (Chinese labels) and a place (built from
// the published points), and sees the matching point with its address,
// phone, hours, services and 公示 text; an inactive point never shows.
// The page must be free of console errors and failed requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, assertNoProblems, screenshot, loginAs } from './lib/browser.mjs';
import { startServer, DIV } from '../api/lib/server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const town = await server.session('xiongguan.town');
  const points = [
    { kind: 'service_home', name: '福民社区流动人口服务之家', division: DIV.fumin, address: '新华中路18号', services: ['consultation', 'certificate'], phone: '0937-6221234', hours: '周一至周五 8:30-17:30', notice: '职责：宣传人口计生政策，办理婚育证明。服务热线 0937-6221234。' },
    { kind: 'health_institution', name: '雄关街道生殖健康服务站', division: DIV.xiongguan, address: '雄关西路5号', services: ['checkup', 'contraception'], phone: '0937-6225555', hours: '每天 8:00-18:00', notice: '免费提供孕情、环情检查。' },
    { kind: 'aid_store', name: '胜利社区爱心救助超市', division: DIV.shengli, services: ['aid'] },
  ];
  for (const body of points) {
    const r = await server.request('POST', '/api/v1/service-points', { session: town, body });
    assert.equal(r.status, 201, r.text);
  }
  const hidden = await server.request('POST', '/api/v1/service-points', { session: town, body: {
    kind: 'service_point', name: '已停用的检查站', division: DIV.fumin, services: ['checkup'], active: false,
  } });
  assert.equal(hidden.status, 201, hidden.text);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an anonymous visitor finds a service point from the login screen, filtered by service and place', async () => {
  const { context, page, problems } = await openPage(browser, server);
  try {
    await page.goto(`${server.url}/#/login`);
    await page.getByRole('link', { name: '服务网点查询' }).click();
    await page.getByRole('heading', { name: '服务网点查询' }).waitFor();
    assert.equal(await page.locator('#menu').isVisible(), false, 'no menu without login');
    await page.locator('[data-service-point]').first().waitFor();
    assert.equal(await page.locator('[data-service-point]').count(), 3, 'the three active points');
    assert.equal(await page.getByText('已停用的检查站').count(), 0, 'inactive point hidden');

    // Filter by a service, chosen by its Chinese label.
    await page.getByLabel('服务项目').selectOption({ label: '生殖健康检查' });
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForFunction(() => location.hash.includes('service=checkup'));
    const card = page.locator('[data-service-point]');
    await card.filter({ hasText: '雄关街道生殖健康服务站' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-service-point]').length === 1);
    const text = await card.innerText();
    for (const want of ['雄关西路5号', '0937-6225555', '每天 8:00-18:00', '生殖健康检查', '避孕节育', '免费提供孕情、环情检查。', '生殖健康定点服务机构'])
      assert.ok(text.includes(want), `card shows ${want}: ${text}`);
    await screenshot(page, 'service-points');

    // The place select lists the points' divisions; a community and a service together.
    const options = await page.getByLabel('所在镇（街道）或社区').locator('option').allTextContents();
    assert.ok(options.some((o) => o.includes('福民社区')), options.join(' / '));
    await page.getByLabel('所在镇（街道）或社区').selectOption(DIV.fumin);
    await page.getByLabel('服务项目').selectOption({ label: '婚育证明办理' });
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForFunction(() => location.hash.includes('service=certificate'));
    await card.filter({ hasText: '福民社区流动人口服务之家' }).waitFor();
    assert.match(await card.innerText(), /服务热线 0937-6221234/);
    // A service nobody in the community offers: an empty result.
    await page.getByLabel('服务项目').selectOption({ label: '就业服务' });
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('没有找到符合条件的服务网点。').waitFor();
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
});

test('a street office registers a point, finds it among its own, changes it and stops it', async () => {
  const { context, page, problems } = await openPage(browser, server);
  try {
    await loginAs(page, server, 'xiongguan.town');
    await page.locator('#menu a', { hasText: '服务网点' }).click();
    await page.getByRole('heading', { name: '管理服务网点' }).waitFor();
    await page.locator('[data-service-point]').first().waitFor();
    assert.equal(await page.getByText('已停用的检查站').count(), 1, 'the office sees its stopped point');

    await page.getByRole('link', { name: '登记服务网点' }).click();
    await page.getByRole('button', { name: '登记' }).click();
    await page.getByText('请选择类别').waitFor();
    await page.getByLabel('类别').selectOption('service_home');
    await page.getByLabel('名称').fill('绿化社区流动人口服务之家');
    await page.getByLabel('所在地区划代码').fill('620201001003');
    await page.getByLabel('服务时间').fill('工作日 9:00-17:00');
    await page.locator('[data-service="consultation"]').check();
    await page.getByRole('button', { name: '登记' }).click();
    await page.getByText(/服务网点已登记/).waitFor();
    const row = page.locator('[data-service-point]', { hasText: '绿化社区流动人口服务之家' });
    await row.waitFor();
    assert.match(await row.textContent(), /政策咨询/);

    // A division outside the street is refused at the field, nothing kept.
    await page.getByRole('link', { name: '登记服务网点' }).click();
    await page.getByLabel('类别').selectOption('aid_store');
    await page.getByLabel('名称').fill('大众社区爱心救助超市');
    await page.getByLabel('所在地区划代码').fill('620201002001');
    await page.getByRole('button', { name: '登记' }).click();
    await page.locator('.field.has-error[data-field="division"]').waitFor();

    // Change the hours, then stop the point after confirming.
    await page.goto(`${server.url}/#/service-points/manage`);
    await row.getByRole('link', { name: '修改' }).click();
    await page.getByLabel('服务时间').fill('每天 8:00-18:00');
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.getByText(/修改已保存，网点现为第 2 版/).waitFor();
    await screenshot(page, 'service-points-manage');
    await row.getByRole('link', { name: '修改' }).click();
    assert.equal(await page.getByLabel('服务时间').inputValue(), '每天 8:00-18:00');
    page.once('dialog', (d) => d.accept());
    await page.getByLabel(/启用/).uncheck();
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.getByText(/修改已保存，网点现为第 3 版/).waitFor();
    assert.match(await row.textContent(), /已停用/);
    const published = await server.request('GET', '/api/v1/public/service-points?division=620201001003');
    assert.equal(published.body.items.some((p) => p.name === '绿化社区流动人口服务之家'), false, 'stopped: not published');
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
});

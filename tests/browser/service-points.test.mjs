// service-points.test.mjs — the public directory of service points in the
// browser (§2(3), §2(4)): an anonymous visitor follows 服务网点查询 from the
// login screen, chooses a service (Chinese labels) and a place (built from
// the published points), and sees the matching point with its address,
// phone, hours, services and 公示 text; an inactive point never shows.
// The page must be free of console errors and failed requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, assertNoProblems, screenshot } from './lib/browser.mjs';
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

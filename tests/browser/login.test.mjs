// login.test.mjs — the login screen (wrong password, disabled account,
// throttling), the menu by role, logging out, and a session that ends
// while the page is open.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, assertNoProblems, loginAs, screenshot, menuEntries } from './lib/browser.mjs';
import { startServer, passwordOf } from '../api/lib/server.mjs';

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

/** Opens a page, runs fn(page), then checks the page had no errors. */
async function withPage(fn) {
  const { context, page, problems } = await openPage(browser, server);
  try {
    await fn(page);
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
}

async function tryLogin(page, username, password) {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

test('a page opened without a session shows the login screen', async () => {
  await withPage(async (page) => {
    await page.goto(`${server.url}/#/persons`);
    await page.getByRole('heading', { name: '用户登录' }).waitFor();
    assert.equal(await page.locator('#menu').isVisible(), false, 'no menu before login');
    assert.equal(await page.locator('#who').isVisible(), false, 'no user before login');
    assert.equal(await page.title(), '登录 - 流动人口服务管理信息平台');
    await screenshot(page, 'login');
  });
});

test('a wrong password says 用户名或密码不正确 and stays on the login screen', async () => {
  await withPage(async (page) => {
    await page.goto(`${server.url}/#/login`);
    await tryLogin(page, 'fumin.comm', 'not the right password');
    await page.locator('.login-message .notice-error').filter({ hasText: '用户名或密码不正确' }).waitFor();
    assert.equal(await page.getByLabel('密码').inputValue(), '', 'the password field is emptied');
    assert.match(page.url(), /#\/login$/);
  });
});

test('a disabled account is told so', async () => {
  const r = server.cli(['user', 'disable', '--username', 'fumin.liaison']);
  assert.equal(r.code, 0, r.stderr);
  await withPage(async (page) => {
    await page.goto(`${server.url}/#/login`);
    await tryLogin(page, 'fumin.liaison', passwordOf('fumin.liaison'));
    await page.locator('.login-message .notice-error').filter({ hasText: '停用' }).waitFor();
  });
});

test('repeated failures show the seconds to wait, then the right password works', async () => {
  await withPage(async (page) => {
    await page.goto(`${server.url}/#/login`);
    const message = page.locator('.login-message');
    // Failures double the wait (1 s after the third, then 2, 4, …): fail until throttled.
    let throttled = false;
    for (let i = 0; i < 8 && !throttled; i++) {
      await tryLogin(page, 'dazhong.comm', `wrong password ${i}`);
      await message.locator('.notice').waitFor();
      const text = await message.textContent();
      throttled = /登录失败次数过多，请 \d+ 秒后再试/.test(text);
      if (!throttled) assert.match(text, /用户名或密码不正确/);
    }
    assert.ok(throttled, 'the login was throttled');
    const button = page.getByRole('button', { name: '登录' });
    assert.equal(await button.isDisabled(), true, 'the login button waits');
    await screenshot(page, 'login-throttled');
    await message.filter({ hasText: '现在可以再次登录' }).waitFor({ timeout: 60_000 });
    assert.equal(await button.isEnabled(), true);
    await tryLogin(page, 'dazhong.comm', passwordOf('dazhong.comm'));
    await page.locator('#who-name').filter({ hasText: 'dazhong.comm' }).waitFor();
  });
});

test('a community officer gets the person screens, not the audit', async () => {
  await withPage(async (page) => {
    await loginAs(page, server, 'fumin.comm');
    assert.deepEqual(await menuEntries(page), ['首页', '待办事项', '档案查询', '登记档案', '批量导入', '异地查询', '证明查验', '出租房屋', '现场报告', '联合走访', '单位', '通报', '统计', '服务网点']);
    assert.equal(await page.locator('#who-role').textContent(), '社区(村)专管员');
    assert.equal(await page.locator('#who-scope').textContent(), '甘肃省嘉峪关市雄关街道福民社区');
    await page.getByRole('heading', { name: '首页' }).waitFor();
    assert.deepEqual(await page.locator('.task-title').allTextContents(), ['待办事项', '档案查询', '登记档案', '异地查询', '证明查验', '出租房屋', '现场报告', '联合走访', '单位', '通报']);
    await page.locator('.home-work .work-tiles').waitFor();
    await screenshot(page, 'home');
    // Typing the address of a screen the role may not use: refused here (and by the server).
    await page.goto(`${server.url}/#/audit`);
    await page.getByRole('heading', { name: '无权访问' }).waitFor();
    // The menu is a convenience: the server refuses anyway.
    const status = await page.evaluate(async () => (await fetch('/api/v1/audit')).status);
    assert.equal(status, 403);
  });
});

test('the home page draws the persons in scope for stats.read, and nothing for others', async () => {
  await withPage(async (page) => {
    await loginAs(page, server, 'xiongguan.town');
    const panel = page.locator('.home-charts');
    await panel.locator('.chart canvas').nth(1).waitFor();
    assert.deepEqual(await panel.locator('figcaption').allTextContents(), ['流动类型和管理方式', '近 12 个月']);
    for (const canvas of await panel.locator('.chart canvas').all()) {
      const box = await canvas.boundingBox();
      assert.ok(box && box.width > 100 && box.height > 100, JSON.stringify(box));
    }
    const months = await page.evaluate(() =>
      window.echarts.getInstanceByDom(document.querySelectorAll('.home-charts .chart')[1]).getOption().xAxis[0].data);
    assert.equal(months.length, 12);
    await page.locator('.home-work .work-tiles').waitFor();
    await screenshot(page, 'home-charts');
  });
  await withPage(async (page) => {
    const asked = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await loginAs(page, server, 'fumin.warden');
    await page.getByRole('heading', { name: '首页' }).waitFor();
    await page.locator('.tasks').waitFor();
    assert.equal(await page.locator('.home-charts').count(), 0);
    assert.deepEqual(asked.filter((p) => p.startsWith('/api/v1/stats') || p.startsWith('/vendor/')), []);
  });
});

test('an admin gets the audit, not the person screens', async () => {
  await withPage(async (page) => {
    await loginAs(page, server, 'sys.admin');
    assert.deepEqual(await menuEntries(page), ['首页', '审计记录', '异地协作', '用户与令牌']);
    assert.equal(await page.locator('#who-role').textContent(), '系统管理员');
    await page.goto(`${server.url}/#/persons/new`);
    await page.getByRole('heading', { name: '无权访问' }).waitFor();
  });
});

test('a warden gets the homes and reports of its buildings, not the person registry', async () => {
  await withPage(async (page) => {
    await loginAs(page, server, 'fumin.warden');
    assert.deepEqual(await menuEntries(page), ['首页', '出租房屋', '现场报告']);
    assert.equal(await page.locator('#who-role').textContent(), '保安综治员');
    await page.goto(`${server.url}/#/persons`);
    await page.getByRole('heading', { name: '无权访问' }).waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/v1/persons')).status);
    assert.equal(status, 403);
  });
});

test('logging out ends the session', async () => {
  await withPage(async (page) => {
    await loginAs(page, server, 'xiongguan.town');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.locator('.notice-info').filter({ hasText: '您已退出登录' }).waitFor();
    await page.getByRole('heading', { name: '用户登录' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
    assert.equal(me, 401, 'the server forgot the session');
    await page.goto(`${server.url}/#/persons`);
    await page.getByRole('heading', { name: '用户登录' }).waitFor();
  });
});

test('a session ended on the server sends the user to login, and back after it', async () => {
  await withPage(async (page) => {
    await loginAs(page, server, 'gangcheng.town');
    await page.getByRole('link', { name: '档案查询' }).first().click();
    await page.getByRole('heading', { name: '档案查询' }).waitFor();
    // Disabling a user ends its sessions at once.
    assert.equal(server.cli(['user', 'disable', '--username', 'gangcheng.town']).code, 0);
    await page.locator('#f-name').press('Enter');
    await page.locator('.notice-warning').filter({ hasText: '登录已过期' }).waitFor();
    await page.getByRole('heading', { name: '用户登录' }).waitFor();
    assert.equal(await page.locator('#menu').isVisible(), false);
    // Another user logs in at this browser and lands where the page was.
    await tryLogin(page, 'xiongguan.town', passwordOf('xiongguan.town'));
    await page.getByRole('heading', { name: '档案查询' }).waitFor();
    assert.match(page.url(), /#\/persons\?/);
  });
});

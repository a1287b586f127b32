// users.test.mjs — accounts and API tokens in the browser (user.admin): the
// administrator creates a community officer, choosing 雄关街道 and then 福民社区
// from the division lists (a scope that does not fit the role is caught
// first), and the new account logs in; resets a password; disables an
// account after confirming; creates a token whose text is shown once and
// works as Bearer, and revokes it after confirming.  Other roles have no
// menu entry.  Any user changes the own password from the header: a wrong
// old password keeps the session.  No console errors, no failed requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, assertNoProblems, loginAs, screenshot, menuEntries } from './lib/browser.mjs';
import { startServer, DIV, passwordOf } from '../api/lib/server.mjs';

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

const PASSWORD = '福民社区新专管员登录口令2026';

test('the administrator creates an account with role and scope, resets a password and disables an account', async () => {
  const { context, page, problems } = await openPage(browser, server);
  try {
    await loginAs(page, server, 'sys.admin');
    assert.ok((await menuEntries(page)).includes('用户与令牌'));
    await page.locator('#menu').getByRole('link', { name: '用户与令牌' }).click();
    await page.getByRole('heading', { name: '用户管理' }).waitFor();
    await page.locator('tr[data-user="fumin.comm"]').waitFor();

    await page.locator('#new-user').click();
    const dialog = page.locator('dialog.dialog');
    await dialog.getByLabel('用户名').fill('fumin.zhang');
    await dialog.getByLabel('角色').selectOption('community_officer');
    await dialog.locator('#scope-level-hint', { hasText: '社区（村）' }).waitFor();
    await dialog.getByLabel('初始密码').fill(PASSWORD);
    await dialog.getByLabel('再输入一次').fill(PASSWORD);
    // The whole city does not fit a community officer: caught before sending.
    await dialog.getByRole('button', { name: '新建用户' }).click();
    await dialog.locator('.field[data-field="scope"] .field-error', { hasText: '社区（村）' }).waitFor();

    await dialog.getByLabel('镇（街道）').locator(`option[value="${DIV.xiongguan}"]`).waitFor({ state: 'attached' });
    await dialog.getByLabel('镇（街道）').selectOption(DIV.xiongguan);
    await dialog.getByLabel('管辖范围').locator(`option[value="${DIV.fumin}"]`).waitFor({ state: 'attached' });
    await dialog.getByLabel('管辖范围').selectOption(DIV.fumin);
    await screenshot(page, 'user-new');
    await dialog.getByRole('button', { name: '新建用户' }).click();
    await page.locator('.notice-success', { hasText: '已新建用户 fumin.zhang' }).waitFor();
    const row = page.locator('tr[data-user="fumin.zhang"]');
    assert.match(await row.innerText(), /社区\(村\)专管员/);
    assert.match(await row.innerText(), /福民社区/);
    assert.equal((await server.login('fumin.zhang', PASSWORD)).status, 201, 'the new account logs in');

    // A taken name: the server's answer next to the field.
    await page.locator('#new-user').click();
    await dialog.getByLabel('用户名').fill('fumin.zhang');
    await dialog.getByLabel('角色').selectOption('city_officer');
    await dialog.getByLabel('初始密码').fill(PASSWORD);
    await dialog.getByLabel('再输入一次').fill(PASSWORD);
    await dialog.getByRole('button', { name: '新建用户' }).click();
    await dialog.locator('.notice-error', { hasText: '用户名已被使用' }).waitFor();
    await dialog.getByRole('button', { name: '取消' }).click();

    // 重置密码.
    const newPassword = '福民社区专管员重置口令2026冬';
    await row.getByRole('button', { name: '重置密码' }).click();
    await dialog.getByLabel('新密码').fill(newPassword);
    await dialog.getByLabel('再输入一次').fill(newPassword);
    await dialog.getByRole('button', { name: '设置新密码' }).click();
    await page.locator('.notice-success', { hasText: '已为 fumin.zhang 设置新密码' }).waitFor();
    assert.equal((await server.login('fumin.zhang', newPassword)).status, 201, 'the new password works');

    // 停用, confirmed first.
    await row.getByRole('button', { name: '停用' }).click();
    await dialog.locator('.confirm-question', { hasText: '确认停用用户 fumin.zhang' }).waitFor();
    await screenshot(page, 'user-disable-confirm');
    await dialog.getByRole('button', { name: '确认停用' }).click();
    await page.locator('.notice-success', { hasText: '已停用用户 fumin.zhang' }).waitFor();
    assert.match(await row.innerText(), /已停用/);
    assert.equal(await row.getByRole('button').count(), 0, 'no actions on a disabled account');
    assert.notEqual((await server.login('fumin.zhang', newPassword)).status, 201, 'a disabled account cannot log in');
    await screenshot(page, 'users');
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
});

test('the administrator creates a token shown once, which works, and revokes it', async () => {
  const { context, page, problems } = await openPage(browser, server);
  try {
    await loginAs(page, server, 'sys.admin');
    await page.goto(`${server.url}/#/tokens`);
    await page.getByRole('heading', { name: '接口令牌' }).waitFor();
    await page.locator('#new-token').click();
    const dialog = page.locator('dialog.dialog');
    await dialog.getByLabel('所属用户').selectOption('fumin.comm');
    await dialog.getByLabel('令牌名称').fill('福民社区采集终端');
    await dialog.getByRole('button', { name: '新建令牌' }).click();
    const secret = dialog.locator('#token-secret');
    await secret.waitFor();
    const token = await secret.inputValue();
    assert.match(token, /^[A-Za-z0-9_-]{40,}$/);
    await screenshot(page, 'token-created');
    const me = await server.request('GET', '/api/v1/me', { token });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.username, 'fumin.comm');

    await dialog.locator('#token-saved').click();
    await page.locator('.notice-success', { hasText: '已为 fumin.comm 新建令牌' }).waitFor();
    const row = page.locator('tr', { hasText: '福民社区采集终端' });
    assert.match(await row.innerText(), /有效/);
    assert.ok(!(await page.locator('main').innerText()).includes(token), 'the token is not shown again');

    await row.getByRole('button', { name: '吊销' }).click();
    await dialog.getByRole('button', { name: '确认吊销' }).click();
    await page.locator('.notice-success', { hasText: '已吊销令牌' }).waitFor();
    assert.match(await row.innerText(), /已吊销/);
    assert.equal((await server.request('GET', '/api/v1/me', { token })).status, 401, 'a revoked token is refused');
    await screenshot(page, 'tokens');
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
});

test('other roles have no menu entry and are refused the screens', async () => {
  const { context, page, problems } = await openPage(browser, server);
  try {
    await loginAs(page, server, 'city.officer');
    assert.ok(!(await menuEntries(page)).includes('用户与令牌'));
    for (const hash of ['#/users', '#/tokens']) {
      await page.goto(`${server.url}/${hash}`);
      await page.getByRole('heading', { name: '无权访问' }).waitFor();
    }
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
});

test('a user changes the own password from the header; a wrong old password keeps the session', async () => {
  const { context, page, problems } = await openPage(browser, server);
  try {
    await loginAs(page, server, 'xiongguan.police');
    await page.locator('#change-password').click();
    await page.getByRole('heading', { name: '修改密码' }).waitFor();
    const next = '雄关街道派出所民警新口令2026';
    await page.getByLabel('原密码').fill('不是原来的密码123456');
    await page.locator('#f-new_password').fill(next);
    await page.getByLabel('再输入一次新密码').fill(next);
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.locator('.field[data-field="old_password"] .field-error', { hasText: '原密码不正确' }).waitFor();
    assert.equal(await page.locator('#who-name').textContent(), 'xiongguan.police', 'still logged in');
    await screenshot(page, 'password-wrong-old');

    await page.getByLabel('原密码').fill(passwordOf('xiongguan.police'));
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.locator('.notice-success', { hasText: '密码已修改' }).waitFor();
    assert.equal((await server.login('xiongguan.police', next)).status, 201, 'the new password works');
    assert.equal((await server.login('xiongguan.police')).status, 401, 'the old one does not');
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
});

// notices.test.mjs — 通报 in the browser: a police liaison sends a notice
// from a person's page to the person's community (a wrong division code is
// refused at the field first); the community officer sees 通报 (1) in the
// menu and on the home page, opens the notice (read) and acknowledges it,
// and the count goes away; a department user checks an ID number without a
// certificate on 证明查验 (按身份号码) and sends the one-step notice to the
// responsible street office, which finds it in its inbox.  Every page must
// be free of console errors and failed requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, menuEntries, asUser } from './lib/browser.mjs';
import { startServer, DIV, personBody, createPerson } from '../api/lib/server.mjs';

let server;
let browser;
let person;
let bare;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const comm = await server.session('fumin.comm');
  person = await createPerson(server, comm, personBody(DIV.fumin, { name: '诸葛新住' }));
  bare = await createPerson(server, comm, personBody(DIV.fumin, { name: '诸葛无证', marital_status: '10' }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A logged-in page for `username`; `run(page, at)` gets it and a way to open a hash. */
const as = (username, run) => asUser(browser, server, username, run);

test('a police liaison notifies a community; the community officer sees 通报 (1), reads and acknowledges it', async () => {
  await as('xiongguan.police', async (page, at) => {
    await at(`#/persons/${person.id}`);
    await page.getByRole('heading', { name: /诸葛新住/ }).waitFor();
    await page.locator('#compose-notice').click();
    const dialog = page.locator('dialog.dialog');
    await dialog.getByRole('heading', { name: '发通报' }).waitFor();
    assert.equal(await dialog.locator('#f-recipients').inputValue(), DIV.fumin, 'the person\'s community proposed');
    await dialog.locator('#f-recipients').fill('6202');
    await dialog.locator('#f-subject').fill('出租屋新入住流动人口');
    await dialog.locator('#f-body').fill('新华南路12号出租屋新入住外来务工人员一名，请核实登记。');
    await dialog.getByRole('button', { name: '发送' }).click();
    await dialog.locator('.field[data-field="recipients"] .field-error').filter({ hasText: '9位或12位' }).waitFor();
    await dialog.locator('#f-recipients').fill(DIV.fumin);
    await dialog.getByRole('button', { name: '发送' }).click();
    await page.locator('.notice-success').filter({ hasText: '通报已发送' }).filter({ hasText: '福民社区' }).waitFor();
    assert.equal(await dialog.count(), 0);
  });

  await as('fumin.comm', async (page, at) => {
    const link = page.locator('#menu a[href="#/notices"]');
    await link.filter({ hasText: '通报 (1)' }).waitFor();
    await page.locator('.home-notices .unread-count').filter({ hasText: '有 1 份未读通报' }).waitFor();
    await link.click();
    await page.getByRole('heading', { name: '通报' }).waitFor();
    const row = page.locator('table.notices-table tbody tr').filter({ hasText: '出租屋新入住流动人口' });
    await row.locator('.notice-unread').waitFor();
    assert.match(await row.getAttribute('class'), /is-unread/);
    await screenshot(page, 'notices');
    await row.getByRole('button', { name: '查看' }).click();
    const dialog = page.locator('dialog.dialog');
    await dialog.locator('.notice-body').filter({ hasText: '新华南路12号' }).waitFor();
    await dialog.getByRole('link', { name: `档案 ${person.id}` }).waitFor();
    await link.filter({ hasText: /^通报$/ }).waitFor();   // read: no longer counted
    await dialog.locator('#acknowledge').click();
    await dialog.locator('.notice-success').filter({ hasText: '已确认收到' }).waitFor();
    await dialog.getByRole('button', { name: '关闭' }).last().click();
    await row.locator('.notice-acknowledged').waitFor();
    await at('#/notices?unread=true');
    await page.locator('.notice-info').filter({ hasText: '没有未读的通报' }).waitFor();
  });
});

test('a department checks an ID number without a certificate and notifies the responsible office in one step', async () => {
  await as('city.department', async (page, at) => {
    assert.ok((await menuEntries(page)).includes('证明查验'));
    await at('#/check');
    await page.getByRole('heading', { name: '证明查验' }).waitFor();
    await page.locator('.mode-tab[data-mode="id_number"]').click();
    await page.waitForURL(/#\/check\?by=id_number$/);
    await page.locator('#f-id_number').fill(bare.id_number);
    await page.getByRole('button', { name: '查验' }).click();
    const verdict = page.locator('.verdict[data-result="none"]');
    await verdict.waitFor();
    assert.match(await verdict.textContent(), /雄关街道/);
    assert.ok(!(await verdict.textContent()).includes('诸葛无证'), 'the name is masked');
    await page.locator('#f-note').fill('办理营业执照时查验');
    await page.locator('#notify-office').click();
    await page.locator('.notice-success').filter({ hasText: /已向.*雄关街道发出通报/ }).waitFor();
  });
  await as('xiongguan.town', async (page, at) => {
    await at('#/notices');
    await page.locator('table.notices-table tbody tr').filter({ hasText: '婚育证明查验' }).waitFor();
  });
});

// housing.test.mjs — 出租房屋 in the browser: a landlord account bound to a
// person registers a home (the landlord is the account's person), registers
// a tenant by ID number, is told to ask the community officer for a tenant
// without a file, and ends a tenancy after confirming; a community officer
// gets a link to the registration form instead.  Every page must be free of
// console errors and failed requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, menuEntries, asUser } from './lib/browser.mjs';
import { startServer, DIV, personBody, createPerson, liudongOk, passwordOf } from '../api/lib/server.mjs';

let server;
let browser;
let owner;
let tenant;
const LANDLORD = 'fumin.owner';
const UNKNOWN = personBody(DIV.fumin).id_number; // a valid number nobody registered

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const officer = await server.session('fumin.comm');
  owner = await createPerson(server, officer, personBody(DIV.fumin, { name: '东方房东' }));
  tenant = await createPerson(server, officer, personBody(DIV.fumin, { name: '南宫租客' }));
  liudongOk(['user', 'add', '--username', LANDLORD, '--role', 'landlord', '--scope', DIV.fumin, '--person', String(owner.id)],
    { db: server.db, input: passwordOf(LANDLORD) + '\n' });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A logged-in page for `username`; `run(page, at)` gets it and a way to open a hash. */
const as = (username, run) => asUser(browser, server, username, run);

test('a landlord registers a home and a tenant, is told to ask for registration, and ends the tenancy', async () => {
  await as(LANDLORD, async (page) => {
    const menu = await menuEntries(page);
    assert.ok(menu.includes('出租房屋') && menu.includes('现场报告'), menu.join(','));
    assert.ok(!menu.includes('档案查询'));
    await page.locator('#menu').getByRole('link', { name: '出租房屋' }).click();
    await page.getByRole('heading', { name: '出租房屋' }).waitFor();
    await page.getByText('您还没有登记出租房屋。').waitFor();

    // 登记出租房屋: the landlord is the account's person; a wrong community is caught first.
    await page.getByRole('link', { name: '登记出租房屋' }).click();
    await page.getByRole('heading', { name: '登记出租房屋' }).waitFor();
    await page.getByText('出租人为您本人').waitFor();
    assert.equal(await page.locator('#f-community').inputValue(), DIV.fumin);
    await page.locator('#f-community').fill('6202');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.locator('.field[data-field="community"] .field-error').filter({ hasText: '12 位' }).waitFor();
    await page.locator('#f-community').fill(DIV.fumin);
    await page.locator('#f-address').fill('新华南路12号院3号楼2单元501室');
    await page.locator('#f-rooms').fill('2');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.waitForURL(/#\/homes\/\d+$/);
    await page.locator('.notice-success').filter({ hasText: '已登记出租房屋' }).waitFor();
    await page.getByRole('heading', { name: /新华南路12号院3号楼2单元501室/ }).waitFor();
    const homeId = Number(page.url().match(/homes\/(\d+)$/)[1]);
    const api = await server.request('GET', `/api/v1/homes/${homeId}`, { session: await server.session('fumin.comm') });
    assert.equal(api.body.landlord_person_id, owner.id, 'the landlord is the bound person');
    assert.equal(api.body.rooms, 2);

    // A tenant without a file: nothing written, ask the community officer.
    await page.getByRole('button', { name: '登记租住' }).click();
    const dialog = page.locator('dialog.dialog');
    await dialog.locator('#f-id_number').fill(UNKNOWN);
    await dialog.getByRole('button', { name: '登记租住' }).click();
    const prompt = dialog.locator('.registration-needed');
    await prompt.waitFor();
    assert.match(await prompt.textContent(), /联系.*社区.*专管员.*登记流动人口档案/);
    assert.equal(await prompt.getByRole('link').count(), 0, 'a landlord cannot register files');
    await dialog.locator('.field[data-field="id_number"] .field-error').filter({ hasText: '还没有流动人口档案' }).waitFor();

    // A registered tenant.
    await dialog.locator('#f-id_number').fill(tenant.id_number);
    await dialog.getByRole('button', { name: '登记租住' }).click();
    await page.locator('.notice-success').filter({ hasText: '已登记 南宫租客' }).waitFor();
    const row = page.locator('table.tenancies-table tbody tr').filter({ hasText: '南宫租客' });
    await row.locator('.badge').filter({ hasText: '在租' }).waitFor();
    assert.match(await row.textContent(), /\*{8}/, 'the ID number masked');
    assert.equal(await row.getByRole('link').count(), 0, 'no link to a file a landlord cannot read');
    await screenshot(page, 'homes');

    // The list shows the home.
    await page.getByRole('link', { name: '返回列表' }).click();
    await page.locator(`table.homes-table tr[data-home="${homeId}"]`).filter({ hasText: '本人' }).waitFor();
    await page.locator(`table.homes-table tr[data-home="${homeId}"]`).getByRole('link').click();

    // 结束租住: confirmation first; 返回修改 goes back.
    await row.getByRole('button', { name: /结束租住/ }).click();
    await dialog.getByRole('button', { name: '结束租住…' }).click();
    await dialog.locator('.confirm-question').filter({ hasText: '南宫租客' }).waitFor();
    await dialog.getByRole('button', { name: '返回修改' }).click();
    await dialog.getByRole('button', { name: '结束租住…' }).click();
    await dialog.getByRole('button', { name: '确认结束租住' }).click();
    await page.locator('.notice-success').filter({ hasText: '退租' }).waitFor();
    await row.locator('.badge').filter({ hasText: '已退租' }).waitFor();
    assert.equal(await row.getByRole('button').count(), 0);
  });
});

test('a community officer is offered the registration form for a tenant without a file', async () => {
  const home = await server.request('POST', '/api/v1/homes', {
    session: await server.session('fumin.comm'),
    body: { community: DIV.fumin, address: '兰新路8号2单元302室', landlord_person_id: owner.id },
  });
  assert.equal(home.status, 201, home.text);
  await as('fumin.comm', async (page) => {
    await page.goto(`${server.url}/#/homes?community=${DIV.fumin}`);
    await page.locator(`table.homes-table tr[data-home="${home.body.id}"]`).getByRole('link', { name: '兰新路8号2单元302室' }).click();
    await page.getByRole('heading', { name: /兰新路8号2单元302室/ }).waitFor();
    await page.getByText('尚无租住人员。').waitFor();
    await page.getByRole('button', { name: '登记租住' }).click();
    const dialog = page.locator('dialog.dialog');
    await dialog.locator('#f-id_number').fill(UNKNOWN);
    await dialog.getByRole('button', { name: '登记租住' }).click();
    const link = dialog.locator('.registration-needed').getByRole('link', { name: '登记流动人口档案' });
    await link.waitFor();
    await link.click();
    await page.waitForURL(/#\/persons\/new$/);
    await page.getByRole('heading', { name: '登记流动人口档案' }).waitFor();
  });
});

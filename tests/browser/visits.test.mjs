// visits.test.mjs — 联合登记走访 in the browser: the police liaison opens a
// visit with a household person picked by ID number and fills the police
// part; the community officer sees the police part read-only, fills the
// family part, and is told when someone saved the family part meanwhile
// (what was typed is kept; saving again works).  Every page must be free of
// console errors and failed requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, asUser } from './lib/browser.mjs';
import { startServer, DIV, personBody, createPerson } from '../api/lib/server.mjs';

let server;
let browser;
let head;
let spouse;
let visitId;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const officer = await server.session('fumin.comm');
  head = await createPerson(server, officer, personBody(DIV.fumin, { name: '司马户主' }));
  spouse = await createPerson(server, officer, personBody(DIV.fumin, { name: '司马配偶' }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A logged-in page for `username`; `run(page, at)` gets it and a way to open a hash. */
const as = (username, run) => asUser(browser, server, username, run);

test('the police liaison opens a visit with a person and fills the police part', async () => {
  await as('xiongguan.police', async (page) => {
    await page.locator('#menu').getByRole('link', { name: '联合走访' }).click();
    await page.getByRole('heading', { name: '联合登记走访' }).waitFor();
    await page.getByText('没有符合条件的走访。').waitFor();
    await page.getByRole('link', { name: '新建走访' }).click();
    await page.getByRole('heading', { name: '新建走访' }).waitFor();
    await page.locator('#f-community').fill(DIV.fumin);
    await page.locator('#f-address').fill('兰新路8号2单元301室');
    // An unknown ID number: said, nothing saved.
    await page.getByLabel('第 1 人公民身份号码').fill(personBody(DIV.fumin).id_number);
    await page.getByRole('button', { name: '开始走访' }).click();
    await page.locator('.field[data-field="persons"] .field-error').filter({ hasText: '没有身份号码' }).waitFor();
    await page.getByLabel('第 1 人公民身份号码').fill(head.id_number);
    await page.getByRole('button', { name: '开始走访' }).click();
    await page.waitForURL(/#\/visits\/\d+$/);
    visitId = Number(page.url().match(/visits\/(\d+)$/)[1]);
    await page.locator('.notice-success').filter({ hasText: '请填写公安部分' }).waitFor();
    await page.locator('#household tr').filter({ hasText: '司马户主' }).filter({ hasText: '户主' }).waitFor();

    // Another person of the household.
    await page.getByRole('button', { name: '添加户内人员' }).click();
    const dialog = page.locator('dialog.dialog');
    await dialog.locator('#f-id_number').fill(spouse.id_number);
    await dialog.locator('#f-relation').selectOption('spouse');
    await dialog.getByRole('button', { name: '添加' }).click();
    await page.locator('#household tr').filter({ hasText: '司马配偶' }).filter({ hasText: '配偶' }).waitFor();

    // Only the police part is a form.
    const police = page.locator('.visit-police');
    const family = page.locator('.visit-family');
    assert.equal(await family.locator('form').count(), 0);
    await police.locator('#f-household_type').selectOption('rental');
    await police.locator('#f-residence_permit').fill('已办理居住证');
    await police.getByRole('button', { name: '保存公安部分' }).click();
    await page.locator('.notice-success').filter({ hasText: '已保存公安部分（版本 2）' }).waitFor();
    await police.getByText('走访人员：xiongguan.police').waitFor();
    assert.equal(await page.locator('.visit-police #f-residence_permit').inputValue(), '已办理居住证');
  });
});

test('the community officer fills the family part, cannot edit the police part, and is told of a conflict', async () => {
  assert.ok(visitId, 'the visit was opened');
  await as('fumin.comm', async (page) => {
    await page.goto(`${server.url}/#/visits`);
    await page.locator(`table.visits-table tr[data-visit="${visitId}"]`).getByRole('link').click();
    await page.getByRole('heading', { name: new RegExp(`走访 ${visitId}`) }).waitFor();
    const police = page.locator('.visit-police');
    const family = page.locator('.visit-family');
    // The police part: read-only.
    await police.getByText('出租房').waitFor();
    await police.getByText('已办理居住证').waitFor();
    assert.equal(await police.locator('form, input, select, textarea, button').count(), 0, 'nothing to edit in the police part');
    await police.getByText('您只能查看').waitFor();

    await family.locator('#f-women_of_childbearing_age').fill('1');
    await family.locator('#f-contraception_note').fill('已落实');
    await family.getByRole('button', { name: '保存计生部分' }).click();
    await page.locator('.notice-success').filter({ hasText: '已保存计生部分（版本 2）' }).waitFor();
    await screenshot(page, 'visit');

    // Someone of the family side saves meanwhile: a conflict, the typed text kept.
    const other = await server.request('PATCH', `/api/v1/visits/${visitId}/family`, {
      session: await server.session('xiongguan.town'), body: { certificate_note: '持有婚育证明' }, headers: { 'If-Match': '"2"' },
    });
    assert.equal(other.status, 200, other.text);
    await family.locator('#f-fp_note').fill('下次走访时复核');
    await family.getByRole('button', { name: '保存计生部分' }).click();
    const conflict = family.locator('.conflict');
    await conflict.filter({ hasText: '已被他人修改（现为版本 3）' }).waitFor();
    await conflict.getByText('持有婚育证明').waitFor();
    assert.equal(await family.locator('#f-fp_note').inputValue(), '下次走访时复核', 'what was typed is kept');
    assert.equal(await family.locator('#f-certificate_note').inputValue(), '持有婚育证明', 'what was left alone takes the saved value');
    await family.getByRole('button', { name: '保存计生部分' }).click();
    await page.locator('.notice-success').filter({ hasText: '已保存计生部分（版本 4）' }).waitFor();

    const visit = await server.request('GET', `/api/v1/visits/${visitId}`, { session: await server.session('fumin.comm') });
    assert.equal(visit.body.family.fp_note, '下次走访时复核');
    assert.equal(visit.body.family.certificate_note, '持有婚育证明', 'the other person\'s text stays');
    assert.equal(visit.body.police.residence_permit, '已办理居住证');
    assert.equal(visit.body.police.version, 2);
  });
});

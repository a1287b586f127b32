// outflow.test.mjs — an outflow person's page in the browser: a community
// officer registers a departure (the place must lie outside the city: the
// server's refusal is shown at the field), its return and a feedback, but
// cannot grant benefits; a town officer grants a benefit, records it paid,
// and cancels another after confirming.  Every page must be free of console
// errors and failed requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, asUser } from './lib/browser.mjs';
import { startServer, DIV, personBody, createPerson } from '../api/lib/server.mjs';

let server;
let browser;

const DAY = 86_400_000;
const chinaDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * DAY).toISOString().slice(0, 10);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A logged-in page for `username`; `run(page, at)` gets it and a way to open a hash. */
const as = (username, run) => asUser(browser, server, username, run);

test('departures, returns, feedback and benefits of an outflow person', async () => {
  const person = await createPerson(server, await server.session('fumin.comm'), personBody(DIV.fumin, { name: '东方外出', flow: 'outflow' }));
  const inflow = await createPerson(server, await server.session('fumin.comm'), personBody(DIV.fumin, { name: '东方流入' }));

  await as('fumin.comm', async (page, at) => {
    // An inflow person has no departures or feedback to keep.
    await at(`#/persons/${inflow.id}`);
    await page.getByRole('heading', { name: /东方流入/ }).waitFor();
    assert.equal(await page.locator('#departures').count(), 0);
    assert.equal(await page.locator('#feedback').count(), 0);

    await at(`#/persons/${person.id}`);
    await page.getByRole('heading', { name: /东方外出/ }).waitFor();
    const departures = page.locator('#departures');
    await departures.getByText('尚无外出登记').waitFor();
    assert.equal(await page.getByRole('button', { name: '核定奖励优惠' }).count(), 0, 'benefits are the offices’');

    await departures.getByRole('button', { name: '登记外出' }).click();
    const dialog = page.getByRole('dialog', { name: /登记外出/ });
    await dialog.getByRole('button', { name: '登记' }).click();
    await dialog.locator('.field[data-field="departed_on"] .field-error').filter({ hasText: '外出日期' }).waitFor();
    await dialog.locator('.field[data-field="destination_division"] .field-error').waitFor();
    await page.locator('#f-departed_on').fill(chinaDay(-10));
    await page.locator('#f-destination_division').fill(DIV.shengli);
    await page.locator('#f-employer_there').fill('成都锦江宾馆');
    await dialog.getByRole('button', { name: '登记' }).click();
    await dialog.locator('.field[data-field="destination_division"] .field-error').filter({ hasText: '本市以外' }).waitFor();
    await page.locator('#f-destination_division').fill('510104');
    await dialog.getByRole('button', { name: '登记' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.notice-success').filter({ hasText: '四川省成都市锦江区' }).waitFor();
    const row = departures.locator('tbody tr');
    assert.match(await row.textContent(), new RegExp(`${chinaDay(-10)}.*四川省成都市锦江区.*成都锦江宾馆.*外出中`));
    assert.equal(await departures.getByRole('button', { name: '登记外出' }).count(), 0, 'one departure at a time');
    await departures.getByText('尚未登记返回').waitFor();

    await row.getByRole('button', { name: /登记返回/ }).click();
    const back = page.getByRole('dialog', { name: '登记外出返回' });
    await page.locator('#f-returned_on').fill(chinaDay(-11));
    await back.getByRole('button', { name: '登记返回' }).click();
    await back.locator('.field-error').filter({ hasText: '不能早于外出日期' }).waitFor();
    await page.locator('#f-returned_on').fill('');
    await back.getByRole('button', { name: '登记返回' }).click();
    await back.waitFor({ state: 'detached' });
    await row.locator('.badge').filter({ hasText: '已返回' }).waitFor();
    await departures.getByRole('button', { name: '登记外出' }).waitFor();

    await page.locator('#feedback').getByRole('button', { name: '登记反馈' }).click();
    const fb = page.getByRole('dialog', { name: /登记反馈/ });
    await page.locator('#f-direction').selectOption('sent');
    await page.locator('#f-channel').selectOption('workstation');
    await page.locator('#f-counterpart').fill('成都市锦江区春熙路街道计生办');
    await page.locator('#f-content').fill('该人员已持婚育证明外出务工，现已返回。');
    await fb.getByRole('button', { name: '登记' }).click();
    await fb.waitFor({ state: 'detached' });
    assert.match(await page.locator('#feedback tbody tr').textContent(), /发往流入地.*驻外工作站.*春熙路街道计生办.*已返回/);
    assert.deepEqual(await page.locator('#events .event-action').allTextContents(), ['外出登记', '外出返回', '信息反馈']);
  });

  await as('xiongguan.town', async (page, at) => {
    await at(`#/persons/${person.id}`);
    const benefits = page.locator('#benefits');
    const grant = async (kind, period, amount) => {
      await benefits.getByRole('button', { name: '核定奖励优惠' }).click();
      const dialog = page.getByRole('dialog', { name: /核定奖励优惠/ });
      await page.locator('#f-kind').selectOption(kind);
      await page.locator('#f-period').fill(period);
      await page.locator('#f-amount').fill(amount);
      await dialog.getByRole('button', { name: '核定' }).click();
      return dialog;
    };
    const bad = await grant('only_child_parent_reward', '2026', '1.234');
    await bad.locator('.field[data-field="amount"] .field-error').filter({ hasText: '两位小数' }).waitFor();
    await page.locator('#f-amount').fill('960.00');
    await bad.getByRole('button', { name: '核定' }).click();
    await bad.waitFor({ state: 'detached' });
    const first = benefits.locator('tbody tr').first();
    assert.match(await first.textContent(), /独生子女父母奖励费.*2026.*960\.00.*已核定/);

    await first.getByRole('button', { name: /登记发放/ }).click();
    const pay = page.getByRole('dialog', { name: '登记奖励优惠发放' });
    await pay.getByText('不能更改或撤销').waitFor();
    await pay.getByRole('button', { name: '确认已发放' }).click();
    await pay.waitFor({ state: 'detached' });
    await benefits.locator('tbody tr').first().locator('.badge').filter({ hasText: '已发放' }).waitFor();

    const other = await grant('other', '2026-01..2026-06', '120');
    await other.waitFor({ state: 'detached' });
    const second = benefits.locator('tbody tr[data-state="granted"]');
    await second.getByRole('button', { name: /撤销/ }).click();
    const cancel = page.getByRole('dialog', { name: '撤销奖励优惠' });
    await page.locator('#f-reason').fill('期间填写有误');
    await cancel.getByRole('button', { name: '撤销…' }).click();
    await cancel.locator('.confirm-question').filter({ hasText: '期间填写有误' }).waitFor();
    await cancel.getByRole('button', { name: '确认撤销' }).click();
    await cancel.waitFor({ state: 'detached' });
    await benefits.locator('tbody tr[data-state="cancelled"]').filter({ hasText: '期间填写有误' }).waitFor();
    await page.locator('#benefits').scrollIntoViewIfNeeded();
    await screenshot(page, 'person-outflow');
  });
});

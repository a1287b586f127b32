// lookup.test.mjs — the remote query screen: a department user (who may read
// no files) finds a person anywhere by ID number with a stated reason, sees
// only the summary, and the query is audited with its reason.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, assertNoProblems, loginAs, screenshot, menuEntries } from './lib/browser.mjs';
import { startServer, DIV, personBody, createPerson, idNumber, poll } from '../api/lib/server.mjs';

let server;
let browser;
let person;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  person = await createPerson(server, await server.session('dazhong.comm'), personBody(DIV.dazhong, { name: '欧阳明轩' }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a department user queries a person by ID number with a reason and sees only the summary', async () => {
  const { context, page, problems } = await openPage(browser, server);
  try {
    await loginAs(page, server, 'city.department');
    assert.deepEqual(await menuEntries(page), ['首页', '异地查询', '证明查验', '单位', '统计', '目标考核']);
    await page.locator('#menu').getByRole('link', { name: '异地查询' }).click();
    await page.getByRole('heading', { name: '异地查询' }).waitFor();

    // A wrong check character is caught in the page, before any request.
    const wrong = person.id_number.slice(0, 17) + (person.id_number[17] === '1' ? '2' : '1');
    await page.getByLabel(/公民身份号码/).fill(wrong);
    await page.getByLabel(/查询事由/).fill('核实婚育证明');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('.field-error').filter({ hasText: '校验位' }).waitFor();

    // The reason is required.
    await page.getByLabel(/公民身份号码/).fill(person.id_number);
    await page.getByLabel(/查询事由/).fill('');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('.field-error').filter({ hasText: '查询事由' }).waitFor();

    await page.getByLabel(/查询事由/).fill('核实婚育证明');
    await page.getByLabel(/查询事由/).press('Enter');
    const result = page.locator('section.results .panel');
    await result.waitFor();
    const text = await result.textContent();
    assert.match(text, /欧\*\*\*/);
    assert.doesNotMatch(text, /欧阳明轩/);
    assert.doesNotMatch(text, new RegExp(person.id_number));
    assert.match(text, /钢城街道/);
    await screenshot(page, 'lookup');

    // Nobody with this number: said plainly.
    await page.getByLabel(/公民身份号码/).fill(idNumber('510104', '19880808', 17));
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('.notice').filter({ hasText: '没有这个公民身份号码的档案' }).waitFor();
    assertNoProblems(problems, 'lookup');
  } finally {
    await context.close();
  }

  const city = await server.session('city.officer');
  const rows = await poll(async () => {
    const a = await server.request('GET', `/api/v1/audit?action=person.lookup&object=person:${person.id}`, { session: city });
    return a.body.items.length ? a.body.items : null;
  });
  assert.equal(rows[0].username, 'city.department');
  assert.equal(rows[0].detail, '核实婚育证明');
});

// worklist.test.mjs — 待办事项 in the browser: a community officer sees the
// work of their own community only (counts as tiles, the same as the API's;
// items by due date with the days overdue highlighted; a tile narrows to its
// kind), the counts on the home page, and person pages without the offices'
// buttons (no 办理转换, no 新建函调); a town officer sees the whole town and
// narrows by division, never outside the scope, and follows an item to the
// record it concerns.  Every page must be free of console errors and failed
// requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, menuEntries, asUser } from './lib/browser.mjs';
import { startServer, DIV, personBody, createPerson, sqlite } from '../api/lib/server.mjs';

let server;
let browser;
const p = {};

const DAY = 86_400_000;
/** A day counted from today in China (the server's "today"), as YYYY-MM-DD. */
const chinaDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * DAY).toISOString().slice(0, 10);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const officer = await server.session('city.officer');
  const person = (community, over) => createPerson(server, officer, personBody(community, over));
  // 福民社区: 40 days here without a certificate (10 days overdue); two years here;
  // an outflow person without a certificate; one whose inquiry went unanswered.
  p.late = await person(DIV.fumin, { name: '上官迟交', arrival_date: chinaDay(-40) });
  p.long = await person(DIV.fumin, { name: '上官久居', arrival_date: chinaDay(-800) });
  p.away = await person(DIV.fumin, { name: '上官外出', flow: 'outflow' });
  p.asked = await person(DIV.fumin, { name: '上官函调', arrival_date: chinaDay(-20) });
  const q = await server.request('POST', '/api/v1/inquiries', { session: await server.session('xiongguan.town'), body: { person_id: p.asked.id, send: true } });
  assert.equal(q.status, 201, q.text);
  p.inquiry = q.body.id;
  sqlite(server.db, `UPDATE inquiry SET sent_on = '${chinaDay(-45)}', due_on = '${chinaDay(-15)}' WHERE id = ${p.inquiry}`);
  // Elsewhere: 胜利社区 (the same street), 大众社区 (another street).
  p.shengli = await person(DIV.shengli, { name: '上官胜利', arrival_date: chinaDay(-35) });
  p.dazhong = await person(DIV.dazhong, { name: '上官大众', arrival_date: chinaDay(-50) });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A logged-in page for `username`; `run(page, at)` gets it and a way to open a hash. */
const as = (username, run) => asUser(browser, server, username, run);

async function worklist(user, query = '') {
  const r = await server.request('GET', `/api/v1/worklist${query}`, { session: await server.session(user) });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

/** The tiles' counts: {all: n, kind: n, …}. */
async function tileCounts(scope) {
  const out = {};
  for (const tile of await scope.locator('.work-tile').all()) out[await tile.getAttribute('data-kind')] = Number(await tile.locator('.tile-count').textContent());
  return out;
}

const rowOf = (page, person) => page.locator(`table.worklist-table tbody tr[data-person="${person.id}"]`);

test('a community officer sees the work of their community, with counts, and no transition button', async () => {
  const expected = await worklist('fumin.comm');
  assert.ok(expected.counts.certificate_missing >= 2 && expected.counts.inquiry_overdue === 1, JSON.stringify(expected.counts));
  await as('fumin.comm', async (page, at) => {
    assert.deepEqual(await menuEntries(page), ['首页', '待办事项', '档案查询', '登记档案', '批量导入', '异地查询', '证明查验', '出租房屋', '现场报告', '联合走访', '单位', '通报', '统计', '服务网点'], 'no 函调 menu without inquiry.write');

    // The home page: the counts, each a link to its list.
    const home = page.locator('.home-work');
    await home.locator('.work-tiles').waitFor();
    assert.deepEqual(await tileCounts(home), { all: expected.total, ...expected.counts });

    await page.locator('#menu').getByRole('link', { name: '待办事项' }).click();
    await page.getByRole('heading', { name: /待办事项/ }).waitFor();
    const rows = page.locator('table.worklist-table tbody tr');
    await rows.first().waitFor();
    assert.deepEqual(await tileCounts(page.locator('.tiles-place')), { all: expected.total, ...expected.counts });
    assert.equal(await rows.count(), expected.items.length);
    assert.equal(await page.locator('#f-division').count(), 0, 'one community: no division to choose');
    assert.match(await page.locator('.search-form').textContent(), /范围甘肃省嘉峪关市雄关街道福民社区/);
    for (const other of [p.shengli, p.dazhong]) assert.equal(await rowOf(page, other).count(), 0, `${other.name} is not this community's`);

    // Earliest first; the days overdue highlighted.
    const dues = await rows.locator('td:first-child').allTextContents();
    assert.deepEqual(dues, [...dues].sort(), 'by due date');
    const late = rowOf(page, p.late).filter({ hasText: '未交验婚育证明' });
    const overdue = late.locator('td.overdue');
    assert.equal(await overdue.textContent(), '逾期 10 天');
    assert.equal(await overdue.evaluate((el) => getComputedStyle(el).color), 'rgb(180, 35, 24)', 'in red');
    assert.match(await late.getAttribute('class'), /is-overdue/);
    assert.match(await late.textContent(), new RegExp(`${chinaDay(-10)}.*催交户籍地婚育证明.*上官迟交`));
    const asked = rowOf(page, p.asked).filter({ hasText: '函调逾期未复' });
    assert.equal(await asked.locator('td.overdue').textContent(), '逾期 15 天');
    assert.equal(await asked.getByRole('link', { name: `函调 ${p.inquiry}` }).count(), 0, 'the letter is the offices’');
    await screenshot(page, 'worklist');

    // A tile narrows to its kind.
    await page.locator('.tiles-place .work-tile[data-kind="certificate_missing"]').click();
    await page.waitForURL(/#\/worklist\?kind=certificate_missing$/);
    await page.locator('.results-head').filter({ hasText: '未交验婚育证明' }).waitFor();
    assert.equal(await rows.count(), expected.counts.certificate_missing);
    for (const kind of await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.kind))) assert.equal(kind, 'certificate_missing');
    assert.equal(await page.locator('.work-tile[aria-current="true"]').getAttribute('data-kind'), 'certificate_missing');
    assert.equal(await page.locator('#f-kind').inputValue(), 'certificate_missing');

    // The person: inquiries and transitions are shown, the offices' buttons are not.
    await rowOf(page, p.late).getByRole('link', { name: '上官迟交' }).click();
    await page.getByRole('heading', { name: /上官迟交/ }).waitFor();
    await page.locator('#transitions').getByText('尚未办理管理方式转换').waitFor();
    assert.equal(await page.getByRole('button', { name: '办理转换' }).count(), 0, 'no 办理转换 for a community officer');
    assert.equal(await page.getByRole('button', { name: '新建函调' }).count(), 0, 'no 新建函调 either');
    await at(`#/persons/${p.asked.id}`);
    const inquiry = page.locator(`#inquiries tr[data-inquiry="${p.inquiry}"]`);
    await inquiry.locator('.badge').filter({ hasText: '已逾期' }).waitFor();
    assert.equal(await inquiry.getByRole('button').count(), 0);
    assert.equal(await inquiry.getByRole('link').count(), 0);
  });
});

test('a town officer sees the whole street, narrows by division inside the scope and follows an item to its letter', async () => {
  const town = await worklist('xiongguan.town');
  await as('xiongguan.town', async (page, at) => {
    await at('#/worklist');
    const rows = page.locator('table.worklist-table tbody tr');
    await rows.first().waitFor();
    assert.equal(await page.locator('.tiles-place .work-tile[data-kind="all"] .tile-count').textContent(), String(town.total));
    assert.ok(await rowOf(page, p.shengli).count() >= 1, '胜利社区 is in the street');
    assert.equal(await rowOf(page, p.dazhong).count(), 0, '大众社区 is not');

    // Outside the scope: said in the page.
    await page.locator('#f-division').fill(DIV.dazhong);
    await page.locator('#f-division').press('Enter');
    await page.locator('.field[data-field="division"] .field-error').filter({ hasText: '620201001' }).waitFor();
    // 胜利社区 only.
    await page.locator('#f-division').fill(DIV.shengli);
    await page.locator('#f-division').press('Enter');
    await page.waitForURL(new RegExp(`division=${DIV.shengli}`));
    await page.locator('.results-head').waitFor();
    await page.getByRole('heading', { name: new RegExp(`区划 ${DIV.shengli}`) }).waitFor();
    const people = await rows.evaluateAll((trs) => [...new Set(trs.map((tr) => tr.dataset.person))]);
    assert.deepEqual(people, [String(p.shengli.id)]);
    // The tiles keep the division.
    await page.locator('.tiles-place .work-tile[data-kind="resident_candidate"]').click();
    await page.waitForURL(new RegExp(`division=${DIV.shengli}.*kind=resident_candidate|kind=resident_candidate.*division=${DIV.shengli}`));
    await page.locator('.notice-success').filter({ hasText: '没有“可转为常住管理”的待办事项' }).waitFor();

    // An overdue inquiry leads to its letter.
    await at('#/worklist?kind=inquiry_overdue');
    await page.locator('.results-head').filter({ hasText: '函调逾期未复' }).waitFor();
    await rows.first().getByRole('link', { name: `函调 ${p.inquiry}` }).click();
    await page.waitForURL(new RegExp(`#/inquiries/${p.inquiry}/print$`));
    await page.locator('article.letter-sheet').filter({ hasText: '上官函调' }).waitFor();
  });
});

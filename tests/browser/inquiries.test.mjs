// inquiries.test.mjs — letter inquiries and transitions in the browser: a
// town officer opens an inquiry about an inflow person, sends it, prints the
// letter (A4, nothing of the screen on paper), records the answer; then
// turns the person to resident management by marriage, the checklist
// showing each condition ✗ until the declarations and the answered inquiry
// are given.  The inquiry list filters by state and pages; cancelling an
// inquiry and 迁离 ask for confirmation first.  Every page must be free of
// console errors and failed requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, menuEntries, asUser } from './lib/browser.mjs';
import { startServer, DIV, personBody, createPerson, idNumber, sqlite } from '../api/lib/server.mjs';

let server;
let browser;

const MM = 96 / 25.4; // CSS pixels per millimetre
const DAY = 86_400_000;
/** A day counted from today in China (the server's "today"), as YYYY-MM-DD. */
const chinaDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * DAY).toISOString().slice(0, 10);
const chineseDate = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `${y}年${m}月${d}日`; };

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

async function api(method, path, body, user = 'xiongguan.town') {
  return server.request(method, path, { session: await server.session(user), body });
}

async function inquiryState(id) {
  const r = await api('GET', `/api/v1/inquiries/${id}`, undefined, 'city.officer');
  assert.equal(r.status, 200, r.text);
  return r.body.state;
}

/** The number of pages of a PDF and the size of its first page in points. */
function pdfPages(pdf) {
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page(?!s)/g) || [];
  const box = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text);
  return { count: pages.length, width: box ? Number(box[3]) - Number(box[1]) : 0, height: box ? Number(box[4]) - Number(box[2]) : 0 };
}

/** The conditions the dialog's checklist shows: {code: met}. */
async function checklist(dialog) {
  const items = dialog.locator('li.condition');
  const out = {};
  for (const li of await items.all()) out[await li.getAttribute('data-code')] = (await li.getAttribute('data-met')) === 'true';
  return out;
}

/** Waits until the checklist has settled with condition `code` met (or not). */
async function waitCondition(dialog, code, met) {
  await dialog.locator(`.checklist:not(.checking) li.condition[data-code="${code}"][data-met="${met}"]`).waitFor();
}

test('a town officer sends an inquiry, prints the letter, records the answer and turns the person to resident management', async (t) => {
  const person = await createPerson(server, await server.session('fumin.comm'), personBody(DIV.fumin, {
    name: '司马文静', marital_status: '20', hukou_division: '410102', id_number: idNumber('410102', '19900715', 246),
    hukou_address: '建设路56号院3号楼', arrival_date: '2024-03-01',
  }));
  await as('xiongguan.town', async (page, at) => {
    assert.ok((await menuEntries(page)).includes('函调'), 'the offices get the inquiry list');
    await at(`#/persons/${person.id}`);
    await page.getByRole('heading', { name: /司马文静/ }).waitFor();
    const section = page.locator('#inquiries');
    await section.getByText('尚无函调').waitFor();

    // New: a bad place is caught in the page; then saved as a draft.
    await section.getByRole('button', { name: '新建函调' }).click();
    const dialog = page.getByRole('dialog', { name: /新建函调/ });
    await dialog.waitFor();
    assert.match(await dialog.locator('.field[data-field="to_division"] .field-hint').textContent(), /河南省郑州市中原区（410102）/);
    await page.locator('#f-to_division').fill('41');
    await dialog.getByRole('button', { name: '保存为草稿' }).click();
    await dialog.locator('.field[data-field="to_division"] .field-error').filter({ hasText: '区划代码' }).waitFor();
    await page.locator('#f-to_division').fill('');
    await page.locator('#f-subject').selectOption('marital_childbearing');
    await page.locator('#f-note').fill('请核实其初婚日期及子女情况。');
    await dialog.getByRole('button', { name: '保存为草稿' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.notice-success').filter({ hasText: '已存为草稿' }).waitFor();
    const row = section.locator('table.inquiries-table tbody tr');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    const id = Number(await row.getAttribute('data-inquiry'));
    assert.equal(await row.locator('.badge').textContent(), '草稿');
    assert.equal(await row.getByRole('link', { name: /打印函件/ }).count(), 0, 'no letter before it is sent');

    // Send: the reply deadline follows.
    await row.getByRole('button', { name: `发出（函调 ${id}）` }).click();
    const send = page.getByRole('dialog', { name: '发出函调' });
    await send.getByRole('button', { name: '确认发出' }).click();
    await send.waitFor({ state: 'detached' });
    await page.locator('.notice-success').filter({ hasText: `回复期限 ${chinaDay(30)}` }).waitFor();
    assert.equal(await row.locator('.badge').textContent(), '已发出');
    assert.match(await row.textContent(), new RegExp(`${chinaDay(0)}.*${chinaDay(30)}`));
    assert.equal(await inquiryState(id), 'sent');

    // The letter.
    await row.getByRole('link', { name: `打印函件（函调 ${id}）` }).click();
    await page.waitForURL(new RegExp(`#/inquiries/${id}/print$`));
    const sheet = page.locator('article.letter-sheet');
    await sheet.waitFor();
    assert.equal(await sheet.locator('.sheet-title').textContent(), '关于核查流动人口婚育情况的函');
    const text = await sheet.textContent();
    for (const expected of ['河南省郑州市中原区人口和计划生育局：', '司马文静', '女', '1990年7月15日出生', person.id_number,
      '河南省郑州市中原区建设路56号院3号楼', '婚姻和生育状况', `于${chineseDate(chinaDay(30))}前`, '请核实其初婚日期及子女情况。',
      '嘉峪关市雄关街道办事处', chineseDate(chinaDay(0)), '（盖章）', '沿此线剪下', '回　执', '回复单位（盖章）', `函调编号 ${id}`]) {
      assert.ok(text.includes(expected), `the letter shows ${expected}`);
    }
    assert.equal(await sheet.locator('.void-stamp').count(), 0, 'a sent letter is clean');
    await screenshot(page, 'inquiry-letter');

    // On paper: no menu, header or buttons; the letter fits the printable area of A4.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('#menu').isVisible(), false, 'menu hidden in print');
    assert.equal(await page.locator('.topbar').isVisible(), false, 'header hidden in print');
    assert.equal(await page.locator('#print').isVisible(), false, 'buttons hidden in print');
    const box = await sheet.boundingBox();
    assert.ok(box.width <= 174 * MM + 1, `width ${box.width / MM} mm fits 210 − 2×18 mm`);
    assert.ok(box.height <= 257 * MM, `height ${box.height / MM} mm fits 297 − 2×20 mm`);
    assert.equal(await sheet.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), true, 'nothing sticks out sideways');
    t.diagnostic(`printed letter: ${(box.width / MM).toFixed(1)} × ${(box.height / MM).toFixed(1)} mm`);
    const colours = await sheet.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
    assert.deepEqual(colours, ['rgb(0, 0, 0)', 'rgb(255, 255, 255)'], 'black on white');
    await page.emulateMedia({ media: null });
    const pdf = pdfPages(await page.pdf({ preferCSSPageSize: true }));
    assert.equal(pdf.count, 1, 'one page');
    assert.ok(Math.abs(pdf.width - 595.3) < 2 && Math.abs(pdf.height - 841.9) < 2, `A4 paper, got ${pdf.width}×${pdf.height} pt`);

    // The answer: both required fields are asked for, then 已回复.
    await page.getByRole('link', { name: '返回档案' }).click();
    await page.getByRole('heading', { name: /司马文静/ }).waitFor();
    await row.getByRole('button', { name: `登记回函（函调 ${id}）` }).click();
    const answer = page.getByRole('dialog', { name: '登记回函' });
    await answer.getByRole('button', { name: '登记回函' }).click();
    await answer.locator('.field[data-field="marital_status"] .field-error').filter({ hasText: '婚姻状况' }).waitFor();
    await answer.locator('.field[data-field="reference"] .field-error').filter({ hasText: '回函文号' }).waitFor();
    assert.match(await answer.locator('.field[data-field="marital_status"] .field-hint').textContent(), /档案记载：已婚/);
    await page.locator('#f-marital_status').selectOption('21');
    await page.locator('#f-reference').fill('中原计生函〔2026〕15号');
    await page.locator('#f-answer_text').fill('经核实，该人初婚，育有一孩。');
    await answer.getByRole('button', { name: '登记回函' }).click();
    await answer.waitFor({ state: 'detached' });
    await page.locator('.notice-success').filter({ hasText: '中原计生函〔2026〕15号' }).waitFor();
    assert.equal(await row.locator('.badge').textContent(), '已回复');
    assert.match(await row.textContent(), /初婚.*中原计生函〔2026〕15号/);
    assert.equal(await row.getByRole('button').count(), 0, 'nothing more to do but print');
    assert.equal(await inquiryState(id), 'answered');

    // 办理记录: oldest first, the answer last.
    const events = page.locator('#events li.event');
    assert.deepEqual(await events.locator('.event-action').allTextContents(), ['函调', '发出函调', '登记回函']);
    assert.match(await events.last().textContent(), /中原计生函〔2026〕15号/);

    // The transition: every condition listed, ✗ until given.
    await page.locator('#transitions').getByRole('button', { name: '办理转换' }).click();
    const dialog2 = page.getByRole('dialog', { name: /办理管理方式转换/ });
    await dialog2.waitFor();
    await page.locator('#f-kind').selectOption('resident_by_marriage');
    await waitCondition(dialog2, 'inquiry_answered', false);
    assert.deepEqual(await checklist(dialog2), {
      inflow: true, floating: true, married: true, spouse_local_hukou: false,
      long_term_residence: false, fixed_residence: false, inquiry_answered: false,
    });
    const submit = dialog2.locator('#transition-submit');
    assert.equal(await submit.isDisabled(), true, 'nothing to submit while conditions are unmet');
    assert.match(await dialog2.locator('.checklist-summary').textContent(), /尚有 4 项条件未满足/);
    assert.equal(await dialog2.locator('li.condition[data-met="false"] .mark').first().textContent(), '✗');

    await dialog2.getByLabel('已核实随配偶在本市长期居住').check();
    await waitCondition(dialog2, 'long_term_residence', true);
    await dialog2.getByLabel('已核实有固定住所').check();
    await waitCondition(dialog2, 'fixed_residence', true);
    // A spouse from elsewhere does not count; a mistyped number is shown at its field.
    await page.locator('#f-spouse_id_number').fill(idNumber('410102', '19880512', 221));
    await waitCondition(dialog2, 'spouse_local_hukou', false);
    await page.locator('#f-spouse_id_number').fill(idNumber('620201', '19880512', 221).slice(0, 17) + 'Y');
    await dialog2.locator('.field[data-field="spouse_id_number"] .field-error').waitFor();
    await page.locator('#f-spouse_id_number').fill(idNumber('620201', '19880512', 221));
    await waitCondition(dialog2, 'spouse_local_hukou', true);
    assert.equal(await submit.isDisabled(), true, 'the inquiry is still missing');
    await page.locator('#f-documents').fill('结婚证、配偶户口簿、房产证');
    await screenshot(page, 'transition');
    const options = await page.locator('#f-inquiry_id option').allTextContents();
    assert.ok(options.some((o) => o.includes(`函调 ${id}`) && o.includes('初婚')), options.join('\n'));
    await page.locator('#f-inquiry_id').selectOption(String(id));
    await waitCondition(dialog2, 'inquiry_answered', true);
    await dialog2.locator('.checklist-summary.all-met').waitFor();
    assert.equal(await submit.isEnabled(), true);
    assert.equal(await dialog2.locator('li.condition[data-met="false"]').count(), 0);
    await submit.click();
    await dialog2.waitFor({ state: 'detached' });
    await page.locator('.notice-success').filter({ hasText: '流动管理 → 转为常住管理' }).waitFor();
    assert.equal(await page.locator('dd[data-field="management"]').textContent(), '转为常住管理');
    assert.equal(await page.locator('h1 .badge').textContent(), '转为常住管理');
    const transition = page.locator('#transitions table.transitions-table tbody tr');
    assert.equal(await transition.count(), 1);
    assert.match(await transition.textContent(), new RegExp(`${chinaDay(0)}.*夫妻一方为本市户籍转常住管理.*流动管理 → 转为常住管理.*函调 ${id}.*结婚证`));
    assert.equal(await page.locator('#events li.event').last().locator('.event-action').textContent(), '转为常住管理');
  });
  const after = await api('GET', `/api/v1/persons/${person.id}`);
  assert.equal(after.body.management, 'resident');
});

test('the inquiry list filters by state and pages; cancelling asks for confirmation', async () => {
  const officer = await server.session('xiongguan.town');
  const people = [];
  for (let i = 0; i < 3; i++) people.push(await createPerson(server, officer, personBody(DIV.shengli, { name: `令狐${'甲乙丙'[i]}` })));
  const ids = [];
  for (let i = 0; i < 22; i++) {
    const r = await api('POST', '/api/v1/inquiries', { person_id: people[i % 3].id, send: true, urgency: i % 2 ? 'urgent' : 'normal' });
    assert.equal(r.status, 201, r.text);
    ids.push(r.body.id);
  }
  // One of them was sent long ago and is past its deadline.
  const late = ids[0];
  sqlite(server.db, `UPDATE inquiry SET sent_on = '${chinaDay(-40)}', due_on = '${chinaDay(-10)}' WHERE id = ${late}`);
  const target = ids[ids.length - 1];

  await as('xiongguan.town', async (page, at) => {
    await page.locator('#menu').getByRole('link', { name: '函调' }).click();
    await page.getByRole('heading', { name: '函调', exact: true }).waitFor();
    const rows = page.locator('table.inquiries-table tbody tr');
    await page.locator('.results-head').filter({ hasText: '第 1 页，本页 20 条' }).waitFor();
    assert.equal(await rows.count(), 20);
    assert.equal(Number(await rows.first().getAttribute('data-inquiry')), target, 'newest first');
    await page.getByRole('button', { name: '下一页' }).click();
    await page.locator('.results-head').filter({ hasText: '第 2 页' }).waitFor();
    assert.ok(await rows.count() >= 2);
    assert.ok(await page.locator(`tr[data-inquiry="${late}"]`).count() === 1, 'the oldest on page 2');
    await page.getByRole('button', { name: '上一页' }).click();
    await page.locator('.results-head').filter({ hasText: '第 1 页' }).waitFor();

    // 已逾期: only the late one, with its badge; its person and letter are links.
    await page.locator('.state-tabs').getByRole('link', { name: '已逾期' }).click();
    await page.waitForURL(/#\/inquiries\?state=overdue$/);
    await page.locator('.results-head').filter({ hasText: '已逾期' }).waitFor();
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().locator('.badge').textContent(), '已逾期');
    assert.equal(await page.locator('.state-tabs a[aria-current="page"]').textContent(), '已逾期');
    assert.match(await rows.first().locator('td').nth(7).getAttribute('class'), /overdue-date/);
    await screenshot(page, 'inquiries');
    await rows.first().getByRole('link', { name: /打印函件/ }).click();
    await page.locator('article.letter-sheet').waitFor();
    await page.goBack();
    await rows.first().locator('td').nth(1).getByRole('link').click();
    await page.getByRole('heading', { name: /令狐甲/ }).waitFor();
    await page.locator(`#inquiries tr[data-inquiry="${late}"] .badge`).filter({ hasText: '已逾期' }).waitFor();

    // 撤销 from the list: reason, confirmation, then 已撤销.
    await at('#/inquiries?state=sent');
    await page.locator('.results-head').waitFor();
    const row = page.locator(`tr[data-inquiry="${target}"]`);
    await row.getByRole('button', { name: `撤销（函调 ${target}）` }).click();
    const dialog = page.getByRole('dialog', { name: '撤销函调' });
    await page.locator('#f-reason').fill('本');
    await page.locator('#f-reason').press('Enter');
    await dialog.locator('.field[data-field="reason"] .field-error').filter({ hasText: '撤销原因' }).waitFor();
    await page.locator('#f-reason').fill('本人已交验户籍地婚育证明');
    await page.locator('#f-reason').press('Enter');
    const question = dialog.locator('.confirm-question');
    await question.waitFor();
    assert.match(await question.textContent(), new RegExp(`确认撤销函调（编号 ${target}）？.*本人已交验户籍地婚育证明.*不能恢复`));
    assert.equal(await question.evaluate((el) => el === document.activeElement), true, 'a second Enter does not confirm');
    assert.equal(await inquiryState(target), 'sent', 'nothing done before confirming');
    await dialog.getByRole('button', { name: '确认撤销' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.notice-success').filter({ hasText: '已撤销' }).waitFor();
    assert.equal(await inquiryState(target), 'cancelled');
    await at('#/inquiries?state=cancelled');
    await page.locator(`tr[data-inquiry="${target}"] .badge`).filter({ hasText: '已撤销' }).waitFor();
  });
});

test('迁离 and 返回: the departure is confirmed first, the return brings the person back to floating management', async () => {
  const person = await createPerson(server, await server.session('fumin.comm'), personBody(DIV.fumin, { name: '欧阳迁离' }));
  await as('xiongguan.town', async (page, at) => {
    await at(`#/persons/${person.id}`);
    await page.locator('#transitions').getByRole('button', { name: '办理转换' }).click();
    const dialog = page.getByRole('dialog', { name: /办理管理方式转换/ });
    await page.locator('#f-kind').selectOption('left');
    await waitCondition(dialog, 'destination', false);
    assert.equal(await dialog.locator('label[for="f-destination_division"]').textContent(), '迁往地区划代码 *');
    assert.equal(await page.locator('#f-spouse_id_number').isVisible(), false, 'only the fields of the kind');
    await page.locator('#f-destination_division').fill('5101');
    await page.locator('#f-destination_division').fill('510104');
    await waitCondition(dialog, 'destination', true);
    await page.locator('#f-destination_address').fill('春熙路88号');
    const submit = dialog.locator('#transition-submit');
    assert.equal(await submit.textContent(), '迁离…');
    await submit.click();
    const question = dialog.locator('.confirm-question');
    await question.waitFor();
    assert.match(await question.textContent(), /确认为 欧阳迁离 办理“迁离”？.*流动管理 → 已离开.*510104 春熙路88号.*不能撤销/);
    assert.equal((await api('GET', `/api/v1/persons/${person.id}`)).body.management, 'floating', 'nothing done before confirming');
    await dialog.getByRole('button', { name: '返回修改' }).click();
    assert.equal(await page.locator('#f-destination_address').inputValue(), '春熙路88号', 'back to the form as it was');
    await submit.click();
    await dialog.getByRole('button', { name: '确认迁离' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.notice-success').filter({ hasText: '流动管理 → 已离开' }).waitFor();
    assert.equal(await page.locator('dd[data-field="management"]').textContent(), '已离开');

    // Back: the only condition is being away.
    await page.locator('#transitions').getByRole('button', { name: '办理转换' }).click();
    const back = page.getByRole('dialog', { name: /办理管理方式转换/ });
    await page.locator('#f-kind').selectOption('returned');
    await waitCondition(back, 'away', true);
    await back.locator('#transition-submit').click();
    await back.waitFor({ state: 'detached' });
    await page.locator('.notice-success').filter({ hasText: '已离开 → 流动管理' }).waitFor();
    await page.locator('#transitions tbody tr').nth(1).waitFor();
    assert.equal(await page.locator('#transitions tbody tr').count(), 2);
    assert.match(await page.locator('#transitions tbody tr').first().textContent(), /返回/);
  });
});

test('a hand-over is confirmed first and issues the transfer certificate', async () => {
  const person = await createPerson(server, await server.session('fumin.comm'), personBody(DIV.fumin, { name: '公孙远嫁', flow: 'outflow', marital_status: '21' }));
  await as('xiongguan.town', async (page, at) => {
    await at(`#/persons/${person.id}`);
    await page.locator('#transitions').getByRole('button', { name: '办理转换' }).click();
    const dialog = page.getByRole('dialog', { name: /办理管理方式转换/ });
    await page.locator('#f-kind').selectOption('handover');
    await waitCondition(dialog, 'spouse_name', false);
    assert.deepEqual(await checklist(dialog), {
      outflow: true, floating: true, married: true, destination_outside_city: false,
      long_term_residence: false, fixed_residence: false, spouse_name: false,
    });
    // A place inside the city does not count.
    await page.locator('#f-destination_division').fill(DIV.dazhong);
    await waitCondition(dialog, 'destination_outside_city', false);
    await page.locator('#f-destination_division').fill('510104');
    await waitCondition(dialog, 'destination_outside_city', true);
    await dialog.getByLabel('已核实在配偶所在地长期居住').check();
    await dialog.getByLabel('已核实有固定住所').check();
    await page.locator('#f-spouse_name').fill('诸葛明');
    await dialog.locator('.checklist-summary.all-met').waitFor();
    const submit = dialog.locator('#transition-submit');
    assert.equal(await submit.textContent(), '移交配偶所在地管理…');
    await submit.click();
    const question = dialog.locator('.confirm-question');
    await question.waitFor();
    assert.match(await question.textContent(), /流动管理 → 已移交.*移交用婚育证明（配偶 诸葛明）/);
    assert.equal((await api('GET', `/api/v1/persons/${person.id}`)).body.management, 'floating', 'nothing done before confirming');
    await dialog.getByRole('button', { name: '确认移交配偶所在地管理' }).click();
    await dialog.waitFor({ state: 'detached' });
    const flash = page.locator('.notice-success').filter({ hasText: '流动管理 → 已移交' });
    await flash.waitFor();
    const number = await flash.locator('a.mono').textContent();
    assert.equal(await page.locator('dd[data-field="management"]').textContent(), '已移交');
    await page.locator(`#certificates tr[data-number="${number}"]`).filter({ hasText: '移交' }).waitFor();
    assert.match(await page.locator('#transitions tbody tr').first().textContent(), new RegExp(`移交用证明 ${number}.*四川省成都市锦江区`));
  });
});

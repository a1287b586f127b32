// certificates.test.mjs — marriage and childbearing certificates in the
// browser: a town officer issues a temporary certificate with its service
// contract and prints both (A5 / A4, nothing of the screen on paper); a
// community officer hands out a certificate and records an external one but
// cannot issue; a department user checks numbers; revoking and replacing ask
// for confirmation first.  Every page must be free of console errors and
// failed requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, menuEntries, asUser } from './lib/browser.mjs';
import { startServer, DIV, personBody, createPerson, idNumber } from '../api/lib/server.mjs';

let server;
let browser;

const MM = 96 / 25.4; // CSS pixels per millimetre
const DAY = 86_400_000;
/** A day counted from today in China (the server's "today"), as YYYY-MM-DD. */
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

/** Issues a certificate through the API (as xiongguan.town); returns its body. */
async function issue(person, body) {
  const r = await server.request('POST', `/api/v1/persons/${person.id}/certificates`,
    { session: await server.session('xiongguan.town'), body });
  assert.equal(r.status, 201, `issue: ${r.text}`);
  return r.body;
}

async function certificateState(number) {
  const r = await server.request('GET', `/api/v1/certificates/${number}`, { session: await server.session('city.officer') });
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

test('a town officer issues a temporary certificate with its contract and prints both', async (t) => {
  const officer = await server.session('xiongguan.town');
  const person = await createPerson(server, officer, personBody(DIV.fumin, { name: '欧阳建军', marital_status: '20', marriage_date: '2012-05-01' }));
  await as('xiongguan.town', async (page, at) => {
    await at(`#/persons/${person.id}`);
    await page.getByRole('heading', { name: /欧阳建军/ }).waitFor();
    const section = page.locator('#certificates');
    await section.getByText('尚无婚育证明').waitFor();
    assert.equal(await section.getByRole('button', { name: '签发婚育证明' }).count(), 0, 'standard only for outflow persons');

    await section.getByRole('button', { name: '办理临时婚育证明' }).click();
    const dialog = page.getByRole('dialog', { name: /办理临时婚育证明/ });
    await dialog.waitFor();
    assert.equal(await page.locator('#f-spouse_name').evaluate((el) => el === document.activeElement), true, 'focus in the form');

    // Spouse required for a married person: caught before sending.
    await dialog.getByRole('button', { name: '签发并签订合同' }).click();
    await dialog.locator('.field[data-field="spouse_name"] .field-error').filter({ hasText: '配偶姓名' }).waitFor();

    await page.locator('#f-spouse_name').fill('李秀英');
    await page.locator('#f-spouse_id_number').fill(idNumber('410102', '19900305', 122));
    // Children: add two, remove the first, fill the one left.
    await dialog.getByRole('button', { name: '添加子女' }).click();
    await dialog.getByLabel('第1个子女姓名').fill('待删除');
    await dialog.getByRole('button', { name: '添加子女' }).click();
    await dialog.getByLabel('第2个子女姓名').fill('欧阳小明');
    await dialog.getByRole('button', { name: '删除第1个子女' }).click();
    assert.equal(await dialog.locator('tr.child-row').count(), 1);
    assert.equal(await dialog.getByLabel('第1个子女姓名').inputValue(), '欧阳小明');
    await dialog.getByLabel('第1个子女性别').selectOption('M');
    await dialog.getByLabel('第1个子女出生日期').fill('2019-06-01');

    // A deadline after the certificate ends: only the server knows; shown at the field.
    await page.locator('#f-contract_deadline').fill('2099-01-01');
    await dialog.getByRole('button', { name: '签发并签订合同' }).click();
    const deadlineError = dialog.locator('.field[data-field="contract_deadline"] .field-error');
    await deadlineError.filter({ hasText: '交验期限' }).waitFor();
    assert.equal(await page.locator('#f-contract_deadline').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#f-contract_deadline').evaluate((el) => el === document.activeElement), true);

    const deadline = chinaDay(20);
    await page.locator('#f-contract_deadline').fill(deadline);
    await screenshot(page, 'certificate-issue');
    await dialog.getByRole('button', { name: '签发并签订合同' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.notice-success').filter({ hasText: '已签发临时婚育证明' }).waitFor();

    const row = section.locator('table.certificates-table tbody tr');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    const number = await row.getAttribute('data-number');
    assert.match(number, /^620201001-\d{4}-\d{6}$/);
    assert.equal(await row.locator('.badge').textContent(), '已签发');
    assert.match(await row.textContent(), /临时婚育证明/);
    assert.equal(await section.getByRole('button', { name: '办理临时婚育证明' }).count(), 0, 'holds a valid one now');
    const contractRow = page.locator('#contracts table.contracts-table tbody tr');
    assert.equal(await contractRow.count(), 1);
    assert.match(await contractRow.textContent(), new RegExp(`${chinaDay(0)}.*${deadline}.*履行中`));
    await screenshot(page, 'person-certificates');

    // The print page: the document, the QR image (or nothing if it cannot be had).
    await row.getByRole('link', { name: '打印' }).click();
    await page.waitForURL(/#\/certificates\/[\d-]+\/print$/);
    const sheet = page.locator('article.cert-sheet');
    await sheet.waitFor();
    assert.equal(await sheet.locator('.sheet-title').textContent(), '临时婚育证明');
    const text = await sheet.textContent();
    for (const expected of [number, '欧阳建军', person.id_number, '李秀英', '欧阳小明', '2019年6月1日', '已婚', '2012年5月1日',
      '嘉峪关市雄关街道办事处', '（盖章）', '扫码核验', '有效期限']) {
      assert.ok(text.includes(expected), `the sheet shows ${expected}`);
    }
    const [y, m, d] = deadline.split('-').map(Number);
    assert.ok(text.includes(`${y}年${m}月${d}日前`), 'the contract deadline');
    await page.waitForFunction(() => {
      const img = document.querySelector('.sheet-qr img');
      return img.complete || img.closest('figure').hidden;
    });
    const qr = await page.locator('.sheet-qr').evaluate((f) => ({ hidden: f.hidden, width: f.querySelector('img').naturalWidth }));
    if (qr.hidden) t.diagnostic('GET /api/v1/certificates/{number}/qr did not answer with an image: the QR code is hidden');
    else assert.ok(qr.width > 0, 'the QR image loaded');
    await screenshot(page, 'certificate-print');

    // On paper: no menu, header or buttons; the sheet fits the printable area of A5.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('#menu').isVisible(), false, 'menu hidden in print');
    assert.equal(await page.locator('.topbar').isVisible(), false, 'header hidden in print');
    assert.equal(await page.locator('#print').isVisible(), false, 'buttons hidden in print');
    assert.equal(await page.locator('.notice-success').isVisible(), false, 'messages hidden in print');
    const box = await sheet.boundingBox();
    assert.ok(box.width <= 124 * MM + 1, `width ${box.width / MM} mm fits 148 − 2×12 mm`);
    assert.equal(await sheet.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), true, 'nothing sticks out sideways');
    assert.ok(box.height <= 186 * MM, `height ${box.height / MM} mm fits 210 − 2×12 mm`);
    t.diagnostic(`printed sheet: ${(box.width / MM).toFixed(1)} × ${(box.height / MM).toFixed(1)} mm`);
    const colours = await sheet.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
    assert.deepEqual(colours, ['rgb(0, 0, 0)', 'rgb(255, 255, 255)'], 'black on white');
    await page.emulateMedia({ media: null });
    const pdf = pdfPages(await page.pdf({ preferCSSPageSize: true }));
    assert.equal(pdf.count, 1, 'one page');
    assert.ok(Math.abs(pdf.width - 419.5) < 2 && Math.abs(pdf.height - 595.3) < 2, `A5 paper, got ${pdf.width}×${pdf.height} pt`);

    // The contract, from the person page's list: terms with their line breaks, both parties.
    await at(`#/persons/${person.id}`);
    await page.locator('#contracts').getByRole('link', { name: /打印管理服务合同书/ }).click();
    await page.waitForURL(/#\/contracts\/\d+\/print\?person=\d+$/);
    const contract = page.locator('article.contract-sheet');
    await contract.waitFor();
    assert.equal(await contract.locator('.sheet-title').textContent(), '流动人口计划生育管理服务合同书');
    const contractText = await contract.textContent();
    for (const expected of ['甲方（管理服务单位）：甘肃省嘉峪关市雄关街道', '乙方（流动人口）：欧阳建军', person.id_number, number,
      `${y}年${m}月${d}日前`, '甲方（盖章）', '乙方（签字）']) {
      assert.ok(contractText.includes(expected), `the contract shows ${expected}`);
    }
    const terms = contract.locator('.contract-terms');
    assert.match(await terms.textContent(), /\n二、/, 'terms keep their lines');
    assert.equal(await terms.evaluate((el) => getComputedStyle(el).whiteSpace), 'pre-wrap');
    const termsBox = await terms.boundingBox();
    assert.ok(termsBox.height > 100, 'terms shown on several lines');
    await screenshot(page, 'contract-print');
    const contractPdf = pdfPages(await page.pdf({ preferCSSPageSize: true }));
    assert.ok(Math.abs(contractPdf.width - 595.3) < 2 && Math.abs(contractPdf.height - 841.9) < 2,
      `A4 paper for the contract, got ${contractPdf.width}×${contractPdf.height} pt`);
  });
});

test('a certificate with ten children still prints on one A5 page', async (t) => {
  const officer = await server.session('xiongguan.town');
  const person = await createPerson(server, officer, personBody(DIV.fumin, { name: '司马大家', marital_status: '20' }));
  const children = Array.from({ length: 10 }, (_, i) => ({ name: `司马子${'一二三四五六七八九十'[i]}`, sex: i % 2 ? 'F' : 'M', birth_date: `20${10 + i}-0${1 + (i % 9)}-15` }));
  const c = await issue(person, { kind: 'temporary', spouse_name: '欧阳秀兰', spouse_id_number: idNumber('410102', '19880808', 224), children });
  await as('xiongguan.town', async (page, at) => {
    await at(`#/certificates/${c.number}/print`);
    const sheet = page.locator('article.cert-sheet');
    await sheet.waitFor();
    assert.equal(await sheet.locator('.sheet-children tbody tr').count(), 5, 'two children a row');
    await page.emulateMedia({ media: 'print' });
    const box = await sheet.boundingBox();
    assert.ok(box.height <= 186 * MM, `height ${box.height / MM} mm fits A5`);
    assert.equal(await sheet.evaluate((el) => [...el.querySelectorAll('table')].every((t) => t.getBoundingClientRect().right <= el.getBoundingClientRect().right + 1)), true, 'tables within the sheet');
    t.diagnostic(`printed sheet with ten children: ${(box.width / MM).toFixed(1)} × ${(box.height / MM).toFixed(1)} mm`);
    await page.emulateMedia({ media: null });
    assert.equal(pdfPages(await page.pdf({ preferCSSPageSize: true })).count, 1, 'one page');
  });
});

test('a community officer hands out a certificate and records an external one, but cannot issue', async () => {
  const outflow = await createPerson(server, await server.session('fumin.comm'), personBody(DIV.fumin, { flow: 'outflow', name: '诸葛外出' }));
  const standard = await issue(outflow, { kind: 'standard', spouse_name: '王芳' });
  const inflow = await createPerson(server, await server.session('fumin.comm'), personBody(DIV.fumin, { name: '上官流入', marital_status: '10' }));

  await as('fumin.comm', async (page, at) => {
    assert.ok((await menuEntries(page)).includes('证明查验'));
    await at(`#/persons/${outflow.id}`);
    const section = page.locator('#certificates');
    const row = section.locator(`tr[data-number="${standard.number}"]`);
    await row.waitFor();
    assert.equal(await row.locator('.badge').textContent(), '已签发');
    assert.equal(await page.getByRole('button', { name: /签发/ }).count(), 0, 'no 签发 for a community officer');
    assert.equal(await row.getByRole('button', { name: /补发|注销/ }).count(), 0, 'nor 补发, 注销');

    await row.getByRole('button', { name: '发放' }).click();
    const dialog = page.getByRole('dialog', { name: '发放婚育证明' });
    await dialog.waitFor();
    assert.equal(await page.locator('#f-received_by').inputValue(), '诸葛外出', 'the holder by default');
    await page.locator('#f-received_by').fill('');
    await dialog.getByRole('button', { name: '确认发放' }).click();
    await dialog.locator('.field[data-field="received_by"] .field-error').filter({ hasText: '领取人' }).waitFor();
    // A day before the issue: refused by the server, at the field.
    await page.locator('#f-received_by').fill('诸葛外出');
    await page.locator('#f-distributed_on').fill('2000-01-01');
    await dialog.getByRole('button', { name: '确认发放' }).click();
    await dialog.locator('.field[data-field="distributed_on"] .field-error').filter({ hasText: '发放日期' }).waitFor();
    await page.locator('#f-distributed_on').fill('');
    await page.locator('#f-received_by').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.notice-success').filter({ hasText: `证明 ${standard.number} 已发放` }).waitFor();
    assert.equal(await row.locator('.badge').textContent(), '已发放');
    assert.equal(await row.getByRole('button', { name: '发放' }).count(), 0, 'handed out once');
    await screenshot(page, 'certificate-distributed');

    // The certificate page shows who received it.
    await row.getByRole('link', { name: standard.number, exact: true }).click();
    await page.locator('dd[data-field="received_by"]').filter({ hasText: '诸葛外出' }).waitFor();
    assert.equal(await page.locator('dd[data-field="state"]').textContent(), '已发放');

    // An external certificate for an inflow person (unmarried: no spouse asked).
    await at(`#/persons/${inflow.id}`);
    await page.locator('#certificates').getByRole('button', { name: '登记外地婚育证明' }).click();
    const record = page.getByRole('dialog', { name: /登记外地婚育证明/ });
    await record.waitFor();
    assert.equal(await page.locator('#f-spouse_name').count(), 0);
    await page.locator('#f-number').fill('410102-2024-0815');
    await page.locator('#f-issuer_name').fill('郑州市中原区建设路街道办事处');
    await page.locator('#f-issued_on').fill('2024-08-15');
    await record.getByRole('button', { name: '登记' }).click();
    await record.waitFor({ state: 'detached' });
    const external = page.locator('tr[data-number="410102-2024-0815"]');
    await external.waitFor();
    assert.match(await external.textContent(), /外地出具的婚育证明.*已签发.*长期有效.*郑州市中原区建设路街道办事处/);
    assert.equal(await external.getByRole('button').count(), 0, 'nothing to hand out');

    // The same number again: the server's refusal at the number field.
    await page.locator('#certificates').getByRole('button', { name: '登记外地婚育证明' }).click();
    await page.locator('#f-number').fill('410102-2024-0815');
    await page.locator('#f-issuer_name').fill('郑州市中原区建设路街道办事处');
    await page.locator('#f-issued_on').fill('2024-08-15');
    await page.locator('#f-issued_on').press('Enter');
    await page.locator('.field[data-field="number"] .field-error').filter({ hasText: '已经登记' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });
});

test('a department user checks certificates by number: 有效 with a masked name, 不存在 for an unknown number', async () => {
  const person = await createPerson(server, await server.session('fumin.comm'), personBody(DIV.fumin, { name: '欧阳查验' }));
  const c = await issue(person, { kind: 'temporary', spouse_name: '张丽' });
  await as('city.department', async (page) => {
    assert.deepEqual(await menuEntries(page), ['首页', '异地查询', '证明查验', '单位', '统计', '目标考核']);
    await page.locator('#menu').getByRole('link', { name: '证明查验' }).click();
    await page.getByRole('heading', { name: '证明查验' }).waitFor();
    const number = page.locator('#f-number');
    assert.equal(await number.evaluate((el) => el === document.activeElement), true);

    await number.fill(c.number);
    await page.locator('#f-id_number').fill(person.id_number);
    await page.locator('#f-id_number').press('Enter');
    const verdict = page.locator('.verdict');
    await verdict.locator('.verdict-title').filter({ hasText: '有效' }).waitFor();
    assert.equal(await verdict.getAttribute('data-verdict'), 'valid');
    assert.equal(await verdict.locator('.masked-name').textContent(), '欧***');
    assert.doesNotMatch(await verdict.textContent(), /欧阳查验/);
    assert.doesNotMatch(await verdict.textContent(), new RegExp(person.id_number));
    assert.match(await verdict.textContent(), /嘉峪关市雄关街道办事处/);
    assert.equal(await verdict.locator('[data-holder="match"]').count(), 1);
    assert.notEqual(await verdict.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(255, 255, 255)', 'coloured');
    await screenshot(page, 'check');

    // Someone else's ID number: said plainly.
    await page.locator('#f-id_number').fill(idNumber('510104', '19880808', 17));
    await page.getByRole('button', { name: '查验' }).click();
    await verdict.locator('[data-holder="mismatch"]').waitFor();

    // A bad ID number is caught in the page; an unknown number is 不存在.
    await page.locator('#f-id_number').fill('12345');
    await page.getByRole('button', { name: '查验' }).click();
    await page.locator('.field[data-field="id_number"] .field-error').filter({ hasText: '18位' }).waitFor();
    await page.locator('#f-id_number').fill('');
    await number.fill('620201001-2026-999999');
    await number.press('Enter');
    await page.locator('.verdict[data-verdict="missing"] .verdict-title').filter({ hasText: '不存在' }).waitFor();
  });
});

test('revoking and replacing ask for confirmation first', async () => {
  const person = await createPerson(server, await server.session('fumin.comm'), personBody(DIV.fumin, { name: '慕容注销', marital_status: '10' }));
  const first = await issue(person, { kind: 'temporary' });

  await as('xiongguan.town', async (page, at) => {
    // 补发 on the certificate page: cause, then confirmation; the new one is shown.
    await at(`#/certificates/${first.number}`);
    await page.getByRole('heading', { name: /临时婚育证明/ }).waitFor();
    await page.getByRole('button', { name: `补发${first.number}` }).click();
    const replaceDialog = page.getByRole('dialog', { name: '补发婚育证明' });
    await replaceDialog.getByRole('button', { name: '补发…' }).click();
    await replaceDialog.locator('.field[data-field="cause"] .field-error').filter({ hasText: '补发原因' }).waitFor();
    await page.locator('#f-cause').selectOption('lost');
    await page.locator('#f-note').fill('在火车站遗失');
    await replaceDialog.getByRole('button', { name: '补发…' }).click();
    await replaceDialog.locator('.confirm-title').filter({ hasText: '确认补发' }).waitFor();
    assert.equal(await certificateState(first.number), 'issued', 'nothing done before confirming');
    await replaceDialog.getByRole('button', { name: '返回修改' }).click();
    assert.equal(await page.locator('#f-note').inputValue(), '在火车站遗失', 'back to the form as it was');
    await replaceDialog.getByRole('button', { name: '补发…' }).click();
    await replaceDialog.getByRole('button', { name: '确认补发' }).click();
    await page.locator('.notice-success').filter({ hasText: `原证明 ${first.number} 已作废` }).waitFor();
    const second = decodeURIComponent(/#\/certificates\/([\w-]+)$/.exec(page.url())[1]);
    assert.notEqual(second, first.number);
    assert.equal(await certificateState(first.number), 'replaced');
    await page.locator('dd[data-field="replaces"]').filter({ hasText: first.number }).waitFor();
    await screenshot(page, 'certificate');

    // 注销: the reason, a confirmation that says what happens, then 已注销.
    await page.getByRole('button', { name: `注销${second}` }).click();
    const dialog = page.getByRole('dialog', { name: '注销婚育证明' });
    await dialog.waitFor();
    await page.locator('#f-reason').fill('已');
    await page.locator('#f-reason').press('Enter');
    await dialog.locator('.field[data-field="reason"] .field-error').filter({ hasText: '注销原因' }).waitFor();
    await page.locator('#f-reason').fill('持证人已返回户籍地');
    await page.locator('#f-reason').press('Enter');
    const question = dialog.locator('.confirm-question');
    await question.waitFor();
    assert.match(await question.textContent(), new RegExp(`确认注销临时婚育证明 ${second}？.*持证人已返回户籍地.*不能恢复`));
    assert.equal(await question.evaluate((el) => el === document.activeElement), true, 'a second Enter does not confirm');
    assert.equal(await certificateState(second), 'issued', 'nothing done before confirming');
    await screenshot(page, 'certificate-revoke-confirm');
    await dialog.getByRole('button', { name: '确认注销' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.notice-success').filter({ hasText: '已注销' }).waitFor();
    assert.equal(await page.locator('h1 .badge').textContent(), '已注销');
    await page.locator('.notice-error').filter({ hasText: '持证人已返回户籍地' }).waitFor();
    assert.equal(await page.getByRole('button', { name: /注销|补发|发放/ }).count(), 0, 'nothing more to do');
    assert.equal(await certificateState(second), 'revoked');

    // On the person page: both listed with their states.
    await at(`#/persons/${person.id}`);
    await page.locator(`tr[data-number="${second}"] .badge`).filter({ hasText: '已注销' }).waitFor();
    assert.equal(await page.locator(`tr[data-number="${first.number}"] .badge`).textContent(), '已补发换证');
  });

  await as('city.department', async (page, at) => {
    await at('#/check');
    await page.locator('#f-number').fill(first.number);
    await page.locator('#f-number').press('Enter');
    await page.locator('.verdict[data-verdict="void"] .verdict-title').filter({ hasText: '已补发换证' }).waitFor();
  });
});

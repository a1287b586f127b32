// persons.test.mjs — registering a person in the browser (live ID-number
// check, the server's field errors, 疑似重复), searching and paging, the
// person page, and an edit that meets a version conflict.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, openPage, assertNoProblems, loginAs, screenshot, visit } from './lib/browser.mjs';
import { startServer, DIV, idNumber, personBody, createPerson } from '../api/lib/server.mjs';

let server;
let browser;
let officer;      // fumin.comm's page, logged in once for the file
let problems;
let context;

const MASKED = /^\d{6}\*{8}\d{3}[\dX]$/;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ context, page: officer, problems } = await openPage(browser, server));
  await loginAs(officer, server, 'fumin.comm');
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const at = (hash) => visit(officer, `${server.url}/${hash}`);
const fieldError = (name) => officer.locator(`.field[data-field="${name}"] .field-error`);

test('the ID number is checked as it is typed: the reason, or birth date and sex', async () => {
  await at('#/persons/new');
  await officer.getByRole('heading', { name: '登记流动人口档案' }).waitFor();
  const input = officer.locator('#f-id_number');
  const status = officer.locator('#id-status');
  assert.equal(await input.evaluate((el) => el === document.activeElement), true, 'the ID number has the focus');

  const good = idNumber('410102', '19880315', 123);            // sequence 123: odd, male
  const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  await input.fill(wrongCheck);
  await status.filter({ hasText: '校验位不符' }).waitFor();
  assert.equal(await officer.locator('#derived-birth').textContent(), '—');

  await input.fill('41010219881315123');                          // month 13, still typing
  await status.filter({ hasText: '出生日期不存在' }).waitFor();
  await input.fill('9901021988');
  await status.filter({ hasText: '前两位不是有效的省级行政区划代码' }).waitFor();
  await input.fill('4101021988A');
  await status.filter({ hasText: '只能由数字组成' }).waitFor();
  await input.fill(good.slice(0, 12));
  await status.filter({ hasText: '已输入 12/18 位' }).waitFor();

  await input.pressSequentially(good.slice(12));                   // typed to the 18th character
  await status.filter({ hasText: '号码有效' }).waitFor();
  assert.match(await status.textContent(), /出生日期 1988-03-15，性别 男/);
  assert.equal(await officer.locator('#derived-birth').textContent(), '1988-03-15');
  assert.equal(await officer.locator('#derived-sex').textContent(), '男');

  // An old 15-digit number is complete once the typing is over; too short is told then too.
  await input.fill('410102880315123');
  await input.blur();
  await status.filter({ hasText: `旧号码，将升级为 ${good}` }).waitFor();
  assert.equal(await officer.locator('#derived-birth').textContent(), '1988-03-15');
  await input.fill('4101028803');
  await input.blur();
  await fieldError('id_number').filter({ hasText: '应为18位' }).waitFor();

  const female = idNumber('510104', '19920708', 246);
  await input.fill(female);
  await status.filter({ hasText: '性别 女' }).waitFor();
  assert.equal(await officer.locator('#derived-birth').textContent(), '1992-07-08');
  assert.deepEqual(problems, []);
});

test('registering: the server\'s field errors show at the field; 201 lands on the person page', async () => {
  await at('#/persons/new');
  const number = idNumber('410102', '19880315', 123);
  await officer.locator('#f-id_number').fill(number);
  assert.equal(await officer.locator('#f-hukou_division').inputValue(), '410102', 'hukou county from the ID number');
  assert.equal(await officer.locator('#f-residence_division').inputValue(), DIV.fumin, 'the officer\'s community');
  await officer.locator('#f-name').fill('欧阳建国');
  await officer.locator('#f-ethnicity').selectOption('01');
  await officer.locator('#f-flow').selectOption('inflow');
  await officer.locator('#f-hukou_address').fill('郑州市中原区建设路56号院3号楼');
  await officer.locator('#f-residence_address').fill('兰新路8号2单元301室');
  await officer.locator('#f-marital_status').selectOption('20');
  await officer.locator('#f-marriage_date').fill('2012-05-01');
  await officer.locator('#f-phone').fill('13993712345');
  await screenshot(officer, 'person-new');

  // Empty required field and a date in the wrong form: caught in the browser.
  await officer.locator('#f-name').fill('');
  await officer.locator('#f-arrival_date').fill('2024/05/01');
  await officer.locator('#f-name').press('Enter');
  await fieldError('name').filter({ hasText: '请填写姓名' }).waitFor();
  await fieldError('arrival_date').filter({ hasText: '格式如 2026-11-29' }).waitFor();
  assert.equal(await officer.locator('#f-name').evaluate((el) => el === document.activeElement), true);

  // A day after today: only the server knows; its message shows at the field.
  await officer.locator('#f-name').fill('欧阳建国');
  await officer.locator('#f-arrival_date').fill('2099-01-01');
  await officer.getByRole('button', { name: '登记', exact: true }).click();
  await fieldError('arrival_date').filter({ hasText: '不能' }).waitFor();
  assert.equal(await officer.locator('#f-arrival_date').getAttribute('aria-invalid'), 'true');

  // A residence outside the officer's community: refused by the server, shown at the field.
  await officer.locator('#f-arrival_date').fill('2024-05-01');
  await officer.locator('#f-residence_division').fill(DIV.dazhong);
  await officer.getByRole('button', { name: '登记', exact: true }).click();
  await fieldError('residence_division').filter({ hasText: '管辖范围' }).waitFor();

  await officer.locator('#f-residence_division').fill(DIV.fumin);
  await officer.getByRole('button', { name: '登记', exact: true }).click();
  await officer.waitForURL(/#\/persons\/\d+$/);
  await officer.getByRole('heading', { name: /欧阳建国/ }).waitFor();
  await officer.locator('.notice-success').filter({ hasText: '档案已登记' }).waitFor();
  const dd = (field) => officer.locator(`dl.record dd[data-field="${field}"]`).textContent();
  assert.equal(await dd('id_number'), number, 'the whole number on the person page');
  assert.equal(await dd('sex'), '男');
  assert.equal(await dd('birth_date'), '1988-03-15');
  assert.match(await dd('hukou_division'), /^河南省郑州市中原区\s*410102$/);
  assert.match(await dd('residence_division'), /雄关街道福民社区/);
  assert.equal(await dd('ethnicity'), '汉族');
  assert.equal(await dd('flow'), '流入');
  assert.equal(await dd('marital_status'), '已婚');
  assert.equal(await dd('arrival_date'), '2024-05-01');
  assert.equal(await dd('phone'), '13993712345');
  await officer.locator('.timeline-item').filter({ hasText: '登记建档' }).waitFor();
  await screenshot(officer, 'person');

  // The same number again: 409 duplicate_person with a link to the file.
  await at('#/persons/new');
  await officer.locator('#f-id_number').fill(number);
  await officer.locator('#f-name').fill('欧阳建国');
  await officer.locator('#f-flow').selectOption('inflow');
  await officer.getByRole('button', { name: '登记', exact: true }).click();
  await fieldError('id_number').filter({ hasText: '已有档案' }).waitFor();
  await officer.locator('.form-message a').filter({ hasText: '查看已有档案' }).waitFor();
  assert.deepEqual(problems, []);
});

test('a person like an existing one is registered with the 疑似重复 notice', async () => {
  const first = await createPerson(server, await server.session('fumin.comm'),
    personBody(DIV.fumin, { name: '诸葛秀英', id_number: idNumber('610113', '19790412', 222), hukou_division: '610113' }));
  await at('#/persons/new');
  await officer.locator('#f-id_number').fill(idNumber('610113', '19790412', 468));
  await officer.locator('#f-name').fill('诸葛秀英');
  await officer.locator('#f-flow').selectOption('inflow');
  await officer.locator('#f-name').press('Enter');
  await officer.waitForURL(/#\/persons\/\d+$/);
  const notice = officer.locator('.notice-warning').filter({ hasText: '疑似重复' }).first();
  await notice.waitFor();
  assert.equal(await notice.locator(`a[href="#/persons/${first.id}"]`).count(), 1, 'links the similar file');
  assert.deepEqual(problems, []);
});

test('search: Enter searches, ID numbers masked, 下一页 follows next_cursor', async () => {
  const session = await server.session('fumin.comm');
  const given = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '兰', '刚', '平', '辉', '华', '霞', '鹏'];
  for (const g of given) await createPerson(server, session, personBody(DIV.fumin, { name: `司马${g}` }));
  // Someone of another community is not found by this officer.
  await createPerson(server, await server.session('dazhong.comm'), personBody(DIV.dazhong, { name: '司马光' }));

  await officer.getByRole('link', { name: '档案查询' }).click();
  await officer.getByRole('heading', { name: '档案查询' }).waitFor();
  assert.equal(await officer.locator('#f-id_number').evaluate((el) => el === document.activeElement), true);
  await officer.locator('#f-name').fill('司马');
  await officer.locator('#f-name').press('Enter');
  const rows = officer.locator('table.persons-table tbody tr');
  await officer.locator('.results-head').filter({ hasText: '第 1 页，本页 20 条' }).waitFor();
  assert.equal(await rows.count(), 20);
  for (const masked of await officer.locator('table.persons-table tbody td.mono').allTextContents()) {
    assert.match(masked, MASKED);
  }
  assert.equal(await rows.filter({ hasText: '司马光' }).count(), 0, 'nobody outside the scope');
  await screenshot(officer, 'persons');

  // The whole result downloads as a spreadsheet, ID numbers masked unless asked for (audited).
  const csv = async () => {
    const [download] = await Promise.all([officer.waitForEvent('download'), officer.getByRole('link', { name: '下载 CSV' }).click()]);
    return readFileSync(await download.path(), 'utf8');
  };
  const masked = await csv();
  assert.equal(masked.split('\n').filter((l) => l.includes('司马')).length, 23, 'every match, not one page');
  assert.ok(!masked.includes('司马光'), 'nobody outside the scope');
  assert.match(masked, /\d{6}\*{8}\d{3}[\dX]/);
  await officer.getByLabel(/完整身份号码/).check();
  const whole = await csv();
  assert.ok(/\d{17}[\dX]/.test(whole) && !/\*{8}/.test(whole.split('\n')[1]), 'whole numbers when asked');
  await officer.getByLabel(/完整身份号码/).uncheck();

  await officer.getByRole('button', { name: '下一页' }).click();
  await officer.locator('.results-head').filter({ hasText: '第 2 页，本页 3 条' }).waitFor();
  assert.equal(await officer.getByRole('button', { name: '下一页' }).isDisabled(), true);
  await officer.getByRole('button', { name: '上一页' }).click();
  await officer.locator('.results-head').filter({ hasText: '第 1 页，本页 20 条' }).waitFor();

  // By exact ID number; the row leads to the person page.
  const number = idNumber('410102', '19880315', 123);
  await officer.locator('#f-name').fill('');
  await officer.locator('#f-id_number').fill(number);
  await officer.locator('#f-id_number').press('Enter');
  await officer.locator('.results-head').filter({ hasText: '本页 1 条' }).waitFor();
  assert.equal(await officer.locator('table.persons-table tbody td.mono').textContent(), `${number.slice(0, 6)}********${number.slice(14)}`);
  await officer.getByRole('link', { name: '欧阳建国' }).click();
  await officer.getByRole('heading', { name: /欧阳建国/ }).waitFor();

  // Back returns to the same search.
  await officer.goBack();
  await officer.locator('.results-head').filter({ hasText: '本页 1 条' }).waitFor();

  // A wrong ID number: the server's message at the field.
  await officer.locator('#f-id_number').fill('41010219880315123');
  await officer.locator('#f-id_number').press('Enter');
  await fieldError('id_number').filter({ hasText: '公民身份号码' }).waitFor();
  assert.deepEqual(problems, []);
});

test('editing after someone else saved: the page shows what changed, and saving again works', async () => {
  const session = await server.session('fumin.comm');
  const p = await createPerson(server, session, personBody(DIV.fumin, {
    name: '上官海燕', hukou_address: '原户籍地址1号', residence_address: '原居住地址2号', phone: '13900000001',
  }));
  await at(`#/persons/${p.id}`);
  await officer.getByRole('link', { name: '修改档案' }).click();
  await officer.getByRole('heading', { name: /修改档案：上官海燕/ }).waitFor();
  assert.equal(await officer.locator('#f-id_number').inputValue(), p.id_number);
  assert.equal(await officer.locator('#f-hukou_address').inputValue(), '原户籍地址1号');

  // The user changes the residence address and the phone …
  await officer.locator('#f-residence_address').fill('兰新路9号1单元101室');
  await officer.locator('#f-phone').fill('13900000002');
  // … while someone else changes the hukou address and the phone.
  const behind = await server.request('PATCH', `/api/v1/persons/${p.id}`, {
    session, headers: { 'If-Match': '"1"' }, body: { hukou_address: '新户籍地址3号', phone: '13900000003' },
  });
  assert.equal(behind.status, 200, behind.text);

  await officer.getByRole('button', { name: '保存修改' }).click();
  const conflict = officer.locator('section.conflict');
  await conflict.getByRole('heading', { name: '保存前，档案已被他人修改' }).waitFor();
  assert.match(await conflict.textContent(), /您打开的是第 1 版，现在是第 2 版，修改人：fumin\.comm/);
  const row = (field) => conflict.locator(`tr[data-field="${field}"] td`).allTextContents();
  assert.deepEqual(await row('hukou_address'), ['原户籍地址1号', '新户籍地址3号', '原户籍地址1号', '已更新为他人保存的值']);
  assert.deepEqual(await row('phone'), ['13900000001', '13900000003', '13900000002', '保留您填写的值，再次保存将覆盖他人的修改']);
  assert.equal(await conflict.locator('tr[data-field="residence_address"]').count(), 0, 'only fields changed meanwhile');
  assert.equal(await officer.locator('#f-hukou_address').inputValue(), '新户籍地址3号', 'untouched field brought up to date');
  assert.equal(await officer.locator('#f-phone').inputValue(), '13900000002', 'the user\'s value kept');
  assert.equal(await officer.locator('#f-residence_address').inputValue(), '兰新路9号1单元101室');
  await screenshot(officer, 'person-edit-conflict');

  await officer.getByRole('button', { name: '保存修改' }).click();
  await officer.locator('.notice-success').filter({ hasText: '修改已保存，档案现为第 3 版' }).waitFor();
  const dd = (field) => officer.locator(`dl.record dd[data-field="${field}"]`).textContent();
  assert.equal(await dd('hukou_address'), '新户籍地址3号');
  assert.equal(await dd('residence_address'), '兰新路9号1单元101室');
  assert.equal(await dd('phone'), '13900000002');
  assert.equal(await dd('version'), '第 3 版');
  const v3 = officer.locator('.timeline-item[data-version="3"]');
  assert.match(await v3.textContent(), /修改 2 项/);
  assert.match(await v3.textContent(), /联系电话：13900000003 → 13900000002/);

  // Saving with nothing changed sends nothing.
  await officer.getByRole('link', { name: '修改档案' }).click();
  await officer.getByRole('button', { name: '保存修改' }).click();
  await officer.locator('.notice-info').filter({ hasText: '没有修改任何内容' }).waitFor();
  assert.deepEqual(problems, []);
});

test('a file outside the officer\'s scope reads as not found', async () => {
  const other = await createPerson(server, await server.session('dazhong.comm'), personBody(DIV.dazhong));
  await at(`#/persons/${other.id}`);
  await officer.getByRole('heading', { name: '档案不存在' }).waitFor();
  await at(`#/persons/${other.id}/edit`);
  await officer.getByRole('heading', { name: '档案不存在' }).waitFor();
  assertNoProblems(problems);
});

// imports.test.mjs — 批量导入 in the browser: a town officer picks a CSV file
// with good and bad rows, imports it, sees the counts, the rejected rows with
// row number, column and reason, and downloads the error file (the input's
// columns plus 原行号, 错误列, 错误原因); importing the same file again shows
// nothing new.  A role without import.write has no menu entry.  Every page
// must be free of console errors and failed requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, menuEntries, asUser } from './lib/browser.mjs';
import { startServer, DIV, idNumber, sqlite } from '../api/lib/server.mjs';

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

/** A logged-in page for `username`; `run(page, at)` gets it and a way to open a hash. */
const as = (username, run) => asUser(browser, server, username, run);

const FILE = '\uFEFF' + [
  '姓名,公民身份号码,性别,户籍地,所属社区,流入日期',
  `上官导入,${idNumber('410102', '19890615', 201)},男,410102,福民社区,2025-06-01`,
  `欧阳导入,${idNumber('410102', '19900720', 202)},女,410102,${DIV.shengli},2025-07-01`,
  '司马错号,6.20201E+17,男,410102,福民社区,2025-07-01',
  `诸葛越界,${idNumber('410102', '19910101', 203)},男,410102,${DIV.dazhong},2025-07-01`,
].join('\r\n') + '\r\n';

async function importFile(page, name = 'wis.csv') {
  await page.locator('#f-content').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(FILE) });
  await page.getByRole('button', { name: '开始导入' }).click();
  await page.locator('#import-result h2').first().waitFor();
}

test('a town officer imports a file, sees the rejected rows and downloads them to correct', async () => {
  await as('xiongguan.town', async (page, at) => {
    assert.ok((await menuEntries(page)).includes('批量导入'));
    await at('#/imports');
    await page.getByRole('heading', { name: '批量导入档案' }).waitFor();
    await importFile(page);
    assert.match(await page.locator('#import-result h2').first().textContent(), /已完成/);
    assert.deepEqual(await page.locator('.import-counts tbody td').allTextContents(), ['2', '0', '0', '2']);
    const rows = await page.locator('.import-errors tbody tr').allTextContents();
    assert.equal(rows.length, 2);
    assert.match(rows[0], /^4公民身份号码.*科学计数法/);
    assert.match(rows[1], /^5所属社区.*管辖范围/);
    await screenshot(page, 'imports-result');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#errors-csv').click()]);
    const text = (await (await download.createReadStream()).toArray()).map(String).join('');
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines[0], '姓名,公民身份号码,性别,户籍地,所属社区,流入日期,原行号,错误列,错误原因');
    assert.match(lines[1], /^司马错号,6\.20201E\+17,.*,4,公民身份号码,/);
    assert.equal(Number(sqlite(server.db, "SELECT count(*) FROM person WHERE name IN ('上官导入', '欧阳导入')")), 2);

    // the same file again: nothing new
    await at('#/imports');
    await importFile(page);
    assert.deepEqual(await page.locator('.import-counts tbody td').allTextContents(), ['0', '0', '2', '2']);
  });
});

test('a dry run keeps nothing and says so; no file gives a clear message', async () => {
  await as('city.officer', async (page, at) => {
    await at('#/imports');
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.getByText('请选择要导入的文件').waitFor();
    const persons = Number(sqlite(server.db, 'SELECT count(*) FROM person'));
    await page.getByLabel('导入方式').selectOption('dry_run');
    await page.locator('#f-content').setInputFiles({ name: 'other.csv', mimeType: 'text/csv', buffer: Buffer.from(FILE.replace('上官导入', '上官试导')) });
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.getByText('这是试导入，没有保存任何档案。').waitFor();
    assert.equal(Number(sqlite(server.db, 'SELECT count(*) FROM person')), persons);

    // A file above the server's upload limit (1 MiB here): what to do instead, nothing kept.
    const big = FILE + 'x'.repeat(1200 * 1024);
    await page.locator('#f-content').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.getByText(/超过了服务器允许的上传大小/).waitFor();
    await page.getByText(/liudong import/).waitFor();
    assert.equal(Number(sqlite(server.db, 'SELECT count(*) FROM person')), persons);
  });
});

test('a role without import.write has no import screen', async () => {
  await as('xiongguan.police', async (page) => {
    assert.ok(!(await menuEntries(page)).includes('批量导入'));
  });
});

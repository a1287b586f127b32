// exchange.test.mjs — the screens of the information network between places
// (#/exchange, and the network steps of #/check and #/lookup) with two nodes
// on loopback: Jiayuguan (620200) and a Henan node (41), peers of each other.
//
// Jiayuguan sends an inquiry over the network (API); Henan's officer answers
// it on #/exchange (confirmed first) and Jiayuguan's API shows the answer
// arrived.  A hand-over from Jiayuguan appears in Henan's 移交人员 tab with its
// transfer certificate, and Henan checks that certificate with the issuing
// node from the check screen.  Jiayuguan's city officer sees the message
// status and queries Henan, the person's hukou place, from #/lookup.  Every page must be free of console errors and failed requests.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, assertNoProblems, loginAs, screenshot, menuEntries } from './lib/browser.mjs';
import { liudongOk, idNumber, poll } from '../api/lib/server.mjs';
import { createNode, startNode, stopNode } from '../api/lib/nodes.mjs';

const ZHONGYUAN = '410102';            // 郑州市中原区
const BISHAGANG = '410102001002';      // 中原区碧沙岗社区
const FUMIN = '620201001001';          // 嘉峪关市雄关街道福民社区

const nodes = {};
let browser;

async function api(n, method, urlPath, body, status = 200) {
  const res = await fetch(n.url + urlPath, {
    method,
    headers: { Authorization: `Bearer ${n.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, status, `${n.name} ${method} ${urlPath}: ${text}`);
  return JSON.parse(text);
}

/** A logged-in page of node `n`'s officer; `run(page)` gets it. */
async function as(n, run) {
  const { context, page, problems } = await openPage(browser, n);
  try {
    await loginAs(page, n, n.user);
    await run(page);
    assertNoProblems(problems, `(${n.user})`);
  } finally {
    await context.close();
  }
}

before(async () => {
  nodes.jiayuguan = createNode('jiayuguan', '620200', '6202', '620200');
  nodes.henan = createNode('henan', '410100', '4101', '41');
  await Promise.all(Object.values(nodes).map(startNode));
  for (const a of Object.values(nodes)) {
    for (const b of Object.values(nodes)) {
      if (a !== b) liudongOk(['peer', 'add', '--name', b.name, '--url', b.url, '--public-key', b.publicKey, '--divisions', b.divisions], { db: a.db });
    }
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const n of Object.values(nodes)) await stopNode(n);
});

test('an inquiry from Jiayuguan is answered on Henan\'s 异地协作 screen and the answer comes back', async () => {
  const idNum = idNumber(ZHONGYUAN, '19910415', 318);
  await api(nodes.henan, 'POST', '/api/v1/persons', {
    id_number: idNum, name: '郑秀梅', flow: 'outflow', hukou_division: BISHAGANG, hukou_address: '中原区建设路56号',
    residence_division: BISHAGANG, residence_address: '中原区建设路56号', marital_status: '20',
  }, 201);
  const here = await api(nodes.jiayuguan, 'POST', '/api/v1/persons', {
    id_number: idNum, name: '郑秀梅', flow: 'inflow', hukou_division: ZHONGYUAN, hukou_address: '中原区建设路56号',
    residence_division: FUMIN, residence_address: '新华南路12号院3号楼501室', marital_status: '20', arrival_date: '2026-03-02',
  }, 201);
  const q = await api(nodes.jiayuguan, 'POST', '/api/v1/inquiries', { person_id: here.id, channel: 'network', send: true, note: '请核实婚姻状况' }, 201);
  const received = await poll(async () => (await api(nodes.henan, 'GET', '/api/v1/exchange/inquiries')).items.find((i) => i.remote_id === q.id), 15_000);
  assert.ok(received, 'the inquiry did not reach Henan');

  await as(nodes.henan, async (page) => {
    assert.ok((await menuEntries(page)).includes('异地协作'));
    await page.locator('#menu a', { hasText: '异地协作' }).click();
    await page.locator('h1', { hasText: '异地协作' }).waitFor();
    const row = page.locator(`tr[data-inquiry="${received.id}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-state'), 'received');
    const text = await row.innerText();
    assert.match(text, /郑秀梅/);
    assert.ok(text.includes(`${idNum.slice(0, 6)}********${idNum.slice(14)}`), `masked ID number in: ${text}`);
    assert.ok(!text.includes(idNum), 'the full ID number is shown');
    await screenshot(page, 'exchange-inquiries');

    await row.getByRole('button', { name: '答复' }).click();
    const dialog = page.getByRole('dialog');
    // Nothing chosen: the form says what is missing and sends nothing.
    await dialog.getByRole('button', { name: '答复', exact: true }).click();
    await dialog.locator('[data-field="marital_status"] .field-error').filter({ hasText: '请选择婚姻状况' }).waitFor();
    await dialog.getByLabel('婚姻状况').selectOption('20');
    await dialog.getByLabel('回函文号').fill('中原计生函〔2026〕21号');
    await dialog.getByLabel('答复内容').fill('经核实，该人已婚，配偶户籍在本区。');
    await dialog.getByRole('button', { name: '答复', exact: true }).click();
    await dialog.locator('.confirm-title', { hasText: '确认答复 jiayuguan 的函调' }).waitFor();
    await screenshot(page, 'exchange-answer-confirm');
    assert.equal((await api(nodes.henan, 'GET', '/api/v1/exchange/inquiries')).items.find((i) => i.id === received.id).state, 'received', 'answered before confirmation');
    await dialog.getByRole('button', { name: '确认答复' }).click();
    await page.locator('.notice-success', { hasText: '已答复 jiayuguan 关于郑秀梅的函调' }).waitFor();
    await page.locator(`tr[data-inquiry="${received.id}"][data-state="answered"]`, { hasText: '中原计生函〔2026〕21号' }).waitFor();
  });

  const back = await poll(async () => {
    const r = await api(nodes.jiayuguan, 'GET', `/api/v1/inquiries/${q.id}`);
    return r.state === 'answered' ? r : null;
  }, 15_000);
  assert.ok(back, 'the answer did not come back to Jiayuguan');
  assert.equal(back.answer_marital_status, '20');
  assert.equal(back.answer_reference, '中原计生函〔2026〕21号');
  assert.equal(back.answer_text, '经核实，该人已婚，配偶户籍在本区。');

  // Jiayuguan's city officer: the inquiry delivered, the answer received.
  await as(nodes.jiayuguan, async (page) => {
    await page.goto(`${nodes.jiayuguan.url}/#/exchange?tab=messages`);
    await page.locator('table.exchange-sent tr[data-state="delivered"]', { hasText: '函调' }).first().waitFor();
    await page.locator('table.exchange-received tr', { hasText: '函调答复' }).waitFor();
    const head = await page.locator('.results-head', { hasText: '发出的消息' }).innerText();
    assert.match(head, /已送达 [1-9]/);
    assert.equal(await page.locator('.notice-info', { hasText: '尚未与其他节点交换过消息' }).count(), 0);
    await screenshot(page, 'exchange-messages');
    await page.locator('.message-states a[data-state="failed"]').click();
    await page.locator('.message-states a[data-state="failed"][aria-current="page"]').waitFor();
    await page.getByText('没有这样的消息。').waitFor();

    // The remote query: asked of Henan, the person's hukou place, with a reason.
    await page.locator('#menu a', { hasText: '异地查询' }).click();
    await page.getByLabel('公民身份号码').fill(idNum);
    await page.getByLabel('查询事由').fill('核实婚育情况');
    await page.getByRole('button', { name: '向户籍地查询' }).click();
    const panel = page.locator('.panel', { hasText: '户籍地节点 henan 的查询结果' });
    await panel.waitFor();
    assert.match(await panel.innerText(), /郑\*/);
    await screenshot(page, 'exchange-remote-lookup');
  });
  const asked = (await api(nodes.henan, 'GET', '/api/v1/audit?action=exchange.person.query')).items;
  assert.ok(asked.some((e) => e.detail.includes('核实婚育情况') && e.username === 'node:jiayuguan'), 'Henan did not audit the remote query');
});

test('a hand-over from Jiayuguan is listed in Henan and its certificate verified with the issuing node', async () => {
  const local = await api(nodes.jiayuguan, 'POST', '/api/v1/persons', {
    id_number: idNumber('620201', '19880312', 226), name: '马玉珍', flow: 'outflow', hukou_division: FUMIN,
    hukou_address: '嘉峪关市雄关街道福民社区新华南路12号', residence_division: FUMIN, residence_address: '新华南路12号', marital_status: '20',
  }, 201);
  const t = await api(nodes.jiayuguan, 'POST', `/api/v1/persons/${local.id}/transitions`, {
    kind: 'handover', destination_division: ZHONGYUAN, destination_address: '郑州市中原区建设路56号',
    long_term_residence: true, fixed_residence: true, spouse_name: '郑建民', documents: '结婚证',
  }, 201);
  const handed = await poll(async () => (await api(nodes.henan, 'GET', '/api/v1/exchange/handovers')).items.find((x) => x.certificate.number === t.certificate_number), 15_000);
  assert.ok(handed, 'the hand-over did not reach Henan');

  await as(nodes.henan, async (page) => {
    await page.goto(`${nodes.henan.url}/#/exchange?tab=handovers`);
    const row = page.locator(`tr[data-handover="${handed.id}"]`);
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /马玉珍/);
    assert.match(text, /郑建民/);
    assert.ok(text.includes(t.certificate_number));
    assert.ok(text.includes('620201********'), `masked ID number in: ${text}`);
    await screenshot(page, 'exchange-handovers');

    // The check screen: not in Henan's database, so it is checked with Jiayuguan.
    await page.locator('#menu a', { hasText: '证明查验' }).click();
    await page.getByLabel('证明编号').fill(t.certificate_number);
    await page.getByRole('button', { name: '查验', exact: true }).click();
    const missing = page.locator('.verdict[data-verdict="missing"]');
    await missing.waitFor();
    await missing.getByRole('button', { name: '向发证地核验' }).click();
    const verdict = page.locator('.verdict[data-node="jiayuguan"]');
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-verdict'), 'valid');
    const shown = await verdict.innerText();
    assert.ok(shown.includes(t.certificate_number));
    assert.match(shown, /发证地节点 jiayuguan/);
    await screenshot(page, 'exchange-certificate-check');
    // A number nobody issued: the issuing node says so.
    await page.getByLabel('证明编号').fill('620201001-2026-999999');
    await page.locator('button.remote-check').click();
    await page.locator('.verdict[data-verdict="missing"][data-node="jiayuguan"]').waitFor();
  });
  const audit = (await api(nodes.henan, 'GET', `/api/v1/audit?action=exchange.certificate.verify&object=${encodeURIComponent(`certificate:${t.certificate_number}`)}`)).items;
  assert.equal(audit.length, 1, 'the remote check was not audited once');
  assert.equal(audit[0].username, nodes.henan.user);
});

// exchange.test.mjs — the information network between places (policy §5,
// §2(2) feedback): three nodes on loopback, each with its own database and
// node key — Jiayuguan (620200), Lanzhou (620100) and a Henan node (41,
// initialized with Zhengzhou 410100) — registered as peers of each other.
//
// It walks the messages end to end (a notice of an inflow person reaching
// the hukou place, an inquiry answered there, a certificate verified with
// the node that issued it, a remote query audited on both sides), then the
// faults: the Henan node killed while messages are queued and restarted
// (every message arrives exactly once), and messages that must be refused
// and change nothing (tampered signature, unknown sender, wrong addressee,
// clock skew, malformed payload) and a replay (acknowledged as duplicate,
// applied once).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import crypto from 'node:crypto';
import { liudong, liudongOk, idNumber, poll, sleep } from './lib/server.mjs';
import { createNode, startNode, stopNode } from './lib/nodes.mjs';

const ZHONGYUAN = '410102';            // 郑州市中原区 (hukou county of the Henan persons)
const BISHAGANG = '410102001002';      // 中原区碧沙岗社区
const FUMIN = '620201001001';          // 嘉峪关市雄关街道福民社区
const CHANGJIAXIANG = '620102001001';  // 兰州市城关区畅家巷社区

const nodes = {};

async function call(n, method, urlPath, body) {
  const headers = { Authorization: `Bearer ${n.token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(n.url + urlPath, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, text, body: json, headers: res.headers };
}

async function ok(n, method, urlPath, body, status = 200) {
  const r = await call(n, method, urlPath, body);
  assert.equal(r.status, status, `${n.name} ${method} ${urlPath}: ${r.text}`);
  return r.body;
}

let serial = 0;
/** A Henan ID number (中原区) not used before in this run. */
function henanIdNumber() {
  serial += 1;
  return idNumber(ZHONGYUAN, `19${70 + (serial % 25)}0${1 + (serial % 9)}1${serial % 10}`, 100 + serial);
}

/** The same person on both sides: outflow at Henan, then inflow registered at Jiayuguan. */
async function outflowAtHenan(idNum, name) {
  return ok(nodes.henan, 'POST', '/api/v1/persons', {
    id_number: idNum, name, flow: 'outflow', hukou_division: BISHAGANG, hukou_address: '中原区建设路56号',
    residence_division: BISHAGANG, residence_address: '中原区建设路56号', marital_status: '20',
  }, 201);
}
async function inflowAtJiayuguan(idNum, name) {
  return ok(nodes.jiayuguan, 'POST', '/api/v1/persons', {
    id_number: idNum, name, flow: 'inflow', hukou_division: ZHONGYUAN, hukou_address: '中原区建设路56号',
    residence_division: FUMIN, residence_address: '新华南路12号院3号楼501室', marital_status: '20', arrival_date: '2026-03-02',
  }, 201);
}

// --- signing messages the way a node does (for the refusals) -------------------

function nodePrivateKey(n) {
  const seed = readFileSync(`${n.db}.node-key`, 'utf8').trim().split(' ')[1];
  return crypto.createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed, 'hex')]), format: 'der', type: 'pkcs8' });
}
function envelope(over = {}) {
  const now = Math.floor(Date.now() / 1000);
  return { id: crypto.randomBytes(16).toString('hex'), type: 'person.notice', from: 'jiayuguan', to: 'henan', created_at: now, sent_at: now, ...over };
}
function signed(body, key) {
  return crypto.sign(null, Buffer.from(body), key).toString('base64url');
}
async function deliver(n, body, signature) {
  const res = await fetch(`${n.url}/exchange/v1/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Liudong-Signature': signature }, body });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text), signature: res.headers.get('x-liudong-signature') };
}

async function inbox(n) {
  return (await ok(n, 'GET', '/api/v1/exchange/messages?direction=in&limit=200')).items;
}

before(async () => {
  nodes.jiayuguan = createNode('jiayuguan', '620200', '6202', '620200');
  nodes.lanzhou = createNode('lanzhou', '620100', '6201', '620100');
  nodes.henan = createNode('henan', '410100', '4101', '41');
  await Promise.all(Object.values(nodes).map(startNode));
  for (const a of Object.values(nodes)) {
    for (const b of Object.values(nodes)) {
      if (a === b) continue;
      liudongOk(['peer', 'add', '--name', b.name, '--url', b.url, '--public-key', b.publicKey, '--divisions', b.divisions], { db: a.db });
    }
  }
});

after(async () => {
  for (const n of Object.values(nodes)) await stopNode(n);
});

test('node show and peer list print what was registered; the longest prefix wins', () => {
  const peers = liudongOk(['peer', 'list'], { db: nodes.jiayuguan.db }).stdout.trim().split('\n').map((l) => l.split('\t'));
  assert.deepEqual(peers.map((p) => [p[0], p[2], p[3]]), [['henan', '41', nodes.henan.publicKey], ['lanzhou', '6201', nodes.lanzhou.publicKey]]);
  const bad = liudong(['peer', 'add', '--name', 'x', '--url', 'ftp://x', '--public-key', nodes.henan.publicKey, '--divisions', '41'], { db: nodes.jiayuguan.db });
  assert.equal(bad.code, 2);
  const again = liudong(['node', 'init', '--name', 'other', '--divisions', '62'], { db: nodes.jiayuguan.db });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already_initialized/);
});

test('an inflow person with Henan hukou registered in Jiayuguan: Henan records the destination', async () => {
  const idNum = henanIdNumber();
  const there = await outflowAtHenan(idNum, '郑春华');
  await inflowAtJiayuguan(idNum, '郑春华');
  const departures = await poll(async () => {
    const d = (await ok(nodes.henan, 'GET', `/api/v1/persons/${there.id}/departures`)).items;
    return d.length ? d : null;
  }, 15_000);
  assert.ok(departures, 'Henan recorded no departure');
  assert.equal(departures.length, 1);
  assert.equal(departures[0].destination_division.code, '620201');
  assert.equal(departures[0].departed_on, '2026-03-02');
  const feedback = (await ok(nodes.henan, 'GET', `/api/v1/persons/${there.id}/feedback`)).items;
  assert.equal(feedback.length, 1);
  assert.equal(feedback[0].direction, 'received');
  assert.equal(feedback[0].channel, 'network');
  const sent = await ok(nodes.jiayuguan, 'GET', '/api/v1/exchange/messages?state=delivered');
  assert.ok(sent.items.some((m) => m.type === 'person.notice' && m.peer === 'henan'));
});

test('a network inquiry from Jiayuguan is answered in Henan and the answer comes back', async () => {
  const idNum = henanIdNumber();
  await outflowAtHenan(idNum, '王秀英');
  const here = await inflowAtJiayuguan(idNum, '王秀英');
  const q = await ok(nodes.jiayuguan, 'POST', '/api/v1/inquiries', { person_id: here.id, channel: 'network', send: true, note: '请核实婚姻状况' }, 201);
  assert.equal(q.state, 'sent');
  const received = await poll(async () => (await ok(nodes.henan, 'GET', '/api/v1/exchange/inquiries')).items.find((i) => i.remote_id === q.id && i.from_node === 'jiayuguan'), 15_000);
  assert.ok(received, 'the inquiry did not reach Henan');
  assert.equal(received.id_number, idNum);
  assert.equal(received.person_name, '王秀英');
  assert.equal(received.state, 'received');
  const answered = await ok(nodes.henan, 'POST', `/api/v1/exchange/inquiries/${received.id}/answer`, {
    marital_status: '20', answer_text: '经核实，该人已婚，配偶户籍在本区。', reference: '中原计生函〔2026〕15号',
  });
  assert.equal(answered.state, 'answered');
  const again = await call(nodes.henan, 'POST', `/api/v1/exchange/inquiries/${received.id}/answer`, { marital_status: '10' });
  assert.equal(again.status, 409);
  const back = await poll(async () => {
    const r = await ok(nodes.jiayuguan, 'GET', `/api/v1/inquiries/${q.id}`);
    return r.state === 'answered' ? r : null;
  }, 15_000);
  assert.ok(back, 'the answer did not come back');
  assert.equal(back.answer_marital_status, '20');
  assert.equal(back.answer_reference, '中原计生函〔2026〕15号');
  assert.equal(back.answer_text, '经核实，该人已婚，配偶户籍在本区。');
});

test('a certificate issued in Jiayuguan is verified from Lanzhou with the issuing node', async () => {
  const idNum = henanIdNumber();
  const here = await inflowAtJiayuguan(idNum, '李娜');
  const cert = await ok(nodes.jiayuguan, 'POST', `/api/v1/persons/${here.id}/certificates`, { kind: 'temporary', spouse_name: '张伟' }, 201);
  const v = await ok(nodes.lanzhou, 'GET', `/api/v1/exchange/certificates/${cert.number}`);
  assert.equal(v.node, 'jiayuguan');
  assert.equal(v.found, true);
  assert.equal(v.number, cert.number);
  assert.equal(v.kind, 'temporary');
  assert.equal(v.valid, true);
  const missing = await ok(nodes.lanzhou, 'GET', `/api/v1/exchange/certificates/${cert.number.slice(0, -6)}999999`);
  assert.equal(missing.found, false);
  const nobody = await call(nodes.lanzhou, 'GET', '/api/v1/exchange/certificates/510104001-2026-000001');
  assert.equal(nobody.status, 422);
  assert.equal(nobody.body.error.code, 'exchange_no_peer');
});

test('a remote query from Lanzhou to Henan returns a summary and is audited on both sides', async () => {
  const idNum = henanIdNumber();
  await outflowAtHenan(idNum, '赵建国');
  const reason = '核实流入人员户籍信息';
  const r = await ok(nodes.lanzhou, 'GET', `/api/v1/exchange/persons?id_number=${idNum}&reason=${encodeURIComponent(reason)}`);
  assert.equal(r.node, 'henan');
  assert.equal(r.found, true);
  assert.equal(r.name_masked, '赵**');
  assert.equal(r.flow, 'outflow');
  assert.equal(r.name, undefined);
  const noReason = await call(nodes.lanzhou, 'GET', `/api/v1/exchange/persons?id_number=${idNum}`);
  assert.equal(noReason.status, 400);
  const asked = await poll(async () => (await ok(nodes.lanzhou, 'GET', '/api/v1/audit?action=exchange.person.query')).items.find((e) => e.detail.includes(reason)), 5000);
  assert.ok(asked, 'no audit row at the asking node');
  assert.equal(asked.username, 'lanzhou.officer');
  assert.equal(asked.outcome, 'ok');
  const answered = (await ok(nodes.henan, 'GET', '/api/v1/audit?action=exchange.person.query')).items.find((e) => e.detail.includes(reason));
  assert.ok(answered, 'no audit row at the answering node');
  assert.equal(answered.username, 'node:lanzhou');
  assert.match(answered.detail, /user:lanzhou\.officer/);
  assert.match(answered.object, /^person:\d+$/);
});

test('a hand-over in Jiayuguan reaches Henan with its transfer certificate; an inflow person who left is reported', async () => {
  const local = await ok(nodes.jiayuguan, 'POST', '/api/v1/persons', {
    id_number: idNumber('620201', '19880312', 212), name: '马玉兰', flow: 'outflow', hukou_division: FUMIN,
    hukou_address: '嘉峪关市雄关街道福民社区新华南路12号', residence_division: FUMIN, residence_address: '新华南路12号', marital_status: '20',
  }, 201);
  const t = await ok(nodes.jiayuguan, 'POST', `/api/v1/persons/${local.id}/transitions`, {
    kind: 'handover', destination_division: ZHONGYUAN, destination_address: '郑州市中原区建设路56号',
    long_term_residence: true, fixed_residence: true, spouse_name: '郑建国', documents: '结婚证',
  }, 201);
  const handed = await poll(async () => (await ok(nodes.henan, 'GET', '/api/v1/exchange/handovers')).items.find((h) => h.certificate.number === t.certificate_number), 15_000);
  assert.ok(handed, 'the hand-over did not reach Henan');
  assert.equal(handed.from_node, 'jiayuguan');
  assert.equal(handed.person_name, '马玉兰');
  assert.equal(handed.destination_division.code, ZHONGYUAN);
  assert.equal(handed.certificate.spouse_name, '郑建国');
  assert.equal(handed.certificate.marital_status, '20');
  // Lanzhou's officer sees nothing of it: the list is Henan's, by destination.
  assert.equal((await ok(nodes.lanzhou, 'GET', '/api/v1/exchange/handovers')).items.length, 0);

  const idNum = henanIdNumber();
  const there = await outflowAtHenan(idNum, '黄晓东');
  const here = await inflowAtJiayuguan(idNum, '黄晓东');
  assert.ok(await poll(async () => (await ok(nodes.henan, 'GET', `/api/v1/persons/${there.id}/feedback`)).items.length === 1, 15_000));
  await ok(nodes.jiayuguan, 'POST', `/api/v1/persons/${here.id}/transitions`, { kind: 'left', destination_division: '510104' }, 201);
  const left = await poll(async () => {
    const f = (await ok(nodes.henan, 'GET', `/api/v1/persons/${there.id}/feedback`)).items;
    return f.length === 2 ? f : null;
  }, 15_000);
  assert.ok(left, 'the departure from Jiayuguan was not reported');
  assert.ok(left.some((f) => f.content.startsWith('已离开该流入地')), JSON.stringify(left));
});

test('Henan down while messages are queued: after its restart every message arrives exactly once', async () => {
  const ids = [henanIdNumber(), henanIdNumber(), henanIdNumber()];
  const there = [];
  for (const [i, idNum] of ids.entries()) there.push(await outflowAtHenan(idNum, ['孙丽华', '周海燕', '吴志强'][i]));
  const before = (await inbox(nodes.henan)).length;
  nodes.henan.child.kill('SIGKILL');
  await nodes.henan.exited;
  nodes.henan.child = null;
  for (const [i, idNum] of ids.entries()) await inflowAtJiayuguan(idNum, ['孙丽华', '周海燕', '吴志强'][i]);
  await sleep(1500); // at least one failed attempt and a back-off
  const queued = await ok(nodes.jiayuguan, 'GET', '/api/v1/exchange/messages?state=queued');
  assert.equal(queued.counts.queued, 3, JSON.stringify(queued));
  // In order per peer: the oldest is retried with back-off, the others wait behind it.
  const [head, ...behind] = [...queued.items].sort((a, b) => a.seq - b.seq);
  assert.ok(head.attempts >= 1 && head.last_error && head.next_attempt_at, JSON.stringify(head));
  assert.ok(behind.every((m) => m.attempts === 0), JSON.stringify(behind));
  await startNode(nodes.henan);
  const drained = await poll(async () => (await ok(nodes.jiayuguan, 'GET', '/api/v1/exchange/messages')).counts.queued === 0, 20_000);
  assert.ok(drained, 'the queue did not drain after the restart');
  const received = (await inbox(nodes.henan)).filter((m) => m.from === 'jiayuguan' && m.type === 'person.notice');
  assert.equal((await inbox(nodes.henan)).length, before + 3);
  assert.equal(new Set(received.map((m) => m.id)).size, received.length, 'an id applied twice');
  for (const p of there) {
    const d = (await ok(nodes.henan, 'GET', `/api/v1/persons/${p.id}/departures`)).items;
    const f = (await ok(nodes.henan, 'GET', `/api/v1/persons/${p.id}/feedback`)).items;
    assert.equal(d.length, 1, `departures of ${p.id}`);
    assert.equal(f.length, 1, `feedback of ${p.id}`);
  }
});

test('refused messages change nothing; a replay is acknowledged as duplicate and applied once', async () => {
  const henan = nodes.henan;
  const idNum = henanIdNumber();
  const p = await outflowAtHenan(idNum, '陈文博');
  const payload = { event: 'registered', id_number: idNum, name: '陈文博', hukou_division: ZHONGYUAN, residence_division: FUMIN, arrival_date: '2026-05-01', flow: 'inflow' };
  const jyg = nodePrivateKey(nodes.jiayuguan);
  const feedbackCount = async () => (await ok(henan, 'GET', `/api/v1/persons/${p.id}/feedback`)).items.length;
  const inboxBefore = (await inbox(henan)).length;

  // A tampered signature: one character changed.
  const body1 = JSON.stringify(envelope({ payload }));
  const sig1 = signed(body1, jyg);
  const tampered = await deliver(henan, body1, (sig1[0] === 'A' ? 'B' : 'A') + sig1.slice(1));
  assert.equal(tampered.status, 401);
  assert.equal(tampered.body.error.code, 'exchange_signature_invalid');
  // A body changed after signing.
  const altered = await deliver(henan, body1.replace('陈文博', '陈文波'), sig1);
  assert.equal(altered.body.error.code, 'exchange_signature_invalid');
  // An unknown sender with its own key.
  const stranger = crypto.generateKeyPairSync('ed25519').privateKey;
  const body2 = JSON.stringify(envelope({ from: 'shaanxi', payload }));
  const unknown = await deliver(henan, body2, signed(body2, stranger));
  assert.equal(unknown.status, 401);
  assert.equal(unknown.body.error.code, 'exchange_unknown_sender');
  // Addressed to another node.
  const body3 = JSON.stringify(envelope({ to: 'lanzhou', payload }));
  const wrong = await deliver(henan, body3, signed(body3, jyg));
  assert.equal(wrong.status, 421);
  assert.equal(wrong.body.error.code, 'exchange_wrong_recipient');
  // Sent an hour ago.
  const old = Math.floor(Date.now() / 1000) - 3600;
  const body4 = JSON.stringify(envelope({ created_at: old, sent_at: old, payload }));
  const skew = await deliver(henan, body4, signed(body4, jyg));
  assert.equal(skew.status, 400);
  assert.equal(skew.body.error.code, 'exchange_clock_skew');
  // A payload that is not a notice's.
  const body5 = JSON.stringify(envelope({ payload: { ...payload, id_number: '410102197001011234' } }));
  const bad = await deliver(henan, body5, signed(body5, jyg));
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'exchange_malformed');
  assert.equal(bad.body.error.field, 'id_number');
  assert.equal(await feedbackCount(), 0, 'a refused message changed the record');
  assert.equal((await inbox(henan)).length, inboxBefore, 'a refused message reached the inbox');

  // A valid message, then the same bytes again.
  const body6 = JSON.stringify(envelope({ payload }));
  const sig6 = signed(body6, jyg);
  const first = await deliver(henan, body6, sig6);
  assert.equal(first.status, 200, first.text);
  assert.equal(first.body.result, 'applied');
  assert.ok(crypto.verify(null, Buffer.from(first.text), crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(henan.publicKey, 'hex')]), format: 'der', type: 'spki' }), Buffer.from(first.signature, 'base64url')), 'the answer is signed by Henan');
  const replay = await deliver(henan, body6, sig6);
  assert.equal(replay.status, 200);
  assert.equal(replay.body.result, 'duplicate');
  assert.equal(await feedbackCount(), 1);
  assert.equal((await ok(henan, 'GET', `/api/v1/persons/${p.id}/departures`)).items.length, 1);
  assert.equal((await inbox(henan)).length, inboxBefore + 1);
  const codes = ['exchange_signature_invalid', 'exchange_unknown_sender', 'exchange_wrong_recipient', 'exchange_clock_skew', 'exchange_malformed', 'duplicate'];
  const refusals = await poll(async () => {
    const outcomes = (await ok(henan, 'GET', '/api/v1/audit?action=exchange.person.notice&limit=100')).items.map((e) => e.outcome);
    return codes.every((c) => outcomes.includes(c)) ? outcomes : null;
  }, 5000);
  assert.ok(refusals, 'a refusal was not audited');
});

test('exchange status on the command line shows the outbox', () => {
  const out = liudongOk(['exchange', 'status'], { db: nodes.jiayuguan.db }).stdout;
  assert.match(out, /待发 0，已送达 \d+，失败 0/);
  assert.match(out, /送达时间中位数 \d+ 毫秒/);
});

// exchange.mjs — the exchange between two local nodes: Jiayuguan registers
// inflow persons whose hukou is in Henan through the API; each registration
// queues a person.notice in its transaction and the sender thread delivers
// it to the Henan node, which applies it (inbox, feedback lookup, audit) in
// one transaction.  First 200 registrations at low load (one per 50 ms): the
// median time from queuing to delivery without a backlog.  Then a burst of
// 10,000 (16 requests in flight): registrations per second, messages
// delivered per second (first queued to last delivered) and their median
// delivery time.  Both databases are removed afterwards.
//
// usage: node bench/exchange.mjs BUILD_DIR [MESSAGES]

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bin = path.resolve(process.argv[2] || 'build', 'liudong');
const messages = Number(process.argv[3] || 10000);
const inFlight = 16;
const work = mkdtempSync(path.join(tmpdir(), 'liudong-bench-exchange-'));
const children = [];
process.on('exit', () => {
  for (const c of children) { try { c.kill('SIGKILL'); } catch { /* gone */ } }
  rmSync(work, { recursive: true, force: true });
});

function run(db, args, input = '') {
  const r = spawnSync(bin, ['--db', db, ...args], { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`liudong ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function node(name, city, scope, divisions) {
  const db = path.join(work, `${name}.db`);
  run(db, ['init', '--city', city]);
  run(db, ['user', 'add', '--username', `${name}.bench`, '--role', 'city_officer', '--scope', scope], `${name}·基准测试专用口令2026\n`);
  const token = run(db, ['token', 'create', '--user', `${name}.bench`]).split('\n').map((l) => l.trim()).find((l) => /^[A-Za-z0-9_-]{20,}$/.test(l));
  run(db, ['node', 'init', '--name', name, '--divisions', divisions]);
  const publicKey = run(db, ['node', 'show']).match(/公钥：([0-9a-f]{64})/)[1];
  return { name, db, token, publicKey, divisions };
}

function serve(n) {
  const child = spawn(bin, ['--db', n.db, 'serve', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  n.child = child;
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { n.url = m[1]; resolve(); }
    });
    child.on('exit', () => reject(new Error(`${n.name} exited: ${out}`)));
  });
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idNumber(i) {
  const day = new Date(Date.UTC(1970, 0, 1) + Math.floor(i / 900) * 86_400_000);
  const birth = day.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `410102${birth}${String(100 + (i % 900)).padStart(3, '0')}`;
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += Number(first17[k]) * WEIGHTS[k];
  return first17 + '10X98765432'[sum % 11];
}

async function register(n, i) {
  const res = await fetch(`${n.url}/api/v1/persons`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${n.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      id_number: idNumber(i), name: '郑春华', flow: 'inflow', hukou_division: '410102', hukou_address: '中原区建设路56号',
      residence_division: '620201001001', residence_address: '新华南路12号院3号楼501室', arrival_date: '2026-03-02',
    }),
  });
  if (res.status !== 201) throw new Error(`registration ${i}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

const jyg = node('jiayuguan', '620200', '6202', '620200');
const henan = node('henan', '410100', '4101', '41');
await Promise.all([serve(jyg), serve(henan)]);
run(jyg.db, ['peer', 'add', '--name', 'henan', '--url', henan.url, '--public-key', henan.publicKey, '--divisions', '41']);
run(henan.db, ['peer', 'add', '--name', 'jiayuguan', '--url', jyg.url, '--public-key', jyg.publicKey, '--divisions', '620200']);

// Low load first: one registration every 50 ms, each delivered before the next is queued.
const quiet = 200;
for (let i = 0; i < quiet; i++) {
  await register(jyg, messages + i);
  await new Promise((r) => setTimeout(r, 50));
}
await new Promise((r) => setTimeout(r, 1000));
const recent = await (await fetch(`${jyg.url}/api/v1/exchange/messages?state=delivered&limit=200`, { headers: { Authorization: `Bearer ${jyg.token}` } })).json();
const times = recent.items.map((m) => m.delivery_ms).sort((a, b) => a - b);
const quietMedian = times[Math.floor(times.length / 2)];
// Then the burst: the same path, `messages` registrations as fast as the server takes them.
const started = Date.now();
let next = 0;
await Promise.all(Array.from({ length: inFlight }, async () => {
  while (next < messages) await register(jyg, next++);
}));
const registered = Date.now();
let status = '';
for (;;) {
  status = run(jyg.db, ['exchange', 'status']);
  const m = status.match(/待发 (\d+)，已送达 (\d+)，失败 (\d+)/);
  if (m && Number(m[1]) === 0) {
    if (Number(m[2]) !== messages + quiet || Number(m[3]) !== 0) throw new Error(`not all delivered: ${status}`);
    break;
  }
  if (Date.now() - registered > 600_000) throw new Error(`queue did not drain: ${status}`);
  await new Promise((r) => setTimeout(r, 200));
}
// The burst's own messages (those queued after the low-load ones), read from the outbox.
function sql(query) {
  const r = spawnSync('sqlite3', ['-readonly', jyg.db, query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
  return r.stdout.trim();
}
const burst = `FROM exchange_outbox WHERE state = 2 AND seq > ${quiet}`;
const [first, last] = sql(`SELECT min(created_ms), max(delivered_ms) ${burst}`).split('|').map(Number);
const median = Number(sql(`SELECT delivered_ms - created_ms AS t ${burst} ORDER BY t LIMIT 1 OFFSET ${Math.floor(messages / 2)}`));
console.log(`exchange: person.notice messages jiayuguan -> henan (two local nodes)`);
console.log(`  low load (${quiet} messages, one per 50 ms): median delivery time  ${quietMedian} ms`);
console.log(`  burst of ${messages} messages:`);
console.log(`    registrations/s (HTTP, ${inFlight} in flight)  ${(messages / ((registered - started) / 1000)).toFixed(0)}`);
console.log(`    messages/s (first queued to last delivered)  ${(messages / ((last - first) / 1000)).toFixed(0)}`);
console.log(`    median delivery time (queued to delivered)   ${median} ms`);
for (const n of [jyg, henan]) n.child.kill('SIGTERM');
await new Promise((r) => setTimeout(r, 500));

// server.mjs — a liudong server on a fresh temporary database, for the API tests.
//
// startServer() creates a database for Jiayuguan (620200) with one user per
// role (realistic scopes, see USERS), starts `liudong serve --listen
// 127.0.0.1:0`, waits for its "listening on" line and returns helpers to log
// in and send requests.  stop() sends SIGTERM and checks the exit status 0;
// the temporary directory goes with it.  A process exit handler kills the
// server and removes the directory if a test file dies before stop().
//
// The program comes from LIUDONG_BIN (scripts/run-tests sets it), else
// build-test/liudong.  Under AddressSanitizer everything is slower; logins
// hash passwords with argon2id: log in once per user and file, reuse the session.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';

export const BIN = path.resolve(process.env.LIUDONG_BIN || 'build-test/liudong');
export const CITY = '620200';

// Divisions of Jiayuguan used by the tests (real codes of the division table).
export const DIV = {
  city: '6202',
  xiongguan: '620201001',          // 雄关街道
  gangcheng: '620201002',          // 钢城街道
  fumin: '620201001001',           // 雄关街道福民社区
  shengli: '620201001002',         // 雄关街道胜利社区
  lvhua: '620201001003',           // 雄关街道绿化社区
  dazhong: '620201002001',         // 钢城街道大众社区
  xinhua: '620201002002',          // 钢城街道新华社区
  limin: '620201002003',           // 钢城街道利民社区
  changcheng: '620201100202',      // 新城镇长城村村民委员会
};

// One user per role; town and community officers for two towns/communities.
export const USERS = {
  'city.officer': { role: 'city_officer', scope: DIV.city },
  'xiongguan.town': { role: 'town_officer', scope: DIV.xiongguan },
  'gangcheng.town': { role: 'town_officer', scope: DIV.gangcheng },
  'fumin.comm': { role: 'community_officer', scope: DIV.fumin },
  'dazhong.comm': { role: 'community_officer', scope: DIV.dazhong },
  'xiongguan.police': { role: 'police_liaison', scope: DIV.xiongguan },
  'city.department': { role: 'department', scope: DIV.city },
  'fumin.warden': { role: 'warden', scope: DIV.fumin },
  'fumin.liaison': { role: 'liaison', scope: DIV.fumin },
  'jyg.employer': { role: 'employer', scope: DIV.city },
  'jyg.landlord': { role: 'landlord', scope: DIV.city },
  'sys.admin': { role: 'admin', scope: DIV.city },
};

// The user who plays each role in the authorization matrix ("own" scope).
export const ROLE_USER = {
  admin: 'sys.admin',
  city_officer: 'city.officer',
  town_officer: 'xiongguan.town',
  community_officer: 'fumin.comm',
  police_liaison: 'xiongguan.police',
  department: 'city.department',
  warden: 'fumin.warden',
  liaison: 'fumin.liaison',
  employer: 'jyg.employer',
  landlord: 'jyg.landlord',
};

/** A password that meets the policy (12+ characters, not common), per user. */
export function passwordOf(username) {
  return `${username}·嘉峪关长城第一墩2024`;
}

/** Runs the program synchronously; returns {code, stdout, stderr}. */
export function liudong(args, { db, input } = {}) {
  const argv = db ? ['--db', db, ...args] : args;
  const r = spawnSync(BIN, argv, {
    input: input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1' },
  });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Like liudong() but fails the test unless the exit status is 0. */
export function liudongOk(args, opts) {
  const r = liudong(args, opts);
  assert.equal(r.code, 0, `liudong ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r;
}

// --- realistic persons ------------------------------------------------------

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECKS = '10X98765432';

/** ISO 7064 MOD 11-2 check character of 17 digits. */
export function checkCharacter(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECKS[sum % 11];
}

/** An 18-character ID number: county, birth YYYYMMDD, sequence (odd: male). */
export function idNumber(county, birth, sequence) {
  const first17 = `${county}${birth}${String(sequence).padStart(3, '0')}`;
  assert.match(first17, /^\d{17}$/);
  return first17 + checkCharacter(first17);
}

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超',
  '秀英', '建国', '海燕', '志强', '丽华', '晓东', '玉兰', '文博'];
// Counties of origin of inflow persons (real codes): 郑州市中原区, 成都市锦江区,
// 临夏县, 西安市雁塔区, 兰州市城关区, 天水市秦州区.
export const COUNTIES = ['410102', '510104', '622921', '610113', '620102', '620502'];

let serial = 0;

/**
 * A valid body for POST /api/v1/persons living in `community` (an inflow
 * person from another province unless `flow: 'outflow'`).  Every call gives a
 * new ID number and birth date.  `over` replaces or adds fields.
 */
export function personBody(community, over = {}) {
  const n = ++serial + (process.pid % 97) * 1000;
  const county = COUNTIES[n % COUNTIES.length];
  const year = 1960 + (n % 45);
  const month = String(1 + (n % 12)).padStart(2, '0');
  const day = String(1 + (Math.floor(n / 12) % 28)).padStart(2, '0');
  const sequence = 100 + (Math.floor(n / 7) % 900);
  const outflow = over.flow === 'outflow';
  // The hukou county is the ID number's region unless the body says otherwise.
  const given = typeof over.id_number === 'string' && /^\d{6}/.test(over.id_number) ? over.id_number.slice(0, 6) : null;
  const hukou = outflow ? DIV.fumin : (given && !given.startsWith('6202') ? given : county);
  const body = {
    id_number: idNumber(outflow ? '620201' : county, `${year}${month}${day}`, sequence),
    name: SURNAMES[n % SURNAMES.length] + GIVEN[(n * 7) % GIVEN.length],
    flow: outflow ? 'outflow' : 'inflow',
    hukou_division: hukou,
    hukou_address: outflow ? '嘉峪关市雄关街道福民社区新华南路12号' : '建设路56号院3号楼',
    residence_division: community,
    residence_address: '兰新路8号2单元301室',
    ethnicity: '01',
    marital_status: '20',
    arrival_date: '2023-09-22',
    phone: `139${String(9370000 + n).padStart(8, '0')}`,
    ...over,
  };
  return body;
}

// --- the server ---------------------------------------------------------------

const live = new Set();
process.on('exit', () => {
  for (const s of live) {
    try { s.child.kill('SIGKILL'); } catch { /* already gone */ }
    try { rmSync(s.dir, { recursive: true, force: true }); } catch { /* ignore */ }
  }
});

function waitForListening(child, timeoutMs) {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`server did not say "listening on" within ${timeoutMs} ms; stdout: ${out}`));
    }, timeoutMs);
    const onData = (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:(\d+))/);
      if (m) { cleanup(); resolve(m[1]); }
    };
    const onExit = (code, signal) => {
      cleanup();
      reject(new Error(`server exited early (code ${code}, signal ${signal}); stdout: ${out}`));
    };
    function cleanup() {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
    }
    child.stdout.on('data', onData);
    child.on('exit', onExit);
  });
}

/**
 * Creates the database and users, starts the server.  Options:
 *   users: extra users {name: {role, scope}} besides USERS
 *   tokens: usernames to create an API token for (server.tokens[name])
 *   demo: a number of persons: the database is `liudong demo --persons N`
 *         (sample persons, certificates and inquiries) instead of an empty one
 */
export async function startServer({ users = {}, tokens = [], demo = 0 } = {}) {
  assert.ok(existsSync(BIN), `no program at ${BIN} (set LIUDONG_BIN)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'liudong-api-'));
  const db = path.join(dir, 'liudong.db');
  const s = { dir, db, child: null };
  try {
    if (demo > 0) liudongOk(['demo', '--persons', String(demo)], { db });
    else liudongOk(['init', '--city', CITY], { db });
    const all = { ...USERS, ...users };
    for (const [name, u] of Object.entries(all)) {
      liudongOk(['user', 'add', '--username', name, '--role', u.role, '--scope', u.scope],
        { db, input: passwordOf(name) + '\n' });
    }
    const tokenOf = {};
    for (const name of tokens) {
      const r = liudongOk(['token', 'create', '--user', name], { db });
      const line = r.stdout.split('\n').map((l) => l.trim()).find((l) => /^[A-Za-z0-9_-]{20,}$/.test(l));
      assert.ok(line, `token create printed no token: ${r.stdout}`);
      tokenOf[name] = line;
    }
    return await launch(s, tokenOf);
  } catch (e) {
    if (s.child) s.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function launch(s, tokenOf) {
  const child = spawn(BIN, ['--db', s.db, 'serve', '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1' },
  });
  s.child = child;
  live.add(s);
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await waitForListening(child, 30_000);
  return new Server(s, url, tokenOf, () => stderr, exited);
}

export class Server {
  constructor(s, url, tokens, stderr, exited) {
    this.s = s;
    this.url = url;
    this.db = s.db;
    this.dir = s.dir;
    this.tokens = tokens;
    this._stderr = stderr;
    this._exited = exited;
    this._sessions = new Map();
    this.stopped = false;
  }

  /** Everything the server wrote on standard error so far (its log). */
  get stderr() { return this._stderr(); }

  /** Runs the program on this server's database. */
  cli(args, opts = {}) { return liudong(args, { ...opts, db: this.db }); }

  /**
   * Logs in (POST /api/v1/session); returns the raw response and, on 201, a
   * session {cookie, csrf, user, setCookie}.
   */
  async login(username, password = passwordOf(username)) {
    const r = await this.request('POST', '/api/v1/session', { body: { username, password } });
    let session = null;
    if (r.status === 201) {
      const setCookie = r.headers.get('set-cookie');
      const m = setCookie && setCookie.match(/ld_session=([^;]*)/);
      assert.ok(m && m[1], `login of ${username}: no session cookie in ${setCookie}`);
      session = { username, cookie: `ld_session=${m[1]}`, csrf: r.body.csrf_token, user: r.body.user, setCookie };
    }
    return { ...r, session };
  }

  /**
   * Logs in, waiting out a throttle (429 + Retry-After) first if one is in
   * force; used to clear this address's failure count after failing on purpose.
   */
  async loginWaiting(username, password = passwordOf(username)) {
    for (let i = 0; i < 5; i++) {
      const r = await this.login(username, password);
      if (r.status !== 429) return r;
      await sleep(Number(r.headers.get('retry-after') || 1) * 1000 + 150);
    }
    return this.login(username, password);
  }

  /** A session for `username`, logged in once per server and reused. */
  async session(username) {
    if (!this._sessions.has(username)) {
      const r = await this.login(username);
      assert.equal(r.status, 201, `login of ${username}: ${r.status} ${r.text}`);
      this._sessions.set(username, r.session);
    }
    return this._sessions.get(username);
  }

  /** Forgets the cached session of `username` (after something ended it). */
  forget(username) { this._sessions.delete(username); }

  /**
   * Sends a request.  Options: session (cookie + CSRF token on state-changing
   * methods unless csrf is false or a string to send instead), token (bearer),
   * body (JSON), raw (string/Buffer body), contentType, headers.
   * Returns {status, headers, text, body (parsed JSON or null)}.
   */
  async request(method, path, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    let body;
    if (opts.raw !== undefined) {
      body = opts.raw;
      headers['Content-Type'] = opts.contentType ?? 'application/json';
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['Content-Type'] = opts.contentType ?? 'application/json';
    } else if (opts.contentType) {
      headers['Content-Type'] = opts.contentType;
    }
    if (opts.contentType === null) delete headers['Content-Type'];
    if (opts.session) {
      headers.Cookie = opts.session.cookie;
      const changes = !['GET', 'HEAD'].includes(method);
      if (changes && opts.csrf !== false) headers['X-CSRF-Token'] = typeof opts.csrf === 'string' ? opts.csrf : opts.session.csrf;
    }
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    const res = await fetch(this.url + path, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let json = null;
    if (text && (res.headers.get('content-type') || '').startsWith('application/json')) {
      try { json = JSON.parse(text); } catch { json = null; }
    }
    return { status: res.status, headers: res.headers, text, body: json };
  }

  /**
   * Stops with SIGTERM; asserts a clean exit (status 0).  The temporary
   * directory is removed unless keepDir (then removeDir() or process exit does).
   */
  async stop({ keepDir = false } = {}) {
    if (this.stopped) return;
    this.stopped = true;
    const { child } = this.s;
    try {
      child.kill('SIGTERM');
      let timer;
      const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), 20_000); });
      const result = await Promise.race([this._exited, timeout]);
      clearTimeout(timer);
      if (result === null) {
        child.kill('SIGKILL');
        assert.fail('server did not stop within 20 s of SIGTERM');
      }
      assert.equal(result.signal, null, `server died of ${result.signal}; log:\n${this.stderr.slice(-3000)}`);
      assert.equal(result.code, 0, `server exited ${result.code}; log:\n${this.stderr.slice(-3000)}`);
    } finally {
      if (!keepDir) this.removeDir();
    }
  }

  /** Removes the temporary directory (database, key) and forgets the server. */
  removeDir() {
    if (!this.stopped) this.s.child.kill('SIGKILL');
    live.delete(this.s);
    rmSync(this.s.dir, { recursive: true, force: true });
  }
}

/** Creates a person through the API and returns the record (asserts 201). */
export async function createPerson(server, session, body) {
  const r = await server.request('POST', '/api/v1/persons', { session, body });
  assert.equal(r.status, 201, `create person: ${r.status} ${r.text}`);
  return r.body;
}

/** Sleeps `ms` milliseconds. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `fn` (async, returns a truthy value when done) every 50 ms up to `ms`. */
export async function poll(fn, ms = 2000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > end) return v;
    await sleep(50);
  }
}

/** The security headers every response must carry. */
export function assertSecurityHeaders(r, what = '', { cache = 'no-store' } = {}) {
  const h = r.headers;
  assert.equal(h.get('content-security-policy'), "default-src 'self'; frame-ancestors 'none'", `CSP ${what}`);
  assert.equal(h.get('x-content-type-options'), 'nosniff', `nosniff ${what}`);
  assert.equal(h.get('referrer-policy'), 'no-referrer', `Referrer-Policy ${what}`);
  assert.equal(h.get('cache-control'), cache, `Cache-Control ${what}`);
}

/** Asserts an error response {error:{code,message,field}} with status and code. */
export function assertError(r, status, code, what = '') {
  assert.equal(r.status, status, `${what} status: ${r.text}`);
  assert.ok(r.body && r.body.error, `${what} error body: ${r.text}`);
  assert.equal(r.body.error.code, code, `${what} code: ${r.text}`);
  assert.equal(typeof r.body.error.message, 'string');
  assert.ok(r.body.error.message.length > 0, 'message not empty');
  assert.match(r.body.error.message, /[\u4e00-\u9fff]/, 'message in Chinese');
  assert.equal(typeof r.body.error.field, 'string');
}

/** Runs SQL on a database with the sqlite3 command-line tool; returns stdout. */
export function sqlite(db, sql) {
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db, sql], { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `sqlite3 ${sql}: ${r.stderr}`);
  return r.stdout.trim();
}

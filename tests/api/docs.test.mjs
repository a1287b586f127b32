// docs.test.mjs — docs/api.md and the route table (`liudong routes`) agree:
// every `### METHOD PATH` heading with a `权限：`perm`` line names a route
// with that permission, and every route is documented.  Needs no server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { liudongOk } from './lib/server.mjs';

const METHODS = 'GET|HEAD|POST|PUT|PATCH|DELETE';
const docPath = new URL('../../docs/api.md', import.meta.url);
const doc = readFileSync(docPath, 'utf8');

const routes = liudongOk(['routes']).stdout.trim().split('\n').map((line) => {
  const fields = line.split('\t');
  const [method, pattern, permission, limit, summary] = fields;
  return { fields, key: `${method} ${pattern}`, method, pattern, permission, limit, summary };
});

/**
 * The documented routes: a heading `### METHOD PATH`, and in its section
 * (up to the next heading) a line `权限：`perm``.
 */
function documented(text) {
  const lines = text.split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const h = lines[i].match(new RegExp(`^###\\s+(${METHODS})\\s+(\\S+)\\s*$`));
    if (!h) continue;
    const entry = { key: `${h[1]} ${h[2]}`, line: i + 1, permissions: [] };
    for (let j = i + 1; j < lines.length && !/^#{1,3}\s/.test(lines[j]); j++) {
      const p = lines[j].match(/^权限：`([^`]+)`\s*$/);
      if (p) entry.permissions.push(p[1]);
    }
    found.push(entry);
  }
  return found;
}

const docs = documented(doc);

test('the heading reader finds a heading, its 权限 line, and a heading without one', () => {
  const sample = '## 接口\n\n### GET /a\n\n权限：`public`\n\ntext\n\n### POST /b/{id}\n\n没有权限行\n\n### 权限与角色\n\n权限：`login`\n';
  assert.deepEqual(documented(sample).map((d) => [d.key, d.permissions]), [['GET /a', ['public']], ['POST /b/{id}', []]]);
});

test('liudong routes prints five tab-separated columns per route', () => {
  assert.ok(routes.length > 0);
  for (const r of routes) {
    assert.equal(r.fields.length, 5, `columns of ${r.fields.join(' | ')}`);
    assert.match(r.method, new RegExp(`^(${METHODS})$`));
    assert.match(r.pattern, /^\/\S*$/);
    assert.match(r.limit, /^\d+$/);
    assert.ok(r.summary.length > 0, `summary of ${r.key}`);
  }
  assert.equal(new Set(routes.map((r) => r.key)).size, routes.length, 'no route twice');
});

test('docs/api.md: each METHOD PATH heading has exactly one 权限 line, and no heading repeats', () => {
  assert.ok(docs.length > 0, 'headings found');
  for (const d of docs) assert.equal(d.permissions.length, 1, `docs/api.md:${d.line} ${d.key}: 权限 lines ${JSON.stringify(d.permissions)}`);
  const keys = docs.map((d) => d.key);
  assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), [], 'repeated headings');
});

for (const d of docs) {
  test(`documented ${d.key} (docs/api.md:${d.line}) is a route with permission ${d.permissions[0] ?? '?'}`, () => {
    const r = routes.find((x) => x.key === d.key);
    assert.ok(r, `docs/api.md:${d.line} documents ${d.key}, which \`liudong routes\` does not list`);
    assert.equal(d.permissions[0], r.permission, `docs/api.md:${d.line} ${d.key}: 权限 ${d.permissions[0]}, route table ${r.permission}`);
  });
}

for (const r of routes) {
  test(`route ${r.key} (${r.permission}) is documented in docs/api.md`, () => {
    assert.ok(docs.some((d) => d.key === r.key), `${r.key} is not documented: add "### ${r.key}" and "权限：\`${r.permission}\`" to docs/api.md`);
  });
}

test('every permission a route needs appears in the 权限与角色 table of docs/api.md', () => {
  const table = new Set([...doc.matchAll(/^\|\s*`([a-z_.]+)`\s*\|/gm)].map((m) => m[1]));
  for (const p of new Set(routes.map((r) => r.permission))) assert.ok(table.has(p), `permission ${p} not in the table`);
});

test('the 错误代码 table of docs/api.md gives each code the HTTP status the API tests observe', () => {
  // The table: | `code` | HTTP | 含义 |.
  const rows = new Map([...doc.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [m[1], Number(m[2])]));
  const seen = {
    invalid_input: 400, missing_field: 400, unknown_field: 400, invalid_id_number: 400, invalid_date: 400,
    invalid_division: 400, invalid_code: 400, flow_rule_violated: 400, password_rejected: 400,
    unauthenticated: 401, login_failed: 401, forbidden: 403, out_of_scope: 403, csrf_token_invalid: 403,
    account_locked: 403, not_found: 404, method_not_allowed: 405, duplicate_person: 409,
    version_conflict: 409, body_too_large: 413, unsupported_media_type: 415,
    precondition_required: 428, login_throttled: 429,
    invalid_state: 409, duplicate_certificate: 409, not_allowed: 422,
    invalid_credit_code: 400, duplicate_organization: 409,
  };
  for (const [code, status] of Object.entries(seen)) assert.equal(rows.get(code), status, `错误代码 table: ${code}`);
});

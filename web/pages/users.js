// pages/users.js — accounts and API tokens for the system administrator
// (user.admin; the same rules as `liudong user` and `liudong token`):
//   #/users    every account with its role, scope and state; 新建用户 with
//              role, scope (town, then community, from the division list),
//              initial password and, for employers and landlords, the
//              organization or person the account acts for; 解锁, 重置密码,
//              停用 (confirmed first: it cannot be undone here);
//   #/tokens   every API token (never its text); 新建令牌 shows the token
//              once; 吊销 (confirmed first).

import { h, replace, select, notice } from '../dom.js';
import { get, post } from '../api.js';
import { field, clearErrors, clearFieldError, formValues, showApiError, showProblems, busy, textInput } from '../form.js';
import * as session from '../session.js';
import { navigate, setFlash } from '../nav.js';
import { openDialog, confirmStep, finished } from '../dialog.js';
import { ROLE, dateTime } from '../labels.js';

// The levels of scope each role may have (src/security/authz.c).
const ROLE_LEVELS = {
  admin: ['city'], city_officer: ['city'], town_officer: ['town'], community_officer: ['village'],
  police_liaison: ['town', 'village'], department: ['city', 'town'], warden: ['village'], liaison: ['village'],
  employer: ['city', 'town', 'village'], landlord: ['city', 'town', 'village'],
};
const LEVEL_LABEL = { city: '全市', town: '镇（街道）', village: '社区（村）' };
const BOUND_ROLES = new Set(['employer', 'landlord']);
const USERNAME = /^[a-z0-9_.-]{3,32}$/;

export const FIELD_LABEL = {
  username: '用户名', role: '角色', scope: '管辖范围', password: '初始密码', password_again: '再输入一次',
  organization_id: '所代表的单位编号', person_id: '所代表的人员档案编号', name: '令牌名称',
};

export async function render(view, ctx) {
  if (ctx.mode === 'tokens') return renderTokens(view, ctx);
  return renderUsers(view, ctx);
}

function tabs(active) {
  return h('nav.state-tabs.account-tabs', { 'aria-label': '用户与令牌' }, h('ul',
    h('li', h('a', { href: '#/users', 'aria-current': active === 'users' ? 'page' : null }, '用户')),
    h('li', h('a', { href: '#/tokens', 'aria-current': active === 'tokens' ? 'page' : null }, '接口令牌'))));
}

function stateBadge(u) {
  if (u.disabled) return h('span.badge.user-disabled', '已停用');
  if (u.locked) return h('span.badge.user-locked', '已锁定');
  return h('span.badge.user-active', '正常');
}

const levelOf = (code) => ({ 4: 'city', 9: 'town', 12: 'village' }[code.length] || '');

// --- users --------------------------------------------------------------------------

async function renderUsers(view, ctx) {
  ctx.setTitle('用户管理');
  const list = (await get('/users')).body.items;
  const me = session.user().username;
  replace(view,
    h('div.page-head', h('h1', '用户管理'), h('button.primary#new-user', { type: 'button', onclick: () => userDialog() }, '新建用户')),
    tabs('users'),
    h('p.muted', '停用的账号不能再登录，其登录和接口令牌立即失效；连续 10 次登录失败会锁定账号，可在此解锁或重置密码。'),
    h('table.grid.users-table',
      h('thead', h('tr', ['用户名', '角色', '管辖范围', '所代表', '状态', '连续失败', '创建时间', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', list.map((u) => h('tr', { dataset: { user: u.username } },
        h('td.mono', u.username),
        h('td', u.role_label),
        h('td', { title: u.scope.code }, u.scope.name || u.scope.code),
        h('td', u.organization_id ? `单位 ${u.organization_id}` : u.person_id ? `档案 ${u.person_id}` : h('span.empty', '—')),
        h('td', stateBadge(u)),
        h('td.num', String(u.failed_logins)),
        h('td.nowrap', dateTime(u.created_at)),
        h('td.actions-cell', u.disabled ? null : [
          u.locked ? h('button.small-button', { type: 'button', onclick: () => unlock(u) }, '解锁') : null,
          h('button.small-button', { type: 'button', onclick: () => passwordDialog(u) }, '重置密码'),
          u.username === me ? null : h('button.small-button.danger', { type: 'button', onclick: () => disableDialog(u) }, '停用'),
        ]))))));
}

/** The two-step scope picker: a town of the city (or the whole city), then a community (or the whole town). */
function scopePicker() {
  const city = session.user().scope;
  const town = select({ name: 'scope_town', value: '' }, [], { empty: `${city.name}（全市）` });
  const village = select({ name: 'scope', value: '' }, [], { empty: '（整个镇/街道）' });
  village.disabled = true;
  async function load(within, level, into, emptyLabel) {
    const items = (await get('/divisions', { within, level })).body.items;
    replace(into, h('option', { value: '' }, emptyLabel), items.map((d) => h('option', { value: d.code }, `${d.name}（${d.code}）`)));
  }
  town.addEventListener('change', async () => {
    village.disabled = !town.value;
    replace(village, h('option', { value: '' }, '（整个镇/街道）'));
    if (town.value) await load(town.value, 'village', village, '（整个镇/街道）');
  });
  const ready = load(city.code, 'town', town, `${city.name}（全市）`);
  return { town, village, ready, value: () => village.value || town.value || city.code };
}

function userDialog() {
  const c = {
    username: textInput('username', { maxlength: 32, class: 'mono', autocapitalize: 'off', spellcheck: 'false' }),
    role: select({ name: 'role', value: '' }, Object.entries(ROLE), { empty: '请选择' }),
    password: h('input', { name: 'password', type: 'password', autocomplete: 'new-password', maxlength: 128 }),
    password_again: h('input', { name: 'password_again', type: 'password', autocomplete: 'new-password', maxlength: 128 }),
    organization_id: textInput('organization_id', { inputmode: 'numeric', maxlength: 12, class: 'mono' }),
    person_id: textInput('person_id', { inputmode: 'numeric', maxlength: 12, class: 'mono' }),
  };
  const scope = scopePicker();
  const levelHint = h('p.field-hint#scope-level-hint');
  const binding = h('fieldset.user-binding', { hidden: true },
    h('legend', '所代表的单位或人员'),
    h('p.muted.small', '用工单位、出租户账号只能看到本单位的职工、本人或本单位的租户。二者填一项：单位编号见“单位”，个人出租户填其档案编号。'),
    h('div.form-grid', field(FIELD_LABEL.organization_id, c.organization_id), field(FIELD_LABEL.person_id, c.person_id)));
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '新建用户');
  let dialog;
  const form = h('form.dialog-form.user-form', { novalidate: true },
    h('div.form-grid',
      field(FIELD_LABEL.username, c.username, { required: true, hint: '3–32 个小写字母、数字或 _ . -，如 zhangwei' }),
      field(FIELD_LABEL.role, c.role, { required: true })),
    h('div.form-grid',
      field('镇（街道）', scope.town),
      field(FIELD_LABEL.scope, scope.village, { extra: levelHint })),
    binding,
    h('div.form-grid',
      field(FIELD_LABEL.password, c.password, { required: true, hint: '12–128 个字符，不能是常见密码；请当面或电话告知本人，首次登录后由本人修改' }),
      field(FIELD_LABEL.password_again, c.password_again, { required: true })),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  const showLevels = () => {
    const levels = ROLE_LEVELS[c.role.value];
    replace(levelHint, levels ? `该角色的管辖范围应为：${levels.map((l) => LEVEL_LABEL[l]).join('或')}` : '先选择角色');
    binding.hidden = !BOUND_ROLES.has(c.role.value);
  };
  c.role.addEventListener('change', showLevels);
  showLevels();
  form.addEventListener('input', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('change', (e) => { clearFieldError(form, e.target.name === 'scope_town' ? 'scope' : e.target.name); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const v = formValues(form);
    const code = scope.value();
    const problems = [];
    if (!USERNAME.test(v.username)) problems.push(['username', '用户名应为 3–32 个小写字母、数字或 _ . -']);
    if (!v.role) problems.push(['role', '请选择角色']);
    else if (!ROLE_LEVELS[v.role].includes(levelOf(code))) problems.push(['scope', `该角色的管辖范围应为${ROLE_LEVELS[v.role].map((l) => LEVEL_LABEL[l]).join('或')}`]);
    if ([...c.password.value].length < 12) problems.push(['password', '密码至少 12 个字符']);
    else if (c.password.value !== c.password_again.value) problems.push(['password_again', '两次输入的密码不一致']);
    const bound = BOUND_ROLES.has(v.role);
    for (const name of ['organization_id', 'person_id'])
      if (bound && v[name] && !/^[1-9]\d{0,11}$/.test(v[name])) problems.push([name, '应为正整数编号']);
    if (bound && v.organization_id && v.person_id) problems.push(['person_id', '只能填单位编号或人员档案编号之一']);
    if (!showProblems(form, box, problems)) return;
    const body = { username: v.username, role: v.role, scope: code, password: c.password.value };
    if (bound && v.organization_id) body.organization_id = Number(v.organization_id);
    if (bound && v.person_id) body.person_id = Number(v.person_id);
    await busy(submit, '正在新建…', async () => {
      try {
        const u = (await post('/users', body)).body;
        finished(dialog, '#/users', `已新建用户 ${u.username}（${u.role_label}，${u.scope.name}）。`);
      } catch (err) {
        if (err.status === 401) return;
        showApiError(form, box, err, { scope: scope.town });
      }
    });
  });
  dialog = openDialog('新建用户', form);
  scope.ready.catch((err) => { if (err.status !== 401) replace(box, notice('error', err.message)); });
}

async function unlock(u) {
  try {
    await post(`/users/${u.id}/unlocking`, {});
    setFlash('success', `已解除用户 ${u.username} 的锁定。`);
  } catch (err) {
    if (err.status === 401) return;
    setFlash('error', err.message);
  }
  navigate('#/users');
}

function passwordDialog(u) {
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', maxlength: 128 });
  const again = h('input', { name: 'password_again', type: 'password', autocomplete: 'new-password', maxlength: 128 });
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '设置新密码');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    notice('info', `为 ${u.username} 设置新密码，同时解除锁定，并结束其全部登录。`),
    field('新密码', password, { required: true, hint: '12–128 个字符，不能是常见密码' }),
    field(FIELD_LABEL.password_again, again, { required: true }),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  form.addEventListener('input', (e) => clearFieldError(form, e.target.name));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const problems = [...password.value].length < 12 ? [['password', '密码至少 12 个字符']]
      : password.value !== again.value ? [['password_again', '两次输入的密码不一致']] : [];
    if (!showProblems(form, box, problems)) return;
    await busy(submit, '正在设置…', async () => {
      try {
        await post(`/users/${u.id}/password`, { password: password.value });
        finished(dialog, '#/users', `已为 ${u.username} 设置新密码，其登录已全部结束。`);
      } catch (err) {
        if (err.status !== 401) showApiError(form, box, err);
      }
    });
  });
  dialog = openDialog(`重置密码：${u.username}`, form);
}

function disableDialog(u) {
  const place = h('div.confirm-place');
  const dialog = openDialog(`停用用户：${u.username}`, place);
  confirmStep(place, {
    title: `确认停用用户 ${u.username}（${u.role_label}，${u.scope.name}）？`,
    lines: ['停用后该用户不能再登录，已有的登录和接口令牌立即失效。', '停用不能在本系统中撤销；需要时请新建账号。'],
    confirmLabel: '确认停用',
    onBack: () => dialog.close(),
    onConfirm: async () => {
      try {
        await post(`/users/${u.id}/disabling`, {});
        finished(dialog, '#/users', `已停用用户 ${u.username}。`);
      } catch (err) {
        if (err.status !== 401) replace(place, notice('error', err.message));
      }
    },
  });
}

// --- tokens -------------------------------------------------------------------------

async function renderTokens(view, ctx) {
  ctx.setTitle('接口令牌');
  const [tokens, users] = await Promise.all([get('/tokens'), get('/users')]);
  const items = tokens.body.items;
  const active = users.body.items.filter((u) => !u.disabled);
  replace(view,
    h('div.page-head', h('h1', '接口令牌'), h('button.primary#new-token', { type: 'button', onclick: () => tokenDialog(active) }, '新建令牌')),
    tabs('tokens'),
    h('p.muted', '令牌供程序以 Authorization: Bearer 调用接口，权限与所属用户相同。令牌只在新建时显示一次，系统只保存其摘要；不用或泄露时请立即吊销。'),
    items.length ? h('table.grid.tokens-table',
      h('thead', h('tr', ['编号', '所属用户', '名称', '创建时间', '状态', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', items.map((t) => h('tr', { dataset: { token: String(t.id) } },
        h('td.num', String(t.id)),
        h('td.mono', t.user.username),
        h('td', t.name || h('span.empty', '—')),
        h('td.nowrap', dateTime(t.created_at)),
        h('td', t.revoked_at ? h('span.badge.token-revoked', `已吊销 ${dateTime(t.revoked_at)}`) : h('span.badge.token-active', '有效')),
        h('td.actions-cell', t.revoked_at ? null : h('button.small-button.danger', { type: 'button', onclick: () => revokeDialog(t) }, '吊销'))))))
      : notice('info', '还没有接口令牌。'));
}

function tokenDialog(users) {
  const user = select({ name: 'username', value: '' }, users.map((u) => [u.username, `${u.username}（${u.role_label}，${u.scope.name}）`]), { empty: '请选择' });
  const name = textInput('name', { maxlength: 64 });
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '新建令牌');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    field('所属用户', user, { required: true, hint: '令牌的权限和管辖范围与该用户相同' }),
    field(FIELD_LABEL.name, name, { hint: '便于辨认，如“社区采集终端”；至多 64 个字符' }),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  form.addEventListener('change', () => clearFieldError(form, 'username'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const v = formValues(form);
    if (!showProblems(form, box, v.username ? [] : [['username', '请选择所属用户']])) return;
    await busy(submit, '正在新建…', async () => {
      try {
        const t = (await post('/tokens', { username: v.username, name: v.name })).body;
        showSecret(t);
      } catch (err) {
        if (err.status !== 401) showApiError(form, box, err);
      }
    });
  });

  /** The one time the token is shown: select-all text and a copy button. */
  function showSecret(t) {
    const secret = h('input.mono.token-secret#token-secret', { readonly: true, value: t.token, 'aria-label': '令牌', onfocus: (e) => e.target.select() });
    const copied = h('span.muted.small', { 'aria-live': 'polite' });
    const copy = h('button', { type: 'button', onclick: async () => {
      secret.select();
      try {
        await navigator.clipboard.writeText(t.token);
        copied.textContent = '已复制';
      } catch {
        copied.textContent = '请按 Ctrl+C 复制';
      }
    } }, '复制');
    // However the dialog closes, the list shows the new token (never its text).
    dialog.addEventListener('close', () => { if (location.hash === '#/tokens') navigate('#/tokens'); });
    const done = h('button.primary#token-saved', { type: 'button', onclick: () => {
      setFlash('success', `已为 ${t.username} 新建令牌（编号 ${t.id}）。`);
      dialog.close();
    } }, '我已保存，关闭');
    replace(form,
      notice('warning', '令牌只显示这一次，关闭后无法再查看。请立即复制并妥善保存；丢失后只能新建。'),
      h('div.token-secret-row', secret, copy, copied),
      h('div.actions.form-actions', done));
    secret.focus();
  }
  dialog = openDialog('新建接口令牌', form);
}

function revokeDialog(t) {
  const place = h('div.confirm-place');
  const dialog = openDialog(`吊销令牌 ${t.id}`, place);
  confirmStep(place, {
    title: `确认吊销 ${t.user.username} 的令牌“${t.name || t.id}”？`,
    lines: ['吊销后使用该令牌的程序立即不能再调用接口，且不能恢复。'],
    confirmLabel: '确认吊销',
    onBack: () => dialog.close(),
    onConfirm: async () => {
      try {
        await post(`/tokens/${t.id}/revocation`, {});
        finished(dialog, '#/tokens', `已吊销令牌 ${t.id}。`);
      } catch (err) {
        if (err.status !== 401) replace(place, notice('error', err.message));
      }
    },
  });
}

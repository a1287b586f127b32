// pages/organization-form.js — #/organizations/new (登记单位) and
// #/organizations/5/edit.  The credit code is checked as it is typed (GB
// 32100: characters and check character, organizations.js); the server's
// refusal (error.reason) is shown at the field too.  An edit sends only the
// changed fields with If-Match; on 409 version_conflict the record is read
// again, the fields the user left alone are brought up to date, the ones
// the user changed are kept, and what changed meanwhile is listed.

import { h, replace, select, notice } from '../dom.js';
import { get, post, patch } from '../api.js';
import { mergeConflict } from '../conflict.js';
import { field, showError, showFieldError, clearErrors, clearFieldError, formValues } from '../form.js';
import * as session from '../session.js';
import { navigate, setFlash } from '../nav.js';
import {
  ORG_KIND, ORG_DEPARTMENT, ORG_FIELDS, ORG_FIELD_LABEL, CODE_REQUIRED, CREDIT_REASONS, checkCreditCode,
  orgKindLabel, orgDepartmentLabel,
} from '../organizations.js';

const EDITABLE = ORG_FIELDS.map(([name]) => name);

function recordValue(o, name) {
  const v = o[name];
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? v.code : String(v);
}

export async function render(view, ctx) {
  const editing = ctx.mode === 'edit';
  const id = editing ? ctx.params[0] : null;
  ctx.setTitle(editing ? `修改单位 ${id}` : '登记单位');
  let base = null;
  let version = null;
  if (editing) {
    replace(view, h('p.muted', '正在读取单位…'));
    try {
      const r = await get(`/organizations/${id}`);
      base = r.body;
      version = r.etag || String(base.version);
    } catch (e) {
      if (e.status !== 404) throw e;
      replace(view, h('h1', '单位不存在'), notice('warning', e.message, '（或不在您的管辖范围内）。'));
      return;
    }
  }
  const scope = session.user().scope;
  const initial = (name) => (base ? recordValue(base, name) : '');
  const text = (name, props = {}) => h('input', { name, value: initial(name), autocomplete: 'off', ...props });
  const c = {
    kind: select({ name: 'kind', value: initial('kind') }, ORG_KIND, { empty: '请选择' }),
    department: select({ name: 'department', value: initial('department') }, ORG_DEPARTMENT, { empty: '请选择' }),
    name: text('name', { maxlength: 60 }),
    credit_code: text('credit_code', { maxlength: 18, spellcheck: 'false', class: 'mono' }),
    division: text('division', { maxlength: 12, inputmode: 'numeric', class: 'mono' }),
    address: text('address', { maxlength: 80 }),
    responsible_person: text('responsible_person', { maxlength: 40 }),
    contact_phone: text('contact_phone', { maxlength: 20, type: 'tel', class: 'mono' }),
  };
  if (!editing && scope.code.length >= 9) c.division.value = scope.code;

  const codeStatus = h('p.id-status#credit-status', { 'aria-live': 'polite' });
  const departmentRow = field(ORG_FIELD_LABEL.department, c.department, { required: true });
  const codeRow = field(ORG_FIELD_LABEL.credit_code, c.credit_code, { span: 2, extra: codeStatus, hint: '18位：数字和大写字母（不用 I、O、Z、S、V），最后一位为校验位' });

  function showKind() {
    departmentRow.hidden = c.kind.value !== 'department';
    codeRow.querySelector('.required')?.remove();
    if (CODE_REQUIRED.has(c.kind.value)) codeRow.querySelector('label').append(h('span.required', { 'aria-hidden': 'true' }, ' *'));
  }

  function showCodeCheck(finished = false) {
    const value = c.credit_code.value.trim();
    const check = checkCreditCode(value, finished);
    clearFieldError(form, 'credit_code');
    codeStatus.classList.remove('ok', 'bad');
    if (!value) replace(codeStatus, CODE_REQUIRED.has(c.kind.value) ? '此类单位须填写统一社会信用代码。' : '');
    else if (check === null) replace(codeStatus, `已输入 ${value.length}/18 位`);
    else if (!check.ok) {
      codeStatus.classList.add('bad');
      replace(codeStatus, check.message);
      if (finished || check.reason !== 'bad_length') showFieldError(form, 'credit_code', check.message);
    } else {
      codeStatus.classList.add('ok');
      replace(codeStatus, '代码格式和校验位正确');
    }
  }

  c.kind.addEventListener('change', () => { showKind(); clearFieldError(form, 'kind'); });
  c.credit_code.addEventListener('input', () => showCodeCheck());
  c.credit_code.addEventListener('blur', () => showCodeCheck(true));
  for (const name of EDITABLE) if (name !== 'credit_code') c[name].addEventListener('input', () => clearFieldError(form, name));

  const subtitle = h('span.subtitle');
  const showVersion = () => editing && replace(subtitle, `单位编号 ${id}，第 ${base.version} 版`);
  showVersion();
  const box = h('div.form-message');
  const conflictBox = h('div.conflict-box');
  const submit = h('button.primary', { type: 'submit' }, editing ? '保存修改' : '登记');
  const form = h('form.organization-form', { novalidate: true },
    h('div.form-grid',
      field(ORG_FIELD_LABEL.kind, c.kind, { required: true }),
      departmentRow,
      field(ORG_FIELD_LABEL.name, c.name, { required: true, span: 2, hint: '2–60 字' }),
      codeRow,
      field(ORG_FIELD_LABEL.division, c.division, { required: true, hint: '本市、镇/街道9位或社区12位代码' }),
      field(ORG_FIELD_LABEL.address, c.address, { span: 2 }),
      field(ORG_FIELD_LABEL.responsible_person, c.responsible_person),
      field(ORG_FIELD_LABEL.contact_phone, c.contact_phone)),
    box,
    h('div.actions.form-actions', submit,
      h('a.button', { href: editing ? `#/organizations/${id}` : '#/organizations' }, '取消'),
      h('span.muted.small', `带 * 的为必填项。所在地须在您的管辖范围（${scope.name}）内。`)));

  function checkLocally(values) {
    clearErrors(form);
    replace(box);
    const problems = [];
    if (!values.kind) problems.push(['kind', '请选择单位类别']);
    if (values.kind === 'department' && !values.department) problems.push(['department', '请选择部门']);
    if (!values.name) problems.push(['name', '请填写单位名称']);
    else if ([...values.name].length < 2) problems.push(['name', '单位名称应为 2–60 字']);
    if (values.credit_code) {
      const check = checkCreditCode(values.credit_code, true);
      if (!check.ok) problems.push(['credit_code', check.message]);
    } else if (CODE_REQUIRED.has(values.kind)) problems.push(['credit_code', `${orgKindLabel(values.kind)}须填写统一社会信用代码`]);
    if (!values.division) problems.push(['division', '请填写所在地区划代码']);
    for (const [name, message] of problems) showFieldError(form, name, message);
    if (problems.length) {
      replace(box, notice('error', `有 ${problems.length} 项需要修改，请查看标红的栏目。`));
      c[problems[0][0]].focus();
      return false;
    }
    return true;
  }

  /** The server's error: a refused credit code at the field with the reason's words. */
  function serverError(e) {
    if (e.code === 'invalid_credit_code') {
      e.field = 'credit_code';
      if (CREDIT_REASONS[e.reason] && !e.message) e.message = CREDIT_REASONS[e.reason];
    }
    if (e.code === 'duplicate_organization' && e.existingId) {
      showFieldError(form, 'credit_code', e.message);
      replace(box, notice('error', e.message, ' ',
        h('a', { href: `#/organizations/${e.existingId}` }, `查看已登记的单位 ${e.existingId}`)));
      c.credit_code.focus();
      return;
    }
    showError(form, box, e);
  }

  async function create(values) {
    const body = Object.fromEntries(EDITABLE.filter((k) => values[k]).map((k) => [k, values[k]]));
    if (body.kind !== 'department') delete body.department;
    if (body.credit_code) body.credit_code = body.credit_code.toUpperCase();
    try {
      const r = await post('/organizations', body);
      setFlash('success', `单位已登记，单位编号 ${r.body.id}。`);
      navigate(`#/organizations/${r.body.id}`);
    } catch (e) {
      if (e.status !== 401) serverError(e);
    }
  }

  async function update(values) {
    const body = {};
    if (values.kind !== 'department') values.department = '';
    if (values.credit_code) values.credit_code = values.credit_code.toUpperCase();
    for (const name of EDITABLE) if (values[name] !== recordValue(base, name)) body[name] = values[name];
    if (body.department === '' && values.kind !== 'department') delete body.department;
    if (!Object.keys(body).length) {
      replace(box, notice('info', '没有修改任何内容。'));
      return;
    }
    try {
      const r = await patch(`/organizations/${id}`, body, { 'If-Match': `"${version}"` });
      setFlash('success', `修改已保存，单位现为第 ${r.body.version} 版。`);
      navigate(`#/organizations/${id}`);
    } catch (e) {
      if (e.code === 'version_conflict') await reconcile();
      else if (e.status !== 401) serverError(e);
    }
  }

  async function reconcile() {
    const [current, history] = await Promise.all([get(`/organizations/${id}`), get(`/organizations/${id}/history`)]);
    const now = current.body;
    const typed = formValues(form);
    const oldVersion = Number(version);
    const section = mergeConflict({
      fields: EDITABLE, controls: c, read: recordValue, label: (name) => ORG_FIELD_LABEL[name], show: (name, value) => shown(name, value),
      base, now, typed, history: history.body.items, oldVersion, what: '单位',
    });
    base = now;
    version = current.etag || String(now.version);
    showVersion();
    showKind();
    replace(conflictBox, section);
    replace(box);
    conflictBox.firstChild.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = formValues(form);
    if (!checkLocally(values)) return;
    submit.disabled = true;
    try {
      await (editing ? update(values) : create(values));
    } finally {
      submit.disabled = false;
    }
  });

  replace(view,
    h('div.page-head', h('h1', editing ? `修改单位：${base.name}` : '登记单位', subtitle)),
    conflictBox,
    h('section.panel', form));
  showKind();
  if (editing) showCodeCheck(true);
  (editing ? c.name : c.kind).focus();
}

function shown(name, value) {
  if (!value) return h('span.empty', '空');
  if (name === 'kind') return orgKindLabel(value);
  if (name === 'department') return orgDepartmentLabel(value);
  return value;
}

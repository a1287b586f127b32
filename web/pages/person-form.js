// pages/person-form.js — #/persons/new (register) and #/persons/12/edit.
//
// The ID number is checked as it is typed (GB 11643, idcard.js): birth date
// and sex appear as soon as the number is complete, or the reason it is
// wrong.  The server checks everything again; its errors are shown next to
// the field they name.  An edit sends only the changed fields with
// If-Match; when someone else saved meanwhile (409 version_conflict) the
// page reloads the record, shows what changed field by field, keeps what the
// user typed, and the user saves again on the new version.

import { h, replace, select, notice } from '../dom.js';
import { get, post, patch } from '../api.js';
import { mergeConflict } from '../conflict.js';
import { field, showError, showFieldError, clearErrors, clearFieldError, formValues, isDateOrEmpty } from '../form.js';
import * as session from '../session.js';
import { navigate, setFlash } from '../nav.js';
import { checkPartialIdNumber, checkIdNumber } from '../idcard.js';
import { FIELD_LABEL, FLOW, MANAGEMENT, ETHNICITY, MARITAL_STATUS, SEX, valueLabel, todayText } from '../labels.js';

const EDITABLE = ['id_number', 'name', 'ethnicity', 'flow', 'hukou_division', 'hukou_address', 'residence_division',
  'residence_address', 'arrival_date', 'management', 'marital_status', 'marriage_date', 'phone'];
const REQUIRED = ['id_number', 'name', 'flow', 'hukou_division', 'residence_division'];
const DATES = ['arrival_date', 'marriage_date'];
const DIVISIONS = ['hukou_division', 'residence_division'];

/** A field of a record as the text the form holds ('' when empty, codes for divisions). */
function recordValue(p, name) {
  const v = p[name];
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? v.code : String(v);
}

export async function render(view, ctx) {
  const editing = ctx.mode === 'edit';
  const id = editing ? ctx.params[0] : null;
  ctx.setTitle(editing ? `修改档案 ${id}` : '登记档案');
  let base = null;     // the record as last read (edit)
  let version = null;  // its version, sent as If-Match
  if (editing) {
    replace(view, h('p.muted', '正在读取档案…'));
    try {
      const r = await get(`/persons/${id}`);
      base = r.body;
      version = r.etag || String(base.version);
    } catch (e) {
      if (e.status !== 404) throw e;
      replace(view, h('h1', '档案不存在'), notice('warning', e.message, '（或不在您的管辖范围内）。'));
      return;
    }
  }

  const scope = session.user().scope;
  const initial = (name) => (base ? recordValue(base, name) : '');
  const text = (name, props = {}) => h('input', { name, value: initial(name), autocomplete: 'off', ...props });
  const c = {
    id_number: text('id_number', { maxlength: 18, spellcheck: 'false', class: 'mono', inputmode: 'text' }),
    name: text('name', { maxlength: 40 }),
    ethnicity: select({ name: 'ethnicity', value: initial('ethnicity') }, ETHNICITY, { empty: '（未填写）' }),
    flow: select({ name: 'flow', value: initial('flow') }, FLOW, { empty: '请选择' }),
    hukou_division: text('hukou_division', { maxlength: 12, inputmode: 'numeric', class: 'mono' }),
    hukou_address: text('hukou_address', { maxlength: 80 }),
    residence_division: text('residence_division', { maxlength: 12, inputmode: 'numeric', class: 'mono' }),
    residence_address: text('residence_address', { maxlength: 80 }),
    arrival_date: text('arrival_date', { maxlength: 10, placeholder: todayText(), inputmode: 'numeric' }),
    management: select({ name: 'management', value: initial('management') || 'floating', disabled: editing, title: editing ? '管理方式请通过“转换”办理' : '' }, MANAGEMENT),
    marital_status: select({ name: 'marital_status', value: initial('marital_status') }, MARITAL_STATUS, { empty: '（未填写）' }),
    marriage_date: text('marriage_date', { maxlength: 10, placeholder: todayText(), inputmode: 'numeric' }),
    phone: text('phone', { maxlength: 20, type: 'tel', inputmode: 'tel', class: 'mono' }),
  };
  if (!editing && scope.code.length === 12) c.residence_division.value = scope.code;

  // Derived from the ID number: shown, never sent.
  const idStatus = h('p.id-status#id-status', { 'aria-live': 'polite' });
  const sexOut = h('output.derived#derived-sex', { for: 'f-id_number' });
  const birthOut = h('output.derived#derived-birth', { for: 'f-id_number' });
  const hukouNote = h('p.field-note');
  const divisionName = {
    hukou_division: h('p.division-name#hukou-name'),
    residence_division: h('p.division-name#residence-name'),
  };

  /** Shows what the number says; `finished` when typing is over (an old 15-digit number is then complete). */
  function showIdCheck(finished = false) {
    const value = c.id_number.value.trim();
    const check = finished && value.length === 15 ? checkIdNumber(value) : checkPartialIdNumber(value);
    clearFieldError(form, 'id_number');
    idStatus.classList.remove('ok', 'bad');
    if (!value) {
      replace(idStatus, '请输入18位公民身份号码。');
    } else if (check === null) {
      replace(idStatus, `已输入 ${value.length}/18 位`);
    } else if (!check.ok) {
      idStatus.classList.add('bad');
      replace(idStatus, check.message);
    } else {
      idStatus.classList.add('ok');
      replace(idStatus, '号码有效', check.upgraded ? `（旧号码，将升级为 ${check.number}）` : '',
        `：出生日期 ${check.birthDate}，性别 ${SEX[check.sex]}`);
    }
    const valid = check && check.ok;
    replace(sexOut, valid ? SEX[check.sex] : '—');
    replace(birthOut, valid ? check.birthDate : '—');
    if (valid && !editing && !c.hukou_division.value.trim()) {
      c.hukou_division.value = check.region;
      replace(hukouNote, '已按身份号码前6位填入，请核对。');
      showDivisionName('hukou_division');
    }
  }

  function showDivisionName(name) {
    const value = c[name].value.trim();
    const known = [base && base[name], name === 'residence_division' ? scope : null]
      .find((d) => d && d.code === value);
    replace(divisionName[name], known ? known.name : '');
  }

  c.id_number.addEventListener('input', () => showIdCheck());
  c.id_number.addEventListener('blur', () => {
    // Too short, or an old 15-digit number: judged once the typing is over.
    const value = c.id_number.value.trim();
    if (value.length === 15) showIdCheck(true);
    else if (value && value.length < 18) showFieldError(form, 'id_number', checkIdNumber(value).message);
  });
  for (const name of DIVISIONS) c[name].addEventListener('input', () => showDivisionName(name));
  for (const name of EDITABLE) {
    if (name !== 'id_number') c[name].addEventListener('input', () => clearFieldError(form, name));
  }

  const subtitle = h('span.subtitle');
  const showVersion = () => editing && replace(subtitle, `档案编号 ${id}，第 ${base.version} 版`);
  showVersion();
  const box = h('div.form-message');
  const conflictBox = h('div.conflict-box');
  const submit = h('button.primary', { type: 'submit' }, editing ? '保存修改' : '登记');
  const form = h('form.person-form', { novalidate: true },
    h('fieldset',
      h('legend', '基本情况'),
      h('div.form-grid',
        field(FIELD_LABEL.id_number, c.id_number, { required: true, span: 2, extra: idStatus }),
        field(FIELD_LABEL.name, c.name, { required: true }),
        field(FIELD_LABEL.ethnicity, c.ethnicity),
        h('div.field.derived-field', h('span.label', '性别'), sexOut, h('p.field-hint', '由身份号码得出')),
        h('div.field.derived-field', h('span.label', '出生日期'), birthOut, h('p.field-hint', '由身份号码得出')),
        field(FIELD_LABEL.marital_status, c.marital_status),
        field(FIELD_LABEL.marriage_date, c.marriage_date, { hint: '格式 YYYY-MM-DD' }))),
    h('fieldset',
      h('legend', '流动、户籍与居住'),
      h('div.form-grid',
        field(FIELD_LABEL.flow, c.flow, { required: true, hint: '流入：户籍在本市以外；流出：户籍在本市' }),
        field(FIELD_LABEL.arrival_date, c.arrival_date, { hint: '格式 YYYY-MM-DD' }),
        field(FIELD_LABEL.management, c.management),
        field(FIELD_LABEL.phone, c.phone),
        field(FIELD_LABEL.hukou_division, c.hukou_division, {
          required: true, hint: '县6位、乡镇9位或村12位区划代码', extra: [divisionName.hukou_division, hukouNote],
        }),
        field(FIELD_LABEL.hukou_address, c.hukou_address, { span: 3 }),
        field(FIELD_LABEL.residence_division, c.residence_division, {
          required: true, hint: '12位社区（村）代码', extra: divisionName.residence_division,
        }),
        field(FIELD_LABEL.residence_address, c.residence_address, { span: 3 }))),
    box,
    h('div.actions.form-actions', submit,
      h('a.button', { href: editing ? `#/persons/${id}` : '#/persons' }, '取消'),
      h('span.muted.small', `带 * 的为必填项。现居住社区须在您的管辖范围（${scope.name}）内。`)));

  /** Client-side checks before sending; true when the form may be sent. */
  function checkLocally(values) {
    clearErrors(form);
    replace(box);
    const problems = [];
    for (const name of REQUIRED) {
      if (!values[name]) problems.push([name, `请填写${FIELD_LABEL[name]}`]);
    }
    if (values.id_number) {
      const check = checkIdNumber(values.id_number);
      if (!check.ok) problems.push(['id_number', check.message]);
    }
    for (const name of DATES) {
      if (!isDateOrEmpty(values[name])) problems.push([name, `${FIELD_LABEL[name]}应为真实日期，格式如 2026-11-29`]);
    }
    for (const [name, message] of problems) showFieldError(form, name, message);
    if (problems.length) {
      replace(box, notice('error', `有 ${problems.length} 项需要修改，请查看标红的栏目。`));
      c[problems[0][0]].focus();
      return false;
    }
    return true;
  }

  async function create(values) {
    const body = Object.fromEntries(EDITABLE.filter((k) => values[k]).map((k) => [k, values[k]]));
    try {
      const r = await post('/persons', body);
      const p = r.body;
      if (p.similar_ids && p.similar_ids.length) {
        setFlash('warning', `档案已登记（档案编号 ${p.id}）。疑似重复：已有姓名、出生日期、户籍地相同的档案 `,
          p.similar_ids.map((sid, i) => [i ? '、' : '', h('a', { href: `#/persons/${sid}` }, `档案 ${sid}`)]),
          '，请核实是否为同一人。');
      } else {
        setFlash('success', `档案已登记，档案编号 ${p.id}。`);
      }
      navigate(`#/persons/${p.id}`);
    } catch (e) {
      if (e.code === 'duplicate_person' && e.existingId) {
        showFieldError(form, 'id_number', e.message);
        replace(box, notice('error', e.message, ' ', h('a', { href: `#/persons/${e.existingId}` }, `查看已有档案 ${e.existingId}`)));
        c.id_number.focus();
      } else if (e.status !== 401) {
        showError(form, box, e);
      }
    }
  }

  async function update(values) {
    const body = {};
    // Disabled controls (management: changed only by transitions) are not sent.
    for (const name of EDITABLE) if (name in values && values[name] !== recordValue(base, name)) body[name] = values[name];
    if (Object.keys(body).length === 0) {
      replace(box, notice('info', '没有修改任何内容。'));
      return;
    }
    try {
      const r = await patch(`/persons/${id}`, body, { 'If-Match': `"${version}"` });
      setFlash('success', `修改已保存，档案现为第 ${r.body.version} 版。`);
      navigate(`#/persons/${id}`);
    } catch (e) {
      if (e.code === 'version_conflict') await reconcile();
      else if (e.status !== 401) showError(form, box, e);
    }
  }

  /**
   * Someone saved a newer version: read it, bring the fields the user left
   * alone up to date, keep the ones the user changed, and list every field
   * that changed meanwhile (with who and when, from the history).
   */
  async function reconcile() {
    const [current, history] = await Promise.all([get(`/persons/${id}`), get(`/persons/${id}/history`)]);
    const now = current.body;
    const typed = formValues(form);
    for (const name of EDITABLE) if (c[name].disabled) typed[name] = c[name].value; // shown, never typed
    const oldVersion = Number(version);
    const section = mergeConflict({
      fields: EDITABLE, controls: c, read: recordValue, label: (name) => FIELD_LABEL[name], show: shown,
      base, now, typed, history: history.body.items, oldVersion, what: '档案',
    });
    base = now;
    version = current.etag || String(now.version);
    showVersion();
    for (const name of DIVISIONS) showDivisionName(name);
    showIdCheck();
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
    h('div.page-head',
      h('h1', editing ? `修改档案：${base.name}` : '登记流动人口档案', subtitle)),
    conflictBox,
    h('section.panel', form));
  showIdCheck();
  for (const name of DIVISIONS) showDivisionName(name);
  (editing ? c.name : c.id_number).focus();
}

/** A value in the conflict table: labels for codes, names for divisions known from a record. */
function shown(name, value, record) {
  if (!value) return h('span.empty', '空');
  if (DIVISIONS.includes(name) && record && record[name] && record[name].name) return `${record[name].name}（${value}）`;
  return valueLabel(name, value);
}

// check-id.js — the 按身份号码查验 part of 证明查验 (pages/check.js): does
// this person hold a valid marriage and childbearing certificate?  Answers
// 有效, 已过期, 无有效证明 or 无档案 (GET /certificate-checks?id_number=),
// with the masked name, the certificate and the responsible street/town
// office; when there is none or it has expired, 通报责任单位 sends that
// office a notice in one step (POST /certificate-checks/notices).

import { h, replace, notice } from './dom.js';
import { get, post } from './api.js';
import * as session from './session.js';
import { field, showError, showFieldError, clearErrors, clearFieldError, formValues } from './form.js';
import { checkIdNumber } from './idcard.js';
import { chineseDate } from './labels.js';

const KIND = { valid: 'valid', expired: 'expired', none: 'void', not_found: 'missing' };
const TEXT = {
  valid: '此人持有今天有效的婚育证明。',
  expired: '此人没有有效的婚育证明，最近的一份已过期。',
  none: '此人没有有效的婚育证明。',
  not_found: '没有此身份号码的档案：此人未在本市登记。',
};

/** The form and its result place; `onResult` is told of each answer. */
export function idCheckForm() {
  const idNumber = h('input.mono', { name: 'id_number', maxlength: 18, autocomplete: 'off', spellcheck: 'false' });
  const box = h('div.form-message');
  const result = h('section.results.check-results', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '查验');
  const form = h('form.search-form.check-id-form', { novalidate: true },
    h('div.search-grid.check-grid',
      field('公民身份号码', idNumber, { required: true, span: 2, hint: '查验此人是否持有有效的婚育证明' })),
    h('div.actions', submit, h('span.muted.small', '按身份号码查验全市登记的人员；只显示打码的姓名和证明概况，每次查验均记入审计。')),
    box);
  idNumber.addEventListener('input', () => clearFieldError(form, 'id_number'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const values = formValues(form);
    const checked = values.id_number ? checkIdNumber(values.id_number) : { ok: false, message: '请输入公民身份号码' };
    if (!checked.ok) {
      showFieldError(form, 'id_number', checked.message);
      idNumber.focus();
      return;
    }
    replace(result, h('p.muted', '正在查验…'));
    submit.disabled = true;
    try {
      const r = await get('/certificate-checks', { id_number: checked.number });
      replace(result, answer(r.body, checked.number));
    } catch (err) {
      replace(result);
      if (err.status !== 401) showError(form, box, err);
    } finally {
      submit.disabled = false;
    }
  });
  return { form, result, focus: () => idNumber.focus() };
}

function answer(r, idNumber) {
  const kind = KIND[r.result] || 'void';
  const cert = r.certificate;
  const notify = (r.result === 'none' || r.result === 'expired') && session.can('notice.send') && r.responsible_division
    ? notifyPart(idNumber, r.responsible_division) : null;
  return h('div.verdict', { class: `verdict-${kind}`, dataset: { verdict: kind, result: r.result } },
    h('p.verdict-title', r.result_label),
    h('p', TEXT[r.result] || ''),
    r.result === 'not_found' ? null : h('dl.facts.check-facts',
      h('dt', '姓名'), h('dd', h('span.masked-name', r.name_masked), h('span.muted.small', '（姓名已部分隐去）')),
      cert ? [
        h('dt', '证明编号'), h('dd.mono', cert.number),
        h('dt', '种类'), h('dd', cert.kind_label),
        h('dt', '签发机关'), h('dd', cert.issuer_name),
        h('dt', '有效期至'), h('dd', cert.valid_until ? chineseDate(cert.valid_until) : '长期有效'),
      ] : null,
      r.responsible_division ? [h('dt', '责任单位'), h('dd', r.responsible_division.name, ' ', h('span.code', r.responsible_division.code))] : null),
    notify);
}

/** 通报责任单位: an optional note, then the one-step notice. */
function notifyPart(idNumber, division) {
  const note = h('input', { name: 'note', maxlength: 200, autocomplete: 'off' });
  const box = h('div.form-message');
  const send = h('button.primary#notify-office', { type: 'submit' }, '通报责任单位');
  const form = h('form.notify-form', { novalidate: true },
    field('备注', note, { span: 2, hint: `可不填，最多 200 字；通报发往${division.name}` }),
    h('div.actions', send),
    box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(box);
    send.disabled = true;
    try {
      const r = await post('/certificate-checks/notices', { id_number: idNumber, note: note.value.trim() });
      replace(form, notice('success', `已向${division.name}发出通报（通报编号 ${r.body.notice_id}）。`));
    } catch (e) {
      send.disabled = false;
      if (e.status !== 401) showError(form, box, e);
    }
  });
  return h('div.notify-office', form);
}

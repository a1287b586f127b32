// pages/lookup.js — #/lookup: the remote query (异地查询).  One ID number,
// anywhere in the database, with a stated reason; the answer is the minimal
// summary the server gives (masked name, sex, flow, management, town), and
// the query with its reason is written to the audit trail.  向户籍地查询 asks
// the node of the person's hukou place over the information network instead
// (GET /exchange/persons); both places audit it.

import { h, replace, notice } from '../dom.js';
import { get } from '../api.js';
import { field, showError, showFieldError, clearErrors, formValues } from '../form.js';
import { checkIdNumber } from '../idcard.js';
import { SEX, valueLabel } from '../labels.js';

export async function render(view, ctx) {
  ctx.setTitle('异地查询');
  const number = h('input', { name: 'id_number', maxlength: 18, autocomplete: 'off', inputmode: 'text' });
  const reason = h('input', { name: 'reason', maxlength: 100, autocomplete: 'off' });
  const box = h('div.form-message');
  const result = h('section.results', { 'aria-live': 'polite' });
  const form = h('form.search-form', { novalidate: true },
    h('div.search-grid',
      field('公民身份号码', number, { hint: '18位（旧证15位）', required: true }),
      field('查询事由', reason, { hint: '2 到 100 个字，如：核实婚育证明。事由记入审计。', required: true, span: 2 })),
    h('div.actions',
      h('button.primary', { type: 'submit' }, '查询'),
      h('button.remote-lookup', { type: 'button', onclick: () => ask(true) }, '向户籍地查询'),
      h('span.muted.small', '可查询全市任何人员，只显示最少的信息；每次查询均记入审计。')),
    box);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ask(false);
  });
  /** The local query, or (`remote`) the one sent to the node of the hukou place. */
  async function ask(remote) {
    clearErrors(form);
    replace(box);
    replace(result);
    const values = formValues(form);
    const checked = checkIdNumber(values.id_number);
    if (!checked.ok) {
      showFieldError(form, 'id_number', checked.message);
      number.focus();
      return;
    }
    if ([...values.reason].length < 2) {
      showFieldError(form, 'reason', '请说明查询事由（2 到 100 个字）');
      reason.focus();
      return;
    }
    try {
      if (remote) {
        replace(result, h('p.muted', '正在向户籍地查询…'));
        const r = await get('/exchange/persons', { id_number: checked.number, reason: values.reason });
        replace(result, r.body.found ? summary(r.body, `户籍地节点 ${r.body.node} 的查询结果`)
          : notice('info', `户籍地节点 ${r.body.node} 没有这个公民身份号码的档案。`));
        return;
      }
      const r = await get('/persons/lookup', { id_number: checked.number, reason: values.reason });
      replace(result, summary(r.body));
    } catch (err) {
      if (err.status === 404) replace(result, notice('info', '没有这个公民身份号码的档案。'));
      else if (err.code === 'exchange_no_peer') replace(result, notice('warning', '本节点尚未配置负责该户籍地的其他节点，无法向户籍地查询。'));
      else {
        replace(result);
        if (err.status !== 401) showError(form, box, err);
      }
    }
  }
  replace(view, h('h1', '异地查询'), form, result);
  number.focus();
}

function summary(s, title = '查询结果') {
  return h('div.panel',
    h('h2', title),
    h('dl.facts',
      h('dt', '姓名'), h('dd', s.name_masked),
      h('dt', '性别'), h('dd', SEX[s.sex] || s.sex),
      h('dt', '流动类型'), h('dd', valueLabel('flow', s.flow)),
      h('dt', '管理状态'), h('dd', valueLabel('management', s.management)),
      h('dt', '所在街道'), h('dd', s.residence_town.name, ' ', h('span.code', s.residence_town.code))));
}

// pages/complaint-public.js — 维权投诉 for everyone, without login (policy §3):
//   #/complaint              the web complaint form (anonymous allowed); after
//                            sending, the tracking code and the due date;
//   #/complaint/status?code= what the public may see of a complaint by its
//                            tracking code: state, dates and the reply.

import { h, replace, notice } from '../dom.js';
import { get, post } from '../api.js';
import { field, clearErrors, clearFieldError, formValues, showApiError, showProblems, busy, textInput } from '../form.js';
import * as session from '../session.js';
import { navigate, hashQuery, hashWithQuery } from '../nav.js';
import { intakeControls, intakeFields, intakeProblems, intakeBody, stateBadge, TRACKING_CODE } from '../complaints.js';

export async function render(view, ctx) {
  view.classList.add('public-view');
  if (ctx.mode === 'status') return renderStatus(view, ctx);
  return renderForm(view, ctx);
}

function head(title) {
  return h('div.page-head', h('h1', title),
    h('div.actions',
      h('a.button', { href: '#/service-points' }, '服务网点查询'),
      session.user() ? null : h('a.button', { href: '#/login' }, '工作人员登录')));
}

async function renderForm(view, ctx) {
  ctx.setTitle('维权投诉');
  const c = intakeControls();
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '提交投诉');
  const form = h('form.panel.complaint-form', { novalidate: true },
    intakeFields(c, { who: '您的' }),
    box,
    h('div.actions.form-actions', submit));
  form.addEventListener('input', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('change', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const v = formValues(form);
    if (!showProblems(form, box, intakeProblems(v))) return;
    await busy(submit, '正在提交…', async () => {
      try {
        const r = (await post('/public/complaints', intakeBody(v))).body;
        showReceipt(r);
      } catch (err) {
        showApiError(form, box, err);
      }
    });
  });

  /** After sending: the code to keep, once, with a way to look it up. */
  function showReceipt(r) {
    const code = h('p.tracking-code.mono#tracking-code', { tabindex: '-1' }, r.code);
    replace(view, head('维权投诉'),
      h('section.panel.complaint-receipt', { 'aria-labelledby': 'receipt-title' },
        h('h2#receipt-title', '投诉已提交'),
        h('p', '您的查询码：'),
        code,
        h('p', `请记下查询码（共 12 位）。我们将在 ${r.due_on} 前答复；凭查询码可随时查看办理情况和答复。`),
        h('div.actions',
          h('a.button.primary#check-status', { href: hashWithQuery('#/complaint/status', { code: r.code }) }, '查看办理情况'),
          h('button', { type: 'button', onclick: () => navigate('#/complaint') }, '再提交一件'))));
    code.focus();
  }

  replace(view, head('维权投诉'),
    h('p.muted', '流动人口合法权益受到侵害、对服务或收费有意见，可在此投诉，由市人口计生委受理或交所在镇（街道）办理。可以匿名；留下姓名和电话便于回访。提交后请记下查询码。'),
    h('p', h('a#status-link', { href: '#/complaint/status' }, '已投诉过？凭查询码查看办理情况')),
    form);
  c.category.focus();
}

async function renderStatus(view, ctx) {
  ctx.setTitle('投诉办理情况');
  const given = (hashQuery().get('code') || '').trim().toUpperCase();
  const input = textInput('code', { value: given, maxlength: 12, class: 'mono', spellcheck: 'false', autocapitalize: 'characters' });
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const form = h('form.search-form', { role: 'search', novalidate: true },
    h('div.search-grid', field('查询码', input, { required: true, hint: '提交投诉时给出的 12 位查询码' })),
    h('div.actions', h('button.primary', { type: 'submit' }, '查询')),
    box);
  input.addEventListener('input', () => clearFieldError(form, 'code'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(hashWithQuery('#/complaint/status', { code: input.value.trim().toUpperCase() }));
  });
  const result = h('section.results', { 'aria-live': 'polite' });
  replace(view, head('投诉办理情况'),
    h('p', h('a', { href: '#/complaint' }, '我要投诉')),
    h('section.panel', form), result);
  if (!given) {
    input.focus();
    return;
  }
  if (!showProblems(form, box, TRACKING_CODE.test(given) ? [] : [['code', '查询码为 12 位数字和大写字母（不含 0、1、O、I），请核对']])) return;
  let r;
  try {
    r = (await get(`/public/complaints/${encodeURIComponent(given)}`)).body;
  } catch (err) {
    if (err.status === 404) replace(result, notice('warning', '没有这个查询码的投诉，请核对后再查。'));
    else replace(result, notice('error', err.message));
    return;
  }
  replace(result, h('section.panel.complaint-status',
    h('h2', '办理情况'),
    h('dl.facts',
      h('dt', '查询码'), h('dd.mono', r.code),
      h('dt', '状态'), h('dd', stateBadge(r)),
      h('dt', '受理日期'), h('dd', r.received_on),
      h('dt', '答复期限'), h('dd', r.due_on),
      h('dt', '答复'), h('dd.complaint-reply', r.reply || h('span.empty', '尚未答复')))));
}

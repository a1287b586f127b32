// pages/complaints.js — 投诉办理 for the offices (policy §3, complaint.handle):
//   #/complaints?state=&category=&channel=&overdue=  the office's complaints
//                           (the city: all), newest first;
//   #/complaints/new        登记投诉 taken by hotline, e-mail, letter or visit;
//                           the tracking code is shown to pass on;
//   #/complaints/12         one complaint: 交办 to a town (the city only),
//                           答复, 办结 with the outcome (confirmed first), and
//                           重新办理 with the reason.
// The complainant is shown only as the server returns it.

import { h, replace, select, notice } from '../dom.js';
import { get, post } from '../api.js';
import {
  field, showError, clearErrors, clearFieldError, formValues, showApiError, showProblems, busy, textArea,
} from '../form.js';
import * as session from '../session.js';
import { navigate, setFlash, hashQuery, hashWithQuery } from '../nav.js';
import { openDialog, confirmStep, finished } from '../dialog.js';
import { dateTime } from '../labels.js';
import { pager } from '../fieldwork.js';
import {
  COMPLAINT_CATEGORY, COMPLAINT_CHANNEL, INTAKE_CHANNEL, COMPLAINT_STATE, COMPLAINT_FIELD_LABEL as LABEL,
  stateBadge, overdueBadge, intakeControls, intakeFields, intakeProblems, intakeBody,
} from '../complaints.js';

export const complaintHash = (id) => `#/complaints/${id}`;

/** The city office (a 4-digit scope) assigns complaints to its towns. */
const isCity = () => session.user().scope.code.length <= 4;

export async function render(view, ctx) {
  if (ctx.mode === 'new') return renderNew(view, ctx);
  if (ctx.mode === 'complaint') return renderComplaint(view, ctx);
  return renderList(view, ctx);
}

// --- the list -------------------------------------------------------------------

const pick = (pairs, value) => (pairs.some(([c]) => c === value) ? value : '');

async function renderList(view, ctx) {
  ctx.setTitle('投诉办理');
  const q = hashQuery();
  const criteria = {
    state: pick(COMPLAINT_STATE, q.get('state')),
    category: pick(COMPLAINT_CATEGORY, q.get('category')),
    channel: pick(COMPLAINT_CHANNEL, q.get('channel')),
    overdue: q.get('overdue') === 'true' ? 'true' : '',
  };
  const c = {
    state: select({ name: 'state', value: criteria.state }, COMPLAINT_STATE, { empty: '全部' }),
    category: select({ name: 'category', value: criteria.category }, COMPLAINT_CATEGORY, { empty: '全部' }),
    channel: select({ name: 'channel', value: criteria.channel }, COMPLAINT_CHANNEL, { empty: '全部' }),
    overdue: select({ name: 'overdue', value: criteria.overdue }, [['true', '只看逾期未答复的']], { empty: '不限' }),
  };
  const box = h('div.form-message');
  const form = h('form.search-form', { role: 'search', novalidate: true },
    h('div.search-grid',
      field(LABEL.state, c.state), field(LABEL.category, c.category), field(LABEL.channel, c.channel), field('逾期', c.overdue)),
    h('div.actions',
      h('button.primary', { type: 'submit' }, '查询'),
      h('button', { type: 'button', onclick: () => navigate('#/complaints') }, '清空条件'),
      h('span.muted.small', isCity() ? '全市的投诉，新的在前。' : '交办给本单位和本单位登记的投诉，新的在前。')),
    box);
  for (const s of Object.values(c)) s.addEventListener('change', () => form.requestSubmit());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(hashWithQuery('#/complaints', formValues(form)));
  });
  const results = h('section.results', { 'aria-live': 'polite' });
  replace(view,
    h('div.page-head', h('h1', '投诉办理'), h('a.button.primary#new-complaint', { href: '#/complaints/new' }, '登记投诉')),
    h('section.panel', form), results);

  const cursors = [null];
  async function show(page) {
    replace(results, h('p.muted', '正在查询…'));
    let r;
    try {
      r = (await get('/complaints', { ...criteria, cursor: cursors[page] })).body;
    } catch (e) {
      replace(results);
      if (e.status !== 401) showError(form, box, e);
      return;
    }
    cursors[page + 1] = r.next_cursor;
    if (!r.items.length) {
      replace(results, notice('info', page ? '没有更多投诉了。' : '没有符合条件的投诉。'));
      return;
    }
    replace(results,
      h('div.results-head', h('h2', '投诉'), h('span.muted', `第 ${page + 1} 页，本页 ${r.items.length} 件`)),
      h('table.grid.complaints-table',
        h('thead', h('tr', ['查询码', '受理日期', '渠道', '类别', '投诉事由', '办理单位', '办理期限', '状态'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', r.items.map((x) => h('tr', { dataset: { complaint: String(x.id), state: x.state } },
          h('td.mono', h('a', { href: complaintHash(x.id) }, x.code)),
          h('td.nowrap', x.received_on),
          h('td.nowrap', x.channel_label),
          h('td', x.category_label),
          h('td', h('a', { href: complaintHash(x.id) }, x.subject)),
          h('td', { title: x.office.code }, x.office.name || x.office.code),
          h('td.nowrap', x.due_on),
          h('td', stateBadge(x), ' ', overdueBadge(x)))))),
      pager(page, r.next_cursor, show));
  }
  await show(0);
}

// --- 登记投诉 ---------------------------------------------------------------------

async function renderNew(view, ctx) {
  ctx.setTitle('登记投诉');
  const c = { channel: select({ name: 'channel', value: '' }, INTAKE_CHANNEL, { empty: '请选择' }), ...intakeControls() };
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '登记投诉');
  const form = h('form.panel.complaint-form', { novalidate: true },
    notice('info', '登记经维权热线、电子邮件、来信或来访收到的投诉。办理单位为本单位；登记后请把查询码告诉投诉人，凭码可在网上查看办理情况。'),
    h('div.form-grid', field(LABEL.channel, c.channel, { required: true })),
    intakeFields(c),
    box,
    h('div.actions.form-actions', submit, h('a.button', { href: '#/complaints' }, '取消')));
  form.addEventListener('input', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('change', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const v = formValues(form);
    const problems = v.channel ? [] : [['channel', '请选择受理渠道']];
    if (!showProblems(form, box, [...problems, ...intakeProblems(v)])) return;
    await busy(submit, '正在登记…', async () => {
      try {
        const x = (await post('/complaints', intakeBody(v, { channel: v.channel }))).body;
        setFlash('success', '已登记投诉，查询码 ', h('strong.mono.tracking-code', x.code), `，办理期限 ${x.due_on}。请告知投诉人凭查询码查看办理情况。`);
        navigate(complaintHash(x.id));
      } catch (err) {
        if (err.status !== 401) showApiError(form, box, err);
      }
    });
  });
  replace(view, h('h1', '登记投诉'), form);
  c.channel.focus();
}

// --- one complaint ------------------------------------------------------------------

const empty = (text) => h('span.empty', text);

async function renderComplaint(view, ctx) {
  const id = ctx.params[0];
  ctx.setTitle(`投诉 ${id}`);
  let x;
  try {
    x = (await get(`/complaints/${id}`)).body;
  } catch (e) {
    if (e.status !== 404) throw e;
    replace(view, h('h1', '投诉不存在'), notice('warning', e.message, '（或不由本单位办理）。'), h('p', h('a', { href: '#/complaints' }, '返回投诉办理')));
    return;
  }
  ctx.setTitle(`投诉 ${x.code}`);
  const open = x.state === 'received' || x.state === 'assigned';
  const buttons = [];
  if (open && isCity()) buttons.push(h('button#assign-complaint', { type: 'button', onclick: () => assignDialog(x) }, x.state === 'assigned' ? '改交' : '交办'));
  if (open) buttons.push(h('button.primary#reply-complaint', { type: 'button', onclick: () => textDialog(x, REPLY) }, '答复'));
  if (x.state === 'answered') buttons.push(h('button.primary#close-complaint', { type: 'button', onclick: () => textDialog(x, CLOSE) }, '办结'));
  if (x.state === 'answered' || x.state === 'closed') buttons.push(h('button#reopen-complaint', { type: 'button', onclick: () => textDialog(x, REOPEN) }, '重新办理'));
  const complainant = [];
  // The server leaves the complainant out for those who may not see it.
  if ('complainant_name' in x) complainant.push(h('dt', LABEL.complainant_name), h('dd.complainant-name', x.complainant_name || empty('未留姓名（匿名）')));
  if ('complainant_phone' in x) complainant.push(h('dt', LABEL.complainant_phone), h('dd.mono', x.complainant_phone || empty('未留')));
  replace(view,
    h('div.page-head',
      h('h1', `投诉 `, h('span.mono', x.code), `：${x.subject}`, ' ', stateBadge(x), ' ', overdueBadge(x)),
      h('a.button', { href: '#/complaints' }, '返回列表')),
    h('section.panel.complaint-facts',
      h('dl.facts',
        h('dt', LABEL.code), h('dd.mono.tracking-code', x.code),
        h('dt', LABEL.channel), h('dd', x.channel_label),
        h('dt', LABEL.category), h('dd', x.category_label),
        h('dt', '受理日期'), h('dd', x.received_on),
        h('dt', '办理期限'), h('dd', x.due_on, ' ', overdueBadge(x)),
        h('dt', LABEL.office), h('dd.complaint-office', x.office.name || x.office.code, ' ', h('span.code', x.office.code)),
        complainant,
        h('dt', LABEL.respondent), h('dd', x.respondent || empty('未填写')),
        h('dt', LABEL.subject), h('dd', x.subject),
        h('dt', LABEL.content), h('dd.complaint-content', x.content),
        h('dt', '状态'), h('dd', stateBadge(x)),
        x.reopened ? [h('dt', '重新办理'), h('dd.complaint-reopened', `${x.reopened} 次；最近一次理由：`, x.reopen_reason || '')] : null,
        h('dt', LABEL.reply), h('dd.complaint-reply', x.reply || empty('尚未答复')),
        h('dt', LABEL.outcome), h('dd.complaint-outcome', x.outcome || empty('尚未办结')),
        h('dt', '最近更新'), h('dd', dateTime(x.updated_at))),
      buttons.length ? h('div.actions', buttons) : null));
}

/** 交办 (or 改交): a town of the city, from the division list. */
async function assignDialog(x) {
  const office = select({ name: 'office', value: '' }, [], { empty: '正在读取镇（街道）…' });
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '交办');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    h('dl.facts.holder-facts',
      h('dt', '投诉'), h('dd', `${x.code}：${x.subject}`),
      h('dt', '现办理单位'), h('dd', x.office.name || x.office.code)),
    field(LABEL.office, office, { required: true, hint: '交给本市的镇（街道）办理，其可答复、办结' }),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  form.addEventListener('change', () => clearFieldError(form, 'office'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    if (!showProblems(form, box, office.value ? [] : [['office', '请选择镇（街道）']])) return;
    await busy(submit, '正在交办…', async () => {
      try {
        const y = (await post(`/complaints/${x.id}/assignment`, { office: office.value })).body;
        finished(dialog, null, `投诉 ${y.code} 已交办给${y.office.name || y.office.code}。`);
      } catch (err) {
        if (err.status !== 401) showApiError(form, box, err);
      }
    });
  });
  dialog = openDialog(`交办投诉 ${x.code}`, form);
  try {
    const towns = (await get('/divisions', { within: session.user().scope.code, level: 'town' })).body.items;
    replace(office, h('option', { value: '' }, '请选择'),
      towns.filter((t) => t.code !== x.office.code).map((t) => h('option', { value: t.code }, `${t.name}（${t.code}）`)));
  } catch (err) {
    if (err.status !== 401) replace(box, notice('error', err.message));
  }
}

// The three steps that take one text: what they send, and how they ask.
const REPLY = {
  member: 'reply', path: 'reply', title: '答复投诉', button: '答复', max: 1000,
  hint: '2–1000 字；投诉人凭查询码可以看到答复', done: (y) => `投诉 ${y.code} 已答复。`,
};
const CLOSE = {
  member: 'outcome', path: 'closing', title: '办结投诉', button: '办结…', max: 1000, confirm: true,
  hint: '2–1000 字：核实情况和处理结果', done: (y) => `投诉 ${y.code} 已办结。`,
};
const REOPEN = {
  member: 'reason', path: 'reopening', title: '重新办理投诉', button: '重新办理', max: 1000,
  hint: '2–1000 字，如投诉人对答复不满意；原答复和办理结果将清空', done: (y) => `投诉 ${y.code} 已重新办理，状态为${y.state_label}。`,
};

/** 答复, 办结 (with a confirmation step: it ends the handling) or 重新办理. */
function textDialog(x, step) {
  const text = textArea(step.member, { maxlength: step.max, rows: 5 });
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const confirmPlace = h('div.confirm-place', { hidden: true });
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    h('dl.facts.holder-facts',
      h('dt', '投诉'), h('dd', `${x.code}：${x.subject}`),
      h('dt', '状态'), h('dd', stateBadge(x)),
      x.reply && step !== REPLY ? [h('dt', LABEL.reply), h('dd', x.reply)] : null),
    field(LABEL[step.member], text, { required: true, hint: step.hint }),
    box,
    h('div.actions.form-actions', h('button.primary', { type: 'submit' }, step.button), h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  form.addEventListener('input', () => clearFieldError(form, step.member));
  const back = () => { confirmPlace.hidden = true; form.hidden = false; text.focus(); };
  async function send() {
    const y = (await post(`/complaints/${x.id}/${step.path}`, { [step.member]: text.value.trim() })).body;
    finished(dialog, null, step.done(y));
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const n = [...formValues(form)[step.member]].length;
    if (!showProblems(form, box, n < 2 || n > step.max ? [[step.member, `${LABEL[step.member]}应为 2–${step.max} 字`]] : [])) return;
    if (!step.confirm) {
      await busy(form.querySelector('button[type=submit]'), '正在提交…', async () => {
        try {
          await send();
        } catch (err) {
          if (err.status !== 401) showApiError(form, box, err);
        }
      });
      return;
    }
    form.hidden = true;
    confirmStep(confirmPlace, {
      title: `确认办结投诉 ${x.code}？`,
      lines: ['办结后投诉不再办理；投诉人不满意时可以“重新办理”。'],
      confirmLabel: '确认办结',
      onBack: back,
      onConfirm: async () => {
        try {
          await send();
        } catch (err) {
          if (err.status === 401) return;
          back();
          showApiError(form, box, err);
        }
      },
    });
  });
  dialog = openDialog(`${step.title} ${x.code}`, form, confirmPlace);
}

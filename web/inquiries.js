// inquiries.js — what the person page, the inquiry list and the work list
// share about letter inquiries (函调, §2(2)): the residence office asks the
// hukou place about a person's marital status and tracks the letter from
// draft to sent to answered, with a reply deadline.  State badges (已逾期
// included), the table, the buttons each role may use in each state, and
// the dialogs behind them (new, send, record the answer, cancel).
//
// As with certificates, buttons are a convenience: the server checks every
// rule again and its refusal is shown next to the field it names.
// Cancelling asks for confirmation first (confirmStep): it cannot be undone.

import { h, replace, select, notice } from './dom.js';
import { post } from './api.js';
import {
  field, clearErrors, clearFieldError, formValues, isDateOrEmpty, showApiError, showProblems, busy,
  dateInput, textInput, textArea,
} from './form.js';
import * as session from './session.js';
import { openDialog, confirmStep, finished } from './dialog.js';
import {
  INQUIRY_STATE, INQUIRY_CHANNEL, INQUIRY_URGENCY, INQUIRY_SUBJECT, INQUIRY_FIELD_LABEL as LABEL, MARITAL_STATUS,
  valueLabel, todayText,
} from './labels.js';

export const inquiryPrintHash = (q) => `#/inquiries/${q.id}/print`;
export const personHash = (id) => `#/persons/${id}`;

/** The state as a badge; 已逾期 (sent, past its reply deadline) stands out. */
export function inquiryBadge(q) {
  return h(`span.badge.inquiry-${q.state}`, { dataset: { state: q.state } }, q.state_label || INQUIRY_STATE[q.state] || q.state);
}

/** "甘肃省嘉峪关市雄关街道" → "嘉峪关市雄关街道办事处" (the sender, as on certificates); towns: 人民政府. */
export function officeName(division) {
  if (!division) return '';
  const name = (division.name || division.code).replace(/^.+?(省|自治区)/, '');
  return name + (/街道$/.test(name) ? '办事处' : '人民政府');
}

/** The office that answers: the county's 人口和计划生育局, or the town's (street's) 计生办. */
export function receivingOffice(division) {
  if (!division) return '';
  const name = division.name || division.code;
  return name + (division.code.length <= 6 ? '人口和计划生育局' : '计生办');
}

/** Where the inquiry went, short: the division name with its code as a tooltip. */
function placeCell(d) {
  return d ? h('span', { title: `${d.name}（${d.code}）` }, d.name) : h('span.empty', '—');
}

/** The answer in one cell: its date, what it says, its reference. */
function answerCell(q) {
  if (q.state === 'answered') {
    return [h('span.nowrap', q.answered_on), ' ', h('strong', q.answer_marital_status_label || q.answer_marital_status),
      q.answer_reference ? h('span.muted.small', `（${q.answer_reference}）`) : null];
  }
  if (q.state === 'cancelled') return h('span.muted.small', q.cancel_reason ? `撤销：${q.cancel_reason}` : '已撤销');
  return h('span.empty', '—');
}

/**
 * The table of inquiries, newest first.  `holder` ({id, name}) is the
 * person of them all (person page); without it each row names its person
 * (the inquiry list) by `names` (person id → name) when known.
 */
export function inquiriesTable(items, holder, { names = new Map() } = {}) {
  if (!items.length) return h('p.muted.empty-list', holder ? '尚无函调。' : '没有符合条件的函调。');
  const heads = ['编号', holder ? null : '被函调人', '受函地', '方式', '事项', '状态', '发出日期', '回复期限', '回复', '操作'].filter(Boolean);
  return h('table.grid.inquiries-table',
    h('thead', h('tr', heads.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', items.map((q) => {
      const who = holder || { id: q.person_id, name: names.get(q.person_id) || (q.person && q.person.name) || '' };
      return h('tr', { dataset: { inquiry: String(q.id), state: q.state } },
        h('td.num', String(q.id)),
        holder ? null : h('td', h('a', { href: personHash(q.person_id) }, who.name || `档案 ${q.person_id}`)),
        h('td', placeCell(q.to_division)),
        h('td.nowrap', q.channel_label, q.urgency === 'urgent' ? h('span.badge.badge-urgent', '加急') : null),
        h('td', q.subject_label),
        h('td', inquiryBadge(q)),
        h('td.nowrap', q.sent_on || h('span.empty', '—')),
        h('td.nowrap', { class: q.state === 'overdue' ? 'overdue-date' : null }, q.due_on || h('span.empty', '—')),
        h('td', answerCell(q)),
        h('td.row-actions', inquiryButtons(q, who)));
    })));
}

// --- buttons -------------------------------------------------------------------

/** The buttons for one inquiry that the user's role may use in its state. */
export function inquiryButtons(q, holder) {
  const buttons = [];
  const label = (verb) => `${verb}（函调 ${q.id}）`;
  const office = session.can('inquiry.write');
  if (office && q.state === 'draft') {
    buttons.push(h('button.small-button', { type: 'button', 'aria-label': label('发出'), onclick: () => sendDialog(q, holder) }, '发出'));
  }
  if (office && (q.state === 'sent' || q.state === 'overdue')) {
    buttons.push(h('button.small-button', { type: 'button', 'aria-label': label('登记回函'), onclick: () => answerDialog(q, holder) }, '登记回函'));
  }
  if (office && (q.state === 'draft' || q.state === 'sent' || q.state === 'overdue')) {
    buttons.push(h('button.small-button.danger-quiet', { type: 'button', 'aria-label': label('撤销'), onclick: () => cancelDialog(q, holder) }, '撤销'));
  }
  // The letter exists once it is sent; the offices print it.
  if (office && ['sent', 'overdue', 'answered'].includes(q.state)) {
    buttons.push(h('a.button.small-button', { href: inquiryPrintHash(q), 'aria-label': label('打印函件') }, '打印函件'));
  }
  return buttons.length ? buttons : h('span.empty', '—');
}

/** The button to open a new inquiry about person `p` (offices only), or null. */
export function newInquiryButton(p) {
  if (!session.can('inquiry.write')) return null;
  return h('button.primary#new-inquiry', { type: 'button', onclick: () => newInquiryDialog(p) }, '新建函调');
}

// --- dialogs -------------------------------------------------------------------

/** Who is asked about, and what: the facts a dialog starts with. */
function inquiryFacts(q, holder) {
  return h('dl.facts.holder-facts',
    h('dt', '函调'), h('dd', `编号 ${q.id}，`, q.subject_label, '，', q.channel_label, q.urgency === 'urgent' ? '（加急）' : ''),
    h('dt', '被函调人'), h('dd', holder.name || `档案 ${q.person_id}`),
    h('dt', '受函地'), h('dd', q.to_division ? q.to_division.name : ''),
    h('dt', '状态'), h('dd', inquiryBadge(q), q.sent_on ? ` ${q.sent_on} 发出，回复期限 ${q.due_on}` : ''));
}

const checkDate = (values, name, problems) => {
  if (!isDateOrEmpty(values[name])) problems.push([name, `${LABEL[name]}应为真实日期，格式如 2026-11-29`]);
  else if (values[name] && values[name] > todayText()) problems.push([name, `${LABEL[name]}不能晚于今天`]);
};

/** The filled values of `names` (empty ones left out: the server's defaults apply). */
function bodyOf(values, names) {
  const body = {};
  for (const n of names) if (values[n]) body[n] = values[n];
  return body;
}

/** 新建函调: where to (default the hukou place), how, what; saved as a draft or sent at once. */
export function newInquiryDialog(p) {
  const c = {
    to_division: textInput('to_division', { maxlength: 12, inputmode: 'numeric', class: 'mono', placeholder: p.hukou_division ? p.hukou_division.code : '' }),
    channel: select({ name: 'channel', value: 'letter' }, INQUIRY_CHANNEL),
    urgency: select({ name: 'urgency', value: 'normal' }, INQUIRY_URGENCY),
    subject: select({ name: 'subject', value: 'marital' }, INQUIRY_SUBJECT),
    note: textArea('note', { maxlength: 500 }),
  };
  const hukou = p.hukou_division ? `${p.hukou_division.name}（${p.hukou_division.code}）` : '档案的户籍地';
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const send = h('button.primary', { type: 'submit', value: 'send' }, '保存并发出');
  const draft = h('button', { type: 'submit', value: 'draft' }, '保存为草稿');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    notice('info', '向户籍地发函核查本人婚姻（生育）状况。发出后按紧急程度计算回复期限（普通 30 天、加急 15 天），到期未复列入待办事项。'),
    h('dl.facts.holder-facts',
      h('dt', '被函调人'), h('dd', p.name),
      p.id_number ? [h('dt', '身份号码'), h('dd.mono', p.id_number)] : null,
      h('dt', '户籍地'), h('dd', [p.hukou_division ? p.hukou_division.name : '', p.hukou_address || ''].join('') || h('span.empty', '未填写')),
      h('dt', '婚姻状况'), h('dd', valueLabel('marital_status', p.marital_status) || h('span.empty', '未填写'), h('span.muted.small', '（取自档案）'))),
    h('div.form-grid.form-grid-2',
      field(LABEL.to_division, c.to_division, { hint: `不填为户籍地：${hukou}；须为县级或以下区划代码` }),
      field(LABEL.subject, c.subject),
      field(LABEL.channel, c.channel, { hint: '信函、网络，或通过驻外“甘肃省流动人口计生工作站”' }),
      field(LABEL.urgency, c.urgency)),
    field(LABEL.note, c.note, { hint: '可不填，最多 500 字；写入函件正文，如：请核实其初婚日期及子女情况' }),
    box,
    h('div.actions.form-actions', send, draft, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  form.addEventListener('input', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const sending = !event.submitter || event.submitter.value !== 'draft';
    const values = formValues(form);
    const problems = [];
    if (values.to_division && !/^\d{6}(\d{3}){0,2}$/.test(values.to_division)) {
      problems.push(['to_division', '受函地应为 6 位（县）、9 位（乡镇、街道）或 12 位（村、社区）区划代码']);
    }
    if ([...values.note].length > 500) problems.push(['note', '函调说明最多 500 字']);
    if (!showProblems(form, box, problems)) return;
    const body = { person_id: p.id, ...bodyOf(values, ['to_division', 'channel', 'urgency', 'subject', 'note']), send: sending };
    await busy(sending ? send : draft, '正在保存…', async () => {
      try {
        const q = (await post('/inquiries', body)).body;
        if (sending) {
          finished(dialog, null, `已发出函调（编号 ${q.id}）至${q.to_division.name}，回复期限 ${q.due_on}。`, ' ',
            h('a', { href: inquiryPrintHash(q) }, '打印函件'));
        } else {
          finished(dialog, null, `函调（编号 ${q.id}）已存为草稿，尚未发出。`);
        }
      } catch (err) {
        if (err.status !== 401) showApiError(form, box, err);
      }
    });
  });
  dialog = openDialog(`新建函调：${p.name}`, form);
  return dialog;
}

/** 发出: the day it was sent (default today); the reply deadline follows. */
export function sendDialog(q, holder) {
  const on = dateInput('sent_on', { placeholder: todayText() });
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '确认发出');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    inquiryFacts(q, holder),
    field(LABEL.sent_on, on, { hint: `不填为今天；不早于拟写之日，不晚于今天。回复期限自发出日起计（${q.urgency === 'urgent' ? '加急 15 天' : '普通 30 天'}）` }),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  form.addEventListener('input', () => clearFieldError(form, 'sent_on'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const values = formValues(form);
    const problems = [];
    checkDate(values, 'sent_on', problems);
    if (!showProblems(form, box, problems)) return;
    await busy(submit, '正在提交…', async () => {
      try {
        const r = (await post(`/inquiries/${q.id}/sending`, bodyOf(values, ['sent_on']))).body;
        finished(dialog, null, `函调（编号 ${r.id}）已发出，回复期限 ${r.due_on}。`, ' ', h('a', { href: inquiryPrintHash(r) }, '打印函件'));
      } catch (err) {
        if (err.status !== 401) showApiError(form, box, err);
      }
    });
  });
  dialog = openDialog('发出函调', form);
  return dialog;
}

/** 登记回函: what the hukou place answered (marital status), its reference and date. */
export function answerDialog(q, holder) {
  const c = {
    marital_status: select({ name: 'marital_status', value: '' }, MARITAL_STATUS, { empty: '请选择' }),
    reference: textInput('reference', { maxlength: 60 }),
    answered_on: dateInput('answered_on', { placeholder: todayText() }),
    answer_text: textArea('answer_text', { maxlength: 500 }),
  };
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '登记回函');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    inquiryFacts(q, holder),
    h('div.form-grid.form-grid-2',
      field(LABEL.marital_status, c.marital_status, { required: true, hint: holder.marital_status ? `档案记载：${valueLabel('marital_status', holder.marital_status)}` : null }),
      field(LABEL.reference, c.reference, { required: true, hint: '如：中原计生函〔2026〕15号' }),
      field(LABEL.answered_on, c.answered_on, { hint: '收到回函的日期；不填为今天，不早于发出日期' })),
    field(LABEL.answer_text, c.answer_text, { hint: '可不填，最多 500 字；照录回函要点，如子女情况' }),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  form.addEventListener('input', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('change', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const values = formValues(form);
    const problems = [];
    if (!values.marital_status) problems.push(['marital_status', '请选择回函所述的婚姻状况']);
    if (!values.reference) problems.push(['reference', '请填写回函文号']);
    checkDate(values, 'answered_on', problems);
    if (q.sent_on && values.answered_on && isDateOrEmpty(values.answered_on) && values.answered_on < q.sent_on) {
      problems.push(['answered_on', `回复日期不能早于发出日期 ${q.sent_on}`]);
    }
    if (!showProblems(form, box, problems)) return;
    await busy(submit, '正在登记…', async () => {
      try {
        const r = (await post(`/inquiries/${q.id}/answer`, bodyOf(values, ['marital_status', 'reference', 'answered_on', 'answer_text']))).body;
        const differs = holder.marital_status && holder.marital_status !== r.answer_marital_status;
        finished(dialog, null, `已登记函调（编号 ${r.id}）的回函 ${r.answer_reference}：婚姻状况${r.answer_marital_status_label}。`,
          differs ? ` 注意：与档案记载的“${valueLabel('marital_status', holder.marital_status)}”不一致，请核实后修改档案。` : '');
      } catch (err) {
        if (err.status !== 401) showApiError(form, box, err);
      }
    });
  });
  dialog = openDialog('登记回函', form);
  return dialog;
}

/** 撤销: a reason, then confirmation; a cancelled inquiry stays on record but is closed. */
export function cancelDialog(q, holder) {
  const reason = textInput('reason', { maxlength: 500 });
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const confirmPlace = h('div.confirm-place', { hidden: true });
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    notice('warning', '撤销后该函调不再跟进，也不能再登记回函；撤销不能恢复，需要时可另行新建函调。'),
    inquiryFacts(q, holder),
    field(LABEL.reason, reason, { required: true, hint: '2 到 500 个字，如：本人已交验户籍地婚育证明' }),
    box,
    h('div.actions.form-actions', h('button.danger', { type: 'submit' }, '撤销…'), h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  form.addEventListener('input', () => clearFieldError(form, 'reason'));
  const back = () => {
    confirmPlace.hidden = true;
    form.hidden = false;
    reason.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const text = reason.value.trim();
    if (!showProblems(form, box, [...text].length < 2 ? [['reason', '请填写撤销原因（2 到 500 个字）']] : [])) return;
    form.hidden = true;
    confirmStep(confirmPlace, {
      title: `确认撤销函调（编号 ${q.id}）？`,
      lines: [`被函调人：${holder.name || `档案 ${q.person_id}`}`, `撤销原因：${text}`, '撤销后不能恢复。'],
      confirmLabel: '确认撤销',
      onBack: back,
      onConfirm: async () => {
        try {
          const r = (await post(`/inquiries/${q.id}/cancellation`, { reason: text })).body;
          finished(dialog, null, `函调（编号 ${r.id}）${r.state_label}。`);
        } catch (err) {
          if (err.status === 401) return;
          back();
          showApiError(form, box, err);
        }
      },
    });
  });
  dialog = openDialog('撤销函调', form, confirmPlace);
  return dialog;
}

// outflow.js — what the person page shows of an outflow person's time away
// (§2(2): "做好外出人员登记工作，依法落实流出人口及其家庭应享有的奖励优惠政策
// ……及时向流入地反馈相关信息"): departures and returns (外出登记), feedback
// to and from the places they flow to (信息反馈), and the rewards and
// preferential policies owed to them and their families (奖励优惠), with
// the buttons each role may use and the dialogs behind them.
//
// Paying out and cancelling a benefit cannot be undone: cancelling is
// confirmed first (confirmStep); the pay dialog says so before its button.

import { h, replace, select, notice } from './dom.js';
import { post } from './api.js';
import {
  field, clearErrors, clearFieldError, formValues, isDateOrEmpty, showApiError, showProblems, busy,
  dateInput, textInput, textArea,
} from './form.js';
import * as session from './session.js';
import { openDialog, confirmStep, finished } from './dialog.js';
import {
  FEEDBACK_DIRECTION, FEEDBACK_CHANNEL, BENEFIT_KIND, OUTFLOW_FIELD_LABEL as LABEL, todayText,
} from './labels.js';

const DIVISION = /^\d{6}(\d{3}){0,2}$/;
const PERIOD = /^(\d{4}|\d{4}-\d{2}|\d{4}-\d{2}\.\.\d{4}-\d{2})$/;
const AMOUNT = /^\d{1,7}(\.\d{1,2})?$/;

const dash = () => h('span.empty', '—');

/** The filled values of `names` (empty ones left out: the server's defaults apply). */
function bodyOf(values, names) {
  const body = {};
  for (const n of names) if (values[n]) body[n] = values[n];
  return body;
}

/** Pushes a problem for each date in `names` that is filled but not a real day up to today. */
function checkDates(values, names, problems) {
  for (const n of names) {
    if (!isDateOrEmpty(values[n])) problems.push([n, `${LABEL[n]}应为真实日期，格式如 2026-11-29`]);
    else if (values[n] && values[n] > todayText()) problems.push([n, `${LABEL[n]}不能晚于今天`]);
  }
}

/**
 * Wires a dialog form: errors clear as fields change; on submit `check(values,
 * problems)` finds local problems, then `send(values)` does the work (its
 * refusal is shown at the field the server names).
 */
function wire(form, box, submit, busyText, { check, send }) {
  const clear = (e) => { if (e.target.name) clearFieldError(form, e.target.name); };
  form.addEventListener('input', clear);
  form.addEventListener('change', clear);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const values = formValues(form);
    const problems = [];
    check(values, problems);
    if (!showProblems(form, box, problems)) return;
    await busy(submit, busyText, async () => {
      try {
        await send(values);
      } catch (err) {
        if (err.status !== 401) showApiError(form, box, err);
      }
    });
  });
}

// --- departures (外出登记) ----------------------------------------------------

/** [buttons, hints] to register a departure of person `p`. */
export function departureButtons(p, departures) {
  if (!session.can('person.write') || p.flow !== 'outflow') return [[], []];
  if (p.management !== 'floating') return [[], [`该人员${p.management === 'resident' ? '已转为常住管理' : '已不按流动人口管理'}，不能登记外出。`]];
  const away = departures.find((d) => d.state === 'away');
  if (away) return [[], [`${away.departed_on} 的外出尚未登记返回；人回来后先“登记返回”，再外出时重新登记。`]];
  return [[h('button.primary#new-departure', { type: 'button', onclick: () => departureDialog(p) }, '登记外出')], []];
}

export function departuresTable(items, holder) {
  if (!items.length) return h('p.muted.empty-list', '尚无外出登记。');
  const canWrite = session.can('person.write');
  return h('table.grid.departures-table',
    h('thead', h('tr', ['外出日期', '流入地', '地址、工作单位', '在外联系电话', '状态', '备注', '操作'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', items.map((d) => h('tr', { dataset: { departure: String(d.id), state: d.state } },
      h('td.nowrap', d.departed_on),
      h('td', d.destination_division ? d.destination_division.name : dash()),
      h('td', [d.destination_address, d.employer_there].filter(Boolean).map((t) => h('div', t)), !d.destination_address && !d.employer_there ? dash() : null),
      h('td.mono', d.contact_phone || dash()),
      h('td.nowrap', h(`span.badge.departure-${d.state}`, d.state_label), d.returned_on ? h('span.muted.small', ` ${d.returned_on}`) : null),
      h('td.detail', d.note || dash()),
      h('td.row-actions', canWrite && d.state === 'away'
        ? h('button.small-button', { type: 'button', 'aria-label': `登记返回（${d.departed_on} 外出）`, onclick: () => returnDialog(d, holder) }, '登记返回')
        : dash())))));
}

/** 登记外出: when, where to (outside the city), where there, who employs, how to reach. */
export function departureDialog(p) {
  const c = {
    departed_on: dateInput('departed_on', { placeholder: todayText() }),
    destination_division: textInput('destination_division', { maxlength: 12, inputmode: 'numeric', class: 'mono' }),
    destination_address: textInput('destination_address', { maxlength: 80 }),
    employer_there: textInput('employer_there', { maxlength: 100 }),
    contact_phone: textInput('contact_phone', { maxlength: 20, inputmode: 'tel', class: 'mono' }),
    note: textArea('note', { maxlength: 500 }),
  };
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '登记');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    h('dl.facts.holder-facts', h('dt', '人员'), h('dd', p.name), h('dt', '户籍地'), h('dd', p.hukou_division ? p.hukou_division.name : '')),
    h('div.form-grid.form-grid-2',
      field(LABEL.departed_on, c.departed_on, { required: true, hint: '不晚于今天' }),
      field(LABEL.destination_division, c.destination_division, { required: true, hint: '本市以外的县（区）或更细一级代码，如成都市锦江区 510104' }),
      field(LABEL.destination_address, c.destination_address, { hint: '可不填' }),
      field(LABEL.employer_there, c.employer_there, { hint: '可不填' }),
      field(LABEL.contact_phone, c.contact_phone, { hint: '可不填；加密保存' })),
    field(LABEL.note, c.note, { hint: '可不填，最多 500 字' }),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  wire(form, box, submit, '正在登记…', {
    check(values, problems) {
      if (!values.departed_on) problems.push(['departed_on', '请填写外出日期']);
      checkDates(values, ['departed_on'], problems);
      if (!values.destination_division) problems.push(['destination_division', '请填写流入地的区划代码']);
      else if (!DIVISION.test(values.destination_division)) problems.push(['destination_division', '区划代码应为 6、9 或 12 位数字']);
    },
    async send(values) {
      const d = (await post(`/persons/${p.id}/departures`, bodyOf(values, Object.keys(c)))).body;
      finished(dialog, null, `已登记外出：${d.departed_on} 前往${d.destination_division.name}。`);
    },
  });
  dialog = openDialog(`登记外出：${p.name}`, form);
  return dialog;
}

/** 登记返回: the day the person came back (default today). */
export function returnDialog(d, holder) {
  const on = dateInput('returned_on', { placeholder: todayText() });
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '登记返回');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    h('dl.facts.holder-facts',
      h('dt', '人员'), h('dd', holder.name),
      h('dt', '外出'), h('dd', `${d.departed_on} 前往${d.destination_division ? d.destination_division.name : ''}`)),
    field(LABEL.returned_on, on, { hint: `不填为今天；不早于外出日期 ${d.departed_on}` }),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  wire(form, box, submit, '正在登记…', {
    check(values, problems) {
      checkDates(values, ['returned_on'], problems);
      if (values.returned_on && isDateOrEmpty(values.returned_on) && values.returned_on < d.departed_on) {
        problems.push(['returned_on', `返回日期不能早于外出日期 ${d.departed_on}`]);
      }
    },
    async send(values) {
      const r = (await post(`/departures/${d.id}/return`, bodyOf(values, ['returned_on']))).body;
      finished(dialog, null, `已登记返回：${r.returned_on}。`);
    },
  });
  dialog = openDialog('登记外出返回', form);
  return dialog;
}

// --- feedback (信息反馈) ------------------------------------------------------

export function feedbackButton(p) {
  if (!session.can('person.write') || p.flow !== 'outflow') return null;
  return h('button#new-feedback', { type: 'button', onclick: () => feedbackDialog(p) }, '登记反馈');
}

export function feedbackTable(items) {
  if (!items.length) return h('p.muted.empty-list', '尚无与流入地往来的反馈。');
  return h('table.grid.feedback-table',
    h('thead', h('tr', ['日期', '方向', '渠道', '对方单位', '内容', '经办人'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', items.map((f) => h('tr', { dataset: { feedback: String(f.id) } },
      h('td.nowrap', f.happened_on),
      h('td.nowrap', f.direction_label),
      h('td.nowrap', f.channel_label),
      h('td', f.counterpart),
      h('td.feedback-content', f.content),
      h('td', f.actor)))));
}

/** 登记反馈: sent to or received from the place the person flows to. */
export function feedbackDialog(p) {
  const c = {
    direction: select({ name: 'direction', value: '' }, FEEDBACK_DIRECTION, { empty: '请选择' }),
    channel: select({ name: 'channel', value: '' }, FEEDBACK_CHANNEL, { empty: '请选择' }),
    happened_on: dateInput('happened_on', { placeholder: todayText() }),
    counterpart: textInput('counterpart', { maxlength: 100 }),
    content: textArea('content', { maxlength: 500 }),
  };
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '登记');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    notice('info', '反馈登记后不能修改；登记错了请另登记一条说明。'),
    h('div.form-grid.form-grid-2',
      field(LABEL.direction, c.direction, { required: true }),
      field(LABEL.channel, c.channel, { required: true }),
      field(LABEL.happened_on, c.happened_on, { hint: '不填为今天' }),
      field(LABEL.counterpart, c.counterpart, { required: true, hint: '如：成都市锦江区春熙路街道计生办' })),
    field(LABEL.content, c.content, { required: true, hint: '2 到 500 个字' }),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  wire(form, box, submit, '正在登记…', {
    check(values, problems) {
      if (!values.direction) problems.push(['direction', '请选择是发往流入地还是流入地反馈']);
      if (!values.channel) problems.push(['channel', '请选择渠道']);
      checkDates(values, ['happened_on'], problems);
      if ([...values.counterpart].length < 2) problems.push(['counterpart', '请填写对方单位（2 到 100 个字）']);
      if ([...values.content].length < 2) problems.push(['content', '请填写反馈内容（2 到 500 个字）']);
    },
    async send(values) {
      const f = (await post(`/persons/${p.id}/feedback`, bodyOf(values, Object.keys(c)))).body;
      finished(dialog, null, `已登记反馈（${f.direction_label}，${f.counterpart}）。`);
    },
  });
  dialog = openDialog(`登记反馈：${p.name}`, form);
  return dialog;
}

// --- benefits (奖励优惠) ------------------------------------------------------

export function benefitButton(p) {
  if (!session.can('benefit.write')) return null;
  return h('button#new-benefit', { type: 'button', onclick: () => benefitDialog(p) }, '核定奖励优惠');
}

export function benefitsTable(items, holder) {
  if (!items.length) return h('p.muted.empty-list', '尚无奖励优惠记录。');
  const canWrite = session.can('benefit.write');
  return h('table.grid.benefits-table',
    h('thead', h('tr', ['种类', '所属期间', '金额（元）', '状态', '核定日期', '发放日期', '备注', '操作'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', items.map((b) => h('tr', { dataset: { benefit: String(b.id), state: b.state } },
      h('td', b.kind_label),
      h('td.nowrap', b.period),
      h('td.num', b.amount),
      h('td', h(`span.badge.benefit-${b.state}`, b.state_label)),
      h('td.nowrap', b.granted_on),
      h('td.nowrap', b.paid_on || dash()),
      h('td.detail', b.note || dash()),
      h('td.row-actions', canWrite && b.state === 'granted' ? [
        h('button.small-button', { type: 'button', 'aria-label': `登记发放（${b.kind_label} ${b.period}）`, onclick: () => payDialog(b, holder) }, '登记发放'),
        h('button.small-button.danger-quiet', { type: 'button', 'aria-label': `撤销（${b.kind_label} ${b.period}）`, onclick: () => cancelBenefitDialog(b, holder) }, '撤销'),
      ] : dash())))));
}

/** 核定奖励优惠: kind, period, amount in yuan (a string, two decimals at most). */
export function benefitDialog(p) {
  const c = {
    kind: select({ name: 'kind', value: '' }, BENEFIT_KIND, { empty: '请选择' }),
    period: textInput('period', { maxlength: 16, class: 'mono', placeholder: String(new Date().getFullYear()) }),
    amount: textInput('amount', { maxlength: 11, inputmode: 'decimal', class: 'mono', placeholder: '960.00' }),
    granted_on: dateInput('granted_on', { placeholder: todayText() }),
    note: textInput('note', { maxlength: 200 }),
  };
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '核定');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    h('dl.facts.holder-facts', h('dt', '人员'), h('dd', p.name), h('dt', '流动类型'), h('dd', p.flow === 'outflow' ? '流出' : '流入')),
    h('div.form-grid.form-grid-2',
      field(LABEL.kind, c.kind, { required: true }),
      field(LABEL.period, c.period, { required: true, hint: '2026（全年）、2026-03（一个月）或 2026-01..2026-06' }),
      field(LABEL.amount, c.amount, { required: true, hint: '元，最多两位小数，如 960.00 或 120' }),
      field(LABEL.granted_on, c.granted_on, { hint: '不填为今天' })),
    field(LABEL.note, c.note, { hint: '可不填，最多 200 字' }),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  wire(form, box, submit, '正在核定…', {
    check(values, problems) {
      if (!values.kind) problems.push(['kind', '请选择奖励优惠种类']);
      if (!values.period) problems.push(['period', '请填写所属期间，如 2026 或 2026-03']);
      else if (!PERIOD.test(values.period)) problems.push(['period', '所属期间应为 2026、2026-03 或 2026-01..2026-06']);
      if (!values.amount) problems.push(['amount', '请填写金额（元），如 960.00']);
      else if (!AMOUNT.test(values.amount) || Number(values.amount) > 1_000_000) problems.push(['amount', '金额应为不超过 1000000 元的数字，最多两位小数，如 960.00 或 120']);
      checkDates(values, ['granted_on'], problems);
    },
    async send(values) {
      const b = (await post(`/persons/${p.id}/benefits`, bodyOf(values, Object.keys(c)))).body;
      finished(dialog, null, `已核定${b.kind_label}（${b.period}）${b.amount} 元。`);
    },
  });
  dialog = openDialog(`核定奖励优惠：${p.name}`, form);
  return dialog;
}

const benefitFacts = (b, holder) => h('dl.facts.holder-facts',
  h('dt', '人员'), h('dd', holder.name),
  h('dt', '奖励优惠'), h('dd', `${b.kind_label}，${b.period}`),
  h('dt', '金额'), h('dd', `${b.amount} 元（${b.granted_on} 核定）`));

/** 登记发放: the day it was paid; cannot be changed afterwards. */
export function payDialog(b, holder) {
  const on = dateInput('paid_on', { placeholder: todayText() });
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '确认已发放');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    notice('warning', '登记发放后不能更改或撤销，请核对金额和发放日期。'),
    benefitFacts(b, holder),
    field(LABEL.paid_on, on, { hint: `不填为今天；不早于核定日期 ${b.granted_on}，不晚于今天` }),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  wire(form, box, submit, '正在登记…', {
    check(values, problems) {
      checkDates(values, ['paid_on'], problems);
      if (values.paid_on && isDateOrEmpty(values.paid_on) && values.paid_on < b.granted_on) problems.push(['paid_on', `发放日期不能早于核定日期 ${b.granted_on}`]);
    },
    async send(values) {
      const r = (await post(`/benefits/${b.id}/payment`, bodyOf(values, ['paid_on']))).body;
      finished(dialog, null, `${r.kind_label}（${r.period}）${r.amount} 元已于 ${r.paid_on} 发放。`);
    },
  });
  dialog = openDialog('登记奖励优惠发放', form);
  return dialog;
}

/** 撤销: a reason, then confirmation; only what is not yet paid. */
export function cancelBenefitDialog(b, holder) {
  const reason = textInput('reason', { maxlength: 200 });
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const confirmPlace = h('div.confirm-place', { hidden: true });
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    notice('warning', '撤销核定有误、尚未发放的奖励优惠；撤销原因记入备注，撤销后不能恢复。'),
    benefitFacts(b, holder),
    field(LABEL.reason, reason, { required: true, hint: '2 到 200 个字' }),
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
    if (!showProblems(form, box, [...text].length < 2 ? [['reason', '请填写撤销原因（2 到 200 个字）']] : [])) return;
    form.hidden = true;
    confirmStep(confirmPlace, {
      title: `确认撤销${b.kind_label}（${b.period}，${b.amount} 元）？`,
      lines: [`人员：${holder.name}`, `撤销原因：${text}`, '撤销后不能恢复。'],
      confirmLabel: '确认撤销',
      onBack: back,
      onConfirm: async () => {
        try {
          const r = (await post(`/benefits/${b.id}/cancellation`, { reason: text })).body;
          finished(dialog, null, `${r.kind_label}（${r.period}）${r.state_label}。`);
        } catch (err) {
          if (err.status === 401) return;
          back();
          showApiError(form, box, err);
        }
      },
    });
  });
  dialog = openDialog('撤销奖励优惠', form, confirmPlace);
  return dialog;
}

// transitions.js — changes of a person's management (管理方式转换, §2(2)):
// hand-over of an outflow person to the spouse's place, resident management
// for a spouse of a local or after a year's stay, leaving and returning.
// Each is a rule the server checks with evidence; the dialog asks the
// server (dry_run) as the officer fills it in and shows every condition met
// (✓) or not (✗), and offers to carry it out only when all are met.  A
// hand-over and 迁离 are confirmed first: they take the person out of the
// floating-population management (a hand-over also issues a certificate).

import { h, replace, select, notice } from './dom.js';
import { post } from './api.js';
import {
  field, showFieldError, clearErrors, clearFieldError, isDateOrEmpty, showApiError, dateInput, textInput, textArea,
} from './form.js';
import * as session from './session.js';
import { openDialog, confirmStep, finished } from './dialog.js';
import { checkIdNumber, checkPartialIdNumber } from './idcard.js';
import { certificateHash } from './certificates.js';
import { inquiryPrintHash } from './inquiries.js';
import { TRANSITION_KIND, TRANSITION_FIELD_LABEL as LABEL, valueLabel, todayText } from './labels.js';

const KIND_LABEL = Object.fromEntries(TRANSITION_KIND);
const DIVISION = /^\d{6}(\d{3}){0,2}$/;
const CHECK_DELAY = 350; // ms after the last keystroke before asking the server

/**
 * Per kind: what the policy says (intro), the fields it takes, the
 * management it leads to, whether it is confirmed first, and the labels
 * that differ between kinds.
 */
const KINDS = {
  resident_by_marriage: {
    intro: '夫妻一方为本市户籍、本人随配偶在本市长期居住且有固定住所的，向户籍地函调婚姻状况后，纳入常住人口管理。',
    fields: ['long_term_residence', 'fixed_residence', 'spouse_id_number', 'inquiry_id'],
    to: 'resident',
    labels: { long_term_residence: '已核实随配偶在本市长期居住' },
  },
  resident_by_stay: {
    intro: '在本市居住满一年、有固定住所和常住意愿的外来人员，向户籍地函调婚姻状况并办得婚育证明后，实行常态化管理。',
    fields: ['fixed_residence', 'intent_to_stay', 'inquiry_id'],
    to: 'resident',
    labels: {},
  },
  handover: {
    intro: '本市户籍的流出人口因婚嫁随配偶长期居住在配偶户籍地（本市以外）且有固定住所的，出具详细的婚育证明（移交用），移交现居住地纳入常住人口管理，不再作为流出人口管理。',
    fields: ['long_term_residence', 'fixed_residence', 'spouse_name', 'destination_division', 'destination_address'],
    to: 'handed_over',
    confirm: true,
    labels: { long_term_residence: '已核实在配偶所在地长期居住', destination_division: '配偶所在地区划代码', destination_address: '配偶所在地详细地址' },
    hints: { destination_division: '本市以外的县级或以下区划代码，如四川省成都市锦江区 510104' },
  },
  left: {
    intro: '人员迁离本市，不再在本市管理；以后回到本市时办理“返回”。',
    fields: ['destination_division', 'destination_address'],
    to: 'left',
    confirm: true,
    labels: { destination_division: '迁往地区划代码', destination_address: '迁往地详细地址' },
    hints: { destination_division: '县级或以下区划代码，如 510104' },
  },
  returned: {
    intro: '已迁离或已移交的人员回到本市，重新纳入流动管理。',
    fields: [],
    to: 'floating',
    labels: {},
  },
};

const BOOLEANS = ['long_term_residence', 'fixed_residence', 'intent_to_stay'];
const DEFAULT_LABELS = {
  long_term_residence: '已核实长期居住',
  fixed_residence: '已核实有固定住所',
  intent_to_stay: '已核实有在本市长期居住的意愿',
};

const management = (code) => valueLabel('management', code);

// --- the list -----------------------------------------------------------------

/** The button that opens the dialog (transition.write only), or null. */
export function transitionButton(p, inquiries) {
  if (!session.can('transition.write')) return null;
  return h('button.primary#new-transition', { type: 'button', onclick: () => transitionDialog(p, inquiries) }, '办理转换');
}

/** Past transitions, newest first; `certificates` name the certificate a hand-over issued. */
export function transitionsTable(items, certificates) {
  if (!items.length) return h('p.muted.empty-list', '尚未办理管理方式转换。');
  const numberOf = new Map(certificates.map((c) => [c.id, c.number]));
  const office = session.can('inquiry.write');
  return h('table.grid.transitions-table',
    h('thead', h('tr', ['办理日期', '种类', '管理状态', '依据', '查验的材料', '经办人'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', items.map((t) => {
      const number = t.certificate_id ? numberOf.get(t.certificate_id) : null;
      const basis = [
        t.inquiry_id ? h('div', office ? h('a', { href: inquiryPrintHash({ id: t.inquiry_id }) }, `函调 ${t.inquiry_id}`) : `函调 ${t.inquiry_id}`) : null,
        number ? h('div', '移交用证明 ', h('a.mono', { href: certificateHash(number) }, number)) : null,
        t.destination_division ? h('div', t.kind === 'handover' ? '配偶所在地：' : '迁往地：', t.destination_division.name, t.destination_address || '') : null,
      ].filter(Boolean);
      return h('tr', { dataset: { transition: String(t.id), kind: t.kind } },
        h('td.nowrap', t.effective_on),
        h('td', t.kind_label || KIND_LABEL[t.kind] || t.kind),
        h('td.nowrap', management(t.from_management), h('span.arrow', ' → '), h('strong', management(t.to_management))),
        h('td', basis.length ? basis : h('span.empty', '—')),
        h('td.detail', t.documents || h('span.empty', '—')),
        h('td', t.actor));
    })));
}

// --- the dialog ------------------------------------------------------------------

/** A checkbox as a field of its own (its error under it). */
function checkField(name) {
  const box = h('input', { type: 'checkbox', name, id: `f-${name}` });
  const text = h('span.check-text');
  const row = h('div.field.check-field', { dataset: { field: name } },
    h('label.check', { for: box.id }, box, text),
    h('p.field-error', { id: `f-${name}-error`, hidden: true }));
  box.setAttribute('aria-describedby', `f-${name}-error`);
  return { row, control: box, setLabel: (t) => { text.textContent = t; } };
}

/** The option text of an answered inquiry. */
const inquiryOption = (q) => `函调 ${q.id}：${q.answered_on} 回复，婚姻状况${q.answer_marital_status_label || ''}（${q.answer_reference || '无文号'}）`;

/**
 * 办理转换 for person `p`; `inquiries` are the person's (the answered ones
 * can be named as evidence).
 */
export function transitionDialog(p, inquiries) {
  const answered = inquiries.filter((q) => q.state === 'answered');
  const kind = select({ name: 'kind', value: '' }, TRANSITION_KIND, { empty: '请选择' });
  const checks = Object.fromEntries(BOOLEANS.map((n) => [n, checkField(n)]));
  const controls = {
    spouse_name: textInput('spouse_name', { maxlength: 40 }),
    spouse_id_number: textInput('spouse_id_number', { maxlength: 18, spellcheck: 'false', class: 'mono' }),
    inquiry_id: select({ name: 'inquiry_id', value: '', disabled: answered.length === 0 },
      answered.map((q) => [String(q.id), inquiryOption(q)]), { empty: answered.length ? '请选择' : '本人尚无已回复的函调' }),
    destination_division: textInput('destination_division', { maxlength: 12, inputmode: 'numeric', class: 'mono' }),
    destination_address: textInput('destination_address', { maxlength: 80 }),
    effective_on: dateInput('effective_on', { placeholder: todayText() }),
    documents: textArea('documents', { maxlength: 500 }),
  };
  const rows = {
    ...Object.fromEntries(BOOLEANS.map((n) => [n, checks[n].row])),
    spouse_name: field(LABEL.spouse_name, controls.spouse_name, { required: true, hint: '载入移交用婚育证明' }),
    spouse_id_number: field(LABEL.spouse_id_number, controls.spouse_id_number, { required: true, hint: '配偶须为本市户籍（按身份号码前 4 位核对）' }),
    inquiry_id: field(LABEL.inquiry_id, controls.inquiry_id, {
      required: true,
      span: 2,
      hint: answered.length ? '向户籍地函调婚姻状况并已登记回函的函调' : '请先在“函调”一栏新建函调、发出，并登记回函',
    }),
    destination_division: field(LABEL.destination_division, controls.destination_division, { required: true }),
    destination_address: field(LABEL.destination_address, controls.destination_address, { hint: '可不填' }),
  };
  const intro = h('p.transition-intro', { hidden: true });
  const conditions = h('ul.conditions');
  const summary = h('p.checklist-summary', { 'aria-live': 'polite' });
  const checklist = h('section.checklist', { 'aria-labelledby': 'checklist-title', hidden: true },
    h('h3#checklist-title', '办理条件'), conditions, summary);
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary#transition-submit', { type: 'submit', disabled: true }, '办理');
  const confirmPlace = h('div.confirm-place', { hidden: true });
  let dialog;
  const form = h('form.dialog-form.transition-form', { novalidate: true },
    h('dl.facts.holder-facts',
      h('dt', '人员'), h('dd', p.name, p.id_number ? h('span.mono.muted', ` ${p.id_number}`) : null),
      h('dt', '现在'), h('dd', valueLabel('flow', p.flow), '，', h('strong', management(p.management)),
        '，婚姻状况', valueLabel('marital_status', p.marital_status) || '未填写',
        p.arrival_date ? `，${p.flow === 'outflow' ? '流出' : '流入'}日期 ${p.arrival_date}` : '')),
    field(LABEL.kind, kind, { required: true }),
    intro,
    h('div.transition-layout',
      h('div.transition-fields',
        h('div.check-grid', BOOLEANS.map((n) => rows[n])),
        h('div.form-grid.form-grid-2',
          rows.spouse_name, rows.spouse_id_number, rows.inquiry_id, rows.destination_division, rows.destination_address),
        h('div.form-grid.form-grid-2',
          field(LABEL.effective_on, controls.effective_on, { hint: '不填为今天；不晚于今天' }),
          field(LABEL.documents, controls.documents, { hint: '可不填，最多 500 字，如：房产证、结婚证、居住证' }))),
      checklist),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));

  let timer = null;
  let serial = 0;
  let allowed = false;

  const info = () => KINDS[kind.value] || null;
  const visible = (name) => Boolean(info()) && info().fields.includes(name);

  /** Shows the fields of the chosen kind; the others are disabled (never sent). */
  function layout() {
    const k = info();
    for (const [name, row] of Object.entries(rows)) {
      const on = Boolean(k) && k.fields.includes(name);
      row.hidden = !on;
      for (const c of row.querySelectorAll('input, select, textarea')) c.disabled = !on || (name === 'inquiry_id' && !answered.length);
    }
    if (k) {
      for (const n of BOOLEANS) checks[n].setLabel(k.labels[n] || DEFAULT_LABELS[n]);
      for (const n of ['destination_division', 'destination_address']) {
        rows[n].querySelector('label').firstChild.textContent = k.labels[n] || LABEL[n];
        const hint = rows[n].querySelector('.field-hint');
        if (hint && k.hints && k.hints[n]) hint.textContent = k.hints[n];
      }
      intro.textContent = `${k.intro}办理后管理状态：${management(p.management)} → ${management(k.to)}。`;
      submit.textContent = k.confirm ? `${KIND_LABEL[kind.value]}…` : '办理转换';
    } else {
      submit.textContent = '办理';
    }
    intro.hidden = !k;
    checklist.hidden = !k;
  }

  /**
   * The request body from what is filled in; `full` adds what does not
   * bear on the conditions.  Values still being typed (a partial ID number
   * or code) are left out; wrong ones are shown at their field.
   */
  function body(full) {
    const b = { kind: kind.value };
    for (const n of BOOLEANS) if (visible(n)) b[n] = checks[n].control.checked;
    if (visible('spouse_name') && controls.spouse_name.value.trim()) b.spouse_name = controls.spouse_name.value.trim();
    if (visible('spouse_id_number')) {
      const text = controls.spouse_id_number.value.trim();
      const partial = text ? checkPartialIdNumber(text) : null;
      if (partial && !partial.ok) showFieldError(form, 'spouse_id_number', partial.message);
      else if (text.length >= 15) {
        const checked = checkIdNumber(text);
        if (checked.ok) b.spouse_id_number = checked.number;
        else if (full || text.length >= 18) showFieldError(form, 'spouse_id_number', checked.message);
      } else if (full && text) showFieldError(form, 'spouse_id_number', '公民身份号码应为18位（旧证15位），请核对位数');
    }
    if (visible('inquiry_id') && controls.inquiry_id.value) b.inquiry_id = Number(controls.inquiry_id.value);
    if (visible('destination_division')) {
      const code = controls.destination_division.value.trim();
      if (DIVISION.test(code)) b.destination_division = code;
      else if (code && (!/^\d+$/.test(code) || full || code.length >= 12)) {
        showFieldError(form, 'destination_division', '区划代码应为 6 位（县）、9 位（乡镇、街道）或 12 位（村、社区）数字');
      }
    }
    const on = controls.effective_on.value.trim();
    if (on && (!isDateOrEmpty(on) || on > todayText())) {
      if (full) showFieldError(form, 'effective_on', '办理日期应为真实日期（格式如 2026-11-29），且不晚于今天');
    } else if (on) b.effective_on = on;
    if (full) {
      if (visible('destination_address') && controls.destination_address.value.trim()) b.destination_address = controls.destination_address.value.trim();
      if (controls.documents.value.trim()) b.documents = controls.documents.value.trim();
    }
    return b;
  }

  /** Shows the conditions [{code, message, met}]; the submit button follows them. */
  function showConditions(list, ok) {
    replace(conditions, list.map((c) => h('li.condition', { class: c.met ? 'met' : 'unmet', dataset: { code: c.code, met: String(c.met) } },
      h('span.mark', { 'aria-hidden': 'true' }, c.met ? '✓' : '✗'),
      h('span.sr-only', c.met ? '已满足：' : '未满足：'),
      c.message)));
    const unmet = list.filter((c) => !c.met).length;
    allowed = ok && unmet === 0;
    checklist.classList.remove('checking', 'stale');
    summary.className = `checklist-summary ${allowed ? 'all-met' : 'some-unmet'}`;
    summary.textContent = allowed ? '全部条件已满足，可以办理。' : `尚有 ${unmet} 项条件未满足，满足后才能办理。`;
    submit.disabled = !allowed;
  }

  /** Asks the server (dry_run) which conditions the form meets now. */
  async function check() {
    timer = null;
    if (!info()) return;
    const mine = ++serial;
    clearFieldError(form, 'spouse_id_number');
    clearFieldError(form, 'destination_division');
    const b = body(false);
    submit.disabled = true;
    checklist.classList.add('checking');
    summary.textContent = '正在核对条件…';
    try {
      const r = (await post(`/persons/${p.id}/transitions`, { ...b, dry_run: true })).body;
      if (mine !== serial || !dialog.open) return;
      showConditions(r.conditions, r.allowed);
    } catch (err) {
      if (mine !== serial || err.status === 401) return;
      allowed = false;
      submit.disabled = true;
      checklist.classList.remove('checking');
      checklist.classList.add('stale');
      summary.className = 'checklist-summary some-unmet';
      if (err.field && showFieldError(form, err.field, err.message)) summary.textContent = '请先改正标红的栏目，再核对条件。';
      else summary.textContent = `无法核对条件：${err.message}`;
    }
  }

  function schedule(delay) {
    clearTimeout(timer);
    allowed = false;
    submit.disabled = true;
    if (!info()) return;
    checklist.classList.add('checking');
    timer = setTimeout(check, delay);
  }

  // What bears on the conditions: the kind, the boxes, the spouse, the inquiry, the place.
  const CONDITION_INPUTS = new Set(['spouse_name', 'spouse_id_number', 'destination_division']);
  form.addEventListener('input', (e) => {
    const name = e.target.name;
    if (!name) return;
    clearFieldError(form, name);
    replace(box);
    if (CONDITION_INPUTS.has(name)) schedule(CHECK_DELAY);
  });
  form.addEventListener('change', (e) => {
    const name = e.target.name;
    if (!name) return;
    clearFieldError(form, name);
    if (name === 'kind') {
      replace(conditions);
      layout();
    }
    if (name === 'kind' || name === 'inquiry_id' || BOOLEANS.includes(name)) schedule(0);
  });

  const back = () => {
    confirmPlace.hidden = true;
    form.hidden = false;
    kind.focus();
  };

  async function carryOut(b) {
    const k = info();
    try {
      const t = (await post(`/persons/${p.id}/transitions`, b)).body;
      finished(dialog, null, `已办理${t.kind_label}：管理状态 ${management(t.from_management)} → ${management(t.to_management)}。`,
        t.certificate_number ? [' 已签发移交用婚育证明 ', h('a.mono', { href: certificateHash(t.certificate_number) }, t.certificate_number), '。'] : '');
    } catch (err) {
      if (err.status === 401) return;
      if (k && k.confirm) back();
      if (err.conditions) showConditions(err.conditions, false);
      showApiError(form, box, err);
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!info()) {
      showFieldError(form, 'kind', '请选择转换种类');
      kind.focus();
      return;
    }
    if (!allowed || timer) return;
    clearErrors(form);
    replace(box);
    const b = body(true);
    if (form.querySelector('.field.has-error')) {
      replace(box, notice('error', '有栏目需要修改，请查看标红的栏目。'));
      form.querySelector('.field.has-error input, .field.has-error select, .field.has-error textarea')?.focus();
      return;
    }
    const k = info();
    if (k.confirm) {
      form.hidden = true;
      const where = b.destination_division ? `${k.labels.destination_division.replace('区划代码', '')}：${b.destination_division}${b.destination_address ? ` ${b.destination_address}` : ''}` : null;
      confirmStep(confirmPlace, {
        title: `确认为 ${p.name} 办理“${KIND_LABEL[b.kind]}”？`,
        lines: [
          `管理状态：${management(p.management)} → ${management(k.to)}。`,
          where,
          b.kind === 'handover' ? `同时签发移交用婚育证明（配偶 ${b.spouse_name}），本人不再作为流出人口管理。` : '本人不再在本市管理；回到本市时须办理“返回”。',
          '办理后不能撤销。',
        ],
        confirmLabel: `确认${KIND_LABEL[b.kind]}`,
        onBack: back,
        onConfirm: () => carryOut(b),
      });
      return;
    }
    const label = submit.textContent;
    submit.disabled = true;
    submit.textContent = '正在办理…';
    try {
      await carryOut(b);
    } finally {
      if (submit.isConnected) {
        submit.textContent = label;
        submit.disabled = !allowed;
      }
    }
  });

  layout();
  dialog = openDialog(`办理管理方式转换：${p.name}`, form, confirmPlace);
  dialog.classList.add('dialog-wide');
  dialog.addEventListener('close', () => clearTimeout(timer));
  return dialog;
}

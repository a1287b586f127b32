// certificates.js — what the person page and the certificate page share about
// marriage and childbearing certificates (婚育证明) and service contracts
// (管理服务合同书): state badges, the lists, the buttons each role may use
// in each state, and the dialogs behind them (issue, record an external
// certificate, hand out, replace, revoke).
//
// Buttons are offered by permission and state only as a convenience: the
// server checks every rule again and its refusal is shown in the dialog,
// next to the field it names.  Revoking and replacing ask for confirmation
// first (confirmStep): neither can be undone.

import { h, replace, select, notice } from './dom.js';
import { post } from './api.js';
import {
  field, clearErrors, clearFieldError, formValues, isDateOrEmpty, showApiError, showProblems, busy, dateInput, textInput,
} from './form.js';
import * as session from './session.js';
import { openDialog, confirmStep, finished } from './dialog.js';
import { checkIdNumber } from './idcard.js';
import {
  SEX, CERTIFICATE_FIELD_LABEL, CERTIFICATE_STATE, CONTRACT_STATE, LOSS_CAUSE, OWN_KINDS,
  valueLabel, todayText,
} from './labels.js';

export const MAX_CHILDREN = 10;

export const certificateHash = (number) => `#/certificates/${encodeURIComponent(number)}`;
export const printHash = (number) => `#/certificates/${encodeURIComponent(number)}/print`;
export const contractPrintHash = (contract) => `#/contracts/${contract.id}/print?person=${contract.person_id}`;

/** Married in the sense of GB/T 2261.2 (20 已婚, 21 初婚, 22 再婚, 23 复婚). */
export const isMarried = (code) => /^2\d$/.test(code || '');

/** The state as a coloured badge (the text is the label: colour is never the only sign). */
export function stateBadge(state, label) {
  return h(`span.badge.state-${state}`, { dataset: { state } }, label || CERTIFICATE_STATE[state] || state);
}

export function contractBadge(state, label) {
  return h(`span.badge.contract-${state}`, { dataset: { state } }, label || CONTRACT_STATE[state] || state);
}

/** The end of validity as the lists show it. */
export const validUntil = (c) => c.valid_until || '长期有效';

// --- lists ------------------------------------------------------------------

/**
 * The table of a person's certificates, newest first.  `holder` is the
 * person ({id, name}); `onChange` options go to the action buttons.
 */
export function certificatesTable(items, holder, options = {}) {
  if (!items.length) return h('p.muted.empty-list', '尚无婚育证明。');
  return h('table.grid.certificates-table',
    h('thead', h('tr', ['证明编号', '种类', '状态', '签发日期', '有效期至', '签发（出具）机关', '操作']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', items.map((c) => h('tr', { dataset: { number: c.number } },
      h('td.nowrap', h('a.mono', { href: certificateHash(c.number) }, c.number)),
      h('td', c.kind_label),
      h('td', stateBadge(c.state, c.state_label)),
      h('td.nowrap', c.issued_on),
      h('td.nowrap', validUntil(c)),
      h('td', c.issuer_name),
      h('td.row-actions', certificateButtons(c, holder, options))))));
}

/** The table of a person's service contracts; `certificates` name the certificate each came with. */
export function contractsTable(contracts, certificates) {
  if (!contracts.length) return h('p.muted.empty-list', '尚无管理服务合同书（办理临时婚育证明时签订）。');
  const numberOf = new Map(certificates.map((c) => [c.id, c.number]));
  const office = session.can('certificate.issue') || session.can('certificate.distribute');
  return h('table.grid.contracts-table',
    h('thead', h('tr', ['签订日期', '交验期限', '状态', '随签证明', '甲方', '操作'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', contracts.map((k) => {
      const number = numberOf.get(k.certificate_id);
      return h('tr', { dataset: { contract: String(k.id) } },
        h('td.nowrap', k.signed_on),
        h('td.nowrap', k.deadline),
        h('td', contractBadge(k.state, k.state_label), k.fulfilled_on ? h('span.muted.small', ` ${k.fulfilled_on}`) : null),
        h('td.nowrap', number ? h('a.mono', { href: certificateHash(number) }, number) : h('span.empty', '—')),
        h('td', k.office_division ? k.office_division.name : ''),
        h('td.row-actions', office
          ? h('a.button.small-button', { href: contractPrintHash(k), 'aria-label': `打印管理服务合同书（${k.signed_on}签订）` }, '打印')
          : h('span.empty', '—')));
    })));
}

// --- buttons -------------------------------------------------------------------

/**
 * The buttons for one certificate that the user's role may use in its
 * state.  Options: followReplacement (after 补发 go to the new certificate).
 */
export function certificateButtons(c, holder, options = {}) {
  const buttons = [];
  const label = (verb) => `${verb}${c.number}`;
  if (session.can('certificate.distribute') && c.state === 'issued' && c.kind !== 'external') {
    buttons.push(h('button.small-button', { type: 'button', 'aria-label': label('发放'), onclick: () => distributeDialog(c, holder) }, '发放'));
  }
  if (session.can('certificate.issue') && c.valid && OWN_KINDS.includes(c.kind)) {
    buttons.push(h('button.small-button', { type: 'button', 'aria-label': label('补发'), onclick: () => replaceDialog(c, holder, options) }, '补发'));
  }
  if (session.can('certificate.issue') && (c.state === 'issued' || c.state === 'distributed')) {
    buttons.push(h('button.small-button.danger-quiet', { type: 'button', 'aria-label': label('注销'), onclick: () => revokeDialog(c, holder) }, '注销'));
  }
  // Printing is the offices' work (the ones who issue or hand out), not that of every reader.
  const office = session.can('certificate.issue') || session.can('certificate.distribute');
  if (office && c.valid && OWN_KINDS.includes(c.kind)) {
    buttons.push(h('a.button.small-button', { href: printHash(c.number), 'aria-label': label('打印') }, '打印'));
  }
  return buttons.length ? buttons : h('span.empty', '—');
}

/**
 * The buttons to issue or record a certificate for person `p`, given what
 * the person holds (`certificates`).  Returns [buttons, hints].
 */
export function issueButtons(p, certificates) {
  const floating = p.management === 'floating';
  const validHeld = certificates.filter((c) => c.valid);
  const buttons = [];
  const hints = [];
  if (session.can('certificate.issue') && p.flow === 'outflow' && floating) {
    const held = validHeld.find((c) => c.kind === 'standard');
    if (held) hints.push(`已持有有效的婚育证明 ${held.number}；遗失或损坏请办理补发。`);
    else buttons.push(h('button.primary#issue-standard', { type: 'button', onclick: () => issueDialog(p, 'standard') }, '签发婚育证明'));
  }
  if (session.can('certificate.issue') && p.flow === 'inflow' && floating) {
    const held = validHeld[0];
    if (held) hints.push(`已持有有效的${held.kind_label} ${held.number}，无需办理临时婚育证明。`);
    else buttons.push(h('button.primary#issue-temporary', { type: 'button', onclick: () => issueDialog(p, 'temporary') }, '办理临时婚育证明'));
  }
  if (session.can('certificate.distribute') && p.flow === 'inflow') {
    buttons.push(h('button#record-external', { type: 'button', onclick: () => externalDialog(p) }, '登记外地婚育证明'));
  }
  return [buttons, hints];
}

// --- shared pieces of the dialogs ------------------------------------------------

/** Checks the dates named in `names` (when filled); pushes problems. */
function checkDates(values, names, problems) {
  for (const name of names) {
    if (!isDateOrEmpty(values[name])) problems.push([name, `${CERTIFICATE_FIELD_LABEL[name]}应为真实日期，格式如 2026-11-29`]);
  }
}

/** Whose certificate: name, ID number, marital status (from the file). */
function holderFacts(p) {
  return h('dl.facts.holder-facts',
    h('dt', '持证人'), h('dd', p.name),
    p.id_number ? [h('dt', '身份号码'), h('dd.mono', p.id_number)] : null,
    p.marital_status !== undefined ? [h('dt', '婚姻状况'), h('dd', valueLabel('marital_status', p.marital_status) || h('span.empty', '未填写'), h('span.muted.small', '（取自档案）'))] : null);
}

/**
 * Rows of children (name, sex, birth date), added and removed with buttons.
 * values() gives the API's [{name, sex, birth_date}]; check() the first
 * problem or null.  The block is the field "children" for error messages.
 */
function childrenEditor() {
  const rows = h('tbody');
  const add = h('button.small-button#add-child', { type: 'button' }, '添加子女');
  const error = h('p.field-error#f-children-error', { hidden: true });
  const table = h('table.grid.children-editor', { hidden: true },
    h('thead', h('tr', ['序号', '姓名', '性别', '出生日期', ''].map((t) => h('th', { scope: 'col' }, t)))),
    rows);
  const empty = h('p.muted.small.children-empty', '未填写子女。没有子女可不填。');
  const block = h('div.field.children-field', { dataset: { field: 'children' } },
    h('span.label', '子女情况'), error, empty, table,
    h('div.actions', add, h('span.muted.small', `最多 ${MAX_CHILDREN} 个`)));

  function renumber() {
    const list = [...rows.children];
    list.forEach((tr, i) => {
      tr.querySelector('.child-no').textContent = String(i + 1);
      tr.querySelector('[data-part="name"]').setAttribute('aria-label', `第${i + 1}个子女姓名`);
      tr.querySelector('[data-part="sex"]').setAttribute('aria-label', `第${i + 1}个子女性别`);
      tr.querySelector('[data-part="birth_date"]').setAttribute('aria-label', `第${i + 1}个子女出生日期`);
      tr.querySelector('.remove-child').setAttribute('aria-label', `删除第${i + 1}个子女`);
    });
    table.hidden = list.length === 0;
    empty.hidden = list.length > 0;
    add.disabled = list.length >= MAX_CHILDREN;
  }

  add.addEventListener('click', () => {
    if (rows.children.length >= MAX_CHILDREN) return;
    const name = h('input', { dataset: { part: 'name' }, maxlength: 40, autocomplete: 'off' });
    const tr = h('tr.child-row',
      h('td.child-no.num'),
      h('td', name),
      h('td', select({ dataset: { part: 'sex' } }, Object.entries(SEX), { empty: '请选择' })),
      h('td', dateInput(null, { dataset: { part: 'birth_date' }, name: null })),
      h('td', h('button.small-button.remove-child', {
        type: 'button',
        onclick: () => {
          const next = tr.nextElementSibling || tr.previousElementSibling;
          tr.remove();
          renumber();
          clearFieldError(block.closest('form'), 'children');
          (next ? next.querySelector('input') : add).focus();
        },
      }, '删除')));
    rows.append(tr);
    renumber();
    name.focus();
  });

  const part = (tr, p) => tr.querySelector(`[data-part="${p}"]`).value.trim();
  return {
    element: block,
    firstControl: () => rows.querySelector('input, select') || add,
    values: () => [...rows.children].map((tr) => ({ name: part(tr, 'name'), sex: part(tr, 'sex'), birth_date: part(tr, 'birth_date') })),
    check() {
      const list = this.values();
      for (let i = 0; i < list.length; i++) {
        const c = list[i];
        if (!c.name) return `请填写第${i + 1}个子女的姓名，或删除这一行`;
        if (!c.sex) return `请选择第${i + 1}个子女的性别`;
        if (!c.birth_date || !isDateOrEmpty(c.birth_date)) return `第${i + 1}个子女的出生日期应为真实日期，格式如 2019-06-01`;
        if (c.birth_date > todayText()) return `第${i + 1}个子女的出生日期不能晚于今天`;
      }
      return null;
    },
  };
}

/** The spouse's name and ID number; the name is required for an issue to a married person. */
function spouseFields(required) {
  const name = textInput('spouse_name', { maxlength: 40 });
  const number = textInput('spouse_id_number', { maxlength: 18, spellcheck: 'false', class: 'mono' });
  return {
    controls: { spouse_name: name, spouse_id_number: number },
    element: h('div.form-grid.form-grid-2',
      field(CERTIFICATE_FIELD_LABEL.spouse_name, name, { required }),
      field(CERTIFICATE_FIELD_LABEL.spouse_id_number, number, { hint: '可不填；填写时须为有效号码' })),
  };
}

/** Checks the spouse fields; returns the number to send (upgraded from 15 digits). */
function checkSpouse(values, required, problems) {
  if (required && !values.spouse_name) problems.push(['spouse_name', '档案婚姻状况为已婚，请填写配偶姓名']);
  if (values.spouse_id_number) {
    const checked = checkIdNumber(values.spouse_id_number);
    if (!checked.ok) problems.push(['spouse_id_number', checked.message]);
    else values.spouse_id_number = checked.number;
  }
}

/** The request body: the filled values of `names`, and the children if any. */
function bodyOf(values, names, children) {
  const body = {};
  for (const n of names) if (values[n]) body[n] = values[n];
  if (children.length) body.children = children;
  return body;
}

// --- issue (standard or temporary) ---------------------------------------------------

/** 签发婚育证明 (kind standard) or 办理临时婚育证明 (kind temporary, with a contract). */
export function issueDialog(p, kind) {
  const temporary = kind === 'temporary';
  const married = isMarried(p.marital_status);
  const spouse = spouseFields(married);
  const kids = childrenEditor();
  const issuedOn = dateInput('issued_on', { placeholder: todayText() });
  const deadline = dateInput('contract_deadline');
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit', disabled: !p.marital_status }, temporary ? '签发并签订合同' : '签发');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    notice('info', temporary
      ? '临时婚育证明免费办理，自签发日起有效 3 个月，同时与本人签订《流动人口计划生育管理服务合同书》，约定交验户籍地婚育证明的期限。'
      : '婚育证明免费办理，由本镇（街道）签发，交社区（村）发放给本人。'),
    holderFacts(p),
    p.marital_status ? null : notice('warning', '档案中尚未填写婚姻状况，不能办理。请先',
      h('a', { href: `#/persons/${p.id}/edit`, onclick: () => dialog.close() }, '修改档案'), '补全婚姻状况。'),
    married ? spouse.element : null,
    kids.element,
    h('div.form-grid.form-grid-2',
      field(CERTIFICATE_FIELD_LABEL.issued_on, issuedOn, { hint: '不填为今天；不能晚于今天' }),
      temporary ? field(CERTIFICATE_FIELD_LABEL.contract_deadline, deadline, { hint: '不填为临时证明到期日；须在签发日与到期日之间' }) : null),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  const focusFor = { children: kids.firstControl() };
  form.addEventListener('input', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const values = formValues(form);
    const problems = [];
    if (married) checkSpouse(values, true, problems);
    const kidProblem = kids.check();
    if (kidProblem) problems.push(['children', kidProblem]);
    checkDates(values, ['issued_on', 'contract_deadline'], problems);
    focusFor.children = kids.firstControl();
    if (!showProblems(form, box, problems, focusFor)) return;
    const body = { kind, ...bodyOf(values, ['spouse_name', 'spouse_id_number', 'issued_on', 'contract_deadline'], kids.values()) };
    await busy(submit, '正在签发…', async () => {
      try {
        const c = (await post(`/persons/${p.id}/certificates`, body)).body;
        const printLinks = [' ', h('a', { href: printHash(c.number) }, '打印证明')];
        if (c.contract) {
          finished(dialog, null, `已签发临时婚育证明 ${c.number}（有效期至 ${c.valid_until}），并签订管理服务合同书（交验期限 ${c.contract.deadline}）。`,
            printLinks, ' ', h('a', { href: contractPrintHash(c.contract) }, '打印合同书'));
        } else {
          finished(dialog, null, `已签发婚育证明 ${c.number}（${c.valid_until ? `有效期至 ${c.valid_until}` : '长期有效'}），请交社区（村）发放。`, printLinks);
        }
      } catch (err) {
        if (err.status !== 401) showApiError(form, box, err, focusFor);
      }
    });
  });
  dialog = openDialog(temporary ? `办理临时婚育证明：${p.name}` : `签发婚育证明：${p.name}`, form);
  return dialog;
}

// --- record an external certificate -------------------------------------------------

/** 登记外地婚育证明: a certificate the hukou place issued, brought by an inflow person. */
export function externalDialog(p) {
  const married = isMarried(p.marital_status);
  const spouse = spouseFields(false);
  const kids = childrenEditor();
  const c = {
    number: textInput('number', { maxlength: 40, spellcheck: 'false', class: 'mono' }),
    issuer_name: textInput('issuer_name', { maxlength: 60 }),
    issued_on: dateInput('issued_on'),
    valid_until: dateInput('valid_until'),
  };
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '登记');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    notice('info', '照证明原件登记。登记后，本人履行中的管理服务合同书即为已履行。'),
    holderFacts(p),
    h('div.form-grid.form-grid-2',
      field(CERTIFICATE_FIELD_LABEL.number, c.number, { required: true, hint: '证明上的编号：字母、数字或短横线' }),
      field('出具机关', c.issuer_name, { required: true, hint: '如：河南省郑州市中原区建设路街道办事处' }),
      field(CERTIFICATE_FIELD_LABEL.issued_on, c.issued_on, { required: true, hint: '格式 YYYY-MM-DD' }),
      field(CERTIFICATE_FIELD_LABEL.valid_until, c.valid_until, { hint: '证明上没有写明的不填（长期有效）' })),
    married ? spouse.element : null,
    kids.element,
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  const focusFor = {};
  form.addEventListener('input', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const values = formValues(form);
    const problems = [];
    if (!values.number) problems.push(['number', '请填写证明上的编号']);
    else if (!/^[A-Za-z0-9-]{1,40}$/.test(values.number)) problems.push(['number', '编号只能由字母、数字和短横线组成，最多 40 个']);
    if (!values.issuer_name) problems.push(['issuer_name', '请填写出具机关']);
    if (!values.issued_on) problems.push(['issued_on', '请填写证明上的签发日期']);
    checkDates(values, ['issued_on', 'valid_until'], problems);
    if (married) checkSpouse(values, false, problems);
    const kidProblem = kids.check();
    if (kidProblem) problems.push(['children', kidProblem]);
    focusFor.children = kids.firstControl();
    if (!showProblems(form, box, problems, focusFor)) return;
    const body = bodyOf(values, ['number', 'issuer_name', 'issued_on', 'valid_until', 'spouse_name', 'spouse_id_number'], kids.values());
    await busy(submit, '正在登记…', async () => {
      try {
        const r = (await post(`/persons/${p.id}/certificates/external`, body)).body;
        finished(dialog, null, `已登记外地出具的婚育证明 ${r.number}（${r.issuer_name}）。`);
      } catch (err) {
        if (err.status !== 401) showApiError(form, box, err, focusFor);
      }
    });
  });
  dialog = openDialog(`登记外地婚育证明：${p.name}`, form);
  return dialog;
}

// --- hand out -----------------------------------------------------------------------

/** 发放: who received the certificate, and when. */
export function distributeDialog(c, holder) {
  const receivedBy = textInput('received_by', { maxlength: 40, value: holder.name });
  const on = dateInput('distributed_on', { placeholder: todayText() });
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '确认发放');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    h('dl.facts.holder-facts',
      h('dt', '证明'), h('dd', c.kind_label, ' ', h('span.mono', c.number)),
      h('dt', '持证人'), h('dd', holder.name),
      h('dt', '有效期'), h('dd', `${c.issued_on} 至 ${validUntil(c)}`)),
    h('div.form-grid.form-grid-2',
      field(CERTIFICATE_FIELD_LABEL.received_by, receivedBy, { required: true, hint: '本人领取即为本人姓名；代领请填代领人' }),
      field(CERTIFICATE_FIELD_LABEL.distributed_on, on, { hint: '不填为今天；不早于签发日期' })),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  form.addEventListener('input', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const values = formValues(form);
    const problems = [];
    if (!values.received_by) problems.push(['received_by', '请填写领取人']);
    checkDates(values, ['distributed_on'], problems);
    if (!showProblems(form, box, problems)) return;
    await busy(submit, '正在提交…', async () => {
      try {
        const r = (await post(`/certificates/${encodeURIComponent(c.number)}/distribution`, bodyOf(values, ['received_by', 'distributed_on'], []))).body;
        finished(dialog, null, `证明 ${r.number} 已发放，领取人 ${r.received_by}，发放日期 ${r.distributed_on}。`);
      } catch (err) {
        if (err.status !== 401) showApiError(form, box, err);
      }
    });
  });
  dialog = openDialog('发放婚育证明', form);
  receivedBy.select();
  return dialog;
}

// --- revoke and replace: each with a confirmation step --------------------------------

/** 注销: a reason, then confirmation; the certificate stops being valid at once. */
export function revokeDialog(c, holder) {
  const reason = textInput('reason', { maxlength: 100 });
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const confirmPlace = h('div.confirm-place', { hidden: true });
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    notice('warning', '注销后该证明立即失效，查验时显示“已注销”。注销不能撤销。'),
    h('dl.facts.holder-facts',
      h('dt', '证明'), h('dd', c.kind_label, ' ', h('span.mono', c.number)),
      h('dt', '持证人'), h('dd', holder.name),
      h('dt', '状态'), h('dd', stateBadge(c.state, c.state_label))),
    field(CERTIFICATE_FIELD_LABEL.reason, reason, { required: true, hint: '2 到 100 个字，如：持证人已返回户籍地' }),
    box,
    h('div.actions.form-actions', h('button.danger', { type: 'submit' }, '注销…'), h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
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
    const problems = [];
    if ([...text].length < 2) problems.push(['reason', '请填写注销原因（2 到 100 个字）']);
    if (!showProblems(form, box, problems)) return;
    form.hidden = true;
    confirmStep(confirmPlace, {
      title: `确认注销${c.kind_label} ${c.number}？`,
      lines: [`持证人：${holder.name}`, `注销原因：${text}`, '注销后不能恢复。'],
      confirmLabel: '确认注销',
      onBack: back,
      onConfirm: async () => {
        try {
          const r = (await post(`/certificates/${encodeURIComponent(c.number)}/revocation`, { reason: text })).body;
          finished(dialog, null, `证明 ${r.number} ${r.state_label}。`);
        } catch (err) {
          if (err.status === 401) return;
          back();
          showApiError(form, box, err);
        }
      },
    });
  });
  dialog = openDialog('注销婚育证明', form, confirmPlace);
  return dialog;
}

/** 补发: cause (lost or damaged) and a note, then confirmation; the old one is void. */
export function replaceDialog(c, holder, { followReplacement = false } = {}) {
  const cause = select({ name: 'cause', value: '' }, LOSS_CAUSE, { empty: '请选择' });
  const note = textInput('note', { maxlength: 100 });
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const confirmPlace = h('div.confirm-place', { hidden: true });
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    notice('warning', '补发的新证明取新编号，内容和有效期与原证相同；原证明随即作废（已补发换证），不能恢复。'),
    h('dl.facts.holder-facts',
      h('dt', '原证明'), h('dd', c.kind_label, ' ', h('span.mono', c.number)),
      h('dt', '持证人'), h('dd', holder.name),
      h('dt', '有效期'), h('dd', `${c.issued_on} 至 ${validUntil(c)}`)),
    h('div.form-grid.form-grid-2',
      field(CERTIFICATE_FIELD_LABEL.cause, cause, { required: true }),
      field(CERTIFICATE_FIELD_LABEL.note, note, { hint: '可不填，如：2026年11月在火车站遗失' })),
    box,
    h('div.actions.form-actions', h('button.danger', { type: 'submit' }, '补发…'), h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  form.addEventListener('change', () => clearFieldError(form, 'cause'));
  const back = () => {
    confirmPlace.hidden = true;
    form.hidden = false;
    cause.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const values = formValues(form);
    const problems = [];
    if (!values.cause) problems.push(['cause', '请选择补发原因（遗失或损坏）']);
    if (!showProblems(form, box, problems)) return;
    const causeLabel = Object.fromEntries(LOSS_CAUSE)[values.cause];
    form.hidden = true;
    confirmStep(confirmPlace, {
      title: `确认补发${c.kind_label}？`,
      lines: [`原证明 ${c.number}（持证人 ${holder.name}）因${causeLabel}补发，原证明随即作废。`, values.note ? `说明：${values.note}` : null, '补发后不能撤销。'],
      confirmLabel: '确认补发',
      onBack: back,
      onConfirm: async () => {
        try {
          const r = (await post(`/certificates/${encodeURIComponent(c.number)}/replacement`, bodyOf(values, ['cause', 'note'], []))).body;
          finished(dialog, followReplacement ? certificateHash(r.number) : null,
            `已补发新证明 ${r.number}，原证明 ${c.number} 已作废。`, ' ', h('a', { href: printHash(r.number) }, '打印新证明'));
        } catch (err) {
          if (err.status === 401) return;
          back();
          showApiError(form, box, err);
        }
      },
    });
  });
  dialog = openDialog('补发婚育证明', form, confirmPlace);
  return dialog;
}

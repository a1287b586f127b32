// pages/reports.js — 现场报告 (policy §6(3), §2(2)):
//   #/reports?state=&kind=  reporters see their own reports, the town (street)
//                           and city offices the reports sent to them;
//   #/reports/new           提交报告: kind, community, description, and
//                           optionally the person (by ID number, for roles
//                           that may read files) and the home concerned;
//   #/reports/12            one report: 核实 (a move-in may carry the
//                           person's fields: the file is created or moved
//                           in the same step) and 办结 with the outcome.

import { h, replace, select, notice } from '../dom.js';
import { get, post } from '../api.js';
import {
  field, showError, clearErrors, clearFieldError, formValues, isDateOrEmpty, showApiError, showProblems, busy,
  dateInput, textInput, textArea,
} from '../form.js';
import * as session from '../session.js';
import { navigate, setFlash, hashQuery, hashWithQuery } from '../nav.js';
import { openDialog, confirmStep, finished } from '../dialog.js';
import { FIELD_LABEL, FLOW, ETHNICITY, MARITAL_STATUS, dateTime } from '../labels.js';
import {
  REPORT_KIND, REPORT_STATE, REPORT_FIELD_LABEL as LABEL, ID_NUMBER, labelOf, divisionCell, ownCommunity,
  personByIdNumber, personLink, pager,
} from '../fieldwork.js';

export const reportHash = (id) => `#/reports/${id}`;

export async function render(view, ctx) {
  if (!session.can('report.create') && !session.can('report.handle')) {
    ctx.setTitle('无权访问');
    replace(view, h('h1', '无权访问'), notice('warning', '您的角色不能使用此页面。', h('a', { href: '#/' }, '返回首页')));
    return;
  }
  if (ctx.mode === 'new') return renderNew(view, ctx);
  if (ctx.mode === 'report') return renderReport(view, ctx);
  return renderList(view, ctx);
}

function stateBadge(r) {
  return h(`span.badge.report-${r.state}`, { dataset: { state: r.state } }, r.state_label || labelOf(REPORT_STATE, r.state));
}

// --- the list -------------------------------------------------------------------

async function renderList(view, ctx) {
  ctx.setTitle('现场报告');
  const handler = session.can('report.handle');
  const q = hashQuery();
  const state = REPORT_STATE.some(([s]) => s === q.get('state')) ? q.get('state') : '';
  const kind = REPORT_KIND.some(([k]) => k === q.get('kind')) ? q.get('kind') : '';
  const c = {
    state: select({ name: 'state', value: state }, REPORT_STATE, { empty: '全部' }),
    kind: select({ name: 'kind', value: kind }, REPORT_KIND, { empty: '全部' }),
  };
  const box = h('div.form-message');
  const form = h('form.search-form', { role: 'search', novalidate: true },
    h('div.search-grid', field('状态', c.state), field(LABEL.kind, c.kind)),
    h('div.actions',
      h('button.primary', { type: 'submit' }, '查询'),
      h('button', { type: 'button', onclick: () => navigate('#/reports') }, '清空条件'),
      h('span.muted.small', handler ? '报给本单位（管辖范围内各镇、街道）的现场报告，新的在前。' : '您本人提交的现场报告，新的在前；办结后可看到办理结果。')),
    box);
  for (const s of [c.state, c.kind]) s.addEventListener('change', () => form.requestSubmit());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(hashWithQuery('#/reports', formValues(form)));
  });
  const results = h('section.results', { 'aria-live': 'polite' });
  replace(view,
    h('div.page-head', h('h1', handler ? '现场报告' : '我的现场报告'),
      session.can('report.create') ? h('a.button.primary#new-report', { href: '#/reports/new' }, '提交报告') : null),
    h('section.panel', form), results);

  const cursors = [null];
  async function show(page) {
    replace(results, h('p.muted', '正在查询…'));
    let r;
    try {
      r = (await get('/field-reports', { state, kind, cursor: cursors[page] })).body;
    } catch (e) {
      replace(results);
      if (e.status !== 401) showError(form, box, e);
      return;
    }
    cursors[page + 1] = r.next_cursor;
    if (!r.items.length) {
      replace(results, notice('info', page ? '没有更多报告了。' : '没有符合条件的现场报告。'));
      return;
    }
    replace(results,
      h('div.results-head', h('h2', '报告'), h('span.muted', `第 ${page + 1} 页，本页 ${r.items.length} 份`)),
      h('table.grid.reports-table',
        h('thead', h('tr', ['编号', '类别', '发生地', '情况说明', '报告人', '报告时间', '状态'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', r.items.map((x) => h('tr', { dataset: { report: String(x.id), state: x.state } },
          h('td.num', h('a', { href: reportHash(x.id) }, String(x.id))),
          h('td.nowrap', x.kind_label || labelOf(REPORT_KIND, x.kind)),
          divisionCell(x.community),
          h('td', h('a', { href: reportHash(x.id) }, excerpt(x.description))),
          h('td', x.reporter ? x.reporter.username : ''),
          h('td.nowrap', dateTime(x.received_at)),
          h('td', stateBadge(x)))))),
      pager(page, r.next_cursor, show));
  }
  await show(0);
}

const excerpt = (text) => ([...text].length > 40 ? [...text].slice(0, 40).join('') + '…' : text);

// --- 提交报告 ---------------------------------------------------------------------

async function renderNew(view, ctx) {
  ctx.setTitle('提交现场报告');
  if (!session.can('report.create')) {
    replace(view, h('h1', '无权访问'), notice('warning', '您的角色不能提交现场报告。'));
    return;
  }
  const byNumber = session.can('person.read');
  const homes = session.can('housing.read');
  const c = {
    kind: select({ name: 'kind', value: '' }, REPORT_KIND, { empty: '请选择' }),
    community: textInput('community', { value: ownCommunity(), maxlength: 12, inputmode: 'numeric', class: 'mono' }),
    description: textArea('description', { maxlength: 500, rows: 4 }),
    id_number: byNumber ? textInput('id_number', { maxlength: 18, class: 'mono', spellcheck: 'false' }) : null,
    home_id: homes ? select({ name: 'home_id', value: '' }, [], { empty: '（不涉及房屋）' }) : null,
  };
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '提交报告');
  const form = h('form.panel', { novalidate: true },
    notice('info', '报告按发生地报给所在的镇（街道）计生办，由其核实、办结；办理结果可在“我的现场报告”中查看。'),
    h('div.form-grid',
      field(LABEL.kind, c.kind, { required: true }),
      field(LABEL.community, c.community, { required: true, hint: '12 位社区（村）代码，须在您的管辖范围内' }),
      homes ? field(LABEL.home_id, c.home_id, { hint: '您可查看的、该社区的出租房屋' }) : null,
      byNumber ? field('所涉人员公民身份号码', c.id_number, { hint: '可不填；须为管辖范围内已有档案的人员' }) : null),
    field(LABEL.description, c.description, {
      required: true,
      hint: byNumber ? '2–500 字：何时、何处、何人、何事' : '2–500 字：何时、何处、何人（姓名、来自何地）、何事。身份号码等由镇（街道）核实时登记',
    }),
    box,
    h('div.actions.form-actions', submit, h('a.button', { href: '#/reports' }, '取消')));
  form.addEventListener('input', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('change', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });

  // The homes of the community chosen (those the user may see).
  let loaded = null;
  async function loadHomes() {
    const community = c.community.value.trim();
    if (!homes || community === loaded || !/^\d{12}$/.test(community)) return;
    loaded = community;
    try {
      const r = (await get('/homes', { community, limit: 63 })).body;
      replace(c.home_id, h('option', { value: '' }, '（不涉及房屋）'), r.items.map((x) => h('option', { value: String(x.id) }, `${x.address}（编号 ${x.id}）`)));
    } catch (e) {
      if (e.status !== 401) replace(c.home_id, h('option', { value: '' }, '（房屋暂时无法读取）'));
    }
  }
  if (homes) c.community.addEventListener('change', loadHomes);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const v = formValues(form);
    const problems = [];
    if (!v.kind) problems.push(['kind', '请选择报告类别']);
    if (!/^\d{12}$/.test(v.community)) problems.push(['community', '请填写 12 位社区（村）区划代码']);
    if (byNumber && v.id_number && !ID_NUMBER.test(v.id_number)) problems.push(['id_number', '请填写 18 位公民身份号码，或不填']);
    const n = [...v.description].length;
    if (n < 2 || n > 500) problems.push(['description', '情况说明应为 2–500 字']);
    if (!showProblems(form, box, problems)) return;
    const body = { kind: v.kind, community: v.community, description: v.description };
    if (v.home_id) body.home_id = Number(v.home_id);
    await busy(submit, '正在提交…', async () => {
      try {
        if (byNumber && v.id_number) {
          const p = await personByIdNumber(v.id_number);
          if (!p) {
            showProblems(form, box, [['id_number', '管辖范围内没有该身份号码的档案；可不填，在情况说明中写明']]);
            return;
          }
          body.person_id = p.id;
        }
        const r = (await post('/field-reports', body)).body;
        setFlash('success', `已提交现场报告（编号 ${r.id}），报给${r.office_division.name}。`);
        navigate(reportHash(r.id));
      } catch (err) {
        if (err.status === 401) return;
        if (err.field === 'person_id' && byNumber) err.field = 'id_number';
        showApiError(form, box, err);
      }
    });
  });
  replace(view, h('h1', '提交现场报告'), form);
  c.kind.focus();
  loadHomes();
}

// --- one report -------------------------------------------------------------------

async function renderReport(view, ctx) {
  const id = ctx.params[0];
  ctx.setTitle(`现场报告 ${id}`);
  let r;
  try {
    r = (await get(`/field-reports/${id}`)).body;
  } catch (e) {
    if (e.status !== 404) throw e;
    replace(view, h('h1', '报告不存在'), notice('warning', e.message, '（或不是报给您单位、不是您提交的）。'), h('p', h('a', { href: '#/reports' }, '返回现场报告')));
    return;
  }
  const handler = session.can('report.handle');
  const changed = (r.changed_records || '').split(/[,\s]+/).filter(Boolean).map((x) => {
    const [what, num] = x.split(':');
    return what === 'person' ? personLink(num, `档案 ${num}`) : x;
  });
  const buttons = [];
  if (handler && r.state === 'received') buttons.push(h('button.primary#verify-report', { type: 'button', onclick: () => verifyDialog(r) }, '核实'));
  if (handler && r.state !== 'closed') buttons.push(h('button#close-report', { type: 'button', onclick: () => closeDialog(r) }, '办结'));
  replace(view,
    h('div.page-head', h('h1', `现场报告 ${r.id}：${r.kind_label}`, ' ', stateBadge(r)), h('a.button', { href: '#/reports' }, '返回列表')),
    h('section.panel.report-facts',
      h('dl.facts',
        h('dt', LABEL.kind), h('dd', r.kind_label),
        h('dt', LABEL.community), h('dd', r.community.name, ' ', h('span.code', r.community.code)),
        h('dt', '报给'), h('dd', r.office_division.name),
        h('dt', '报告人'), h('dd', r.reporter ? r.reporter.username : ''),
        h('dt', '报告时间'), h('dd', dateTime(r.received_at)),
        h('dt', LABEL.description), h('dd.report-description', r.description),
        h('dt', LABEL.person_id), h('dd', r.person_id ? personLink(r.person_id, `档案 ${r.person_id}`) : h('span.empty', '未指明')),
        h('dt', LABEL.home_id), h('dd', r.home_id ? (session.can('housing.read') ? h('a', { href: `#/homes/${r.home_id}` }, `房屋 ${r.home_id}`) : `房屋 ${r.home_id}`) : h('span.empty', '未指明')),
        h('dt', '状态'), h('dd', stateBadge(r)),
        r.verified_at ? [h('dt', '核实时间'), h('dd', dateTime(r.verified_at))] : null,
        changed.length ? [h('dt', '核实时改动'), h('dd.changed-records', changed.flatMap((x, i) => (i ? ['，', x] : [x])))] : null,
        r.closed_at ? [h('dt', '办结时间'), h('dd', dateTime(r.closed_at))] : null,
        h('dt', LABEL.outcome), h('dd.report-outcome', r.outcome || h('span.empty', '尚未办结'))),
      buttons.length ? h('div.actions', buttons) : null));
}

const PERSON_FIELDS = ['id_number', 'name', 'flow', 'hukou_division', 'hukou_address', 'residence_division', 'residence_address',
  'arrival_date', 'ethnicity', 'marital_status', 'phone'];

/** 核实: a move-in may carry the person's fields (the file is created, or its residence moved). */
function verifyDialog(r) {
  const moveIn = r.kind === 'move_in';
  const c = moveIn ? {
    id_number: textInput('id_number', { maxlength: 18, class: 'mono', spellcheck: 'false' }),
    name: textInput('name', { maxlength: 40 }),
    flow: select({ name: 'flow', value: 'inflow' }, FLOW),
    hukou_division: textInput('hukou_division', { maxlength: 12, inputmode: 'numeric', class: 'mono' }),
    hukou_address: textInput('hukou_address', { maxlength: 80 }),
    residence_division: textInput('residence_division', { maxlength: 12, inputmode: 'numeric', class: 'mono', value: r.community.code }),
    residence_address: textInput('residence_address', { maxlength: 80 }),
    arrival_date: dateInput('arrival_date'),
    ethnicity: select({ name: 'ethnicity', value: '' }, ETHNICITY, { empty: '（未填写）' }),
    marital_status: select({ name: 'marital_status', value: '' }, MARITAL_STATUS, { empty: '（未填写）' }),
    phone: textInput('phone', { maxlength: 20, class: 'mono', inputmode: 'tel' }),
  } : null;
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '确认核实');
  let dialog;
  const form = h('form.dialog-form.verify-form', { novalidate: true },
    h('dl.facts.holder-facts',
      h('dt', '报告'), h('dd', `编号 ${r.id}，${r.kind_label}，${r.community.name}`),
      h('dt', LABEL.description), h('dd', r.description)),
    moveIn ? [
      notice('info', '填写入住人员的身份号码即同时登记：已有档案的，只把现居住地改为这里；没有档案的，按下列信息登记新档案（姓名、流动类型、户籍地必填）。不填身份号码则只核实报告。'),
      h('fieldset',
        h('legend', '入住人员'),
        h('div.form-grid',
          field(FIELD_LABEL.id_number, c.id_number),
          field(FIELD_LABEL.name, c.name),
          field(FIELD_LABEL.flow, c.flow),
          field(FIELD_LABEL.hukou_division, c.hukou_division, { hint: '6 位（县）至 12 位区划代码' }),
          field(FIELD_LABEL.hukou_address, c.hukou_address, { span: 2 }),
          field(FIELD_LABEL.residence_division, c.residence_division, { hint: '默认为报告的社区' }),
          field(FIELD_LABEL.residence_address, c.residence_address, { span: 2 }),
          field(FIELD_LABEL.arrival_date, c.arrival_date),
          field(FIELD_LABEL.ethnicity, c.ethnicity),
          field(FIELD_LABEL.marital_status, c.marital_status),
          field(FIELD_LABEL.phone, c.phone))),
    ] : notice('info', '确认报告的情况属实。核实后仍须办结（写明办理结果）。'),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  form.addEventListener('input', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const v = formValues(form);
    const body = {};
    if (moveIn && v.id_number) {
      const problems = [];
      if (!ID_NUMBER.test(v.id_number)) problems.push(['id_number', '请填写 18 位公民身份号码']);
      if (v.residence_division && !/^\d{12}$/.test(v.residence_division)) problems.push(['residence_division', '请填写 12 位社区（村）代码']);
      if (v.hukou_division && !/^\d{6}(\d{3}){0,2}$/.test(v.hukou_division)) problems.push(['hukou_division', '请填写 6、9 或 12 位区划代码']);
      if (!isDateOrEmpty(v.arrival_date)) problems.push(['arrival_date', '日期格式如 2026-11-29']);
      if (!showProblems(form, box, problems)) return;
      body.person = {};
      for (const name of PERSON_FIELDS) if (v[name]) body.person[name] = name === 'id_number' ? v[name].toUpperCase() : v[name];
    } else if (moveIn) {
      const others = PERSON_FIELDS.filter((n) => n !== 'residence_division' && n !== 'flow' && v[n]);
      if (others.length && !showProblems(form, box, [['id_number', '填写了入住人员信息时，须填写其公民身份号码']])) return;
    }
    await busy(submit, '正在核实…', async () => {
      try {
        const x = (await post(`/field-reports/${r.id}/verification`, body)).body;
        const person = (x.changed_records || '').match(/person:(\d+)/);
        finished(dialog, null, `现场报告 ${x.id} 已核实。`,
          person ? [' 入住人员档案：', h('a', { href: `#/persons/${person[1]}` }, `档案 ${person[1]}`), '。'] : '');
      } catch (err) {
        if (err.status !== 401) showApiError(form, box, err);
      }
    });
  });
  dialog = openDialog(`核实现场报告 ${r.id}`, form);
}

/** 办结: the outcome, then confirmation (a closed report cannot be reopened). */
function closeDialog(r) {
  const outcome = textArea('outcome', { maxlength: 500 });
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const confirmPlace = h('div.confirm-place', { hidden: true });
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    h('dl.facts.holder-facts',
      h('dt', '报告'), h('dd', `编号 ${r.id}，${r.kind_label}，${r.community.name}`),
      h('dt', '状态'), h('dd', stateBadge(r))),
    field(LABEL.outcome, outcome, { required: true, hint: '2–500 字；报告人能看到办理结果' }),
    box,
    h('div.actions.form-actions', h('button.primary', { type: 'submit' }, '办结…'), h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  form.addEventListener('input', () => clearFieldError(form, 'outcome'));
  const back = () => { confirmPlace.hidden = true; form.hidden = false; outcome.focus(); };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const v = formValues(form);
    const n = [...v.outcome].length;
    if (!showProblems(form, box, n < 2 || n > 500 ? [['outcome', '办理结果应为 2–500 字']] : [])) return;
    form.hidden = true;
    confirmStep(confirmPlace, {
      title: `确认办结现场报告 ${r.id}？`,
      lines: [r.state === 'received' ? '该报告尚未核实。' : null, '办结后不能再核实或修改办理结果。'],
      confirmLabel: '确认办结',
      onBack: back,
      onConfirm: async () => {
        try {
          const x = (await post(`/field-reports/${r.id}/closing`, { outcome: v.outcome })).body;
          finished(dialog, null, `现场报告 ${x.id} 已办结。`);
        } catch (err) {
          if (err.status === 401) return;
          back();
          showApiError(form, box, err);
        }
      },
    });
  });
  dialog = openDialog(`办结现场报告 ${r.id}`, form, confirmPlace);
}

// pages/assessments.js — 目标考核 (policy §6(1), §6(4); docs/api.md 目标管理责任书与年终考核):
//   #/assessments?year=&party_kind=  the agreements of a year, the ranking of one
//                           kind of party and the awards; the city (assessment.write)
//                           signs agreements and gives awards;
//   #/assessments/new       签订责任书: the party, the target items and their weights
//                           (summing to 100), each scored by hand or computed;
//   #/assessments/12        one agreement: its items with the computed values, 评分
//                           (scores, overrides with their reason, one-vote veto) and
//                           定档 (confirmed first: then it is locked).
// Readers (assessment.read) see the parties inside their scope only, as the API
// returns them.

import { h, replace, select, notice } from '../dom.js';
import { get, post } from '../api.js';
import {
  field, showError, clearErrors, formValues, showApiError, showProblems, busy, textInput, textArea, dateInput,
} from '../form.js';
import * as session from '../session.js';
import { navigate, setFlash, hashQuery, hashWithQuery } from '../nav.js';
import { openDialog, confirmStep, finished } from '../dialog.js';
import { dateTime, todayText } from '../labels.js';

export const PARTY_KIND = [['division', '区、镇（街道）'], ['department', '职能部门'], ['unit', '单位']];
export const MEASURE = [
  ['manual', '人工评分'], ['certificate_holding_rate', '婚育证明持证率（系统计算）'],
  ['complaints_answered_on_time', '投诉按期答复率（系统计算）'],
];
export const AWARD_KIND = [['innovation', '流动人口综合治理创新单项奖'], ['service', '流动人口计划生育管理服务奖']];

const agreementHash = (id) => `#/assessments/${id}`;
const canWrite = () => session.can('assessment.write');
const thisYear = () => Number(todayText().slice(0, 4));
const points = (v) => (v === null || v === undefined ? '—' : String(v));

function resultBadge(a) {
  if (!a.result) return h('span.badge', a.state_label);
  return h(`span.badge.assessment-${a.result}`, { dataset: { result: a.result } }, a.result_label, a.veto ? '（一票否决）' : '');
}

export async function render(view, ctx) {
  if (ctx.mode === 'new') return renderNew(view, ctx);
  if (ctx.mode === 'agreement') return renderAgreement(view, ctx);
  return renderList(view, ctx);
}

// --- the year: agreements, ranking, awards ----------------------------------------

async function renderList(view, ctx) {
  ctx.setTitle('目标考核');
  const q = hashQuery();
  const year = /^\d{4}$/.test(q.get('year') || '') ? Number(q.get('year')) : thisYear();
  const kind = PARTY_KIND.some(([k]) => k === q.get('party_kind')) ? q.get('party_kind') : 'division';
  const years = [];
  for (let y = thisYear() + 1; y >= thisYear() - 5; y--) years.push([String(y), `${y} 年度`]);
  if (!years.some(([y]) => Number(y) === year)) years.push([String(year), `${year} 年度`]);
  const c = {
    year: select({ name: 'year', value: String(year) }, years),
    party_kind: select({ name: 'party_kind', value: kind }, PARTY_KIND),
  };
  const box = h('div.form-message');
  const form = h('form.search-form', { role: 'search', novalidate: true },
    h('div.search-grid', field('年度', c.year), field('排名类别', c.party_kind)), box);
  for (const s of Object.values(c)) s.addEventListener('change', () => form.requestSubmit());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(hashWithQuery('#/assessments', formValues(form)));
  });
  const agreements = h('section.results.assessment-section#agreements', { 'aria-live': 'polite' }, h('p.muted', '正在查询…'));
  const ranking = h('section.results.assessment-section#ranking');
  const awards = h('section.results.assessment-section#awards');
  replace(view,
    h('div.page-head', h('h1', '目标考核'),
      canWrite() ? h('div.actions',
        h('a.button.primary#new-agreement', { href: hashWithQuery('#/assessments/new', { year }) }, '签订责任书'),
        h('button#new-award', { type: 'button', onclick: () => openAward(year) }, '授予奖项')) : null),
    h('p.muted', `年度目标管理责任制：考核总分为各项得分按权重加权之和，满 ${60} 分为合格；被一票否决的不论得分均为不合格。`),
    h('section.panel', form), agreements, ranking, awards);
  try {
    const [list, rank, prizes] = await Promise.all([
      get('/agreements', { year }),
      get('/assessments/ranking', { year, party_kind: kind }),
      get('/awards', { year }),
    ]);
    showAgreements(agreements, list.body.items, year);
    showRanking(ranking, rank.body, kind);
    showAwards(awards, prizes.body.items);
  } catch (e) {
    replace(agreements);
    if (e.status !== 401) showError(form, box, e);
  }
}

function showAgreements(place, items, year) {
  if (!items.length) {
    replace(place, h('h2', '目标管理责任书'), notice('info', `${year} 年度还没有目标管理责任书。`));
    return;
  }
  replace(place,
    h('div.results-head', h('h2', '目标管理责任书'), h('span.muted', `共 ${items.length} 份`)),
    h('table.grid.agreements-table',
      h('thead', h('tr', ['责任单位', '类别', '责任书', '签订日期', '状态', '总分', '结果'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', items.map((a) => h('tr', { dataset: { agreement: String(a.id), state: a.state } },
        h('td', h('a', { href: agreementHash(a.id) }, a.party.name)),
        h('td', a.party.kind_label),
        h('td', h('a', { href: agreementHash(a.id) }, a.title)),
        h('td.nowrap', a.signed_on),
        h('td', a.state_label),
        h('td.number', points(a.total)),
        h('td', a.result ? resultBadge(a) : h('span.empty', '—')))))));
}

function showRanking(place, body, kind) {
  const label = PARTY_KIND.find(([k]) => k === kind)[1];
  if (!body.items.length) {
    replace(place, h('h2', `考核排名（${label}）`), notice('info', '还没有已评分的责任书。'));
    return;
  }
  replace(place,
    h('div.results-head', h('h2', `考核排名（${label}）`), h('span.muted', `参加排名 ${body.ranked} 个`)),
    h('table.grid.ranking-table',
      h('thead', h('tr', ['名次', '责任单位', '总分', '结果', '一票否决理由', '状态'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', body.items.map((a) => h('tr', { dataset: { agreement: String(a.id), rank: String(a.rank) } },
        h('td.number', String(a.rank)),
        h('td', h('a', { href: agreementHash(a.id) }, a.party.name)),
        h('td.number', points(a.total)),
        h('td', resultBadge(a)),
        h('td', a.veto_reason || h('span.empty', '—')),
        h('td', a.state_label))))));
}

function showAwards(place, items) {
  replace(place, h('h2', '奖项'),
    items.length
      ? h('ul.award-list', items.map((x) => h('li', { dataset: { award: String(x.id) } },
        h('strong', x.kind_label), '：', x.party.name, `（${x.awarded_on}）`, h('p.muted', x.citation))))
      : notice('info', '本年度还没有授予奖项。'));
}

/** The party controls (kind, division, organization) shared by agreements and awards. */
function partyControls() {
  const c = {
    party_kind: select({ name: 'party_kind', value: 'division' }, PARTY_KIND),
    party_division: select({ name: 'party_division' }, [], { empty: '请选择' }),
    party_organization_id: textInput('party_organization_id', { inputmode: 'numeric', maxlength: 12 }),
  };
  const rows = {
    division: field('区、镇（街道）', c.party_division, { required: true }),
    organization: field('单位编号', c.party_organization_id, { required: true, hint: '职能部门或单位在“单位”中的编号' }),
  };
  const sync = () => {
    const division = c.party_kind.value === 'division';
    rows.division.hidden = !division;
    rows.organization.hidden = division;
  };
  c.party_kind.addEventListener('change', sync);
  sync();
  const load = async () => {
    const city = session.user().scope.code;
    const [counties, towns] = await Promise.all([
      get('/divisions', { within: city, level: 'county' }),
      get('/divisions', { within: city, level: 'town' }),
    ]);
    replace(c.party_division, h('option', { value: '' }, '请选择'),
      [...counties.body.items, ...towns.body.items].map((d) => h('option', { value: d.code }, `${d.path || d.name}（${d.code}）`)));
  };
  return { c, rows, load };
}

/** The party members of a form's values. */
function partyBody(v) {
  if (v.party_kind === 'division') return { party_kind: 'division', party_division: v.party_division };
  return { party_kind: v.party_kind, party_organization_id: /^\d+$/.test(v.party_organization_id) ? Number(v.party_organization_id) : v.party_organization_id };
}

function partyProblems(v) {
  const problems = [];
  if (v.party_kind === 'division' && !v.party_division) problems.push(['party_division', '请选择责任区、镇（街道）']);
  if (v.party_kind !== 'division' && !/^\d+$/.test(v.party_organization_id)) problems.push(['party_organization_id', '请填写单位编号（数字）']);
  return problems;
}

function openAward(year) {
  const party = partyControls();
  const c = {
    kind: select({ name: 'kind', value: '' }, AWARD_KIND, { empty: '请选择' }),
    citation: textArea('citation', { maxlength: 500 }),
    awarded_on: dateInput('awarded_on', { value: todayText() }),
  };
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '授予');
  const form = h('form', { novalidate: true },
    h('div.form-grid',
      field('奖项', c.kind, { required: true }),
      field('责任单位类别', party.c.party_kind), party.rows.division, party.rows.organization,
      field('授奖日期', c.awarded_on),
      field('表彰事迹', c.citation, { required: true, span: 2, hint: '2–500 字' })),
    box, h('div.actions', submit));
  let dialog;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const v = formValues(form);
    const problems = partyProblems(v);
    if (!v.kind) problems.push(['kind', '请选择奖项']);
    if ([...v.citation].length < 2) problems.push(['citation', '请填写表彰事迹（2–500 字）']);
    if (!showProblems(form, box, problems)) return;
    await busy(submit, '正在提交…', async () => {
      try {
        const r = (await post('/awards', { year, kind: v.kind, ...partyBody(v), citation: v.citation, awarded_on: v.awarded_on })).body;
        finished(dialog, null, `已授予 ${r.party.name} ${r.kind_label}。`);
      } catch (err) {
        if (err.status !== 401) showApiError(form, box, err);
      }
    });
  });
  dialog = openDialog(`授予 ${year} 年度奖项`, form);
  party.load().catch((err) => { if (err.status !== 401) replace(box, notice('error', err.message)); });
}

// --- 签订责任书 --------------------------------------------------------------------

function itemRow(list) {
  const n = list.children.length + 1;
  const row = h('div.agreement-item', { dataset: { item: String(n) } },
    h('input', { name: `description_${n}`, 'aria-label': `第 ${n} 项考核目标`, placeholder: '考核目标', maxlength: 100, autocomplete: 'off' }),
    h('input.weight', { name: `weight_${n}`, 'aria-label': `第 ${n} 项权重`, placeholder: '权重', inputmode: 'numeric', maxlength: 3 }),
    select({ name: `measure_${n}`, 'aria-label': `第 ${n} 项评分方式`, value: 'manual' }, MEASURE));
  list.append(row);
  return row;
}

async function renderNew(view, ctx) {
  ctx.setTitle('签订责任书');
  const q = hashQuery();
  const party = partyControls();
  const c = {
    year: textInput('year', { inputmode: 'numeric', maxlength: 4, value: /^\d{4}$/.test(q.get('year') || '') ? q.get('year') : String(thisYear()) }),
    title: textInput('title', { maxlength: 60, value: '流动人口计划生育目标管理责任书' }),
    signed_on: dateInput('signed_on', { value: todayText() }),
  };
  const list = h('div.agreement-items');
  for (let i = 0; i < 3; i++) itemRow(list);
  const sum = h('span.muted#weight-sum');
  const updateSum = () => {
    const total = [...list.querySelectorAll('input.weight')].reduce((s, el) => s + (Number(el.value) || 0), 0);
    sum.textContent = `权重合计 ${total}（应为 100）`;
  };
  list.addEventListener('input', updateSum);
  updateSum();
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '签订');
  const form = h('form.panel', { novalidate: true },
    h('div.form-grid',
      field('年度', c.year, { required: true }),
      field('责任单位类别', party.c.party_kind), party.rows.division, party.rows.organization,
      field('责任书名称', c.title, { required: true, span: 2 }),
      field('签订日期', c.signed_on)),
    h('fieldset.agreement-targets', h('legend', '考核目标'),
      h('p.muted.small', '每项填写目标、权重（各项之和为 100）和评分方式；系统计算的两项只适用于区、镇（街道）。不用的行留空。'),
      h('div.field', { dataset: { field: 'items' } }, list, h('p.field-error', { hidden: true })),
      h('div.actions', h('button', { type: 'button', onclick: () => itemRow(list) }, '增加一项'), sum)),
    box,
    h('div.actions', submit, h('a.button', { href: '#/assessments' }, '取消')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const v = formValues(form);
    const items = [];
    for (const row of list.children) {
      const n = row.dataset.item;
      if (!v[`description_${n}`] && !v[`weight_${n}`]) continue;
      items.push({ description: v[`description_${n}`], weight: Number(v[`weight_${n}`]), measure: v[`measure_${n}`] });
    }
    const problems = partyProblems(v);
    if (!/^\d{4}$/.test(v.year)) problems.push(['year', '请填写年度，如 2026']);
    if (!items.length) problems.push(['items', '请至少填写一项考核目标']);
    else if (items.some((x) => !Number.isInteger(x.weight) || x.weight < 1)) problems.push(['items', '每项的权重应为 1 到 100 的整数']);
    else if (items.reduce((s, x) => s + x.weight, 0) !== 100) problems.push(['items', '各项权重之和应为 100']);
    if (!showProblems(form, box, problems)) return;
    await busy(submit, '正在提交…', async () => {
      try {
        const a = (await post('/agreements', { year: Number(v.year), ...partyBody(v), title: v.title, signed_on: v.signed_on, items })).body;
        setFlash('success', `已与${a.party.name}签订 ${a.year} 年度责任书。`);
        navigate(agreementHash(a.id));
      } catch (err) {
        if (err.status === 401) return;
        if (err.field && err.field.startsWith('items')) err.field = 'items';
        showApiError(form, box, err);
      }
    });
  });
  replace(view, h('div.page-head', h('h1', '签订责任书')), form);
  try {
    await party.load();
  } catch (err) {
    if (err.status !== 401) replace(box, notice('error', err.message));
  }
}

// --- one agreement ----------------------------------------------------------------

function measuredText(item) {
  if (item.measure === 'manual') return h('span.empty', '—');
  if (!item.measured) return h('span.muted', '无可计算的数据');
  const m = item.measured;
  return h('span.measured', `${m.numerator}/${m.denominator}，折合 ${m.score} 分`);
}

async function renderAgreement(view, ctx) {
  const id = ctx.params[0];
  const r = await get(`/agreements/${id}`);
  const a = r.body;
  ctx.setTitle(`${a.party.name} ${a.year} 年度责任书`);
  const fact = (label, value) => [h('dt', label), h('dd', value || h('span.empty', '—'))];
  const facts = h('dl.facts.agreement-facts',
    fact('责任单位', `${a.party.name}（${a.party.kind_label}）`),
    fact('年度', String(a.year)),
    fact('签订日期', a.signed_on),
    fact('状态', a.state_label),
    fact('考核日期', a.assessed_on),
    fact('总分', a.total === null ? null : h('strong#agreement-total', String(a.total))),
    fact('结果', a.result ? resultBadge(a) : null),
    fact('一票否决', a.veto ? a.veto_reason : null),
    fact('评分人', a.assessed_by),
    fact('定档', a.finalized_at ? `${a.finalized_by}，${dateTime(a.finalized_at)}` : null));
  const open = canWrite() && a.state !== 'finalized';
  const scores = {};
  const reasons = {};
  const rows = a.items.map((item) => {
    scores[item.ordinal] = h('input.score', {
      name: `score_${item.ordinal}`, inputmode: 'decimal', maxlength: 6, 'aria-label': `第 ${item.ordinal} 项得分`,
      // A measured item keeps its field empty (the computed value) unless it was overridden.
      value: item.score !== null && (item.measure === 'manual' || item.override_reason) ? String(item.score) : '',
      placeholder: item.measure === 'manual' ? '0–100' : '按计算值',
    });
    reasons[item.ordinal] = item.measure === 'manual' ? null : h('input.override-reason', {
      name: `reason_${item.ordinal}`, maxlength: 200, 'aria-label': `第 ${item.ordinal} 项改分理由`, placeholder: '不按计算值时写理由', value: item.override_reason || '',
    });
    return h('tr', { dataset: { item: String(item.ordinal), measure: item.measure } },
      h('td.number', String(item.ordinal)),
      h('td', item.description),
      h('td.number', String(item.weight)),
      h('td', MEASURE.find(([m]) => m === item.measure)[1]),
      h('td', measuredText(item)),
      h('td.number', { class: 'item-score' }, points(item.score)),
      h('td', item.override_reason || h('span.empty', '—')),
      open ? h('td', h('div.field', { dataset: { field: `items.${item.ordinal}` } }, scores[item.ordinal], reasons[item.ordinal])) : null);
  });
  const table = h('table.grid.agreement-items-table',
    h('thead', h('tr', ['序号', '考核目标', '权重', '评分方式', '系统计算值', '得分', '改分理由', open ? '本次评分' : null]
      .filter(Boolean).map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', rows));
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const parts = [h('div.page-head', h('h1', a.title, ' ', resultBadge(a)), h('a.button', { href: hashWithQuery('#/assessments', { year: a.year, party_kind: a.party.kind }) }, '返回考核')),
    h('section.panel', facts)];
  if (!open) {
    parts.push(h('section.panel', h('h2', '考核目标'), table));
    if (a.state === 'finalized') parts.push(notice('info', '考核结果已定档，不能再修改。'));
    replace(view, parts);
    return;
  }
  const c = {
    assessed_on: dateInput('assessed_on', { value: a.assessed_on || todayText() }),
    veto: h('input', { type: 'checkbox', name: 'veto', value: 'true', checked: a.veto }),
    veto_reason: textInput('veto_reason', { maxlength: 200, value: a.veto_reason || '' }),
  };
  const submit = h('button.primary#assess', { type: 'submit' }, a.state === 'signed' ? '评分' : '重新评分');
  const form = h('form.panel.assessment-form', { novalidate: true },
    h('h2', '考核目标与评分'),
    h('p.muted.small', '人工评分的目标填 0–100 分（最多两位小数）；系统计算的目标留空即按计算值评分，给出其他分数时须写理由。计算值在评分时按考核日计算。'),
    table,
    h('div.form-grid',
      field('考核日期', c.assessed_on),
      h('div.field', { dataset: { field: 'veto' } }, h('label.checkbox', c.veto, ' 一票否决')),
      field('否决理由', c.veto_reason, { span: 2, hint: '一票否决时必填，2–200 字' })),
    box,
    h('div.actions', submit,
      a.state === 'assessed' ? h('button.danger#finalize', { type: 'button', onclick: () => askFinalize() }, '定档') : null));
  const confirmPlace = h('div', { hidden: true });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const v = formValues(form);
    const items = a.items.map((item) => {
      const text = v[`score_${item.ordinal}`];
      const entry = { ordinal: item.ordinal };
      if (text !== '') entry.score = Number(text);
      const reason = v[`reason_${item.ordinal}`];
      if (reason) entry.override_reason = reason;
      return entry;
    });
    const problems = [];
    for (const item of a.items) {
      const text = v[`score_${item.ordinal}`];
      if (text !== '' && !(/^\d{1,3}(\.\d{1,2})?$/.test(text) && Number(text) <= 100)) problems.push([`items.${item.ordinal}`, '得分应为 0–100，最多两位小数']);
      if (item.measure === 'manual' && text === '') problems.push([`items.${item.ordinal}`, '请评分']);
    }
    const veto = c.veto.checked;
    if (veto && [...v.veto_reason].length < 2) problems.push(['veto_reason', '一票否决须写明理由']);
    if (!showProblems(form, box, problems)) return;
    await busy(submit, '正在评分…', async () => {
      try {
        await post(`/agreements/${a.id}/assessment`, { items, assessed_on: v.assessed_on, veto, ...(veto ? { veto_reason: v.veto_reason } : {}) });
        setFlash('success', '评分已保存。');
        navigate(location.hash);
      } catch (err) {
        if (err.status === 401) return;
        replace(box, notice('error', err.message));
      }
    });
  });
  function askFinalize() {
    form.hidden = true;
    confirmStep(confirmPlace, {
      title: `确定将 ${a.party.name} ${a.year} 年度的考核结果定档吗？`,
      lines: [`总分 ${points(a.total)}，结果：${a.result_label || '—'}。`, '定档后责任书和评分都不能再修改。'],
      confirmLabel: '确定定档',
      onConfirm: async () => {
        try {
          await post(`/agreements/${a.id}/finalize`, {});
          setFlash('success', '考核结果已定档。');
          navigate(location.hash);
        } catch (err) {
          if (err.status === 401) return;
          form.hidden = false;
          confirmPlace.hidden = true;
          replace(box, notice('error', err.message));
        }
      },
      onBack: () => { confirmPlace.hidden = true; form.hidden = false; },
    });
  }
  parts.push(form, confirmPlace);
  replace(view, parts);
}

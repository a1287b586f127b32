// pages/stats.js — #/stats?table=&division=: 统计 (docs/api.md GET
// /api/v1/stats/...): one of the four tables for the user's scope or a
// division inside it, a row per child division (a link that opens that
// division's table) or per month, the total last, and the CSV and XLSX
// downloads of the same table; above it, the table drawn as charts
// (web/charts.js: age groups, sex, flow and management; holding rate per
// child division; the monthly trends).

import { h, replace, select } from '../dom.js';
import { get } from '../api.js';
import { downloadButtons } from '../downloads.js';
import { field, showError, showFieldError, clearErrors, formValues } from '../form.js';
import * as session from '../session.js';
import { navigate, hashQuery, hashWithQuery } from '../nav.js';
import { drawCharts, statsCharts } from '../charts.js';

const TABLES = [
  ['persons', '人员统计'],
  ['certificates', '持证统计'],
  ['casework', '函调、现场报告和投诉办理'],
  ['trends', '月度趋势'],
];

/** A value as shown: counts with separators, ratios as percentages, decimals with one place. */
function shown(column, value) {
  if (value === null || value === undefined) return '—';
  if (column.kind === 'ratio') return `${(value * 100).toFixed(2)}%`;
  if (column.kind === 'decimal') return value.toFixed(1);
  return value.toLocaleString('zh-CN');
}

function statsHash(table, division) {
  return hashWithQuery('#/stats', { table, division });
}

function tableOf(body, table) {
  const months = table === 'trends';
  const head = h('tr',
    h('th', { scope: 'col' }, months ? '月份' : '区划'),
    body.columns.map((c) => h('th', { scope: 'col' }, c.title)));
  const rowOf = (row, total) => h(total ? 'tr.total' : 'tr', { dataset: { code: row.code } },
    h(total ? 'th' : 'td', { scope: 'row' },
      !total && row.kind === 'division' && row.code.length <= 12
        ? h('a', { href: statsHash(table, row.code) }, row.name)
        : row.name),
    body.columns.map((c) => h('td.number', { dataset: { key: c.key } }, shown(c, row[c.key]))));
  return h('div.table-scroll',
    h('table.grid.stats-table',
      h('thead', head),
      h('tbody', body.rows.map((row) => rowOf(row, false)), rowOf(body.total, true))));
}

export async function render(view, ctx) {
  ctx.setTitle('统计');
  const scope = session.user().scope;
  const q = hashQuery();
  const table = TABLES.some(([t]) => t === q.get('table')) ? q.get('table') : 'persons';
  const division = (q.get('division') || '').trim();

  const controls = {
    table: select({ name: 'table', value: table }, TABLES),
    division: h('input.mono', { name: 'division', value: division, inputmode: 'numeric', maxlength: 12, autocomplete: 'off' }),
  };
  const box = h('div.form-message');
  const form = h('form.search-form', { role: 'search', novalidate: true },
    h('div.search-grid',
      field('统计表', controls.table, { span: 2 }),
      field('区划代码', controls.division, { span: 2, hint: `${scope.name}（${scope.code}）或其中的镇（街道）、社区（村）；不填为${scope.name}` })),
    h('div.actions',
      h('button.primary', { type: 'submit' }, '查看'),
      h('button', { type: 'button', onclick: () => navigate('#/stats') }, '清空条件')),
    box);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const values = formValues(form);
    if (values.division && !/^\d{4,12}$/.test(values.division)) {
      showFieldError(form, 'division', '区划代码应为 4 到 12 位数字');
      controls.division.focus();
      return;
    }
    navigate(statsHash(values.table, values.division));
  });

  const results = h('section.results', { 'aria-live': 'polite' });
  const head = h('div.page-head', h('h1', '统计', h('span.subtitle', scope.name)));
  replace(view, head, h('section.panel', form), results);
  replace(results, h('p.muted', '正在计算…'));

  let body;
  try {
    body = (await get(`/stats/${table}`, { division })).body;
  } catch (e) {
    replace(results);
    if (e.status !== 401) showError(form, box, e);
    return;
  }
  replace(head.querySelector('h1 .subtitle'), `${body.division.name}（${body.division.code}），统计日期 ${body.today}`);
  const charts = statsCharts(table, body);
  const chartPlace = charts.length ? h('div.chart-grid.stats-charts') : null;
  replace(results,
    h('div.results-head',
      h('h2', body.title),
      downloadButtons(`/stats/${table}`, { division: body.division.code })),
    chartPlace,
    tableOf(body, table),
    h('p.muted.small', table === 'trends'
      ? '按人员现居住地统计；证明按签发日期。'
      : '每行为一个下级区划，点区划名称查看它的统计；合计由本区划的汇总得出。'));
  if (chartPlace) await drawCharts(chartPlace, charts);
}

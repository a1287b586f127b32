// charts.js — the charts of 统计 and of the home page, drawn with ECharts
// (npm echarts, embedded by the build and served as vendor/echarts.min.js).
// The library is loaded on demand, only by screens that draw a chart, as a
// classic script of our own origin (it sets window.echarts).  Charts have
// no animation, and their tooltips are drawn in the canvas (renderMode
// richText): the CSP allows no inline styles.

import { h, replace, notice } from './dom.js';

const SCRIPT = 'vendor/echarts.min.js';
const FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';
const COLORS = ['#1f5fa8', '#e08a1e', '#1e6b3a', '#b42318', '#6b4fa8', '#2a8c9c', '#8a5a00', '#5f6b7a'];

let loading = null;
const live = new Set();

/** window.echarts, loading the script the first time. */
export function loadECharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = SCRIPT;
      script.onload = () => (window.echarts ? resolve(window.echarts) : reject(new Error('图表组件无法使用')));
      script.onerror = () => {
        loading = null;
        script.remove();
        reject(new Error('图表组件无法加载'));
      };
      document.head.append(script);
    });
  }
  return loading;
}

/** Disposes the charts whose containers have left the page; resizes the others. */
function sweep(resize) {
  for (const chart of live) {
    if (!chart.getDom().isConnected) {
      chart.dispose();
      live.delete(chart);
    } else if (resize) {
      chart.resize();
    }
  }
  if (!live.size) window.removeEventListener('resize', resizeAll);
}

function resizeAll() {
  sweep(true);
}

function withDefaults(option) {
  return {
    animation: false,
    color: COLORS,
    textStyle: { fontFamily: FONT },
    tooltip: { renderMode: 'richText', confine: true, ...(option.tooltip || {}) },
    ...Object.fromEntries(Object.entries(option).filter(([k]) => k !== 'tooltip')),
  };
}

/**
 * Adds a figure per chart [{title, option, wide}] to place (which must be in
 * the page) and draws them once the library is there.  If it cannot be
 * loaded, the figures give way to a warning; the rest of the screen stays.
 */
export async function drawCharts(place, charts) {
  const boxes = charts.map((c) => h('div.chart', { role: 'img', 'aria-label': c.title }));
  replace(place, charts.map((c, i) => h(c.wide ? 'figure.chart-figure.wide' : 'figure.chart-figure',
    h('figcaption', c.title), boxes[i])));
  let echarts;
  try {
    echarts = await loadECharts();
  } catch (e) {
    replace(place, notice('warning', `${e.message}，请刷新页面重试；下方表格不受影响。`));
    return;
  }
  sweep(false);
  charts.forEach((c, i) => {
    if (!boxes[i].isConnected) return;
    const chart = echarts.init(boxes[i], null, { renderer: 'canvas', locale: 'ZH' });
    chart.setOption(withDefaults(c.option));
    live.add(chart);
  });
  if (live.size) window.addEventListener('resize', resizeAll);
}

/* --- options ---------------------------------------------------------------- */

const count = (v) => (typeof v === 'number' ? v.toLocaleString('zh-CN') : '—');

/** A bar chart: one bar per category. */
export function barOption(categories, values, { name = '人数', percent = false, markValue = null, markName = '' } = {}) {
  const many = categories.length > 6;
  return {
    grid: { left: 48, right: markValue === null ? 24 : 84, top: 28, bottom: many ? 72 : 32 },
    tooltip: { trigger: 'item', valueFormatter: (v) => (percent ? `${v}%` : count(v)) },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: many ? 30 : 0 } },
    yAxis: percent ? { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } } : { type: 'value', minInterval: 1 },
    series: [{
      type: 'bar', name, data: values, barMaxWidth: 36,
      label: { show: true, position: 'top', formatter: (p) => (percent ? `${p.value}%` : count(p.value)) },
      markLine: markValue === null ? undefined : {
        symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#b42318' },
        label: { formatter: `${markName}\n${markValue}%`, position: 'end' },
        data: [{ yAxis: markValue }],
      },
    }],
  };
}

/** A pie of [{name, value}]; with `inner`, a ring around an inner pie. */
export function pieOption(outer, inner = null) {
  const label = { formatter: (p) => `${p.name} ${p.percent}%`, overflow: 'none' };
  const series = [{ type: 'pie', name: '人数', radius: inner ? ['44%', '60%'] : [0, '58%'], data: outer, label }];
  if (inner) {
    series.push({ type: 'pie', name: '人数', radius: [0, '30%'], data: inner,
      label: { position: 'inner', formatter: (p) => `${p.name}\n${p.percent}%` } });
  }
  return { tooltip: { trigger: 'item', valueFormatter: count }, series };
}

/** A line chart: months on the x axis, a line per [name, values]. */
export function lineOption(months, lines) {
  return {
    grid: { left: 48, right: 24, top: 40, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: count },
    xAxis: { type: 'category', data: months, boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1 },
    series: lines.map(([name, values]) => ({ type: 'line', name, data: values, symbolSize: 6 })),
  };
}

/* --- the statistics tables as charts (docs/api.md 统计) ---------------------- */

const titleOf = (body, key) => body.columns.find((c) => c.key === key)?.title ?? key;
const slice = (body, keys) => keys.map((key) => ({ name: titleOf(body, key), value: body.total[key] ?? 0 }));

/** 流动类型 (inner) and 管理方式 (ring) of a persons table's total. */
export function flowManagementChart(body, title = '流动类型和管理方式') {
  return {
    title,
    option: pieOption(slice(body, ['floating', 'resident', 'handed_over', 'left']),
      slice(body, ['inflow', 'outflow'])),
  };
}

/** The months of a trends table with the given columns as lines. */
export function trendChart(body, keys, title = '月度趋势') {
  return {
    title,
    wide: true,
    option: lineOption(body.rows.map((r) => r.name),
      keys.map((key) => [titleOf(body, key), body.rows.map((r) => r[key] ?? 0)])),
  };
}

const AGE_KEYS = ['age_0_14', 'age_15_17', 'age_18_29', 'age_30_39', 'age_40_49', 'age_50_59', 'age_60_plus'];
const rate = (v) => (typeof v === 'number' ? Number((v * 100).toFixed(2)) : null);

/** The charts of one statistics table (none for casework). */
export function statsCharts(table, body) {
  if (table === 'persons') {
    return [
      { title: '年龄组', option: barOption(AGE_KEYS.map((k) => titleOf(body, k)), AGE_KEYS.map((k) => body.total[k] ?? 0)) },
      { title: '性别', option: pieOption(slice(body, ['male', 'female'])) },
      flowManagementChart(body),
    ];
  }
  if (table === 'certificates') {
    const rows = body.rows.filter((r) => r.kind === 'division');
    return [{
      title: '下级区划持证率',
      wide: true,
      option: barOption(rows.map((r) => r.name), rows.map((r) => rate(r.holding_rate)),
        { name: '持证率', percent: true, markValue: rate(body.total.holding_rate), markName: '合计' }),
    }];
  }
  if (table === 'trends') {
    return [trendChart(body, ['registered', 'inflow_arrived', 'outflow_left', 'certificates_total'])];
  }
  return [];
}

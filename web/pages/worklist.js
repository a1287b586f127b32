// pages/worklist.js — #/worklist?kind=&division=&limit=: 待办事项, what the
// office has to do next in its scope (docs/api.md GET /api/v1/worklist):
// the counts per kind as tiles (each a link to its list), and the items by
// due date with the days overdue highlighted, the person and the record
// concerned.  The division filter stays inside the user's scope (the server
// narrows to it anyway); a community officer's scope is one community, so
// there is nothing to choose.

import { h, replace, select, notice } from '../dom.js';
import { get } from '../api.js';
import { field, showError, showFieldError, clearErrors, formValues } from '../form.js';
import * as session from '../session.js';
import { navigate, hashQuery, hashWithQuery } from '../nav.js';
import { certificateHash, contractPrintHash } from '../certificates.js';
import { inquiryPrintHash } from '../inquiries.js';
import { countTiles, LATE_KINDS } from '../worklist.js';
import { WORKLIST_KIND } from '../labels.js';
import { downloadButtons } from '../downloads.js';

const KIND_LABEL = Object.fromEntries(WORKLIST_KIND);
const LIMITS = [['50', '50 项'], ['100', '100 项'], ['200', '200 项'], ['500', '500 项']];
const DAY = 86_400_000;

const daysBetween = (from, to) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

export async function render(view, ctx) {
  ctx.setTitle('待办事项');
  const scope = session.user().scope;
  const q = hashQuery();
  const kind = KIND_LABEL[q.get('kind')] ? q.get('kind') : '';
  const limit = LIMITS.some(([v]) => v === q.get('limit')) ? q.get('limit') : '50';
  const community = scope.code.length >= 12; // one community: nothing to narrow
  const division = community ? '' : (q.get('division') || '').trim();

  const controls = {
    kind: select({ name: 'kind', value: kind }, WORKLIST_KIND, { empty: '全部' }),
    division: community ? null : h('input.mono', { name: 'division', value: division, inputmode: 'numeric', maxlength: 12, autocomplete: 'off', list: 'worklist-divisions' }),
    limit: select({ name: 'limit', value: limit }, LIMITS),
  };
  const divisions = h('datalist#worklist-divisions');
  const box = h('div.form-message');
  const form = h('form.search-form', { role: 'search', novalidate: true },
    h('div.search-grid.worklist-grid',
      field('事项类别', controls.kind, { span: 2 }),
      community
        ? h('div.field.span-2', h('span.label', '范围'), h('span.derived', scope.name))
        : field('区划代码', controls.division, { span: 2, hint: `${scope.name}（${scope.code}）内的街道（镇）或社区（村）；不填为全部` }),
      field('每类最多列出', controls.limit)),
    h('div.actions',
      h('button.primary', { type: 'submit' }, '查询'),
      h('button', { type: 'button', onclick: () => navigate('#/worklist') }, '清空条件'),
      h('span.muted.small', '事项按到期日期排列，最早到期的在前；点击上方的类别只看这一类。')),
    divisions,
    box);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const values = formValues(form);
    if (values.division && !(/^\d{4,12}$/.test(values.division) && values.division.startsWith(scope.code))) {
      showFieldError(form, 'division', `请填写${scope.name}（${scope.code}开头）内的区划代码`);
      controls.division.focus();
      return;
    }
    navigate(hashWithQuery('#/worklist', values));
  });

  const tiles = h('div.tiles-place');
  const results = h('section.results', { 'aria-live': 'polite' });
  const head = h('div.page-head', h('h1', '待办事项', h('span.subtitle', scope.name)));
  replace(view, head, tiles, h('section.panel', form), results);
  replace(results, h('p.muted', '正在读取待办事项…'));

  let r;
  try {
    r = (await get('/worklist', { kind, division, limit })).body;
  } catch (e) {
    replace(results);
    if (e.status !== 401) showError(form, box, e);
    return;
  }
  replace(head.querySelector('h1 .subtitle'), `${division ? `区划 ${division}` : scope.name}，截至 ${r.today}`);
  replace(tiles, countTiles(r, { active: kind, query: { division, limit: limit === '50' ? '' : limit } }));
  const seen = new Map();
  for (const item of r.items) if (item.person && item.person.residence_division) seen.set(item.person.residence_division.code, item.person.residence_division.name);
  replace(divisions, [...seen].map(([code, name]) => h('option', { value: code }, name)));

  if (!r.items.length) {
    replace(results, notice('success', kind ? `没有“${KIND_LABEL[kind]}”的待办事项。` : '没有待办事项。'));
    return;
  }
  const shown = new Map();
  for (const item of r.items) shown.set(item.kind, (shown.get(item.kind) || 0) + 1);
  const cut = WORKLIST_KIND.filter(([k]) => (r.counts[k] || 0) > (shown.get(k) || 0) && (!kind || k === kind));
  replace(results,
    h('div.results-head', h('h2', kind ? KIND_LABEL[kind] : '全部待办'), h('span.muted', `共 ${kind ? r.counts[kind] : r.total} 项，列出 ${r.items.length} 项`),
      downloadButtons('/worklist/export', { kind, division }, { wholeNumbers: true })),
    cut.length ? notice('info', `每类只列出最早到期的 ${limit} 项：`, cut.map(([k, label]) => `${label} ${r.counts[k]} 项`).join('，'), '。可增大“每类最多列出”，或按区划分开查看。') : null,
    h('table.grid.worklist-table',
      h('thead', h('tr', ['到期日期', '期限', '事项', '应办事项', '人员', '现居住社区（村）', '相关记录'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', r.items.map((item) => row(item, r.today, scope)))));
}

/** Days overdue (highlighted), due today, or days left. */
function dueCell(item, today) {
  if (item.overdue_days > 0) return h('td.nowrap.overdue', { dataset: { overdue: String(item.overdue_days) } }, `逾期 ${item.overdue_days} 天`);
  if (!item.due_on) return h('td', h('span.empty', '—'));
  const left = daysBetween(today, item.due_on);
  if (left === 0) return h('td.nowrap.due-today', '今天到期');
  return h('td.nowrap.muted', `还有 ${left} 天`);
}

/** The record an item is about, as a link where the user has a page for it. */
function subjectCell(item) {
  const [kind, ...rest] = (item.subject || '').split(':');
  const id = rest.join(':');
  if (kind === 'certificate') return h('a.mono', { href: certificateHash(id) }, id);
  if (kind === 'contract') {
    const office = session.can('certificate.issue') || session.can('certificate.distribute');
    return office ? h('a', { href: contractPrintHash({ id, person_id: item.person.id }) }, `合同书 ${id}`) : `合同书 ${id}`;
  }
  if (kind === 'inquiry') return session.can('inquiry.write') ? h('a', { href: inquiryPrintHash({ id }) }, `函调 ${id}`) : `函调 ${id}`;
  if (kind === 'field_report') return `现场报告 ${id}`;
  if (kind === 'complaint') return `投诉 ${id}`;
  return h('span.empty', '—');
}

/** The residence without the part the scope already says. */
function shortDivision(d, scope) {
  if (!d) return '';
  const name = d.name || d.code;
  return name.startsWith(scope.name) && name.length > scope.name.length ? name.slice(scope.name.length) : name;
}

/** The person an item is about; a field report's item may name none (the office's own). */
function personCells(item, scope) {
  const p = item.person;
  if (!p) return [h('td', h('span.empty', '—')), h('td')];
  return [
    h('td', h('a', { href: `#/persons/${p.id}` }, p.name), h('div.mono.muted.small', p.id_number_masked)),
    h('td', { title: p.residence_division ? `${p.residence_division.name}（${p.residence_division.code}）` : null },
      shortDivision(p.residence_division, scope)),
  ];
}

function row(item, today, scope) {
  const late = item.overdue_days > 0;
  return h('tr', { class: late ? 'is-overdue' : null, dataset: { kind: item.kind, person: item.person ? String(item.person.id) : '' } },
    h('td.nowrap', item.due_on || h('span.empty', '未知')),
    dueCell(item, today),
    h('td', h(`span.badge.work-kind${LATE_KINDS.has(item.kind) ? '.late' : ''}`, item.kind_label)),
    h('td', item.action),
    ...personCells(item, scope),
    h('td', subjectCell(item)));
}

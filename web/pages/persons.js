// pages/persons.js — #/persons?…: search the persons of one's scope.
//
// Keyboard first: the first field has the focus and Enter searches.  The
// criteria live in the hash (so Back returns to the same list); the pages
// of a result are followed with the server's next_cursor.  ID numbers are
// shown masked, as the API gives them.

import { h, replace, select, notice } from '../dom.js';
import { get } from '../api.js';
import { field, showError, clearErrors, formValues } from '../form.js';
import * as session from '../session.js';
import { navigate, hashQuery, hashWithQuery, rememberSearch } from '../nav.js';
import { FLOW, MANAGEMENT, SEX, valueLabel } from '../labels.js';
import { downloadButtons } from '../downloads.js';

const CRITERIA = ['id_number', 'name', 'division', 'flow', 'management'];
const EXPORT_CRITERIA = CRITERIA.slice(1); // an ID number finds one person: nothing to export
const PAGE_SIZES = [['20', '20 条'], ['50', '50 条'], ['100', '100 条']];

export async function render(view, ctx) {
  ctx.setTitle('档案查询');
  const q = hashQuery();
  rememberSearch(location.hash);
  const searched = location.hash.includes('?');
  const limit = PAGE_SIZES.some(([v]) => v === q.get('limit')) ? q.get('limit') : '20';

  const controls = {
    id_number: h('input', { name: 'id_number', value: q.get('id_number') || '', maxlength: 18, autocomplete: 'off', spellcheck: 'false' }),
    name: h('input', { name: 'name', value: q.get('name') || '', autocomplete: 'off' }),
    division: h('input', { name: 'division', value: q.get('division') || '', inputmode: 'numeric', maxlength: 12, autocomplete: 'off' }),
    flow: select({ name: 'flow', value: q.get('flow') || '' }, FLOW, { empty: '全部' }),
    management: select({ name: 'management', value: q.get('management') || '' }, MANAGEMENT, { empty: '全部' }),
    limit: select({ name: 'limit', value: limit }, PAGE_SIZES),
  };
  const box = h('div.form-message');
  const form = h('form.search-form', { role: 'search', novalidate: true },
    h('div.search-grid',
      field('公民身份号码', controls.id_number, { hint: '18位，精确查找' }),
      field('姓名', controls.name, { hint: '输入姓名开头即可' }),
      field('区划代码', controls.division, { hint: '街道9位或社区12位' }),
      field('流动类型', controls.flow),
      field('管理状态', controls.management),
      field('每页', controls.limit)),
    h('div.actions',
      h('button.primary', { type: 'submit' }, '查询'),
      h('button', { type: 'button', onclick: () => navigate('#/persons') }, '清空条件'),
      session.can('person.write') ? h('a.button', { href: '#/persons/new' }, '登记新档案') : null,
      h('span.muted.small', '按回车键查询；不填条件则列出管辖范围内全部档案。')),
    box);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = formValues(form);
    navigate(hashWithQuery('#/persons', values));
  });

  const results = h('section.results', { 'aria-live': 'polite' });
  replace(view, h('h1', '档案查询'), h('section.panel', form), results);
  controls.id_number.focus();
  if (!searched) return;

  const criteria = Object.fromEntries(CRITERIA.map((k) => [k, q.get(k) || '']));
  const cursors = [null]; // cursors[i]: the cursor that fetches page i+1
  const exportQuery = Object.fromEntries(EXPORT_CRITERIA.map((k) => [k, criteria[k]]));

  async function show(page) {
    clearErrors(form);
    replace(box);
    replace(results, h('p.muted', '正在查询…'));
    let r;
    try {
      r = await get('/persons', { ...criteria, limit, cursor: cursors[page] });
    } catch (e) {
      replace(results);
      if (e.status !== 401) showError(form, box, e);
      return;
    }
    cursors[page + 1] = r.body.next_cursor;
    const items = r.body.items;
    if (items.length === 0) {
      replace(results, notice('info', page === 0 ? '没有找到符合条件的档案。' : '没有更多档案了。'));
      return;
    }
    const pager = h('div.pager',
      h('button', { type: 'button', disabled: page === 0, onclick: () => show(page - 1) }, '上一页'),
      h('span.page-number', `第 ${page + 1} 页`),
      h('button', { type: 'button', disabled: !r.body.next_cursor, onclick: () => show(page + 1) }, '下一页'));
    replace(results,
      h('div.results-head', h('h2', '查询结果'), h('span.muted', `第 ${page + 1} 页，本页 ${items.length} 条`),
        criteria.id_number ? null : downloadButtons('/persons/export', exportQuery, { wholeNumbers: true })),
      h('table.grid.persons-table',
        h('thead', h('tr', ['档案编号', '姓名', '性别', '出生日期', '公民身份号码', '现居住社区（村）', '流动类型', '管理状态', '备注']
          .map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', items.map(row))),
      pager);
  }
  await show(0);
}

/** The residence without the part the user's scope already says ("甘肃省嘉峪关市雄关街道"). */
function shortDivision(division) {
  const scope = session.user().scope.name;
  const name = division.name || division.code;
  return name.startsWith(scope) && name.length > scope.length ? name.slice(scope.length) : name;
}

function row(p) {
  return h('tr',
    h('td.num', String(p.id)),
    h('td', h('a', { href: `#/persons/${p.id}` }, p.name)),
    h('td', SEX[p.sex] || p.sex),
    h('td.nowrap', p.birth_date),
    h('td.mono', p.id_number_masked),
    h('td', { title: `${p.residence_division.name}（${p.residence_division.code}）` }, shortDivision(p.residence_division)),
    h('td', valueLabel('flow', p.flow)),
    h('td', valueLabel('management', p.management)),
    h('td', p.possible_duplicate ? h('span.badge.badge-warning', '疑似重复') : ''));
}

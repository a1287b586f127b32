// pages/organizations.js — #/organizations?…: the organizations of one's
// scope (employers, construction enterprises, departments…), newest first,
// narrowed by kind, name and division; the pages follow next_cursor.  The
// criteria live in the hash, so Back returns to the same list.

import { h, replace, select, notice } from '../dom.js';
import { get } from '../api.js';
import { field, showError, clearErrors, formValues } from '../form.js';
import * as session from '../session.js';
import { navigate, hashQuery, hashWithQuery } from '../nav.js';
import { ORG_KIND, orgKindLabel, orgDepartmentLabel } from '../organizations.js';

export async function render(view, ctx) {
  ctx.setTitle('单位');
  const q = hashQuery();
  const controls = {
    kind: select({ name: 'kind', value: q.get('kind') || '' }, ORG_KIND, { empty: '全部' }),
    name: h('input', { name: 'name', value: q.get('name') || '', maxlength: 60, autocomplete: 'off' }),
    division: h('input.mono', { name: 'division', value: q.get('division') || '', maxlength: 12, inputmode: 'numeric', autocomplete: 'off' }),
  };
  const box = h('div.form-message');
  const form = h('form.search-form', { role: 'search', novalidate: true },
    h('div.search-grid',
      field('单位类别', controls.kind),
      field('单位名称', controls.name, { hint: '名称中的任意一段' }),
      field('区划代码', controls.division, { hint: '街道9位或社区12位' })),
    h('div.actions',
      h('button.primary', { type: 'submit' }, '查询'),
      h('button', { type: 'button', onclick: () => navigate('#/organizations') }, '清空条件'),
      session.can('organization.write') ? h('a.button#new-organization', { href: '#/organizations/new' }, '登记单位') : null,
      h('span.muted.small', '列出管辖范围内的单位，从新到旧。')),
    box);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(hashWithQuery('#/organizations', formValues(form)));
  });
  const results = h('section.results', { 'aria-live': 'polite' });
  replace(view, h('div.page-head', h('h1', '单位')), h('section.panel', form), results);
  controls.name.focus();

  const criteria = { kind: q.get('kind') || '', name: q.get('name') || '', division: q.get('division') || '' };
  const cursors = [null];
  async function show(page) {
    clearErrors(form);
    replace(box);
    replace(results, h('p.muted', '正在查询…'));
    let r;
    try {
      r = await get('/organizations', { ...criteria, limit: 20, cursor: cursors[page] });
    } catch (e) {
      replace(results);
      if (e.status !== 401) showError(form, box, e);
      return;
    }
    cursors[page + 1] = r.body.next_cursor;
    const items = r.body.items;
    if (!items.length) {
      replace(results, notice('info', page === 0 ? '没有找到符合条件的单位。' : '没有更多单位了。'));
      return;
    }
    replace(results,
      h('div.results-head', h('h2', '单位列表'), h('span.muted', `第 ${page + 1} 页，本页 ${items.length} 条`)),
      h('table.grid.organizations-table',
        h('thead', h('tr', ['编号', '单位名称', '类别', '统一社会信用代码', '所在地', '负责人'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', items.map((o) => h('tr', { dataset: { organization: String(o.id) } },
          h('td.num', String(o.id)),
          h('td', h('a', { href: `#/organizations/${o.id}` }, o.name)),
          h('td', orgKindLabel(o.kind), o.department ? `（${orgDepartmentLabel(o.department)}）` : ''),
          h('td.mono', o.credit_code || h('span.empty', '—')),
          h('td', { title: o.division.code }, o.division.name || o.division.code),
          h('td', o.responsible_person || h('span.empty', '—')))))),
      h('div.pager',
        h('button', { type: 'button', disabled: page === 0, onclick: () => show(page - 1) }, '上一页'),
        h('span.page-number', `第 ${page + 1} 页`),
        h('button', { type: 'button', disabled: !r.body.next_cursor, onclick: () => show(page + 1) }, '下一页')));
  }
  await show(0);
}

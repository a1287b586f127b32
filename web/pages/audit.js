// pages/audit.js — #/audit?…: search the audit trail (newest first) by user,
// object, action and days; pages follow the server's next_cursor.  Clicking
// a user or an object narrows the search to it.

import { h, replace, select, notice } from '../dom.js';
import { get } from '../api.js';
import { field, showError, showFieldError, clearErrors, formValues, isDateOrEmpty } from '../form.js';
import * as session from '../session.js';
import { navigate, hashQuery, hashWithQuery } from '../nav.js';
import { AUDIT_ACTION, ROLE, actionLabel, outcomeLabel, dateTime, todayText } from '../labels.js';

const CRITERIA = ['user_id', 'object', 'action', 'from', 'to'];
const PAGE_SIZES = [['50', '50 条'], ['100', '100 条'], ['200', '200 条']];

export async function render(view, ctx) {
  ctx.setTitle('审计记录');
  const q = hashQuery();
  const limit = PAGE_SIZES.some(([v]) => v === q.get('limit')) ? q.get('limit') : '50';
  const criteria = Object.fromEntries(CRITERIA.map((k) => [k, q.get(k) || '']));
  const input = (name, props = {}) => h('input', { name, value: criteria[name], autocomplete: 'off', ...props });
  const controls = {
    user_id: input('user_id', { inputmode: 'numeric', maxlength: 18 }),
    object: input('object', { placeholder: 'person:42' }),
    action: select({ name: 'action', value: criteria.action }, AUDIT_ACTION, { empty: '全部' }),
    from: input('from', { placeholder: todayText(), maxlength: 10, inputmode: 'numeric' }),
    to: input('to', { placeholder: todayText(), maxlength: 10, inputmode: 'numeric' }),
    limit: select({ name: 'limit', value: limit }, PAGE_SIZES),
  };
  const box = h('div.form-message');
  const form = h('form.search-form', { role: 'search', novalidate: true },
    h('div.search-grid',
      field('用户编号', controls.user_id, { hint: '点击结果中的用户可按其查询' }),
      field('对象', controls.object, { hint: '如 person:42（档案 42）' }),
      field('操作', controls.action),
      field('起始日期', controls.from, { hint: 'YYYY-MM-DD，含当天' }),
      field('截止日期', controls.to, { hint: 'YYYY-MM-DD，含当天' }),
      field('每页', controls.limit)),
    h('div.actions',
      h('button.primary', { type: 'submit' }, '查询'),
      h('button', { type: 'button', onclick: () => navigate('#/audit') }, '清空条件'),
      h('span.muted.small', '按回车键查询；记录从新到旧排列。')),
    box);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = formValues(form);
    clearErrors(form);
    const bad = ['from', 'to'].filter((k) => !isDateOrEmpty(values[k]));
    for (const k of bad) showFieldError(form, k, '请按 YYYY-MM-DD 填写真实日期，如 2026-11-29');
    if (values.user_id && !/^\d+$/.test(values.user_id)) {
      bad.unshift('user_id');
      showFieldError(form, 'user_id', '用户编号应为数字');
    }
    if (bad.length) {
      controls[bad[0]].focus();
      return;
    }
    navigate(hashWithQuery('#/audit', values));
  });

  const results = h('section.results', { 'aria-live': 'polite' });
  replace(view, h('h1', '审计记录'), h('section.panel', form), results);
  controls.user_id.focus();

  const narrowed = (extra) => hashWithQuery('#/audit', { ...criteria, limit, ...extra });
  const cursors = [null];
  async function show(page) {
    replace(results, h('p.muted', '正在查询…'));
    let r;
    try {
      r = await get('/audit', { ...criteria, limit, cursor: cursors[page] });
    } catch (e) {
      replace(results);
      if (e.status !== 401) showError(form, box, e);
      return;
    }
    const items = r.body.items;
    cursors[page + 1] = r.body.next_cursor;
    if (!items.length) {
      replace(results, notice('info', page === 0 ? '没有符合条件的审计记录。' : '没有更多记录了。'));
      return;
    }
    replace(results,
      h('div.results-head', h('h2', '记录'), h('span.muted', `第 ${page + 1} 页，本页 ${items.length} 条`)),
      h('table.grid.audit-table',
        h('thead', h('tr', ['时间', '用户', '角色', '地址', '操作', '对象', '结果', '详情'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', items.map((e) => h('tr', { dataset: { action: e.action } },
          h('td.nowrap', dateTime(e.at)),
          h('td', e.user_id ? h('a', { href: narrowed({ user_id: String(e.user_id) }), title: `只看用户 ${e.user_id} 的记录` }, e.username || `#${e.user_id}`) : h('span.muted', e.username || '（未登录）')),
          h('td', ROLE[e.role] || e.role),
          h('td.mono', e.address),
          h('td', actionLabel(e.action)),
          h('td', objectCell(e.object, narrowed)),
          h('td', { class: e.outcome === 'ok' ? 'outcome-ok' : 'outcome-bad' }, outcomeLabel(e.outcome)),
          h('td.detail', e.detail))))),
      h('div.pager',
        h('button', { type: 'button', disabled: page === 0, onclick: () => show(page - 1) }, '上一页'),
        h('span.page-number', `第 ${page + 1} 页`),
        h('button', { type: 'button', disabled: !r.body.next_cursor, onclick: () => show(page + 1) }, '下一页')));
  }
  await show(0);
}

/** "person:42", "certificate:<number>", "inquiry:5", … → a filter link, plus a link to the record for those who may read it. */
const OBJECT_KIND = {
  person: '档案', certificate: '证明', inquiry: '函调', contract: '合同书', transition: '转换', departure: '外出登记',
  feedback: '反馈', benefit: '奖励优惠',
};
function objectCell(object, narrowed) {
  if (!object) return '';
  const m = /^([a-z]+):([A-Za-z0-9-]{1,40})$/.exec(object);
  const label = m && OBJECT_KIND[m[1]] ? `${OBJECT_KIND[m[1]]} ${m[2]}` : object;
  const target = !m ? null
    : m[1] === 'person' && /^\d+$/.test(m[2]) ? `#/persons/${m[2]}`
      : m[1] === 'certificate' ? `#/certificates/${m[2]}`
        : m[1] === 'inquiry' && /^\d+$/.test(m[2]) ? `#/inquiries/${m[2]}/print`
          : null;
  return [
    h('a', { href: narrowed({ object }), title: '只看此对象的记录' }, label),
    target && session.can('person.read') ? [' ', h('a.small', { href: target }, '查看')] : null,
  ];
}

// pages/aid.js — #/service-points/7/aid: the aid records of an aid store
// (爱心救助超市, policy §2(3)(4); docs/api.md 爱心救助超市的救助记录) for the
// offices with aid.write whose scope holds the store: who received what,
// when, and who recorded it, newest first; and 登记救助 — to a registered
// person (by record number) or to someone not registered (by name).

import { h, replace, notice } from '../dom.js';
import { get, post } from '../api.js';
import { field, clearErrors, formValues, showApiError, showProblems, busy, textInput, dateInput } from '../form.js';
import { navigate, setFlash } from '../nav.js';
import { todayText, dateTime } from '../labels.js';
import { pager } from '../fieldwork.js';

const yuan = (fen) => (fen === null ? '—' : `${(fen / 100).toFixed(2)} 元`);

export async function render(view, ctx) {
  const id = ctx.params[0];
  const first = (await get(`/service-points/${id}/aid`, { limit: 20 })).body;
  ctx.setTitle(`${first.service_point_name} 救助记录`);
  const isStore = first.service_point_kind === 'aid_store';
  const results = h('section.results#aid-records', { 'aria-live': 'polite' });
  const parts = [
    h('div.page-head', h('h1', first.service_point_name, ' ', h('span.badge', '救助记录')),
      h('a.button', { href: '#/service-points' }, '返回服务网点')),
  ];
  if (isStore) parts.push(recordForm(id));
  else parts.push(notice('warning', '只有爱心救助超市才能登记救助记录。'));
  parts.push(results);
  replace(view, parts);

  const cursors = [null];
  async function show(page, body = null) {
    const r = body || (await get(`/service-points/${id}/aid`, { limit: 20, cursor: cursors[page] })).body;
    cursors[page + 1] = r.next_cursor;
    if (!r.items.length) {
      replace(results, h('h2', '救助记录'), notice('info', page ? '没有更多记录了。' : '还没有救助记录。'));
      return;
    }
    replace(results,
      h('div.results-head', h('h2', '救助记录'), h('span.muted', `第 ${page + 1} 页，本页 ${r.items.length} 条`)),
      h('table.grid.aid-table',
        h('thead', h('tr', ['救助日期', '受助人', '救助物品或内容', '金额', '登记人', '登记时间'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', r.items.map((a) => h('tr', { dataset: { aid: String(a.id) } },
          h('td.nowrap', a.given_on),
          h('td', a.person_id ? h('a', { href: `#/persons/${a.person_id}` }, a.recipient_name) : [a.recipient_name, h('span.muted.small', '（未登记）')]),
          h('td', a.items),
          h('td.number', yuan(a.amount)),
          h('td', a.given_by),
          h('td.nowrap', dateTime(a.created_at)))))),
      pager(page, r.next_cursor, (p) => show(p).catch((e) => { if (e.status !== 401) replace(results, notice('error', e.message)); })));
  }
  await show(0, first);
}

function recordForm(id) {
  const c = {
    person_id: textInput('person_id', { inputmode: 'numeric', maxlength: 12 }),
    recipient_name: textInput('recipient_name', { maxlength: 30 }),
    items: textInput('items', { maxlength: 200 }),
    amount: textInput('amount', { inputmode: 'decimal', maxlength: 12 }),
    given_on: dateInput('given_on', { value: todayText() }),
  };
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '登记救助');
  const form = h('form.panel.aid-form', { novalidate: true },
    h('h2', '登记救助'),
    h('div.form-grid',
      field('受助人档案编号', c.person_id, { hint: '已登记的流动人口填档案编号' }),
      field('受助人姓名', c.recipient_name, { hint: '未登记的人员填姓名（二者只填一项）' }),
      field('救助物品或内容', c.items, { required: true, span: 2, hint: '2–200 字' }),
      field('金额（元）', c.amount, { hint: '可不填' }),
      field('救助日期', c.given_on)),
    box, h('div.actions', submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const v = formValues(form);
    const problems = [];
    if (v.person_id && !/^\d+$/.test(v.person_id)) problems.push(['person_id', '档案编号应为数字']);
    if (!v.person_id && !v.recipient_name) problems.push(['recipient_name', '请填写受助人档案编号或姓名']);
    if (v.person_id && v.recipient_name) problems.push(['recipient_name', '已填档案编号时不填姓名']);
    if ([...v.items].length < 2) problems.push(['items', '请填写救助物品或内容（2–200 字）']);
    if (v.amount && !/^\d+(\.\d{1,2})?$/.test(v.amount)) problems.push(['amount', '金额应为数字，最多两位小数']);
    if (!showProblems(form, box, problems)) return;
    const body = { items: v.items, given_on: v.given_on };
    if (v.person_id) body.person_id = Number(v.person_id);
    else body.recipient_name = v.recipient_name;
    if (v.amount) body.amount = Math.round(Number(v.amount) * 100);
    await busy(submit, '正在提交…', async () => {
      try {
        const a = (await post(`/service-points/${id}/aid`, body)).body;
        setFlash('success', `已登记对 ${a.recipient_name} 的救助。`);
        navigate(location.hash);
      } catch (err) {
        if (err.status !== 401) showApiError(form, box, err);
      }
    });
  });
  return form;
}

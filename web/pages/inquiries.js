// pages/inquiries.js — #/inquiries?state=overdue: the letter inquiries about
// persons of one's scope, newest first, by state (全部, 草稿, 已发出, 已逾期,
// 已回复, 已撤销); pages follow the server's next_cursor.  Each row links to
// the person and (once sent) to the letter, with the actions the role may
// take in its state (inquiries.js).
//
// The list gives each inquiry's person by id only; names are taken from
// the inquiry when the server includes its person, else the row says
// 档案 <id> (reading every file to get a name would audit reads nobody made).

import { h, replace, notice } from '../dom.js';
import { get } from '../api.js';
import { hashQuery, hashWithQuery } from '../nav.js';
import { inquiriesTable } from '../inquiries.js';
import { INQUIRY_STATE } from '../labels.js';

const STATES = [['', '全部'], ['draft', INQUIRY_STATE.draft], ['sent', INQUIRY_STATE.sent], ['overdue', INQUIRY_STATE.overdue],
  ['answered', INQUIRY_STATE.answered], ['cancelled', INQUIRY_STATE.cancelled]];
const HINT = {
  '': '管辖范围内人员的全部函调，从新到旧。',
  draft: '已拟写、尚未发出的函调：发出后才计算回复期限。',
  sent: '已发出、尚未回复的函调（含已逾期的）。',
  overdue: '已过回复期限仍未回复的函调：请催复，或改用网络、驻外工作站核查。',
  answered: '户籍地已回复的函调：可作为转为常住管理的依据。',
  cancelled: '已撤销的函调。',
};
const LIMIT = 20;

export async function render(view, ctx) {
  ctx.setTitle('函调');
  const q = hashQuery();
  const state = STATES.some(([v]) => v === q.get('state')) ? q.get('state') : '';
  const tabs = h('nav.state-tabs', { 'aria-label': '按状态筛选' }, h('ul', STATES.map(([value, label]) =>
    h('li', h('a', { href: value ? hashWithQuery('#/inquiries', { state: value }) : '#/inquiries', 'aria-current': value === state ? 'page' : null, dataset: { state: value || 'all' } }, label)))));
  const results = h('section.results', { 'aria-live': 'polite' });
  replace(view,
    h('div.page-head', h('h1', '函调'), h('p.muted.page-hint', '新建函调请在人员档案页的“函调”一栏办理。')),
    h('section.panel.tabs-panel', tabs, h('p.muted.small.state-hint', HINT[state])),
    results);

  const cursors = [null];
  async function show(page) {
    replace(results, h('p.muted', '正在查询…'));
    let r;
    try {
      r = await get('/inquiries', { state, limit: LIMIT, cursor: cursors[page] });
    } catch (e) {
      if (e.status === 401) return;
      replace(results, notice('error', e.message));
      return;
    }
    const items = r.body.items;
    cursors[page + 1] = r.body.next_cursor;
    if (!items.length) {
      replace(results, notice('info', page === 0 ? `没有${state ? `“${INQUIRY_STATE[state]}”的` : ''}函调。` : '没有更多函调了。'));
      return;
    }
    replace(results,
      h('div.results-head', h('h2', state ? INQUIRY_STATE[state] : '全部函调'), h('span.muted', `第 ${page + 1} 页，本页 ${items.length} 条`)),
      inquiriesTable(items, null),
      h('div.pager',
        h('button', { type: 'button', disabled: page === 0, onclick: () => show(page - 1) }, '上一页'),
        h('span.page-number', `第 ${page + 1} 页`),
        h('button', { type: 'button', disabled: !r.body.next_cursor, onclick: () => show(page + 1) }, '下一页')));
  }
  await show(0);
}

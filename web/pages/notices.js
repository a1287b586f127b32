// pages/notices.js — #/notices: the office's inbox of 通报.  Unread ones
// first (then newest first), 只看未读 narrows, pages follow next_cursor.
// Opening a notice shows it whole (the server marks it read) with 确认收到;
// the menu's count follows.  Users who may send get 发通报.

import { h, replace, notice } from '../dom.js';
import { get, post } from '../api.js';
import * as session from '../session.js';
import { navigate, hashQuery } from '../nav.js';
import { openDialog } from '../dialog.js';
import { dateTime } from '../labels.js';
import { refreshUnread, noticeState, noticeDetail, composeButton } from '../notices.js';

export async function render(view, ctx) {
  ctx.setTitle('通报');
  const unreadOnly = hashQuery().get('unread') === 'true';
  const toggle = h('input#f-unread', { type: 'checkbox', checked: unreadOnly });
  toggle.addEventListener('change', () => navigate(toggle.checked ? '#/notices?unread=true' : '#/notices'));
  const summary = h('p.muted.notices-summary', { 'aria-live': 'polite' });
  const results = h('section.results', { 'aria-live': 'polite' });
  replace(view,
    h('div.page-head', h('h1', '通报'), h('div.actions', composeButton())),
    h('section.panel',
      h('div.actions', h('label.check', { for: 'f-unread' }, toggle, '只看未读'), summary)),
    results);

  const cursors = [null];
  async function show(page) {
    replace(results, h('p.muted', '正在读取通报…'));
    const r = (await get('/notices', { unread: unreadOnly ? 'true' : '', limit: 20, cursor: cursors[page] })).body;
    cursors[page + 1] = r.next_cursor;
    replace(summary, `收件范围：${session.user().scope.name}；共有 ${r.unread_count} 份未读。`);
    refreshUnread();
    if (!r.items.length) {
      replace(results, notice('info', page ? '没有更多通报了。' : unreadOnly ? '没有未读的通报。' : '收件箱中还没有通报。'));
      return;
    }
    const items = [...r.items].sort((a, b) => Number(a.read) - Number(b.read));
    replace(results,
      h('table.grid.notices-table',
        h('thead', h('tr', ['状态', '标题', '发送单位', '收件单位', '发送时间', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', items.map((n) => h('tr', { class: n.read ? null : 'is-unread', dataset: { notice: String(n.id) } },
          h('td', noticeState(n)),
          h('td', h('button.notice-open', { type: 'button', onclick: () => open(n.id) }, n.subject)),
          h('td', n.sender.division ? n.sender.division.name : n.sender.username, h('span.muted.small', `（${n.sender.role_label}）`)),
          h('td', n.recipients.map((x) => x.division.name || x.division.code).join('、')),
          h('td.nowrap', dateTime(n.created_at)),
          h('td', h('button.small-button', { type: 'button', onclick: () => open(n.id) }, '查看')))))),
      h('div.pager',
        h('button', { type: 'button', disabled: page === 0, onclick: () => show(page - 1) }, '上一页'),
        h('span.page-number', `第 ${page + 1} 页`),
        h('button', { type: 'button', disabled: !r.next_cursor, onclick: () => show(page + 1) }, '下一页')));
  }

  /** Opens a notice (read by the server); 确认收到 when not yet acknowledged. */
  async function open(id) {
    const body = h('div', h('p.muted', '正在读取…'));
    const dialog = openDialog('通报', body);
    dialog.classList.add('notice-dialog');
    dialog.addEventListener('close', () => { if (view.isConnected) show(0).catch(() => {}); });
    let n;
    try {
      n = (await get(`/notices/${id}`)).body;
    } catch (e) {
      if (e.status !== 401) replace(body, notice('error', e.message));
      return;
    }
    const box = h('div.form-message');
    const ack = n.acknowledged ? null : h('button.primary#acknowledge', { type: 'button' }, '确认收到');
    if (ack) {
      ack.addEventListener('click', async () => {
        ack.disabled = true;
        try {
          n = (await post(`/notices/${id}/acknowledgement`, {})).body;
          replace(body, h('h3', n.subject), noticeState(n), noticeDetail(n),
            notice('success', '已确认收到。'), h('div.actions', h('button', { type: 'button', onclick: () => dialog.close() }, '关闭')));
        } catch (e) {
          ack.disabled = false;
          if (e.status !== 401) replace(box, notice('error', e.message));
        }
      });
    }
    replace(body, h('h3', n.subject), noticeState(n), noticeDetail(n), box,
      h('div.actions', ack, h('button', { type: 'button', onclick: () => dialog.close() }, '关闭')));
    refreshUnread();
  }

  await show(0);
}

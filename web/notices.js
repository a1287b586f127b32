// notices.js — 通报: the compose dialog (from the inbox, a person's page or
// an organization's page, then linked to that record), the unread count in
// the menu (通报 (3)) and on the home page, and the state of a notice.

import { h, replace } from './dom.js';
import { get, post } from './api.js';
import * as session from './session.js';
import { openDialog, finished } from './dialog.js';
import { dateTime } from './labels.js';
import { field, showApiError, showProblems, clearErrors, clearFieldError, busy, textInput, textArea } from './form.js';

const DIVISION = /^\d{9}(\d{3})?$/;

/** The menu entry of the inbox shows the count of unread notices; returns the count (null if unknown). */
export async function refreshUnread() {
  if (!session.can('notice.read')) return null;
  let count;
  try {
    count = (await get('/notices', { unread: 'true', limit: 1 })).body.unread_count;
  } catch {
    return null;
  }
  const link = document.querySelector('#menu a[href="#/notices"]');
  if (link) {
    link.textContent = count ? `通报 (${count})` : '通报';
    link.dataset.unread = String(count);
  }
  return count;
}

/** The home page's line about unread notices. */
export function unreadPanel() {
  const place = h('p.muted', '正在读取通报…');
  const panel = h('section.panel.home-notices', { 'aria-labelledby': 'notices-title' },
    h('div.section-head', h('h2#notices-title', '通报'), h('a.button', { href: '#/notices' }, '打开收件箱')), place);
  refreshUnread().then((count) => {
    if (count === null) replace(place, '通报暂时无法读取。');
    else if (count === 0) replace(place, '没有未读的通报。');
    else replace(place, h('strong.unread-count', { dataset: { count: String(count) } }, `有 ${count} 份未读通报`), '，请及时查看并确认收到。');
  });
  return panel;
}

/** The state of a notice for its recipients in one's scope. */
export function noticeState(n) {
  if (n.acknowledged) return h('span.badge.notice-acknowledged', '已确认');
  if (n.read) return h('span.badge.notice-read', '已读');
  return h('span.badge.notice-unread', '未读');
}

/**
 * A 发通报 button for users with notice.send; `about` links the notice to
 * {person_id} or {organization_id}, `recipients` proposes division codes.
 */
export function composeButton({ about = {}, recipients = [], subject = '', label = '发通报' } = {}) {
  if (!session.can('notice.send')) return null;
  return h('button#compose-notice', { type: 'button', onclick: () => openCompose({ about, recipients, subject }) }, label);
}

export function openCompose({ about = {}, recipients = [], subject = '', title = '发通报' } = {}) {
  const c = {
    recipients: textInput('recipients', { class: 'mono', value: recipients.filter(Boolean).join(' '), maxlength: 400 }),
    subject: textInput('subject', { maxlength: 60, value: subject }),
    body: textArea('body', { maxlength: 1000, rows: 5 }),
  };
  const box = h('div.form-message');
  const submit = h('button.primary', { type: 'submit' }, '发送');
  const linked = about.person_id ? `档案 ${about.person_id}` : about.organization_id ? `单位 ${about.organization_id}` : null;
  const form = h('form.dialog-form.notice-form', { novalidate: true },
    linked ? h('p.muted.small', `本通报关联${linked}，收件单位可据此查看。`) : null,
    field('收件单位', c.recipients, { required: true, hint: '本市镇/街道（9位）或社区/村（12位）区划代码，多个用空格或逗号分隔，最多 20 个' }),
    field('标题', c.subject, { required: true, hint: '2–60 字' }),
    field('内容', c.body, { required: true, hint: '2–1000 字，不分段' }),
    box,
    h('div.actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  for (const name of Object.keys(c)) c[name].addEventListener('input', () => clearFieldError(form, name));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const codes = [...new Set(c.recipients.value.split(/[\s,，、;；]+/).filter(Boolean))];
    const subjectText = c.subject.value.trim();
    const bodyText = c.body.value.trim();
    const problems = [];
    if (!codes.length) problems.push(['recipients', '请填写收件单位的区划代码']);
    else if (codes.length > 20) problems.push(['recipients', '收件单位最多 20 个']);
    else {
      const bad = codes.filter((x) => !DIVISION.test(x));
      if (bad.length) problems.push(['recipients', `区划代码应为9位或12位数字：${bad.join('、')}`]);
    }
    if ([...subjectText].length < 2) problems.push(['subject', '标题应为 2–60 字']);
    if ([...bodyText].length < 2) problems.push(['body', '内容应为 2–1000 字']);
    else if (/[\u0000-\u001f\u007f]/.test(bodyText)) problems.push(['body', '内容不能换行，请写成一段']);
    if (!showProblems(form, box, problems)) return;
    await busy(submit, '正在发送…', async () => {
      try {
        const r = await post('/notices', { recipients: codes, subject: subjectText, body: bodyText, ...about });
        const names = r.body.recipients.map((x) => x.division.name || x.division.code).join('、');
        finished(dialog, null, `通报已发送（编号 ${r.body.id}）：${names}。`);
      } catch (e) {
        if (e.status !== 401) showApiError(form, box, e);
      }
    });
  });
  const dialog = openDialog(title, form);
  return dialog;
}

/** The full text of a notice, for its dialog. */
export function noticeDetail(n) {
  return h('div.notice-detail',
    h('dl.facts',
      h('dt', '发送单位'), h('dd', n.sender.division ? n.sender.division.name : '', '（', n.sender.role_label, ' ', n.sender.username, '）'),
      h('dt', '发送时间'), h('dd', dateTime(n.created_at)),
      h('dt', '收件单位'), h('dd', n.recipients.map((x, i) => [i ? '、' : '', x.division.name || x.division.code,
        x.acknowledged_at ? h('span.muted.small', `（${x.acknowledged_by || ''}已确认）`) : x.read_at ? h('span.muted.small', '（已读）') : ''])),
      n.person_id ? [h('dt', '涉及档案'), h('dd', session.can('person.read') ? h('a', { href: `#/persons/${n.person_id}` }, `档案 ${n.person_id}`) : `档案 ${n.person_id}`)] : null,
      n.organization_id ? [h('dt', '涉及单位'), h('dd', session.can('organization.read') ? h('a', { href: `#/organizations/${n.organization_id}` }, `单位 ${n.organization_id}`) : `单位 ${n.organization_id}`)] : null),
    h('p.notice-body', n.body));
}

// pages/exchange.js — #/exchange?tab=inquiries|handovers|messages: 异地协作,
// what came over the information network between places (policy §5, §2(2)).
//   来函 (inquiry.write): inquiries other places sent about persons whose
//     hukou is in one's scope; 答复 gives the marital status and the letter's
//     reference, confirmed first — the answer goes back over the network.
//   移交人员 (transition.write): persons handed over to one's scope by their
//     hukou place, with the transfer certificate issued there.
//   消息状态 (exchange.read): messages sent (待发, 已送达, 被拒收) and received.
// A node without peers (a single node) has nothing here; each tab says so.

import { h, replace, notice, select } from '../dom.js';
import { get, post } from '../api.js';
import * as session from '../session.js';
import { hashQuery, hashWithQuery } from '../nav.js';
import { field, formValues, clearErrors, showApiError, showProblems, isDateOrEmpty, dateInput, textInput, textArea } from '../form.js';
import { openDialog, confirmStep, finished } from '../dialog.js';
import { MARITAL_STATUS, INQUIRY_SUBJECT, dateTime, todayText } from '../labels.js';
import { labelOf } from '../fieldwork.js';

const TABS = [
  { key: 'inquiries', label: '来函', perm: 'inquiry.write', show: showInquiries },
  { key: 'handovers', label: '移交人员', perm: 'transition.write', show: showHandovers },
  { key: 'messages', label: '消息状态', perm: 'exchange.read', show: showMessages },
];
const NO_PEERS = '本节点尚未配置其他节点（单机运行）时，这里不会有内容；连接其他地方的节点由系统管理员按运维手册第 18 节配置。';
const MESSAGE_STATE = [['', '全部发出的'], ['queued', '待发'], ['delivered', '已送达'], ['failed', '被拒收']];
const MESSAGE_TYPE = {
  'person.notice': '流入人员通知', 'inquiry.request': '函调', 'inquiry.answer': '函调答复',
  'person.handover': '人员移交', 'certificate.verify': '证明核验', 'person.query': '异地查询',
};
const OUTCOME = {
  applied: '已办理', departure_recorded: '已记录外出', person_not_registered: '本地无此人档案', duplicate: '重复消息（已忽略）',
};

/** The masked form of an ID number (first 6 and last 4 digits), as the server masks it. */
const maskId = (n) => (n && n.length === 18 ? `${n.slice(0, 6)}********${n.slice(14)}` : '******************');
const divisionText = (d) => (d && typeof d === 'object' ? d.name || d.code : d || '');

export async function render(view, ctx) {
  ctx.setTitle('异地协作');
  const tabs = TABS.filter((t) => session.can(t.perm));
  const wanted = hashQuery().get('tab');
  const tab = tabs.find((t) => t.key === wanted) || tabs[0];
  if (!tab) {
    replace(view, h('h1', '异地协作'), notice('warning', '您的角色不能使用此页面。'));
    return;
  }
  const nav = h('nav.state-tabs', { 'aria-label': '异地协作' }, h('ul', tabs.map((t) =>
    h('li', h('a', { href: hashWithQuery('#/exchange', { tab: t.key }), 'aria-current': t === tab ? 'page' : null, dataset: { tab: t.key } }, t.label)))));
  const results = h('section.results.exchange-results', { 'aria-live': 'polite' });
  replace(view,
    h('div.page-head', h('h1', '异地协作'), h('p.muted.page-hint', '与其他地方（流入地、户籍地）的节点经信息网络往来的函调、移交和消息。')),
    h('section.panel.tabs-panel', nav),
    results);
  replace(results, h('p.muted', '正在查询…'));
  try {
    await tab.show(results);
  } catch (e) {
    if (e.status !== 401) replace(results, notice('error', e.message));
  }
}

// --- 来函 ---------------------------------------------------------------------------

async function showInquiries(results) {
  const items = (await get('/exchange/inquiries')).body.items;
  if (!items.length) {
    replace(results, notice('info', '还没有收到其他地方发来的函调。', NO_PEERS));
    return;
  }
  const waiting = items.filter((x) => x.state === 'received').length;
  replace(results,
    h('div.results-head', h('h2', '其他地方发来的函调'), h('span.muted', `共 ${items.length} 件，待答复 ${waiting} 件`)),
    h('table.grid.exchange-inquiries',
      h('thead', h('tr', ['发函节点', '发函地', '姓名', '公民身份号码', '户籍地', '事项', '回复期限', '状态', '答复'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', items.map((x) => h('tr', { dataset: { inquiry: String(x.id), state: x.state } },
        h('td.nowrap', x.from_node),
        h('td.mono', x.from_division),
        h('td', x.person_name),
        h('td.mono', x.id_number_masked),
        h('td', { title: x.hukou_division.code }, divisionText(x.hukou_division)),
        h('td', labelOf(INQUIRY_SUBJECT, x.subject), x.note ? h('div.muted.small', x.note) : null),
        h('td.nowrap', x.due_on || ''),
        h('td.nowrap', x.state === 'answered' ? h('span.badge', '已答复') : h('span.badge.badge-warning', '待答复')),
        h('td', x.state === 'answered'
          ? [`${x.answered_on} ${x.marital_status_label || ''}`, x.reference ? h('div.muted.small', x.reference) : null]
          : h('button', { type: 'button', onclick: () => answerDialog(x) }, '答复')))))));
}

function answerDialog(x) {
  const c = {
    marital_status: select({ name: 'marital_status', value: '' }, MARITAL_STATUS, { empty: '请选择' }),
    reference: textInput('reference', { maxlength: 100, placeholder: '中原计生函〔2026〕15号' }),
    answered_on: dateInput('answered_on', { value: todayText() }),
    answer_text: textArea('answer_text', { maxlength: 500 }),
  };
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const confirmPlace = h('div', { hidden: true });
  const form = h('form.dialog-form', { novalidate: true },
    h('dl.facts',
      h('dt', '发函节点'), h('dd', `${x.from_node}（${x.from_division}）`),
      h('dt', '姓名'), h('dd', x.person_name),
      h('dt', '公民身份号码'), h('dd.mono', x.id_number_masked),
      h('dt', '事项'), h('dd', labelOf(INQUIRY_SUBJECT, x.subject), x.note ? `：${x.note}` : '')),
    h('div.form-grid',
      field('婚姻状况', c.marital_status, { required: true, hint: '经核实的婚姻状况' }),
      field('回函文号', c.reference, { hint: '如 中原计生函〔2026〕15号' }),
      field('答复日期', c.answered_on, { hint: '格式 2026-11-29，默认今天' }),
      field('答复内容', c.answer_text, { span: 3 })),
    h('div.actions', h('button.primary', { type: 'submit' }, '答复'), h('button', { type: 'button', onclick: () => dialog.close() }, '取消')),
    box);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const v = formValues(form);
    const problems = [];
    if (!v.marital_status) problems.push(['marital_status', '请选择婚姻状况']);
    if (!isDateOrEmpty(v.answered_on)) problems.push(['answered_on', '日期格式为 2026-11-29']);
    if (!showProblems(form, box, problems)) return;
    const body = { marital_status: v.marital_status };
    for (const k of ['reference', 'answered_on', 'answer_text']) if (v[k]) body[k] = v[k];
    form.hidden = true;
    confirmStep(confirmPlace, {
      title: `确认答复 ${x.from_node} 的函调？`,
      lines: [`${x.person_name}：${labelOf(MARITAL_STATUS, v.marital_status)}${v.reference ? `，回函文号 ${v.reference}` : ''}。`,
        '答复经信息网络送回发函地，发出后不能修改。'],
      confirmLabel: '确认答复',
      onBack: () => { confirmPlace.hidden = true; form.hidden = false; c.marital_status.focus(); },
      onConfirm: async () => {
        try {
          await post(`/exchange/inquiries/${x.id}/answer`, body);
          finished(dialog, null, `已答复 ${x.from_node} 关于${x.person_name}的函调，答复正经网络送回发函地。`);
        } catch (err) {
          confirmPlace.hidden = true;
          form.hidden = false;
          if (err.status !== 401) showApiError(form, box, err);
        }
      },
    });
  });
  const dialog = openDialog(`答复函调（${x.person_name}）`, form, confirmPlace);
}

// --- 移交人员 -------------------------------------------------------------------------

async function showHandovers(results) {
  const items = (await get('/exchange/handovers')).body.items;
  if (!items.length) {
    replace(results, notice('info', '还没有其他地方移交到本地的人员。', NO_PEERS));
    return;
  }
  replace(results,
    h('div.results-head', h('h2', '移交到本地的人员'), h('span.muted', `共 ${items.length} 人`)),
    h('p.muted.small', '随配偶长期居住在配偶户籍地的，户籍地出具移交用婚育证明并移交现居住地（政策第二条第（二）项）。'),
    h('table.grid.exchange-handovers',
      h('thead', h('tr', ['移交节点', '姓名', '公民身份号码', '户籍地', '移交到', '生效日期', '婚育证明', '收到时间'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', items.map((x) => h('tr', { dataset: { handover: String(x.id) } },
        h('td.nowrap', x.from_node),
        h('td', x.person_name),
        h('td.mono', maskId(x.id_number)),
        h('td', { title: x.hukou_division.code }, divisionText(x.hukou_division)),
        h('td', divisionText(x.destination_division), x.destination_address ? h('div.muted.small', x.destination_address) : null),
        h('td.nowrap', x.effective_on),
        h('td', h('div.mono', x.certificate.number),
          h('div.muted.small', `${x.certificate.issuer_name}，${x.certificate.issued_on}签发；${labelOf(MARITAL_STATUS, x.certificate.marital_status)}${x.certificate.spouse_name ? `，配偶 ${x.certificate.spouse_name}` : ''}`)),
        h('td.nowrap', dateTime(x.received_at)))))));
}

// --- 消息状态 -------------------------------------------------------------------------

async function showMessages(results) {
  const q = hashQuery();
  const state = MESSAGE_STATE.some(([v]) => v === q.get('state')) ? q.get('state') : '';
  const [sent, received] = await Promise.all([
    get('/exchange/messages', { direction: 'out', state, limit: 50 }),
    get('/exchange/messages', { direction: 'in', limit: 50 }),
  ]);
  const counts = sent.body.counts;
  const total = counts.queued + counts.delivered + counts.failed;
  const countFor = (v) => (v ? counts[v] : total);
  const filter = h('nav.state-tabs.message-states', { 'aria-label': '按状态筛选' }, h('ul', MESSAGE_STATE.map(([v, label]) =>
    h('li', h('a', { href: hashWithQuery('#/exchange', { tab: 'messages', state: v || null }), 'aria-current': v === state ? 'page' : null, dataset: { state: v || 'all' } }, `${label}（${countFor(v)}）`)))));
  const none = !total && !received.body.items.length;
  replace(results,
    none ? notice('info', '本节点尚未与其他节点交换过消息。', NO_PEERS) : null,
    h('div.results-head', h('h2', '发出的消息'), h('span.muted', `待发 ${counts.queued}，已送达 ${counts.delivered}，被拒收 ${counts.failed}`)),
    filter,
    sent.body.items.length ? h('table.grid.exchange-sent',
      h('thead', h('tr', ['对端节点', '类型', '状态', '尝试次数', '入队时间', '送达时间', '用时', '说明'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', sent.body.items.map((m) => h('tr', { dataset: { message: m.id, state: m.state } },
        h('td.nowrap', m.peer),
        h('td', MESSAGE_TYPE[m.type] || m.type),
        h('td.nowrap', labelOf(MESSAGE_STATE, m.state)),
        h('td', String(m.attempts)),
        h('td.nowrap', dateTime(m.created_at)),
        h('td.nowrap', m.delivered_at ? dateTime(m.delivered_at) : m.next_attempt_at ? `下次重试 ${dateTime(m.next_attempt_at)}` : ''),
        h('td.nowrap', m.delivery_ms === null ? '' : m.delivery_ms < 1000 ? `${m.delivery_ms} 毫秒` : `${(m.delivery_ms / 1000).toFixed(1)} 秒`),
        h('td', m.last_error || ''))))) : h('p.muted', '没有这样的消息。'),
    h('div.results-head', h('h2', '收到的消息'), h('span.muted', `最近 ${received.body.items.length} 条`)),
    received.body.items.length ? h('table.grid.exchange-received',
      h('thead', h('tr', ['来自节点', '类型', '处理结果', '收到时间'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', received.body.items.map((m) => h('tr', { dataset: { message: m.id } },
        h('td.nowrap', m.from),
        h('td', MESSAGE_TYPE[m.type] || m.type),
        h('td', OUTCOME[m.outcome] || m.outcome),
        h('td.nowrap', dateTime(m.received_at)))))) : h('p.muted', '没有收到的消息。'));
}

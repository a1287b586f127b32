// pages/person.js — #/persons/12: one person's file, whole (the API gives the
// full ID number and phone only to those allowed to see this record), and
// what has been done about the person, each section with the actions the
// role may take: marriage and childbearing certificates and service
// contracts (certificates.js), letter inquiries (inquiries.js), transitions
// between floating and resident management (transitions.js), for outflow
// persons their departures and feedback, and benefits (outflow.js); then
// the 办理记录 (events, oldest first) and the file's history (newest first).

import { h, replace, notice } from '../dom.js';
import { get } from '../api.js';
import * as session from '../session.js';
import { searchHash } from '../nav.js';
import { composeButton } from '../notices.js';
import { certificatesTable, contractsTable, issueButtons, certificateHash, contractPrintHash } from '../certificates.js';
import { inquiriesTable, newInquiryButton, inquiryPrintHash } from '../inquiries.js';
import { transitionsTable, transitionButton } from '../transitions.js';
import {
  departuresTable, departureButtons, feedbackTable, feedbackButton, benefitsTable, benefitButton,
} from '../outflow.js';
import { FIELDS, FIELD_LABEL, SEX, valueLabel, dateTime, eventLabel } from '../labels.js';

export async function render(view, ctx) {
  const id = ctx.params[0];
  ctx.setTitle(`档案 ${id}`);
  replace(view, h('p.muted', '正在读取档案…'));
  const lists = ['history', 'certificates', 'contracts', 'inquiries', 'transitions', 'events', 'departures', 'feedback', 'benefits'];
  let person;
  const r = {};
  try {
    const answers = await Promise.all([get(`/persons/${id}`), ...lists.map((name) => get(`/persons/${id}/${name}`))]);
    person = answers[0];
    lists.forEach((name, i) => { r[name] = answers[i + 1].body.items; });
  } catch (e) {
    if (e.status === 404) {
      replace(view, h('h1', '档案不存在'), notice('warning', e.message, '（或不在您的管辖范围内）。 ', h('a', { href: searchHash() }, '返回查询')));
      return;
    }
    throw e;
  }
  const p = person.body;
  const certs = r.certificates;
  const [issue, issueHints] = issueButtons(p, certs);
  const [departure, departureHints] = departureButtons(p, r.departures);
  const outflow = p.flow === 'outflow' || r.departures.length > 0 || r.feedback.length > 0;
  ctx.setTitle(`${p.name} - 档案 ${p.id}`);

  const sections = [
    ['fields', '基本信息'], ['certificates', '婚育证明'], ['contracts', '管理服务合同书'], ['inquiries', '函调'],
    ['transitions', '管理方式转换'], outflow ? ['departures', '外出登记'] : null, outflow ? ['feedback', '信息反馈'] : null,
    ['benefits', '奖励优惠'], ['events', '办理记录'], ['history', '变更历史'],
  ].filter(Boolean);
  const panel = (key, title, actions, ...content) => h(`section.panel#${key}`, { 'aria-labelledby': `${key}-title` },
    h('div.section-head', h(`h2#${key}-title`, title), actions && [actions].flat().filter(Boolean).length ? h('div.actions', actions) : null),
    content);

  replace(view,
    h('div.page-head',
      h('h1', p.name, h('span.subtitle', `档案编号 ${p.id}`), ' ', managementBadge(p.management)),
      h('div.actions',
        session.can('person.write') ? h('a.button.primary#edit', { href: `#/persons/${p.id}/edit` }, '修改档案') : null,
        composeButton({ about: { person_id: p.id }, recipients: [p.residence_division && p.residence_division.code], subject: `关于${p.name}` }),
        h('a.button', { href: searchHash() }, '返回查询'))),
    h('nav.page-toc', { 'aria-label': '本页栏目' }, h('ul', sections.map(([key, title]) =>
      h('li', h('a', { href: `#/persons/${p.id}`, dataset: { target: key }, onclick: (e) => { e.preventDefault(); jump(key); } }, title))))),
    p.possible_duplicate ? notice('warning', '疑似重复：系统中另有姓名、出生日期和户籍地相同的档案，请核实是否为同一人。') : null,
    h('section.panel#fields', { 'aria-labelledby': 'fields-title' },
      h('h2#fields-title', '基本信息'),
      h('dl.record', FIELDS.flatMap(([name, label]) => [h('dt', label), h('dd', { dataset: { field: name } }, fieldValue(p, name))]),
        h('dt', '版本'), h('dd', { dataset: { field: 'version' } }, `第 ${p.version} 版`),
        h('dt', '建档时间'), h('dd', dateTime(p.created_at)),
        h('dt', '最后修改'), h('dd', dateTime(p.updated_at)))),
    panel('certificates', '婚育证明', issue,
      issueHints.map((t) => h('p.muted.small', t)),
      certificatesTable(certs, p)),
    panel('contracts', '管理服务合同书', null, contractsTable(r.contracts, certs)),
    panel('inquiries', '函调', newInquiryButton(p), inquiriesTable(r.inquiries, p)),
    panel('transitions', '管理方式转换', transitionButton(p, r.inquiries), transitionsTable(r.transitions, certs)),
    outflow ? panel('departures', '外出登记', departure, departureHints.map((t) => h('p.muted.small', t)), departuresTable(r.departures, p)) : null,
    outflow ? panel('feedback', '信息反馈', feedbackButton(p), feedbackTable(r.feedback)) : null,
    panel('benefits', '奖励优惠', benefitButton(p), benefitsTable(r.benefits, p)),
    panel('events', '办理记录', null, eventsTimeline(r.events, certs, p)),
    panel('history', '变更历史', null, timeline(r.history, p)));
}

/** Scrolls to a section and gives it the focus (the hash stays the person's). */
function jump(key) {
  const target = document.getElementById(key);
  if (!target) return;
  target.setAttribute('tabindex', '-1');
  target.scrollIntoView({ block: 'start' });
  target.focus({ preventScroll: true });
}

/** The management state next to the name: anything but 流动管理 stands out. */
function managementBadge(management) {
  return h(`span.badge.management-${management}`, { dataset: { management } }, valueLabel('management', management));
}

/** What an event is about, as a link where there is a page for it. */
function subjectLink(subject, certificates, p) {
  const [kind, id] = (subject || '').split(':');
  const office = session.can('inquiry.write');
  if (kind === 'certificate') {
    const c = certificates.find((x) => String(x.id) === id);
    return c ? h('a.mono', { href: certificateHash(c.number) }, c.number) : null;
  }
  if (kind === 'inquiry') return office ? h('a', { href: inquiryPrintHash({ id }) }, `函调 ${id}`) : `函调 ${id}`;
  if (kind === 'contract' && (session.can('certificate.issue') || session.can('certificate.distribute'))) {
    return h('a', { href: contractPrintHash({ id, person_id: p.id }) }, `合同书 ${id}`);
  }
  return null;
}

/** The 办理记录: certificates, contracts, inquiries, transitions, … oldest first, the newest last. */
function eventsTimeline(items, certificates, p) {
  if (!items.length) return h('p.muted.empty-list', '尚无办理记录。');
  return h('ol.events', items.map((e) => h('li.event', { dataset: { action: e.action } },
    h('div.event-head',
      h('span.event-time.nowrap', dateTime(e.at)),
      h('span.event-action', eventLabel(e.action)),
      h('span.muted', '经办人：', e.actor),
      subjectLink(e.subject, certificates, p)),
    h('p.event-detail', e.detail))));
}

/** A field of the record as the page shows it. */
export function fieldValue(p, name) {
  const v = p[name];
  if (v === null || v === undefined || v === '') return h('span.empty', '未填写');
  if (name === 'sex') return SEX[v] || v;
  if (name === 'hukou_division' || name === 'residence_division') return [v.name || '（区划表中无此代码）', ' ', h('span.code', v.code)];
  if (name === 'id_number' || name === 'phone') return h('span.mono', v);
  return valueLabel(name, v);
}

/** History values are raw (codes); divisions known from the record get their names. */
function historyValue(field, value, p) {
  if (value === null || value === undefined || value === '') return h('span.empty', '空');
  if (field === 'hukou_division' || field === 'residence_division') {
    const known = [p.hukou_division, p.residence_division].find((d) => d && d.code === value);
    return known ? `${known.name}（${value}）` : value;
  }
  return valueLabel(field, value);
}

/** One entry per version: created, or the fields changed, newest first. */
function timeline(items, p) {
  if (!items.length) return h('p.muted', '没有历史记录。');
  const byVersion = new Map();
  for (const item of items) {
    if (!byVersion.has(item.version)) byVersion.set(item.version, []);
    byVersion.get(item.version).push(item);
  }
  const entries = [...byVersion.entries()].sort((a, b) => b[0] - a[0]);
  return h('ol.timeline', entries.map(([version, rows]) => {
    const first = rows[0];
    const created = rows.some((r) => r.action === 'created');
    return h('li.timeline-item', { dataset: { version: String(version) } },
      h('div.timeline-head',
        h('span.timeline-version', `第 ${version} 版`),
        h('span.timeline-what', created ? '登记建档' : `修改 ${rows.length} 项`),
        h('span.muted', dateTime(first.changed_at)),
        h('span.muted', '经办人：', first.actor)),
      created ? null : h('ul.changes', rows.filter((r) => r.action === 'changed').map((r) =>
        h('li', h('span.change-field', FIELD_LABEL[r.field] || r.field), '：',
          h('del', historyValue(r.field, r.old_value, p)), h('span.arrow', ' → '),
          h('ins', historyValue(r.field, r.new_value, p))))));
  }));
}

// pages/person.js — #/persons/12: one person's file, whole (the API gives the
// full ID number and phone only to those allowed to see this record), and
// its history as a timeline, newest first.

import { h, replace, notice } from '../dom.js';
import { get } from '../api.js';
import * as session from '../session.js';
import { searchHash } from '../nav.js';
import { FIELDS, FIELD_LABEL, SEX, valueLabel, dateTime } from '../labels.js';

export async function render(view, ctx) {
  const id = ctx.params[0];
  ctx.setTitle(`档案 ${id}`);
  replace(view, h('p.muted', '正在读取档案…'));
  let person, history;
  try {
    [person, history] = await Promise.all([get(`/persons/${id}`), get(`/persons/${id}/history`)]);
  } catch (e) {
    if (e.status === 404) {
      replace(view, h('h1', '档案不存在'), notice('warning', e.message, '（或不在您的管辖范围内）。 ', h('a', { href: searchHash() }, '返回查询')));
      return;
    }
    throw e;
  }
  const p = person.body;
  ctx.setTitle(`${p.name} - 档案 ${p.id}`);
  replace(view,
    h('div.page-head',
      h('h1', p.name, h('span.subtitle', `档案编号 ${p.id}`)),
      h('div.actions',
        session.can('person.write') ? h('a.button.primary#edit', { href: `#/persons/${p.id}/edit` }, '修改档案') : null,
        h('a.button', { href: searchHash() }, '返回查询'))),
    p.possible_duplicate ? notice('warning', '疑似重复：系统中另有姓名、出生日期和户籍地相同的档案，请核实是否为同一人。') : null,
    h('section.panel', { 'aria-labelledby': 'fields-title' },
      h('h2#fields-title', '基本信息'),
      h('dl.record', FIELDS.flatMap(([name, label]) => [h('dt', label), h('dd', { dataset: { field: name } }, fieldValue(p, name))]),
        h('dt', '版本'), h('dd', { dataset: { field: 'version' } }, `第 ${p.version} 版`),
        h('dt', '建档时间'), h('dd', dateTime(p.created_at)),
        h('dt', '最后修改'), h('dd', dateTime(p.updated_at)))),
    h('section.panel', { 'aria-labelledby': 'history-title' },
      h('h2#history-title', '变更历史'),
      timeline(history.body.items, p)));
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

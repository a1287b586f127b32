// pages/organization.js — #/organizations/5: one organization: its fields,
// its workers (for roles that see employments), the construction register
// for construction enterprises, and its history (newest first).  Buttons:
// 修改 (organization.write), 发通报 (notice.send, linked to it), 登记职工.

import { h, replace, notice } from '../dom.js';
import { get } from '../api.js';
import * as session from '../session.js';
import { dateTime } from '../labels.js';
import { composeButton } from '../notices.js';
import { ORG_FIELD_LABEL, orgKindLabel, orgDepartmentLabel, workersTable } from '../organizations.js';

export async function render(view, ctx) {
  const id = ctx.params[0];
  ctx.setTitle(`单位 ${id}`);
  replace(view, h('p.muted', '正在读取单位…'));
  let o;
  let history;
  try {
    [o, history] = await Promise.all([get(`/organizations/${id}`), get(`/organizations/${id}/history`)]);
  } catch (e) {
    if (e.status === 404) {
      replace(view, h('h1', '单位不存在'), notice('warning', e.message, '（或不在您的管辖范围内）。 ', h('a', { href: '#/organizations' }, '返回单位列表')));
      return;
    }
    throw e;
  }
  o = o.body;
  ctx.setTitle(`${o.name} - 单位 ${o.id}`);
  let workers = null;
  if (session.can('employment.read')) {
    try {
      workers = (await get(`/organizations/${id}/employments`)).body.items;
    } catch (e) {
      if (e.status !== 404) throw e;
      workers = [];
    }
  }
  const construction = o.kind === 'construction_enterprise';
  const recipients = o.division.code.length >= 9 ? [o.division.code] : [];
  const value = (v) => (v ? v : h('span.empty', '未填写'));
  replace(view,
    h('div.page-head',
      h('h1', o.name, h('span.subtitle', `单位编号 ${o.id}`)),
      h('div.actions',
        session.can('organization.write') ? h('a.button.primary#edit-organization', { href: `#/organizations/${o.id}/edit` }, '修改') : null,
        composeButton({ about: { organization_id: o.id }, recipients, subject: `关于${o.name}` }),
        h('a.button', { href: '#/organizations' }, '返回单位列表'))),
    h('section.panel#fields', { 'aria-labelledby': 'fields-title' },
      h('h2#fields-title', '基本信息'),
      h('dl.record',
        h('dt', ORG_FIELD_LABEL.kind), h('dd', { dataset: { field: 'kind' } }, o.kind_label || orgKindLabel(o.kind)),
        o.kind === 'department' ? [h('dt', ORG_FIELD_LABEL.department), h('dd', { dataset: { field: 'department' } }, o.department_label || orgDepartmentLabel(o.department))] : null,
        h('dt', ORG_FIELD_LABEL.credit_code), h('dd.mono', { dataset: { field: 'credit_code' } }, value(o.credit_code)),
        h('dt', ORG_FIELD_LABEL.division), h('dd', { dataset: { field: 'division' } }, o.division.name, ' ', h('span.code', o.division.code)),
        h('dt', ORG_FIELD_LABEL.address), h('dd', value(o.address)),
        h('dt', ORG_FIELD_LABEL.responsible_person), h('dd', value(o.responsible_person)),
        h('dt', ORG_FIELD_LABEL.contact_phone), h('dd.mono', value(o.contact_phone)),
        h('dt', '版本'), h('dd', { dataset: { field: 'version' } }, `第 ${o.version} 版`),
        h('dt', '登记时间'), h('dd', dateTime(o.created_at)),
        h('dt', '最后修改'), h('dd', dateTime(o.updated_at)))),
    workers ? h('section.panel#workers', { 'aria-labelledby': 'workers-title' },
      h('div.section-head', h('h2#workers-title', '职工'),
        h('div.actions',
          h('a.button', { href: `#/organizations/${o.id}/workers` }, session.can('employment.write') ? '登记职工' : '职工名单'),
          construction ? h('a.button#open-register', { href: `#/organizations/${o.id}/register` }, '建筑工地登记册') : null)),
      workersTable(workers)) : null,
    h('section.panel#history', { 'aria-labelledby': 'history-title' },
      h('h2#history-title', '变更历史'), timeline(history.body.items)));
}

function timeline(items) {
  if (!items.length) return h('p.muted', '没有历史记录。');
  const byVersion = new Map();
  for (const item of items) {
    if (!byVersion.has(item.version)) byVersion.set(item.version, []);
    byVersion.get(item.version).push(item);
  }
  const shown = (field, v) => {
    if (v === null || v === undefined || v === '') return h('span.empty', '空');
    if (field === 'kind') return orgKindLabel(v);
    if (field === 'department') return orgDepartmentLabel(v);
    return v;
  };
  return h('ol.timeline', [...byVersion.entries()].sort((a, b) => b[0] - a[0]).map(([version, rows]) => {
    const created = rows.some((r) => r.action === 'created');
    return h('li.timeline-item', { dataset: { version: String(version) } },
      h('div.timeline-head',
        h('span.timeline-version', `第 ${version} 版`),
        h('span.timeline-what', created ? '登记' : `修改 ${rows.length} 项`),
        h('span.muted', dateTime(rows[0].changed_at)),
        h('span.muted', '经办人：', rows[0].actor)),
      created ? null : h('ul.changes', rows.filter((r) => r.action === 'changed').map((r) =>
        h('li', h('span.change-field', ORG_FIELD_LABEL[r.field] || r.field), '：',
          h('del', shown(r.field, r.old_value)), h('span.arrow', ' → '), h('ins', shown(r.field, r.new_value))))));
  }));
}

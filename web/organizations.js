// organizations.js — what the organization screens share (pages/organizations.js,
// organization.js, organization-form.js, workers.js, register.js): the kinds
// and departments with their Chinese names, the live check of the unified
// social credit code (GB 32100, the same rules as the server), and the
// table of an organization's workers.

import { h } from './dom.js';
import { SEX } from './labels.js';

export const ORG_KIND = [
  ['department', '职能部门'],
  ['unit', '机关、团体、企事业单位'],
  ['construction_enterprise', '建筑施工企业'],
  ['individual_business', '个体工商户'],
  ['service_institution', '服务机构'],
];
export const ORG_DEPARTMENT = [
  ['publicity', '宣传'], ['comprehensive', '综治'], ['police', '公安'], ['commerce', '工商'], ['population', '人口'],
  ['civil_affairs', '民政'], ['health', '卫生'], ['construction', '建设'], ['labour', '劳动保障'], ['transport', '交通'],
  ['housing', '房管'],
];
/** Kinds whose credit code is required. */
export const CODE_REQUIRED = new Set(['unit', 'construction_enterprise', 'individual_business']);

export const ORG_FIELDS = [
  ['kind', '单位类别'], ['department', '部门'], ['name', '单位名称'], ['credit_code', '统一社会信用代码'],
  ['division', '所在地区划'], ['address', '地址'], ['responsible_person', '负责人'], ['contact_phone', '联系电话'],
];
export const ORG_FIELD_LABEL = Object.fromEntries(ORG_FIELDS);

export const orgKindLabel = (kind) => Object.fromEntries(ORG_KIND)[kind] || kind || '';
export const orgDepartmentLabel = (d) => Object.fromEntries(ORG_DEPARTMENT)[d] || d || '';

// --- GB 32100 统一社会信用代码 ---------------------------------------------------

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export const CREDIT_REASONS = {
  bad_length: '统一社会信用代码应为18位，请核对位数',
  bad_character: '统一社会信用代码只含数字和大写字母（不用 I、O、Z、S、V），请核对',
  bad_check_character: '统一社会信用代码校验位不符，可能有字符输错，请逐位核对',
};

/** The check character of the first 17 characters. */
export function creditCheckCharacter(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  return CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * Checks a credit code as typed (trimmed, upper-cased like the server):
 * null while it is too short to judge, else {ok, code, reason, message}.
 * `finished`: the typing is over, so a short code is wrong.
 */
export function checkCreditCode(text, finished = false) {
  const code = (text || '').trim().toUpperCase();
  if (!code) return null;
  for (const ch of code) {
    if (!CHARSET.includes(ch)) return { ok: false, code, reason: 'bad_character', message: CREDIT_REASONS.bad_character };
  }
  if (code.length > 18 || (finished && code.length < 18)) return { ok: false, code, reason: 'bad_length', message: CREDIT_REASONS.bad_length };
  if (code.length < 18) return null;
  const expected = creditCheckCharacter(code);
  if (code[17] !== expected) return { ok: false, code, reason: 'bad_check_character', message: CREDIT_REASONS.bad_check_character };
  return { ok: true, code, reason: '', message: '' };
}

// --- workers ------------------------------------------------------------------

/**
 * The workers of an organization (GET /organizations/{id}/employments items);
 * with `onEdit`, each row has a 修改 button that calls it with the item.
 */
export function workersTable(items, { onEdit } = {}) {
  if (!items.length) return h('p.muted.empty-list', '尚无登记的职工。');
  const heads = ['姓名', '性别', '公民身份号码', '工种', '工地或工作地点', '工地所在社区（村）', '进场日期', '离场日期', '住工地', '季节性'];
  return h('table.grid.workers-table',
    h('thead', h('tr', [...heads, ...(onEdit ? [''] : [])].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', items.map((e) => h('tr', { dataset: { employment: String(e.id), person: String(e.person.id) } },
      h('td', e.person.name),
      h('td', SEX[e.person.sex] || e.person.sex || ''),
      h('td.mono', e.person.id_number_masked),
      h('td', e.job),
      h('td', e.work_site),
      h('td', { title: e.site_division.code }, e.site_division.name || e.site_division.code),
      h('td.nowrap', e.starts_on),
      h('td.nowrap', e.ends_on || h('span.badge.employment-current', '在职')),
      h('td', e.lives_on_site ? '是' : '否'),
      h('td', e.seasonal ? '是' : '否'),
      onEdit ? h('td', h('button', { type: 'button', onclick: () => onEdit(e) }, e.ends_on ? '修改' : '修改 / 离场')) : null))));
}

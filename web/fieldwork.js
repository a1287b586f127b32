// fieldwork.js — what the screens of homes (pages/homes.js), field reports
// (pages/reports.js) and joint visits (pages/visits.js) share: the Chinese
// names of their codes, finding a person's file by ID number, and the
// short forms of divisions.

import { h } from './dom.js';
import { get } from './api.js';
import * as session from './session.js';

// 现场报告 (docs/api.md 现场报告格式).
export const REPORT_KIND = [
  ['move_in', '入住'], ['move_out', '搬离'], ['rental', '房屋出租'], ['transfer', '房屋转让'],
  ['sale', '房屋买卖'], ['birth', '生育'], ['unclear', '不明生育或情况不明'], ['other', '其他'],
];
export const REPORT_STATE = [['received', '已接收'], ['verified', '已核实'], ['closed', '已办结']];
export const REPORT_FIELD_LABEL = {
  kind: '报告类别', community: '发生地社区（村）', description: '情况说明', person_id: '所涉人员', home_id: '所涉房屋',
  id_number: '公民身份号码', outcome: '办理结果', state: '状态',
};

// 联合登记走访 (docs/api.md 走访格式).
export const RELATION = [['head', '户主'], ['spouse', '配偶'], ['child', '子女'], ['tenant', '租户'], ['other', '其他']];
export const HOUSEHOLD_TYPE = [['family', '家庭户'], ['collective', '集体户'], ['rental', '出租房']];
export const VISIT_FIELD_LABEL = {
  community: '社区（村）', address: '走访地址', visited_on: '走访日期', persons: '户内人员', person_id: '户内人员',
  relation: '与户主关系', household_type: '户别', residence_permit: '居住证情况', police_note: '公安备注',
  women_of_childbearing_age: '育龄妇女人数', contraception_note: '避孕节育情况', certificate_note: '婚育证明情况',
  fp_note: '计生备注',
};

// 出租房屋 (docs/api.md 出租房屋格式).
export const HOME_FIELD_LABEL = {
  community: '房屋所在社区（村）', address: '房屋地址', rooms: '出租间数', note: '备注',
  landlord_person_id: '出租人（个人）', landlord_organization_id: '出租人（单位）', landlord: '出租人',
  id_number: '租住人公民身份号码', person_id: '租住人', starts_on: '起租日期', ends_on: '退租日期',
};

export const labelOf = (pairs, code) => (pairs.find(([c]) => c === code) || [null, code || ''])[1];

/** True when the user has any of the permissions. */
export const canAny = (...perms) => perms.some((p) => session.can(p));

/** A 12-digit scope is one community: the default of every community field. */
export const ownCommunity = () => {
  const scope = session.user().scope;
  return scope.code.length === 12 ? scope.code : '';
};

/** "甘肃省嘉峪关市雄关街道福民社区" → "福民社区" when the scope already says the rest. */
export function shortDivision(d) {
  if (!d) return '';
  const scope = session.user().scope.name;
  const name = d.name || d.code;
  return name.startsWith(scope) && name.length > scope.length ? name.slice(scope.length) : name;
}

export function divisionCell(d) {
  return h('td', { title: d ? `${d.name}（${d.code}）` : null }, d ? shortDivision(d) : h('span.empty', '—'));
}

export const ID_NUMBER = /^(\d{17}[\dXx]|\d{15})$/;

/**
 * The file of an ID number within the scope (GET /persons?id_number=): the
 * summary {id, name, id_number_masked, residence_division…} or null.
 */
export async function personByIdNumber(idNumber) {
  const r = await get('/persons', { id_number: idNumber.toUpperCase(), limit: 1 });
  return r.body.items[0] || null;
}

/** A person's name, linked to the file when the user may read files. */
export function personLink(id, name) {
  const text = name || `档案 ${id}`;
  return session.can('person.read') ? h('a', { href: `#/persons/${id}` }, text) : text;
}

/** A "上一页 / 下一页" pager over next_cursor: `show(page)` renders page `page`. */
export function pager(page, nextCursor, show) {
  return h('div.pager',
    h('button', { type: 'button', disabled: page === 0, onclick: () => show(page - 1) }, '上一页'),
    h('span.page-number', `第 ${page + 1} 页`),
    h('button', { type: 'button', disabled: !nextCursor, onclick: () => show(page + 1) }, '下一页'));
}

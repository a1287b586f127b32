// pages/contract-print.js — #/contracts/<id>/print?person=<person id>: the
// service contract (流动人口计划生育管理服务合同书) signed with a temporary
// certificate, laid out for printing and signing by both parties (A4).
//
// The API has no GET /contracts/{id}: the contract is found by id among the
// person's contracts (GET /persons/{id}/contracts), hence the person in the
// address.

import { h, replace, notice } from '../dom.js';
import { get } from '../api.js';
import { hashQuery } from '../nav.js';
import { SEX, chineseDate } from '../labels.js';
import { contractBadge, certificateHash } from '../certificates.js';

export async function render(view, ctx) {
  const id = Number(ctx.params[0]);
  const personId = hashQuery().get('person');
  ctx.setTitle(`打印管理服务合同书 ${id}`);
  if (!/^\d+$/.test(personId || '')) {
    replace(view, h('h1', '地址不完整'), notice('warning', '请从档案页“管理服务合同书”中的“打印”进入。'));
    return;
  }
  replace(view, h('p.muted', '正在准备打印…'));
  let person, contracts, certificates;
  try {
    [person, contracts, certificates] = await Promise.all([
      get(`/persons/${personId}`), get(`/persons/${personId}/contracts`), get(`/persons/${personId}/certificates`)]);
  } catch (e) {
    if (e.status !== 404) throw e;
    replace(view, h('h1', '档案不存在'), notice('warning', e.message, '（或不在您的管辖范围内）。'));
    return;
  }
  const k = contracts.body.items.find((x) => x.id === id);
  if (!k) {
    replace(view, h('h1', '合同书不存在'), notice('warning', `档案 ${personId} 中没有编号为 ${id} 的管理服务合同书。`, ' ',
      h('a', { href: `#/persons/${personId}` }, '返回档案')));
    return;
  }
  const p = person.body;
  const cert = certificates.body.items.find((c) => c.id === k.certificate_id);

  view.classList.add('print-view');
  const printButton = h('button.primary#print', { type: 'button', onclick: () => window.print() }, '打印');
  replace(view,
    h('div.print-toolbar.no-print',
      h('h1', '打印管理服务合同书', h('span.subtitle', `${p.name}，${k.signed_on} 签订 `), contractBadge(k.state, k.state_label)),
      h('div.actions',
        printButton,
        h('a.button', { href: `#/persons/${p.id}` }, '返回档案'),
        cert ? h('a.button', { href: certificateHash(cert.number) }, '查看临时婚育证明') : null,
        h('span.muted.small', '用 A4 纸打印一式两份，双方签字（盖章）后各执一份。'))),
    sheet(k, p, cert));
  printButton.focus();
}

function sheet(k, p, cert) {
  const office = k.office_division ? k.office_division.name : '';
  const hukou = [p.hukou_division ? p.hukou_division.name : '', p.hukou_address || ''].join('');
  const residence = [p.residence_division ? p.residence_division.name : '', p.residence_address || ''].join('');
  const line = (label, value) => [h('dt', label), h('dd', value)];
  return h('article.sheet.contract-sheet', { 'aria-label': '流动人口计划生育管理服务合同书（打印样式）' },
    h('header.sheet-head',
      h('h2.sheet-title', '流动人口计划生育管理服务合同书'),
      cert ? h('p.sheet-number', '随签临时婚育证明编号：', h('span.mono', cert.number)) : null),
    h('dl.parties',
      line('甲方（管理服务单位）：', office),
      line('乙方（流动人口）：', `${p.name}，${SEX[p.sex] || p.sex}，${chineseDate(p.birth_date)}出生`),
      line('公民身份号码：', h('span.mono', p.id_number)),
      line('户籍地：', hukou),
      line('现居住地：', residence)),
    h('p.contract-intro', '甲乙双方就乙方在现居住地的计划生育管理服务事项，订立本合同，共同遵守：'),
    h('div.contract-terms', k.terms),
    h('p.contract-deadline', '交验期限：乙方应于', h('strong', chineseDate(k.deadline)), '前，向甲方交验户籍地出具的《流动人口婚育证明》。'),
    h('p', '本合同一式两份，甲乙双方各执一份。'),
    h('div.signatures',
      h('div.signature',
        h('p', '甲方（盖章）：', h('span.sign-line')),
        h('p', '经办人（签字）：', h('span.sign-line')),
        h('p', '签订日期：', chineseDate(k.signed_on))),
      h('div.signature',
        h('p', '乙方（签字）：', h('span.sign-line')),
        h('p', '联系电话：', p.phone ? h('span.mono', p.phone) : h('span.sign-line')),
        h('p', '签订日期：', chineseDate(k.signed_on)))));
}

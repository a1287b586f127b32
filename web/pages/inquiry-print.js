// pages/inquiry-print.js — #/inquiries/<id>/print: the inquiry letter
// (关于核查流动人口婚育情况的函) in the usual form of an official letter, for
// A4 portrait (style.css: @page letter, 20 mm × 18 mm margins; the menu,
// header and buttons are not printed): the office asked, the person (name,
// sex, birth date, ID number, hukou address), what is asked and by when,
// the sending office with date and seal, and a reply slip (回执) below a
// cut line for the hukou place to fill in and send back.
//
// A draft or a cancelled inquiry is printed with its state stamped across
// it, never as a clean letter.

import { h, replace, notice } from '../dom.js';
import { get } from '../api.js';
import { SEX, MARITAL_STATUS, chineseDate } from '../labels.js';
import { officeName, receivingOffice, inquiryBadge } from '../inquiries.js';

const BLANK_DATE = '　　　　年　　月　　日';
// The boxes of the reply slip: the marital statuses a hukou place answers with.
const SLIP_STATUSES = MARITAL_STATUS.filter(([code]) => ['10', '21', '22', '23', '40', '30'].includes(code)).map(([, label]) => label);

export async function render(view, ctx) {
  const id = ctx.params[0];
  ctx.setTitle(`打印函调函件 ${id}`);
  replace(view, h('p.muted', '正在准备打印…'));
  let q;
  let p;
  try {
    q = (await get(`/inquiries/${id}`)).body;
    p = (await get(`/persons/${q.person_id}`)).body;
  } catch (e) {
    if (e.status !== 404) throw e;
    replace(view, h('h1', '函调不存在'), notice('warning', `没有编号为 ${id} 的函调（或被函调人不在您的管辖范围内）。`));
    return;
  }
  const clean = ['sent', 'overdue', 'answered'].includes(q.state);
  view.classList.add('print-view');
  const printButton = h('button.primary#print', { type: 'button', onclick: () => window.print() }, '打印');
  replace(view,
    h('div.print-toolbar.no-print',
      h('h1', '打印函调函件', h('span.subtitle', `编号 ${q.id}，${p.name} `), inquiryBadge(q)),
      h('div.actions',
        printButton,
        h('a.button', { href: `#/persons/${p.id}` }, '返回档案'),
        h('a.button', { href: '#/inquiries' }, '函调列表'),
        h('span.muted.small', '用 A4 纸纵向打印；打印设置中不勾选“页眉和页脚”。加盖公章后寄出，下方回执沿虚线剪下随函寄出。'))),
    clean ? null : h('div.no-print', notice('warning', q.state === 'draft'
      ? '该函调尚未发出：打印件上注明“草稿”，没有发出日期和回复期限。请先在档案页“发出”，再打印正式函件。'
      : `该函调${q.state_label}，打印件上注明“${q.state_label}”，不能作为函件寄出。`)),
    q.state === 'answered' ? h('div.no-print', notice('info', `户籍地已于 ${q.answered_on} 回复（${q.answer_reference}）：婚姻状况${q.answer_marital_status_label}。`)) : null,
    letter(q, p, clean));
  printButton.focus();
}

function letter(q, p, clean) {
  const sender = officeName(q.from_division);
  const hukou = [p.hukou_division ? p.hukou_division.name : '', p.hukou_address || ''].join('') || '（档案未载）';
  const residence = [p.residence_division ? p.residence_division.name : '', p.residence_address || ''].join('');
  const sent = q.sent_on ? chineseDate(q.sent_on) : BLANK_DATE;
  const deadline = q.due_on ? `于${chineseDate(q.due_on)}前` : '在规定期限内';
  const childbearing = q.subject === 'marital_childbearing';
  return h('article.sheet.letter-sheet', { 'aria-label': '关于核查流动人口婚育情况的函（打印样式）', dataset: { state: q.state } },
    clean ? null : h('div.void-stamp', { 'aria-hidden': 'true' }, q.state === 'draft' ? '草稿' : q.state_label),
    q.urgency === 'urgent' ? h('p.letter-urgency', '加急') : null,
    h('header.sheet-head',
      h('h2.sheet-title.letter-title', '关于核查流动人口婚育情况的函'),
      h('p.sheet-number', '函调编号：', h('span.mono', String(q.id)), `　${q.channel_label}`)),
    h('p.letter-to', h('span.letter-office', receivingOffice(q.to_division)), '：'),
    h('p.letter-para',
      h('strong', p.name), `，${SEX[p.sex] || p.sex}，${chineseDate(p.birth_date)}出生，公民身份号码 `,
      h('span.mono', p.id_number), `，户籍地址：${hukou}。该人员现居住在${residence || '我辖区'}，属我辖区流动人口。`),
    h('p.letter-para',
      `为做好流动人口计划生育服务管理工作，请贵单位协助核查该人员的`, h('strong', q.subject_label),
      childbearing ? '（含初婚日期、配偶及子女情况）' : '（含初婚日期及配偶情况）',
      `，并${deadline}将核查结果函复我单位（可填写下方回执寄回）。`),
    q.note ? h('p.letter-para', `需要说明的情况：${q.note}`) : null,
    h('p.letter-para', '请予协助为盼。'),
    h('p.letter-contact', '联系人：', h('span.sign-line'), '　联系电话：', h('span.sign-line')),
    h('div.letter-sign',
      h('p.letter-sender', sender),
      h('p', sent),
      h('div.seal', { 'aria-label': '盖章处' }, '（盖章）')),
    // The cut line stays with the slip: a long letter moves both to a second page.
    h('div.slip-part',
      h('div.cut-line', { 'aria-hidden': 'true' }, h('span', '✂ 沿此线剪下')),
      h('section.reply-slip', { 'aria-label': '回执' },
      h('h3.slip-title', '回　执'),
      h('p.letter-to', sender, '：'),
      h('p.letter-para',
        `你单位${q.sent_on ? `${sent}发出` : ''}关于核查 `, h('strong', p.name), '（公民身份号码 ', h('span.mono', p.id_number),
        `）婚育情况的函（函调编号 ${q.id}）已收悉。经核查，该人员：`),
      h('p.slip-line', '婚姻状况：', SLIP_STATUSES.map((label) => h('span.slip-box', `□${label}`)), '　初婚日期：', h('span.sign-line.short')),
      h('p.slip-line', '配偶姓名：', h('span.sign-line'), '　配偶公民身份号码：', h('span.sign-line.long')),
      childbearing ? h('p.slip-line', '生育情况（子女姓名、性别、出生日期）：', h('span.sign-line.long')) : null,
      h('p.slip-line', '其他情况：', h('span.sign-line.wide')),
      h('div.slip-sign',
        h('p', '回复单位（盖章）：', h('span.sign-line')),
        h('p', '经办人：', h('span.sign-line.short'), '　联系电话：', h('span.sign-line.short')),
        h('p', BLANK_DATE)))));
}

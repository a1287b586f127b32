// pages/certificate-print.js — #/certificates/<number>/print: the certificate
// laid out as the paper document, for A5 portrait (style.css: @page A5,
// 12 mm margins; the menu, header and buttons are not printed).
//
// The QR code comes from GET /api/v1/certificates/{number}/qr (an SVG that
// carries the signed verification URL); if it cannot be loaded the page is
// printed without it.  A certificate that is no longer valid is printed with
// its state stamped across it, never as a clean document.

import { h, replace, notice } from '../dom.js';
import { get } from '../api.js';
import { SEX, valueLabel, chineseDate, ageOn } from '../labels.js';
import { certificateHash } from '../certificates.js';

const TITLE = { standard: '流动人口婚育证明', temporary: '临时婚育证明', transfer: '流动人口婚育证明', external: '婚育证明' };
const PAIRS_FROM = 5; // from this many children on, two children share a row

export async function render(view, ctx) {
  const number = ctx.params[0];
  ctx.setTitle(`打印婚育证明 ${number}`);
  replace(view, h('p.muted', '正在准备打印…'));
  let c;
  try {
    c = (await get(`/certificates/${encodeURIComponent(number)}`)).body;
  } catch (e) {
    if (e.status !== 404) throw e;
    replace(view, h('h1', '证明不存在'), notice('warning', `没有编号为 ${number} 的婚育证明（或持证人不在您的管辖范围内）。`));
    return;
  }
  const [person, contracts] = await Promise.all([
    get(`/persons/${c.person.id}`),
    c.kind === 'temporary' ? get(`/persons/${c.person.id}/contracts`) : null,
  ]);
  const p = person.body;
  const contract = contracts ? contracts.body.items.find((k) => k.certificate_id === c.id) : null;

  view.classList.add('print-view');
  const printButton = h('button.primary#print', { type: 'button', onclick: () => window.print() }, '打印');
  replace(view,
    h('div.print-toolbar.no-print',
      h('h1', '打印', c.kind_label, h('span.subtitle.mono', c.number)),
      h('div.actions',
        printButton,
        h('a.button', { href: certificateHash(c.number) }, '返回证明'),
        h('span.muted.small', '用 A5 纸纵向打印；打印设置中不勾选“页眉和页脚”。打印后加盖签发机关公章。'))),
    c.valid ? null : h('div.no-print', notice('warning', `该证明${c.state_label}，打印件上将注明“${c.state_label}”，不能作为有效证明使用。`)),
    sheet(c, p, contract));
  printButton.focus();
}

function sheet(c, p, contract) {
  const title = TITLE[c.kind] || c.kind_label;
  const age = ageOn(p.birth_date, c.issued_on);
  const hukou = [p.hukou_division ? p.hukou_division.name : '', p.hukou_address || ''].filter(Boolean).join('');
  const cell = (v) => (v === null || v === undefined || v === '' ? '—' : v);
  const row = (...cells) => h('tr', cells);
  const th = (text) => h('th', { scope: 'row' }, text);
  const td = (value, span) => h('td', { colspan: span ? String(span) : null }, value);
  const qr = h('figure.sheet-qr',
    h('img', {
      onerror: () => { qr.hidden = true; },
      src: `/api/v1/certificates/${encodeURIComponent(c.number)}/qr`,
      alt: '婚育证明核验二维码',
      width: '96',
      height: '96',
    }),
    h('figcaption', '扫码核验'));

  return h('article.sheet.cert-sheet', { 'aria-label': `${title}（打印样式）`, dataset: { kind: c.kind } },
    c.valid ? null : h('div.void-stamp', { 'aria-hidden': 'true' }, c.state_label),
    h('header.sheet-head',
      h('h2.sheet-title', title),
      c.kind === 'transfer' ? h('p.sheet-subtitle', '（移交用）') : null,
      h('p.sheet-number', '编号：', h('span.mono', c.number))),
    h('table.sheet-table',
      h('colgroup', h('col.c-label'), h('col.c-value'), h('col.c-label'), h('col.c-value')),
      h('tbody',
        row(th('姓　　名'), td(p.name), th('性　　别'), td(SEX[p.sex] || p.sex)),
        row(th('出生日期'), td(chineseDate(p.birth_date)), th('年　　龄'), td(age !== null ? `${age}周岁` : '—')),
        row(th('民　　族'), td(cell(valueLabel('ethnicity', p.ethnicity))), th('婚姻状况'), td(cell(c.marital_status_label))),
        row(th('公民身份号码'), td(h('span.mono', p.id_number), 3)),
        row(th('户 籍 地'), td(cell(hukou), 3)),
        row(th('初婚日期'), td(cell(chineseDate(c.marriage_date))), th('配偶姓名'), td(cell(c.spouse_name))),
        row(th(['配偶公民', h('br'), '身份号码']), td(c.spouse_id_number ? h('span.mono', c.spouse_id_number) : '—', 3)))),
    childrenTable(c.children),
    h('table.sheet-table.sheet-validity',
      h('colgroup', h('col.c-label'), h('col')),
      h('tbody',
        row(th('有效期限'), td(c.valid_until
          ? `${chineseDate(c.issued_on)}至${chineseDate(c.valid_until)}`
          : `自${chineseDate(c.issued_on)}起长期有效`)),
        contract ? row(th('交验期限'), td(`应于${chineseDate(contract.deadline)}前交验户籍地出具的婚育证明`)) : null)),
    h('footer.sheet-foot',
      qr,
      h('div.sheet-sign',
        h('p', '签发机关：', h('span.sheet-issuer', c.issuer_name)),
        h('p', '签发日期：', chineseDate(c.issued_on)),
        h('div.seal', { 'aria-label': '盖章处' }, '（盖章）'))),
    h('p.sheet-note', '本证明免费办理，涂改无效。请妥善保管，流动期间随身携带，以备查验。'));
}

function childrenTable(children) {
  const pairs = children.length >= PAIRS_FROM;
  const perRow = pairs ? 2 : 1;
  const head = ['姓名', '性别', '出生日期'];
  const rows = [];
  for (let i = 0; i < children.length; i += perRow) {
    const cells = [];
    for (const k of children.slice(i, i + perRow)) {
      cells.push(h('td', k.name), h('td.center', SEX[k.sex] || k.sex), h('td.nowrap', chineseDate(k.birth_date)));
    }
    while (cells.length < 3 * perRow) cells.push(h('td'));
    rows.push(h('tr', cells));
  }
  if (!rows.length) rows.push(h('tr', h('td.center', { colspan: String(3 * perRow) }, '无')));
  const cols = Array.from({ length: perRow }, () => [h('col.k-name'), h('col.k-sex'), h('col.k-date')]);
  return h('table.sheet-table.sheet-children', { class: pairs ? 'pairs' : null },
    h('caption', '子女情况'),
    h('colgroup', cols),
    h('thead', h('tr', Array.from({ length: perRow }, () => head.map((t) => h('th', { scope: 'col' }, t))))),
    h('tbody', rows));
}

// pages/certificate.js — #/certificates/620201001-2026-000123: one certificate
// whole (its holder, marriage and children as it records them, hand-out,
// end), the certificate it replaced or that replaced it, the service
// contract that came with a temporary one, and the actions the role may
// take in its state (certificates.js).

import { h, replace, notice } from '../dom.js';
import { get } from '../api.js';
import { SEX, OWN_KINDS } from '../labels.js';
import {
  stateBadge, certificateButtons, contractsTable, certificateHash, validUntil,
} from '../certificates.js';

const empty = () => h('span.empty', '无');
const orEmpty = (v) => (v === null || v === undefined || v === '' ? empty() : v);

export async function render(view, ctx) {
  const number = ctx.params[0];
  ctx.setTitle(`婚育证明 ${number}`);
  replace(view, h('p.muted', '正在读取证明…'));
  let c;
  try {
    c = (await get(`/certificates/${encodeURIComponent(number)}`)).body;
  } catch (e) {
    if (e.status !== 404) throw e;
    replace(view, h('h1', '证明不存在'), notice('warning', `没有编号为 ${number} 的婚育证明（或持证人不在您的管辖范围内）。`));
    return;
  }
  const holder = c.person;
  // The person's other certificates (replaced / replacing) and contracts.
  const [others, contracts] = await Promise.all([get(`/persons/${holder.id}/certificates`), get(`/persons/${holder.id}/contracts`)]);
  const all = others.body.items;
  const replaced = c.replaces_id ? all.find((x) => x.id === c.replaces_id) : null;
  const replacement = all.find((x) => x.replaces_id === c.id);
  const ownContracts = contracts.body.items.filter((k) => k.certificate_id === c.id);

  ctx.setTitle(`${c.kind_label} ${c.number}`);
  const certLink = (x) => h('a.mono', { href: certificateHash(x.number) }, x.number);
  replace(view,
    h('div.page-head',
      h('h1', c.kind_label, h('span.subtitle.mono', c.number), ' ', stateBadge(c.state, c.state_label)),
      h('div.actions.cert-actions',
        certificateButtons(c, holder, { followReplacement: true }),
        h('a.button', { href: `#/persons/${holder.id}` }, '返回档案'))),
    endNotice(c, replacement, certLink),
    h('section.panel', { 'aria-labelledby': 'cert-title' },
      h('h2#cert-title', '证明信息'),
      h('dl.record',
        item('number', '证明编号', h('span.mono', c.number)),
        item('kind', '种类', c.kind_label),
        item('state', '状态', stateBadge(c.state, c.state_label)),
        item('valid', '今天是否有效', c.valid ? h('span.outcome-ok', '有效') : h('span.outcome-bad', '无效')),
        item('issuer_name', c.kind === 'external' ? '出具机关' : '签发机关', c.issuer_name),
        item('issuer_division', '签发机关区划', c.issuer_division ? [c.issuer_division.name, ' ', h('span.code', c.issuer_division.code)] : empty()),
        item('issued_on', '签发日期', c.issued_on),
        item('valid_until', '有效期至', validUntil(c)),
        c.destination_division ? item('destination_division', '移交地', c.destination_division.name) : null,
        OWN_KINDS.includes(c.kind) ? [
          item('distributed_on', '发放日期', orEmpty(c.distributed_on)),
          item('received_by', '领取人', orEmpty(c.received_by)),
        ] : null,
        c.ended_on ? [item('ended_on', c.state === 'replaced' ? '作废日期' : '注销日期', c.ended_on), item('end_reason', '原因', orEmpty(c.end_reason))] : null,
        replaced ? item('replaces', '补发自', certLink(replaced)) : null,
        replacement ? item('replaced_by', '补发为', certLink(replacement)) : null)),
    h('section.panel', { 'aria-labelledby': 'holder-title' },
      h('h2#holder-title', '持证人'),
      h('dl.record',
        item('name', '姓名', h('a', { href: `#/persons/${holder.id}` }, holder.name)),
        item('id_number', '公民身份号码', h('span.mono', holder.id_number)),
        item('sex', '性别', SEX[holder.sex] || holder.sex),
        item('birth_date', '出生日期', holder.birth_date),
        item('hukou_division', '户籍地', holder.hukou_division ? holder.hukou_division.name : empty()),
        item('residence_division', '现居住社区（村）', holder.residence_division ? holder.residence_division.name : empty()))),
    h('section.panel', { 'aria-labelledby': 'family-title' },
      h('h2#family-title', '婚育情况（签发时）'),
      h('dl.record',
        item('marital_status', '婚姻状况', orEmpty(c.marital_status_label)),
        item('marriage_date', '初婚（结婚）日期', orEmpty(c.marriage_date)),
        item('spouse_name', '配偶姓名', orEmpty(c.spouse_name)),
        item('spouse_id_number', '配偶公民身份号码', c.spouse_id_number ? h('span.mono', c.spouse_id_number) : empty())),
      h('h3', '子女'),
      childrenTable(c.children)),
    c.kind === 'temporary' ? h('section.panel', { 'aria-labelledby': 'contract-title' },
      h('h2#contract-title', '管理服务合同书'),
      contractsTable(ownContracts, all)) : null);
}

function item(name, label, value) {
  return [h('dt', label), h('dd', { dataset: { field: name } }, value)];
}

function childrenTable(children) {
  if (!children.length) return h('p.muted', '未登记子女。');
  return h('table.grid.children-table',
    h('thead', h('tr', ['序号', '姓名', '性别', '出生日期'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', children.map((k, i) => h('tr',
      h('td.num', String(i + 1)), h('td', k.name), h('td', SEX[k.sex] || k.sex), h('td.nowrap', k.birth_date)))));
}

/** Why a certificate is no longer in force, said on top. */
function endNotice(c, replacement, certLink) {
  if (c.state === 'revoked') {
    return notice('error', `该证明已于 ${c.ended_on} 注销`, c.end_reason ? `（原因：${c.end_reason}）` : '', '，不能再作为有效证明使用。');
  }
  if (c.state === 'replaced') {
    return notice('warning', `该证明已于 ${c.ended_on} 补发换证而作废`, c.end_reason ? `（${c.end_reason}）` : '',
      replacement ? ['，新证明为 ', certLink(replacement), '。'] : '。');
  }
  if (c.state === 'expired') return notice('warning', `该证明已于 ${c.valid_until} 到期。`);
  if (c.state === 'issued' && c.kind !== 'external') {
    return notice('info', '该证明已签发，尚未发放给本人。');
  }
  return null;
}

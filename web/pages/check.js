// pages/check.js — #/check: 证明查验.  Departments and police check a
// marriage and childbearing certificate by its number, anywhere in the city,
// and optionally whether an ID number is its holder's.  The answer is what
// the paper shows anyway (masked name, issuer, validity) and a verdict in
// colour and words: 有效, 已过期, 已注销, 已补发换证, 不存在.  Every check is
// audited by the server.  向发证地核验 asks the node of the place that issued
// the certificate over the information network (GET /exchange/certificates).

import { h, replace, notice } from '../dom.js';
import { get } from '../api.js';
import { field, showError, showFieldError, clearErrors, clearFieldError, formValues } from '../form.js';
import { checkIdNumber } from '../idcard.js';
import { chineseDate, CERTIFICATE_KIND } from '../labels.js';
import { navigate, hashQuery } from '../nav.js';
import { idCheckForm } from '../check-id.js';

const NUMBER = /^[A-Za-z0-9-]{1,40}$/;

/** The verdict: its class (colour) and the words that say it. */
function verdict(r) {
  if (r.valid) return { kind: 'valid', title: '有效', text: '该证明今天有效。' };
  switch (r.state) {
    case 'expired': return { kind: 'expired', title: '已过期', text: `该证明已于 ${r.valid_until} 到期，不再有效。` };
    case 'revoked': return { kind: 'void', title: '已注销', text: '该证明已被签发机关注销，不能作为有效证明使用。' };
    case 'replaced': return { kind: 'void', title: '已补发换证', text: '该证明已因遗失或损坏补发新证，原证作废，不能作为有效证明使用。' };
    default: return { kind: 'void', title: r.state_label || '无效', text: '该证明今天无效。' };
  }
}

/** The two ways to check: by the certificate's number, or by a person's ID number (check-id.js). */
function modeSwitch(mode) {
  const tab = (key, label) => h('a.button.mode-tab', {
    href: key === 'number' ? '#/check' : '#/check?by=id_number', 'aria-current': mode === key ? 'page' : null, dataset: { mode: key },
    onclick: (e) => { e.preventDefault(); navigate(e.currentTarget.getAttribute('href')); },
  }, label);
  return h('nav.mode-switch.actions', { 'aria-label': '查验方式' }, tab('number', '按证明编号'), tab('id_number', '按身份号码'));
}

export async function render(view, ctx) {
  ctx.setTitle('证明查验');
  if (hashQuery().get('by') === 'id_number') {
    const part = idCheckForm();
    replace(view, h('h1', '证明查验'), modeSwitch('id_number'), h('section.panel', part.form), part.result);
    part.focus();
    return;
  }
  const number = h('input.mono', { name: 'number', maxlength: 40, autocomplete: 'off', spellcheck: 'false', placeholder: '620201001-2026-000123' });
  const idNumber = h('input.mono', { name: 'id_number', maxlength: 18, autocomplete: 'off', spellcheck: 'false' });
  const box = h('div.form-message');
  const result = h('section.results.check-results', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '查验');
  const remote = h('button.remote-check', { type: 'button', title: '外地签发的证明：经信息网络向签发地的节点核验' }, '向发证地核验');
  const form = h('form.search-form', { novalidate: true },
    h('div.search-grid.check-grid',
      field('证明编号', number, { required: true, span: 2, hint: '婚育证明上的编号，如 620201001-2026-000123' }),
      field('持证人公民身份号码', idNumber, { span: 2, hint: '可不填；填写时核对是否为持证人本人' })),
    h('div.actions',
      submit, remote,
      h('span.muted.small', '按编号查验全市签发或登记的婚育证明；只显示证明上的内容，每次查验均记入审计。')),
    box);
  for (const c of [number, idNumber]) c.addEventListener('input', () => clearFieldError(form, c.name));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const values = formValues(form);
    const problems = [];
    if (!values.number) problems.push(['number', '请输入证明编号']);
    else if (!NUMBER.test(values.number)) problems.push(['number', '证明编号只含字母、数字和短横线，最多 40 个']);
    let id = '';
    if (values.id_number) {
      const checked = checkIdNumber(values.id_number);
      if (!checked.ok) problems.push(['id_number', checked.message]);
      else id = checked.number;
    }
    for (const [name, message] of problems) showFieldError(form, name, message);
    if (problems.length) {
      (problems[0][0] === 'number' ? number : idNumber).focus();
      return;
    }
    replace(result, h('p.muted', '正在查验…'));
    submit.disabled = true;
    try {
      const r = await get(`/certificates/${encodeURIComponent(values.number)}/check`, { id_number: id });
      replace(result, answer(r.body));
    } catch (err) {
      if (err.status === 404) {
        replace(result, h('div.verdict.verdict-missing', { dataset: { verdict: 'missing' } },
          h('p.verdict-title', '不存在'),
          h('p', `没有编号为 ${values.number} 的婚育证明。请核对编号；外地出具的证明须先由社区（村）登记，或向发证地核验。`),
          h('div.actions', h('button', { type: 'button', onclick: () => checkRemote(values.number) }, '向发证地核验'))));
      } else {
        replace(result);
        if (err.status !== 401) showError(form, box, err);
      }
    } finally {
      submit.disabled = false;
    }
  });
  /** Asks the node of the issuing place (by the number's first 6 digits) over the network. */
  async function checkRemote(text) {
    replace(result, h('p.muted', '正在向发证地核验…'));
    remote.disabled = true;
    try {
      const r = await get(`/exchange/certificates/${encodeURIComponent(text)}`);
      replace(result, remoteAnswer(r.body));
    } catch (err) {
      if (err.status === 401) return;
      replace(result, err.code === 'exchange_no_peer'
        ? notice('warning', '本节点尚未配置负责该证明签发地的其他节点，无法经网络向发证地核验；请与签发机关联系。')
        : notice('error', err.message));
    } finally {
      remote.disabled = false;
    }
  }
  remote.addEventListener('click', () => {
    clearErrors(form);
    replace(box);
    const text = number.value.trim();
    if (!NUMBER.test(text)) {
      showFieldError(form, 'number', text ? '证明编号只含字母、数字和短横线，最多 40 个' : '请输入证明编号');
      number.focus();
      return;
    }
    checkRemote(text);
  });
  replace(view, h('h1', '证明查验'), modeSwitch('number'), h('section.panel', form), result);
  number.focus();
}

/** The issuing node's answer: found or not, and what the certificate says there. */
function remoteAnswer(r) {
  const source = h('p.muted.small', `以上为发证地节点 ${r.node} 的应答（经签名核对）。`);
  if (!r.found) {
    return h('div.verdict.verdict-missing', { dataset: { verdict: 'missing', node: r.node } },
      h('p.verdict-title', '不存在'),
      h('p', `发证地没有编号为 ${r.number} 的婚育证明。`), source);
  }
  const v = verdict(r);
  return h('div.verdict', { class: `verdict-${v.kind}`, dataset: { verdict: v.kind, node: r.node } },
    h('p.verdict-title', v.title),
    h('p', v.text),
    h('dl.facts.check-facts',
      h('dt', '证明编号'), h('dd.mono', r.number),
      h('dt', '种类'), h('dd', CERTIFICATE_KIND[r.kind] || r.kind),
      h('dt', '状态'), h('dd', r.state_label),
      h('dt', '签发机关'), h('dd', r.issuer_name),
      h('dt', '签发日期'), h('dd', r.issued_on),
      h('dt', '有效期至'), h('dd', r.valid_until || '长期有效')),
    source);
}

function answer(r) {
  const v = verdict(r);
  const holder = r.holder_matches === undefined ? null
    : r.holder_matches
      ? h('p.holder-check.holder-ok', { dataset: { holder: 'match' } }, '✔ 所填身份号码与持证人一致')
      : h('p.holder-check.holder-bad', { dataset: { holder: 'mismatch' } }, '✘ 所填身份号码与持证人不一致：该证明不是此人的');
  return h('div.verdict', { class: `verdict-${v.kind}`, dataset: { verdict: v.kind } },
    h('p.verdict-title', v.title),
    h('p', v.text),
    holder,
    h('dl.facts.check-facts',
      h('dt', '证明编号'), h('dd.mono', r.number),
      h('dt', '种类'), h('dd', r.kind_label),
      h('dt', '状态'), h('dd', r.state_label),
      h('dt', '持证人'), h('dd', h('span.masked-name', r.name_masked), h('span.muted.small', '（姓名已部分隐去）')),
      h('dt', '签发机关'), h('dd', r.issuer_name),
      h('dt', '签发日期'), h('dd', chineseDate(r.issued_on)),
      h('dt', '有效期至'), h('dd', r.valid_until ? chineseDate(r.valid_until) : '长期有效')));
}

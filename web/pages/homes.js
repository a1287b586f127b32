// pages/homes.js — 出租房屋 (policy §2(2): 谁出租谁负责):
//   #/homes?community=   the homes one may see, newest first, by community;
//   #/homes/new          登记出租房屋;
//   #/homes/7            one home with its tenants: 登记租住 (by ID number)
//                        and 结束租住 (after confirmation).
// A landlord account sees and registers only its own homes (the server
// decides); the landlord of its homes is the person or organization the
// account is bound to.  A tenant without a file cannot be registered: the
// offices that register files get a link to the registration form, the
// others are told to ask the community officer.

import { h, replace, notice } from '../dom.js';
import { get, post } from '../api.js';
import {
  field, showError, showFieldError, clearErrors, clearFieldError, formValues, isDateOrEmpty, showApiError,
  showProblems, busy, dateInput, textInput, textArea,
} from '../form.js';
import * as session from '../session.js';
import { navigate, setFlash, hashQuery, hashWithQuery } from '../nav.js';
import { openDialog, confirmStep, finished } from '../dialog.js';
import { todayText, dateTime } from '../labels.js';
import {
  HOME_FIELD_LABEL as LABEL, ID_NUMBER, divisionCell, ownCommunity, personByIdNumber, personLink, pager,
} from '../fieldwork.js';

export const homeHash = (id) => `#/homes/${id}`;
const isLandlord = () => session.user().role === 'landlord';

export async function render(view, ctx) {
  if (ctx.mode === 'new') return renderNew(view, ctx);
  if (ctx.mode === 'home') return renderHome(view, ctx);
  return renderList(view, ctx);
}

// --- the list -----------------------------------------------------------------

function landlordCell(home) {
  if (home.landlord_person_id) return personLink(home.landlord_person_id, home.landlord_name || (isLandlord() ? '本人' : ''));
  if (home.landlord_organization_id) return isLandlord() ? '本单位' : `单位 ${home.landlord_organization_id}`;
  return h('span.empty', '—');
}

async function renderList(view, ctx) {
  ctx.setTitle('出租房屋');
  const q = hashQuery();
  const community = (q.get('community') || '').trim();
  const input = h('input.mono', { name: 'community', value: community, inputmode: 'numeric', maxlength: 12, autocomplete: 'off' });
  const box = h('div.form-message');
  const form = h('form.search-form', { role: 'search', novalidate: true },
    h('div.search-grid',
      field('区划代码', input, { span: 2, hint: '街道（镇）9 位或社区（村）12 位；不填为全部' })),
    h('div.actions',
      h('button.primary', { type: 'submit' }, '查询'),
      h('button', { type: 'button', onclick: () => navigate('#/homes') }, '清空条件'),
      h('span.muted.small', isLandlord() ? '只列出您本人（本单位）出租的房屋。' : '列出管辖范围内登记的出租房屋，新登记的在前。')),
    box);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const values = formValues(form);
    if (values.community && !/^\d{6,12}$/.test(values.community)) {
      showFieldError(form, 'community', '请填写 9 位（街道、镇）或 12 位（社区、村）区划代码');
      input.focus();
      return;
    }
    navigate(hashWithQuery('#/homes', values));
  });
  const results = h('section.results', { 'aria-live': 'polite' });
  replace(view,
    h('div.page-head', h('h1', '出租房屋'),
      session.can('housing.write') ? h('a.button.primary#new-home', { href: '#/homes/new' }, '登记出租房屋') : null),
    h('section.panel', form), results);

  const cursors = [null];
  async function show(page) {
    replace(results, h('p.muted', '正在查询…'));
    let r;
    try {
      r = (await get('/homes', { community, cursor: cursors[page] })).body;
    } catch (e) {
      replace(results);
      if (e.status !== 401) showError(form, box, e);
      return;
    }
    cursors[page + 1] = r.next_cursor;
    if (!r.items.length) {
      replace(results, notice('info', page ? '没有更多房屋了。' : (isLandlord() ? '您还没有登记出租房屋。' : '没有符合条件的出租房屋。')));
      return;
    }
    replace(results,
      h('div.results-head', h('h2', '出租房屋'), h('span.muted', `第 ${page + 1} 页，本页 ${r.items.length} 处`)),
      h('table.grid.homes-table',
        h('thead', h('tr', ['编号', '房屋地址', '社区（村）', '出租间数', '出租人', '登记时间'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', r.items.map((home) => h('tr', { dataset: { home: String(home.id) } },
          h('td.num', String(home.id)),
          h('td', h('a', { href: homeHash(home.id) }, home.address)),
          divisionCell(home.community),
          h('td.num', String(home.rooms)),
          h('td', landlordCell(home)),
          h('td.nowrap', dateTime(home.created_at)))))),
      pager(page, r.next_cursor, show));
  }
  await show(0);
}

// --- 登记出租房屋 ----------------------------------------------------------------

async function renderNew(view, ctx) {
  ctx.setTitle('登记出租房屋');
  const u = session.user();
  const landlord = isLandlord();
  const c = {
    community: textInput('community', { value: ownCommunity(), maxlength: 12, inputmode: 'numeric', class: 'mono' }),
    address: textInput('address', { maxlength: 80 }),
    rooms: textInput('rooms', { value: '1', maxlength: 2, inputmode: 'numeric' }),
    note: textArea('note', { maxlength: 120, rows: 2 }),
    landlord_kind: h('select', { name: 'landlord_kind' }, h('option', { value: 'person' }, '个人'), h('option', { value: 'organization' }, '单位')),
    landlord: textInput('landlord', { maxlength: 18, class: 'mono' }),
  };
  const byNumber = session.can('person.read');
  const landlordHint = () => (c.landlord_kind.value === 'person'
    ? (byNumber ? '出租人的 18 位公民身份号码（须已有档案），或其档案编号' : '出租人的档案编号')
    : '出租单位的单位编号');
  const hint = h('p.field-hint', landlordHint());
  c.landlord_kind.addEventListener('change', () => { replace(hint, landlordHint()); clearFieldError(form, 'landlord'); });
  const byNumberGiven = (v) => v.landlord_kind === 'person' && byNumber && ID_NUMBER.test(v.landlord);
  const whose = u.person_id ? '您本人' : u.organization_id ? '您所代表的单位' : null;
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '登记');
  const form = h('form.panel', { novalidate: true },
    landlord
      ? (whose ? notice('info', `出租人为${whose}（账号所绑定的出租人）。`) : notice('warning', '您的账号尚未绑定出租人，不能登记房屋；请联系社区专管员。'))
      : null,
    h('div.form-grid',
      field(LABEL.community, c.community, { required: true, hint: '12 位社区（村）代码，须在管辖范围内' }),
      field(LABEL.address, c.address, { required: true, span: 2, hint: '2–80 字，如：新华南路12号院3号楼2单元501室' }),
      field(LABEL.rooms, c.rooms, { hint: '1–99 间' }),
      landlord ? null : field('出租人类别', c.landlord_kind),
      landlord ? null : field(LABEL.landlord, c.landlord, { required: true, extra: hint })),
    field(LABEL.note, c.note, { hint: '可不填，最多 120 字' }),
    box,
    h('div.actions.form-actions', submit, h('a.button', { href: '#/homes' }, '取消')));
  form.addEventListener('input', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const v = formValues(form);
    const problems = [];
    if (!/^\d{12}$/.test(v.community)) problems.push(['community', '请填写 12 位社区（村）区划代码']);
    if ([...v.address].length < 2) problems.push(['address', '请填写房屋地址（2–80 字）']);
    if (!/^\d{1,2}$/.test(v.rooms) || Number(v.rooms) < 1) problems.push(['rooms', '出租间数应为 1–99 的整数']);
    if (!landlord) {
      if (!v.landlord) problems.push(['landlord', '请填写出租人']);
      else if (!(byNumberGiven(v)) && !/^\d{1,12}$/.test(v.landlord)) {
        problems.push(['landlord', landlordHint()]);
      }
    }
    if (!showProblems(form, box, problems)) return;
    const body = { community: v.community, address: v.address, rooms: Number(v.rooms) };
    if (v.note) body.note = v.note;
    await busy(submit, '正在登记…', async () => {
      try {
        if (!landlord) {
          if (v.landlord_kind === 'organization') body.landlord_organization_id = Number(v.landlord);
          else if (byNumberGiven(v)) {
            const p = await personByIdNumber(v.landlord);
            if (!p) {
              showProblems(form, box, [['landlord', '管辖范围内没有该身份号码的档案，请先登记出租人的档案或填写档案编号']]);
              return;
            }
            body.landlord_person_id = p.id;
          } else body.landlord_person_id = Number(v.landlord);
        }
        const home = (await post('/homes', body)).body;
        setFlash('success', `已登记出租房屋（编号 ${home.id}）：${home.address}。可在下方登记租住人员。`);
        navigate(homeHash(home.id));
      } catch (err) {
        if (err.status === 401) return;
        if (['landlord_person_id', 'landlord_organization_id'].includes(err.field) && !landlord) err.field = 'landlord';
        showApiError(form, box, err);
      }
    });
  });
  replace(view, h('h1', '登记出租房屋'), form);
  c.community.value ? c.address.focus() : c.community.focus();
}

// --- one home and its tenants ----------------------------------------------------

async function renderHome(view, ctx) {
  const id = ctx.params[0];
  ctx.setTitle(`出租房屋 ${id}`);
  let home;
  let tenancies;
  try {
    [home, tenancies] = await Promise.all([get(`/homes/${id}`), get(`/homes/${id}/tenancies`)]);
  } catch (e) {
    if (e.status !== 404) throw e;
    replace(view, h('h1', '房屋不存在'), notice('warning', e.message, '（或不在您可查看的范围内）。'), h('p', h('a', { href: '#/homes' }, '返回出租房屋')));
    return;
  }
  home = home.body;
  const items = tenancies.body.items;
  const write = session.can('housing.write');
  const current = items.filter((t) => t.current).length;
  replace(view,
    h('div.page-head', h('h1', home.address, h('span.subtitle', `出租房屋 ${home.id}`)),
      h('a.button', { href: '#/homes' }, '返回列表')),
    h('section.panel',
      h('dl.facts',
        h('dt', '社区（村）'), h('dd', home.community.name, ' ', h('span.code', home.community.code)),
        h('dt', '房屋地址'), h('dd', home.address),
        h('dt', '出租间数'), h('dd', String(home.rooms)),
        h('dt', '出租人'), h('dd', landlordCell(home)),
        h('dt', '备注'), h('dd', home.note || h('span.empty', '无')),
        h('dt', '登记时间'), h('dd', dateTime(home.created_at)))),
    h('section.panel#tenancies',
      h('div.section-head', h('h2', '租住人员', h('span.subtitle', `现住 ${current} 人`)),
        write ? h('button.primary#new-tenancy', { type: 'button', onclick: () => tenancyDialog(home) }, '登记租住') : null),
      items.length
        ? h('table.grid.tenancies-table',
          h('thead', h('tr', ['姓名', '公民身份号码', '起租日期', '退租日期', '状态', '操作'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', items.map((t) => h('tr', { dataset: { tenancy: String(t.id), current: String(t.current) } },
            h('td', personLink(t.person.id, t.person.name)),
            h('td.mono', t.person.id_number_masked),
            h('td.nowrap', t.starts_on),
            h('td.nowrap', t.ends_on || h('span.empty', '—')),
            h('td', h(`span.badge.tenancy-${t.current ? 'current' : 'ended'}`, t.current ? '在租' : '已退租')),
            h('td.row-actions', write && t.current
              ? h('button.small-button.danger-quiet', { type: 'button', 'aria-label': `结束租住（${t.person.name}）`, onclick: () => endDialog(home, t) }, '结束租住')
              : h('span.empty', '—'))))))
        : h('p.muted.empty-list', '尚无租住人员。')));
}

/** 登记租住: the tenant's ID number and the first day; a person without a file is registered first. */
function tenancyDialog(home) {
  const c = { id_number: textInput('id_number', { maxlength: 18, class: 'mono', spellcheck: 'false' }), starts_on: dateInput('starts_on', { placeholder: todayText() }) };
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '登记租住');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    h('dl.facts.holder-facts', h('dt', '房屋'), h('dd', home.address), h('dt', '社区（村）'), h('dd', home.community.name)),
    h('div.form-grid.form-grid-2',
      field(LABEL.id_number, c.id_number, { required: true, hint: '18 位；租住人须已登记流动人口档案' }),
      field(LABEL.starts_on, c.starts_on, { hint: '不填为今天，不能晚于今天' })),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  form.addEventListener('input', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const v = formValues(form);
    const problems = [];
    if (!ID_NUMBER.test(v.id_number)) problems.push(['id_number', '请填写 18 位公民身份号码']);
    if (!isDateOrEmpty(v.starts_on)) problems.push(['starts_on', '起租日期应为真实日期，格式如 2026-11-29']);
    else if (v.starts_on > todayText()) problems.push(['starts_on', '起租日期不能晚于今天']);
    if (!showProblems(form, box, problems)) return;
    const body = { id_number: v.id_number.toUpperCase() };
    if (v.starts_on) body.starts_on = v.starts_on;
    await busy(submit, '正在登记…', async () => {
      try {
        const t = (await post(`/homes/${home.id}/tenancies`, body)).body;
        finished(dialog, null, `已登记 ${t.person.name} 自 ${t.starts_on} 起租住。`);
      } catch (err) {
        if (err.status === 401) return;
        if (err.reason === 'registration_needed') {
          showFieldError(form, 'id_number', '该身份号码还没有流动人口档案');
          replace(box, registrationPrompt());
          return;
        }
        showApiError(form, box, err);
      }
    });
  });
  dialog = openDialog('登记租住', form);
}

/** What to do about a tenant without a file: register (offices) or ask the community officer. */
function registrationPrompt() {
  if (session.can('person.write')) {
    return h('div.notice.notice-warning.registration-needed', { role: 'alert' },
      h('p', h('strong', '须先登记流动人口档案。'), '该身份号码还没有档案，租住未登记，什么也没有写入。'),
      h('p', h('a.button.primary', { href: '#/persons/new' }, '登记流动人口档案'), ' 登记后再回到本房屋登记租住。'));
  }
  return h('div.notice.notice-warning.registration-needed', { role: 'alert' },
    h('p', h('strong', '该租住人还没有流动人口档案，暂不能登记租住。')),
    h('p', '请联系房屋所在社区（村）的计生专管员，为其登记流动人口档案后再登记租住。租住未登记，什么也没有写入。'));
}

/** 结束租住: the last day, then confirmation. */
function endDialog(home, t) {
  const endsOn = dateInput('ends_on', { placeholder: todayText() });
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const confirmPlace = h('div.confirm-place', { hidden: true });
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    h('dl.facts.holder-facts',
      h('dt', '租住人'), h('dd', t.person.name, ' ', h('span.mono.muted', t.person.id_number_masked)),
      h('dt', '房屋'), h('dd', home.address),
      h('dt', '起租日期'), h('dd', t.starts_on)),
    field(LABEL.ends_on, endsOn, { hint: `不填为今天；不早于起租日期 ${t.starts_on}，不晚于今天` }),
    box,
    h('div.actions.form-actions', h('button.danger', { type: 'submit' }, '结束租住…'), h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  form.addEventListener('input', () => clearFieldError(form, 'ends_on'));
  const back = () => { confirmPlace.hidden = true; form.hidden = false; endsOn.focus(); };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const v = formValues(form);
    const problems = [];
    if (!isDateOrEmpty(v.ends_on)) problems.push(['ends_on', '退租日期应为真实日期，格式如 2026-11-29']);
    else if (v.ends_on && (v.ends_on > todayText() || v.ends_on < t.starts_on)) problems.push(['ends_on', `退租日期应在 ${t.starts_on} 与今天之间`]);
    if (!showProblems(form, box, problems)) return;
    const day = v.ends_on || todayText();
    form.hidden = true;
    confirmStep(confirmPlace, {
      title: `确认 ${t.person.name} 于 ${day} 退租？`,
      lines: ['退租登记后不能撤销；如再次租住，须重新登记租住。'],
      confirmLabel: '确认结束租住',
      onBack: back,
      onConfirm: async () => {
        try {
          const r = (await post(`/tenancies/${t.id}/end`, v.ends_on ? { ends_on: v.ends_on } : {})).body;
          finished(dialog, null, `已登记 ${t.person.name} 于 ${r.ends_on} 退租。`);
        } catch (err) {
          if (err.status === 401) return;
          back();
          showApiError(form, box, err);
        }
      },
    });
  });
  dialog = openDialog('结束租住', form, confirmPlace);
}

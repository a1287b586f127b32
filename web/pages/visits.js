// pages/visits.js — 联合登记走访 (policy §3 警务进社区): the police and the
// community visit a household together and each records its own part.
//   #/visits?community=&from=&to=  the visits of one's scope, newest first;
//   #/visits/new                   新建走访: community, address, day, and the
//                                  household's persons picked by ID number;
//   #/visits/3                     the visit: the persons, and the police part
//                                  and the family-planning part side by side,
//                                  each editable only by its side (If-Match
//                                  with that part's version; a conflict shows
//                                  what the other person saved and keeps what
//                                  was typed).

import { h, replace, select, notice } from '../dom.js';
import { get, post, patch } from '../api.js';
import {
  field, showError, clearErrors, clearFieldError, formValues, isDateOrEmpty, showApiError, showProblems,
  busy, dateInput, textInput, textArea,
} from '../form.js';
import * as session from '../session.js';
import { navigate, setFlash, hashQuery, hashWithQuery } from '../nav.js';
import { openDialog, finished } from '../dialog.js';
import { todayText, dateTime } from '../labels.js';
import {
  RELATION, HOUSEHOLD_TYPE, VISIT_FIELD_LABEL as LABEL, ID_NUMBER, labelOf, divisionCell, ownCommunity,
  personByIdNumber, personLink, pager,
} from '../fieldwork.js';

export const visitHash = (id) => `#/visits/${id}`;

export async function render(view, ctx) {
  if (ctx.mode === 'new') return renderNew(view, ctx);
  if (ctx.mode === 'visit') return renderVisit(view, ctx);
  return renderList(view, ctx);
}

const mySide = () => (session.can('visit.police') ? 'police' : session.can('visit.family') ? 'family' : null);

// --- the list -------------------------------------------------------------------

function partCell(part) {
  return part && part.officer ? h('td', h('span.badge.part-filled', '已填写'), ' ', h('span.muted.small', part.officer)) : h('td', h('span.badge.part-empty', '未填写'));
}

async function renderList(view, ctx) {
  ctx.setTitle('联合登记走访');
  const q = hashQuery();
  const c = {
    community: textInput('community', { value: q.get('community') || '', maxlength: 12, inputmode: 'numeric', class: 'mono' }),
    from: dateInput('from', { value: q.get('from') || '' }),
    to: dateInput('to', { value: q.get('to') || '' }),
  };
  const box = h('div.form-message');
  const form = h('form.search-form', { role: 'search', novalidate: true },
    h('div.search-grid',
      field('区划代码', c.community, { hint: '街道（镇）9 位或社区（村）12 位' }),
      field('走访日期自', c.from),
      field('至', c.to)),
    h('div.actions',
      h('button.primary', { type: 'submit' }, '查询'),
      h('button', { type: 'button', onclick: () => navigate('#/visits') }, '清空条件'),
      h('span.muted.small', '管辖范围内的走访，新的在前。')),
    box);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const v = formValues(form);
    const problems = [];
    if (v.community && !/^\d{6,12}$/.test(v.community)) problems.push(['community', '请填写 9 位或 12 位区划代码']);
    for (const n of ['from', 'to']) if (!isDateOrEmpty(v[n])) problems.push([n, '日期格式如 2026-11-29']);
    if (!showProblems(form, box, problems)) return;
    navigate(hashWithQuery('#/visits', v));
  });
  const results = h('section.results', { 'aria-live': 'polite' });
  replace(view,
    h('div.page-head', h('h1', '联合登记走访'),
      mySide() ? h('a.button.primary#new-visit', { href: '#/visits/new' }, '新建走访') : null),
    h('section.panel', form), results);
  const query = { community: q.get('community') || '', from: q.get('from') || '', to: q.get('to') || '' };
  const cursors = [null];
  async function show(page) {
    replace(results, h('p.muted', '正在查询…'));
    let r;
    try {
      r = (await get('/visits', { ...query, cursor: cursors[page] })).body;
    } catch (e) {
      replace(results);
      if (e.status !== 401) showError(form, box, e);
      return;
    }
    cursors[page + 1] = r.next_cursor;
    if (!r.items.length) {
      replace(results, notice('info', page ? '没有更多走访了。' : '没有符合条件的走访。'));
      return;
    }
    replace(results,
      h('div.results-head', h('h2', '走访'), h('span.muted', `第 ${page + 1} 页，本页 ${r.items.length} 次`)),
      h('table.grid.visits-table',
        h('thead', h('tr', ['编号', '走访日期', '社区（村）', '走访地址', '公安部分', '计生部分'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', r.items.map((x) => h('tr', { dataset: { visit: String(x.id) } },
          h('td.num', String(x.id)),
          h('td.nowrap', x.visited_on),
          divisionCell(x.community),
          h('td', h('a', { href: visitHash(x.id) }, x.address)),
          partCell(x.police),
          partCell(x.family))))),
      pager(page, r.next_cursor, show));
  }
  await show(0);
}

// --- 新建走访 ---------------------------------------------------------------------

/** One row of the household editor: ID number and relation. */
function personRow(index, onRemove) {
  const idInput = textInput(`persons.${index}.id_number`, { maxlength: 18, class: 'mono', spellcheck: 'false', 'aria-label': `第 ${index + 1} 人公民身份号码` });
  const relation = select({ name: `persons.${index}.relation`, value: index === 0 ? 'head' : 'other', 'aria-label': `第 ${index + 1} 人与户主关系` }, RELATION);
  const found = h('span.person-found.muted.small', { 'aria-live': 'polite' });
  const row = h('tr.household-row', h('td', idInput), h('td', relation), h('td', found),
    h('td', index ? h('button.small-button.danger-quiet', { type: 'button', onclick: () => onRemove(row) }, '移除') : null));
  row.parts = { idInput, relation, found };
  return row;
}

async function renderNew(view, ctx) {
  ctx.setTitle('新建走访');
  const side = mySide();
  if (!side) {
    replace(view, h('h1', '无权访问'), notice('warning', '只有公安（协管民警）和计生（专管员、计生办）一方可以开始走访。'));
    return;
  }
  const c = {
    community: textInput('community', { value: ownCommunity(), maxlength: 12, inputmode: 'numeric', class: 'mono' }),
    address: textInput('address', { maxlength: 80 }),
    visited_on: dateInput('visited_on', { value: todayText() }),
  };
  const rows = h('tbody');
  let serial = 0;
  const remove = (row) => row.remove();
  const add = () => {
    if (rows.children.length >= 20) return;
    const row = personRow(serial++, remove);
    rows.append(row);
    return row;
  };
  add();
  const household = h('div.field.span-3', { dataset: { field: 'persons' } },
    h('span.label', LABEL.persons, h('span.required', { 'aria-hidden': 'true' }, ' *')),
    h('table.grid.household-editor',
      h('thead', h('tr', ['公民身份号码', '与户主关系', '档案', ''].map((t) => h('th', { scope: 'col' }, t)))),
      rows),
    h('p.field-error', { hidden: true }),
    h('p.field-hint', '户内人员须已有档案、现居住在该社区；最多 20 人。'),
    h('button.small-button#add-household-person', { type: 'button', onclick: () => { const r = add(); if (r) r.parts.idInput.focus(); } }, '添加一人'));
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '开始走访');
  const form = h('form.panel', { novalidate: true },
    notice('info', `您是${side === 'police' ? '公安' : '计生'}一方。保存后在走访页面填写本方内容；另一方在同一页面填写其部分。`),
    h('div.form-grid',
      field(LABEL.community, c.community, { required: true, hint: '12 位社区（村）代码' }),
      field(LABEL.address, c.address, { required: true, hint: '2–80 字' }),
      field(LABEL.visited_on, c.visited_on, { required: true, hint: '不晚于今天' }),
      household),
    box,
    h('div.actions.form-actions', submit, h('a.button', { href: '#/visits' }, '取消')));
  form.addEventListener('input', (e) => { if (e.target.name && !e.target.name.startsWith('persons.')) clearFieldError(form, e.target.name); else clearFieldError(form, 'persons'); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const v = formValues(form);
    const problems = [];
    if (!/^\d{12}$/.test(v.community)) problems.push(['community', '请填写 12 位社区（村）区划代码']);
    if ([...v.address].length < 2) problems.push(['address', '请填写走访地址（2–80 字）']);
    if (!v.visited_on || !isDateOrEmpty(v.visited_on)) problems.push(['visited_on', '请填写走访日期，格式如 2026-11-29']);
    else if (v.visited_on > todayText()) problems.push(['visited_on', '走访日期不能晚于今天']);
    const people = [...rows.children].map((r) => r.parts).filter((p) => p.idInput.value.trim());
    if (!people.length) problems.push(['persons', '请至少填写一名户内人员的身份号码']);
    const bad = people.find((p) => !ID_NUMBER.test(p.idInput.value.trim()));
    if (bad) problems.push(['persons', `身份号码“${bad.idInput.value.trim()}”不是 18 位`]);
    if (!showProblems(form, box, problems)) return;
    await busy(submit, '正在保存…', async () => {
      try {
        const persons = [];
        for (const p of people) {
          const found = await personByIdNumber(p.idInput.value.trim());
          if (!found) {
            replace(p.found, '未找到档案');
            showProblems(form, box, [['persons', `管辖范围内没有身份号码 ${p.idInput.value.trim()} 的档案，请先登记档案`]]);
            p.idInput.focus();
            return;
          }
          replace(p.found, personLink(found.id, found.name));
          if (persons.some((x) => x.person_id === found.id)) {
            showProblems(form, box, [['persons', `${found.name} 填写了两次`]]);
            return;
          }
          persons.push({ person_id: found.id, relation: p.relation.value });
        }
        const r = (await post('/visits', { community: v.community, address: v.address, visited_on: v.visited_on, persons })).body;
        setFlash('success', `已开始走访（编号 ${r.id}），请填写${side === 'police' ? '公安' : '计生'}部分。`);
        navigate(visitHash(r.id));
      } catch (err) {
        if (err.status === 401) return;
        if (err.field === 'person_id' || err.field === 'relation') err.field = 'persons';
        showApiError(form, box, err);
      }
    });
  });
  replace(view, h('h1', '新建走访'), form);
  (c.community.value ? c.address : c.community).focus();
}

// --- one visit ----------------------------------------------------------------------

const PARTS = {
  police: {
    title: '公安部分', perm: 'visit.police', who: '派出所（协管民警）',
    fields: ['household_type', 'residence_permit', 'police_note'],
  },
  family: {
    title: '计生部分', perm: 'visit.family', who: '社区（村）计生专管员、计生办',
    fields: ['women_of_childbearing_age', 'contraception_note', 'certificate_note', 'fp_note'],
  },
};

function partValue(part, name) {
  const v = part[name];
  if (v === null || v === undefined || v === '') return '';
  if (name === 'household_type') return part.household_type_label || labelOf(HOUSEHOLD_TYPE, v);
  return String(v);
}

/** A part as the other side sees it: read-only. */
function partFacts(part, side) {
  return h('dl.facts.part-facts',
    PARTS[side].fields.map((n) => [h('dt', LABEL[n]), h('dd', partValue(part, n) || h('span.empty', '未填写'))]));
}

function partControls(part, side) {
  const val = (n) => (part[n] === null || part[n] === undefined ? '' : String(part[n]));
  if (side === 'police') {
    return {
      household_type: select({ name: 'household_type', value: val('household_type') }, HOUSEHOLD_TYPE, { empty: '（未填写）' }),
      residence_permit: textInput('residence_permit', { value: val('residence_permit'), maxlength: 60 }),
      police_note: textArea('police_note', { value: val('police_note'), maxlength: 200, rows: 2 }),
    };
  }
  return {
    women_of_childbearing_age: textInput('women_of_childbearing_age', { value: val('women_of_childbearing_age'), maxlength: 2, inputmode: 'numeric' }),
    contraception_note: textArea('contraception_note', { value: val('contraception_note'), maxlength: 200, rows: 2 }),
    certificate_note: textArea('certificate_note', { value: val('certificate_note'), maxlength: 200, rows: 2 }),
    fp_note: textArea('fp_note', { value: val('fp_note'), maxlength: 200, rows: 2 }),
  };
}

/** The body of a part's PATCH: only what changed from `part` ("" clears, the count as a number or null). */
function partChanges(values, part, side) {
  const body = {};
  for (const n of PARTS[side].fields) {
    const now = values[n] || '';
    const was = part[n] === null || part[n] === undefined ? '' : String(part[n]);
    if (now === was) continue;
    body[n] = n === 'women_of_childbearing_age' ? (now === '' ? null : Number(now)) : now;
  }
  return body;
}

function partSection(visit, side, onSaved) {
  const spec = PARTS[side];
  let part = visit[side];
  const head = h('div.section-head', h('h2', spec.title),
    h('span.muted.small', part.officer ? `走访人员：${part.officer}，版本 ${part.version}` : '尚未填写'));
  const section = h(`section.panel.visit-part.visit-${side}`, { dataset: { side }, 'aria-label': spec.title }, head);
  if (!session.can(spec.perm)) {
    append(section, partFacts(part, side), h('p.muted.small.part-owner', `由${spec.who}填写，您只能查看。`));
    return section;
  }
  const c = partControls(part, side);
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, `保存${spec.title}`);
  const form = h('form.part-form', { novalidate: true },
    spec.fields.map((n) => field(LABEL[n], c[n], {
      hint: n === 'women_of_childbearing_age' ? '0–99 的整数，可不填' : n === 'residence_permit' ? '最多 60 字' : n === 'household_type' ? null : '最多 200 字',
    })),
    box,
    h('div.actions', submit));
  form.addEventListener('input', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const v = formValues(form);
    const problems = [];
    if (side === 'family' && v.women_of_childbearing_age && !/^\d{1,2}$/.test(v.women_of_childbearing_age)) {
      problems.push(['women_of_childbearing_age', '育龄妇女人数应为 0–99 的整数']);
    }
    if (!showProblems(form, box, problems)) return;
    const body = partChanges(v, part, side);
    if (!Object.keys(body).length) {
      replace(box, notice('info', '没有改动，无需保存。'));
      return;
    }
    await busy(submit, '正在保存…', async () => {
      try {
        const r = await patch(`/visits/${visit.id}/${side}`, body, { 'If-Match': `"${part.version}"` });
        part = r.body[side];
        setFlash('success', `已保存${spec.title}（版本 ${part.version}）。`);
        onSaved();
      } catch (err) {
        if (err.status === 401) return;
        if (err.code !== 'version_conflict') {
          showApiError(form, box, err);
          return;
        }
        // Someone of this side saved meanwhile: show what they saved, keep what was typed, save again on the new version.
        let latest;
        try {
          latest = (await get(`/visits/${visit.id}`)).body[side];
        } catch (e) {
          if (e.status !== 401) replace(box, notice('error', err.message));
          return;
        }
        // Fields this user left alone take the saved values; what they typed stays.
        const raw = (p, n) => (p[n] === null || p[n] === undefined ? '' : String(p[n]));
        const differs = [];
        for (const n of spec.fields) {
          if ((v[n] || '') === raw(part, n)) c[n].value = raw(latest, n);
          else if ((v[n] || '') !== raw(latest, n)) differs.push(n);
        }
        part = latest;
        replace(head.querySelector('.muted'), `走访人员：${part.officer || '—'}，版本 ${part.version}`);
        replace(box, h('div.notice.notice-warning.conflict', { role: 'alert', tabindex: '-1' },
          h('p', h('strong', `您打开本页后，${spec.title}已被他人修改（现为版本 ${latest.version}），您的保存未生效。`)),
          h('p', '他人保存的内容如下，您未改动的栏目已换成这些内容；您改动的栏目保留您填写的。请核对后再次保存，或刷新页面放弃您的修改。'),
          partFacts(latest, side),
          differs.length ? h('p.small', '您改动、且与他人保存的不同的栏目：', differs.map((n) => LABEL[n]).join('、')) : null));
        box.querySelector('.conflict').focus();
      }
    });
  });
  append(section, form);
  return section;
}

function append(el, ...children) {
  for (const c of children.flat()) if (c) el.append(c);
  return el;
}

async function renderVisit(view, ctx) {
  const id = ctx.params[0];
  ctx.setTitle(`走访 ${id}`);
  let visit;
  try {
    visit = (await get(`/visits/${id}`)).body;
  } catch (e) {
    if (e.status !== 404) throw e;
    replace(view, h('h1', '走访不存在'), notice('warning', e.message, '（或不在您的管辖范围内）。'), h('p', h('a', { href: '#/visits' }, '返回走访列表')));
    return;
  }
  const again = () => navigate(location.hash);
  const side = mySide();
  replace(view,
    h('div.page-head', h('h1', `走访 ${visit.id}：${visit.address}`), h('a.button', { href: '#/visits' }, '返回列表')),
    h('section.panel',
      h('dl.facts',
        h('dt', LABEL.community), h('dd', visit.community.name, ' ', h('span.code', visit.community.code)),
        h('dt', LABEL.address), h('dd', visit.address),
        h('dt', LABEL.visited_on), h('dd', visit.visited_on),
        h('dt', '最后修改'), h('dd', dateTime(visit.updated_at)))),
    h('section.panel#household',
      h('div.section-head', h('h2', '户内人员', h('span.subtitle', `${visit.persons.length} 人`)),
        side && visit.persons.length < 20 ? h('button#add-visit-person', { type: 'button', onclick: () => addPersonDialog(visit) }, '添加户内人员') : null),
      h('table.grid.household-table',
        h('thead', h('tr', ['姓名', '公民身份号码', '与户主关系'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', visit.persons.map((p) => h('tr', { dataset: { person: String(p.person_id) } },
          h('td', personLink(p.person_id, p.name)),
          h('td.mono', p.id_number_masked),
          h('td', p.relation_label || labelOf(RELATION, p.relation))))))),
    h('div.visit-parts', partSection(visit, 'police', again), partSection(visit, 'family', again)));
}

/** 添加户内人员: by ID number, with the relation. */
function addPersonDialog(visit) {
  const c = {
    id_number: textInput('id_number', { maxlength: 18, class: 'mono', spellcheck: 'false' }),
    relation: select({ name: 'relation', value: 'other' }, RELATION),
  };
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '添加');
  let dialog;
  const form = h('form.dialog-form', { novalidate: true },
    h('div.form-grid.form-grid-2',
      field('公民身份号码', c.id_number, { required: true, hint: '须已有档案、现居住在该社区' }),
      field(LABEL.relation, c.relation)),
    box,
    h('div.actions.form-actions', submit, h('button', { type: 'button', onclick: () => dialog.close() }, '取消')));
  form.addEventListener('input', () => clearFieldError(form, 'id_number'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const v = formValues(form);
    if (!showProblems(form, box, ID_NUMBER.test(v.id_number) ? [] : [['id_number', '请填写 18 位公民身份号码']])) return;
    await busy(submit, '正在添加…', async () => {
      try {
        const p = await personByIdNumber(v.id_number);
        if (!p) {
          showProblems(form, box, [['id_number', '管辖范围内没有该身份号码的档案，请先登记档案']]);
          return;
        }
        await post(`/visits/${visit.id}/persons`, { person_id: p.id, relation: v.relation });
        finished(dialog, null, `已添加户内人员 ${p.name}。`);
      } catch (err) {
        if (err.status === 401) return;
        if (err.field === 'person_id') err.field = 'id_number';
        showApiError(form, box, err);
      }
    });
  });
  dialog = openDialog(`添加户内人员：走访 ${visit.id}`, form);
}

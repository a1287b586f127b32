// pages/service-point-admin.js — the offices' side of the service points
// (§2(3), §2(4); service.write): #/service-points/manage lists the points
// of the office's scope, stopped ones too; #/service-points/new registers
// one; #/service-points/7/edit changes or stops it (If-Match version; on
// 409 the point is read again and the form shows what it now holds).

import { h, replace, select, notice } from '../dom.js';
import { get, post, patch } from '../api.js';
import { field, clearErrors, formValues, showApiError, showProblems, busy, textInput, textArea } from '../form.js';
import * as session from '../session.js';
import { navigate, setFlash } from '../nav.js';
import { pager } from '../fieldwork.js';
import { SERVICES, KINDS } from './service-points.js';

const TEXT_FIELDS = ['name', 'division', 'address', 'phone', 'hours', 'notice'];

export async function render(view, ctx) {
  if (ctx.mode === 'list') return renderList(view, ctx);
  return renderForm(view, ctx);
}

function pointRow(p) {
  return h('tr', { dataset: { servicePoint: String(p.id) } },
    h('td', p.name, p.active ? null : h('span.badge.muted', ' 已停用')),
    h('td', p.kind_label),
    h('td', p.division.name),
    h('td', p.services.map((s) => s.label).join('、') || '—'),
    h('td.actions',
      h('a.button', { href: `#/service-points/${p.id}/edit` }, '修改'),
      p.kind === 'aid_store' && session.can('aid.write') ? h('a.button', { href: `#/service-points/${p.id}/aid` }, '救助记录') : null));
}

async function renderList(view, ctx) {
  ctx.setTitle('管理服务网点');
  const kind = select({ name: 'kind' }, KINDS, { empty: '全部类别' });
  const results = h('section.results', { 'aria-live': 'polite' });
  replace(view,
    h('div.page-head', h('h1', '管理服务网点'),
      h('a.button.primary', { href: '#/service-points/new' }, '登记服务网点'),
      h('a.button', { href: '#/service-points' }, '公开查询页')),
    h('p.muted', `${session.user().scope.name}的服务网点，含已停用的（已停用的不对外公布）。`),
    h('section.panel', h('div.search-grid', field('网点类别', kind))),
    results);
  const cursors = [null];
  async function show(page) {
    replace(results, h('p.muted', '正在读取…'));
    const r = (await get('/service-points', { kind: kind.value, limit: 20, cursor: cursors[page] })).body;
    cursors[page + 1] = r.next_cursor;
    if (!r.items.length) {
      replace(results, notice('info', page ? '没有更多服务网点了。' : '还没有登记服务网点。'));
      return;
    }
    replace(results,
      h('table.grid',
        h('thead', h('tr', ['名称', '类别', '所在地', '服务项目', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', r.items.map(pointRow))),
      pager(page, r.next_cursor, show));
  }
  kind.addEventListener('change', () => { cursors.length = 1; show(0); });
  await show(0);
}

/** The form's controls, filled from point `p` (or empty). */
function controls(p) {
  const value = (name) => (p && p[name] !== null && p[name] !== undefined ? String(p[name]) : '');
  const c = {
    kind: select({ name: 'kind', value: p ? p.kind : '' }, KINDS, { empty: '请选择' }),
    name: textInput('name', { maxlength: 60, value: value('name') }),
    division: textInput('division', { maxlength: 12, inputmode: 'numeric', class: 'mono', value: p ? p.division.code : '' }),
    address: textInput('address', { maxlength: 80, value: value('address') }),
    phone: textInput('phone', { maxlength: 20, type: 'tel', class: 'mono', value: value('phone') }),
    hours: textInput('hours', { maxlength: 60, value: value('hours') }),
    notice: textArea('notice', { maxlength: 1000, rows: 4 }),
    active: h('input', { type: 'checkbox', name: 'active', checked: p ? p.active : true }),
  };
  c.notice.value = value('notice');
  const offered = new Set(p ? p.services.map((s) => s.code) : []);
  c.services = h('fieldset.checks', { name: 'services' },
    SERVICES.map(([code, label]) => h('label.check',
      h('input', { type: 'checkbox', value: code, checked: offered.has(code), dataset: { service: code } }), ' ', label)));
  return c;
}

function chosenServices(c) {
  return [...c.services.querySelectorAll('input:checked')].map((i) => i.value);
}

async function renderForm(view, ctx) {
  const editing = ctx.mode === 'edit';
  const id = editing ? ctx.params[0] : null;
  ctx.setTitle(editing ? `修改服务网点 ${id}` : '登记服务网点');
  let point = null;
  let version = null;
  if (editing) {
    try {
      const r = await get(`/service-points/${id}`);
      point = r.body;
      version = r.etag || String(point.version);
    } catch (e) {
      if (e.status !== 404) throw e;
      replace(view, h('h1', '服务网点不存在'), notice('warning', e.message, '（或不在您的管辖范围内）。'));
      return;
    }
  }
  const scope = session.user().scope;
  const c = controls(point);
  if (!editing && scope.code.length >= 9) c.division.value = scope.code;
  const box = h('div.form-message');
  const submit = h('button.primary', { type: 'submit' }, editing ? '保存修改' : '登记');
  const form = h('form.service-point-form', { novalidate: true },
    h('div.form-grid',
      field('类别', c.kind, { required: true }),
      field('名称', c.name, { required: true, span: 2, hint: '2–60 字' }),
      field('所在地区划代码', c.division, { required: true, hint: '镇/街道9位或社区12位代码' }),
      field('地址', c.address, { span: 2 }),
      field('对外电话', c.phone),
      field('服务时间', c.hours, { hint: '如：工作日 9:00-17:00' }),
      field('公示的职责和服务项目', c.notice, { span: 3, hint: '至多 1000 字，对外公布' })),
    h('div.field.span-3', h('span.label', '服务项目'), c.services),
    h('label.check', c.active, ' 启用（停用的网点不对外公布）'),
    box,
    h('div.actions.form-actions', submit,
      h('a.button', { href: '#/service-points/manage' }, '取消'),
      h('span.muted.small', `带 * 的为必填项。所在地须在您的管辖范围（${scope.name}）内。`)));

  function problems(values) {
    const list = [];
    if (!values.kind) list.push(['kind', '请选择类别']);
    if (!values.name) list.push(['name', '请填写名称']);
    else if ([...values.name].length < 2) list.push(['name', '名称应为 2–60 字']);
    if (!/^\d{9}(\d{3})?$/.test(values.division)) list.push(['division', '请填写镇/街道9位或社区12位区划代码']);
    return list;
  }

  function body(values) {
    const all = { kind: values.kind, services: chosenServices(c), active: c.active.checked };
    for (const name of TEXT_FIELDS) all[name] = values[name] || null;
    all.name = values.name;
    all.division = values.division;
    if (!editing) return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== null));
    const before = { kind: point.kind, services: point.services.map((s) => s.code), active: point.active, division: point.division.code };
    for (const name of TEXT_FIELDS) if (name !== 'division') before[name] = point[name];
    return Object.fromEntries(Object.entries(all).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
  }

  async function save() {
    clearErrors(form);
    replace(box);
    const values = formValues(form);
    if (!showProblems(form, box, problems(values))) return;
    const changes = body(values);
    if (editing && !Object.keys(changes).length) {
      replace(box, notice('info', '没有修改任何内容。'));
      return;
    }
    if (editing && point.active && changes.active === false &&
        !window.confirm(`停用后“${point.name}”将不再对外公布。确定停用吗？`)) return;
    try {
      const r = editing
        ? await patch(`/service-points/${id}`, changes, { 'If-Match': `"${version}"` })
        : await post('/service-points', changes);
      setFlash('success', editing ? `修改已保存，网点现为第 ${r.body.version} 版。` : `服务网点已登记，编号 ${r.body.id}。`);
      navigate('#/service-points/manage');
    } catch (e) {
      if (e.code === 'version_conflict') {
        setFlash('warning', '保存前，这个服务网点已被他人修改。下面是最新内容，请核对后重新修改。');
        navigate(`#/service-points/${id}/edit`);
      } else if (e.status !== 401) showApiError(form, box, e);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(submit, '正在保存…', save);
  });
  replace(view,
    h('div.page-head', h('h1', editing ? `修改服务网点：${point.name}` : '登记服务网点',
      editing ? h('span.subtitle', `第 ${point.version} 版`) : null)),
    h('section.panel', form));
  (editing ? c.name : c.kind).focus();
}

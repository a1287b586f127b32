// pages/service-points.js — #/service-points?…: the public directory of
// service points (§2(3), §2(4)): fixed service points, reproductive-health
// institutions, service homes (流动人口服务之家) and aid stores, each with
// address, phone, hours, services and the published duties (公示).  Open
// to everyone without login (GET /api/v1/public/service-points); the place
// choices are the divisions of the published points, the service choices
// the fixed table below.  The criteria live in the hash, so Back returns to
// the same list.

import { h, replace, select, notice } from '../dom.js';
import { get } from '../api.js';
import { field, showError, clearErrors, formValues } from '../form.js';
import * as session from '../session.js';
import { navigate, hashQuery, hashWithQuery } from '../nav.js';

// The service codes of docs/api.md (POST /api/v1/service-points) with their labels.
export const SERVICES = [
  ['contraception', '避孕节育'], ['prenatal', '孕前优生'], ['checkup', '生殖健康检查'],
  ['consultation', '政策咨询'], ['certificate', '婚育证明办理'], ['legal_aid', '维权服务'],
  ['employment', '就业服务'], ['aid', '救助'],
];
export const KINDS = [
  ['service_point', '定点服务机构'], ['health_institution', '生殖健康定点服务机构'],
  ['service_home', '流动人口服务之家'], ['aid_store', '爱心救助超市'],
];
const PAGES_FOR_PLACES = 5; // pages of 63 read to learn the places that have points

/** The distinct divisions of all published points, by code: [[code, name]]. */
async function places() {
  const seen = new Map();
  let cursor = null;
  for (let i = 0; i < PAGES_FOR_PLACES; i++) {
    const r = await get('/public/service-points', { limit: 63, cursor });
    for (const p of r.body.items) seen.set(p.division.code, p.division.name);
    cursor = r.body.next_cursor;
    if (!cursor) break;
  }
  return [...seen.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}

/** Offices with aid.write keep the aid records of the aid stores in their scope. */
function keepsAid(p) {
  const u = session.user();
  return p.kind === 'aid_store' && u && session.can('aid.write') && p.division.code.startsWith(u.scope.code);
}

function point(p) {
  const row = (label, value) => h('div', h('dt', label), h('dd', value || h('span.empty', '—')));
  return h('article.service-point', { dataset: { servicePoint: String(p.id) } },
    h('h3', p.name, ' ', h('span.badge', p.kind_label)),
    h('dl.service-point-facts',
      row('所在地', p.division.name),
      row('地址', p.address),
      row('电话', p.phone && h('a', { href: `tel:${p.phone.replace(/[^0-9+]/g, '')}` }, p.phone)),
      row('服务时间', p.hours),
      row('服务项目', p.services.length ? h('ul.service-list', p.services.map((s) => h('li', s.label))) : null)),
    p.notice ? h('section.service-point-notice', h('h4', '公示'), h('p', p.notice)) : null,
    keepsAid(p) ? h('p.actions', h('a.button', { href: `#/service-points/${p.id}/aid` }, '救助记录')) : null);
}

export async function render(view, ctx) {
  ctx.setTitle('服务网点查询');
  view.classList.add('public-view');
  const q = hashQuery();
  const criteria = { division: q.get('division') || '', service: q.get('service') || '', kind: q.get('kind') || '' };
  let placeList = [];
  try {
    placeList = await places();
  } catch (e) {
    replace(view, notice('error', e.message));
    return;
  }
  if (criteria.division && !placeList.some(([code]) => code === criteria.division)) placeList.push([criteria.division, criteria.division]);
  const controls = {
    division: select({ name: 'division', value: criteria.division }, placeList, { empty: '全市' }),
    service: select({ name: 'service', value: criteria.service }, SERVICES, { empty: '全部服务' }),
    kind: select({ name: 'kind', value: criteria.kind }, KINDS, { empty: '全部类别' }),
  };
  const box = h('div.form-message');
  const form = h('form.search-form', { role: 'search', novalidate: true },
    h('div.search-grid',
      field('所在镇（街道）或社区', controls.division),
      field('服务项目', controls.service),
      field('网点类别', controls.kind)),
    h('div.actions',
      h('button.primary', { type: 'submit' }, '查询'),
      h('button', { type: 'button', onclick: () => navigate('#/service-points') }, '清空条件')),
    box);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(hashWithQuery('#/service-points', formValues(form)));
  });
  const results = h('section.results', { 'aria-live': 'polite' });
  replace(view,
    h('div.page-head', h('h1', '服务网点查询'),
      session.user() ? null : h('a.button', { href: '#/login' }, '工作人员登录'),
      session.can('service.write') ? h('a.button', { href: '#/service-points/manage' }, '管理服务网点') : null),
    h('p.muted', '流动人口服务机构、生殖健康定点服务机构、流动人口服务之家和爱心救助超市的地址、服务项目、联系电话和公示内容。'),
    h('section.panel', form), results);

  const cursors = [null];
  async function show(page) {
    clearErrors(form);
    replace(box);
    replace(results, h('p.muted', '正在查询…'));
    let r;
    try {
      r = await get('/public/service-points', { ...criteria, limit: 20, cursor: cursors[page] });
    } catch (e) {
      replace(results);
      showError(form, box, e);
      return;
    }
    cursors[page + 1] = r.body.next_cursor;
    const items = r.body.items;
    if (!items.length) {
      replace(results, notice('info', page === 0 ? '没有找到符合条件的服务网点。' : '没有更多服务网点了。'));
      return;
    }
    replace(results,
      h('div.results-head', h('h2', '服务网点'), h('span.muted', `第 ${page + 1} 页，本页 ${items.length} 个`)),
      h('div.service-points', items.map(point)),
      h('div.pager',
        h('button', { type: 'button', disabled: page === 0, onclick: () => show(page - 1) }, '上一页'),
        h('span.page-number', `第 ${page + 1} 页`),
        h('button', { type: 'button', disabled: !r.body.next_cursor, onclick: () => show(page + 1) }, '下一页')));
  }
  await show(0);
}

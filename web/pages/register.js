// pages/register.js — #/organizations/5/register?site=…: the construction
// enterprise's 流动人口计划生育管理服务登记册 (the on-site workers, by site
// and entry date), narrowed to one site, with CSV and XLSX downloads of the
// same list.  Full ID numbers (full=true) only for the family-planning
// offices, who are asked to mean it (it is audited).

import { h, replace, notice } from '../dom.js';
import { get, apiPath } from '../api.js';
import { field, formValues } from '../form.js';
import * as session from '../session.js';
import { navigate, hashQuery, hashWithQuery } from '../nav.js';

const FULL_ROLES = new Set(['city_officer', 'town_officer', 'community_officer']);

export async function render(view, ctx) {
  const id = ctx.params[0];
  ctx.setTitle(`建筑工地登记册 - 单位 ${id}`);
  const q = hashQuery();
  const site = q.get('site') || '';
  const mayFull = FULL_ROLES.has(session.user().role);
  const full = mayFull && q.get('full') === 'true';
  replace(view, h('p.muted', '正在读取登记册…'));
  let r;
  try {
    r = (await get(`/organizations/${id}/register`, { site, full: full ? 'true' : '' })).body;
  } catch (e) {
    if (e.status === 404) {
      replace(view, h('h1', '单位不存在'), notice('warning', e.message, '（或不在您的管辖范围内）。'));
      return;
    }
    if (e.code === 'not_allowed') {
      replace(view, h('h1', '建筑工地登记册'), notice('info', e.message, ' ', h('a', { href: `#/organizations/${id}/workers` }, '查看职工名单')));
      return;
    }
    throw e;
  }
  const siteInput = h('input', { name: 'site', value: site, maxlength: 80, autocomplete: 'off' });
  const fullBox = mayFull ? h('input#f-full', { type: 'checkbox', name: 'full', checked: full, value: 'true' }) : null;
  const form = h('form.search-form', { role: 'search', novalidate: true },
    h('div.search-grid',
      field('工地', siteInput, { span: 2, hint: '与登记的工地名称完全一致；不填列出全部工地' }),
      fullBox ? h('div.field.check-field', h('label.check', { for: 'f-full' }, fullBox, '显示完整身份号码（记入审计）')) : null),
    h('div.actions',
      h('button.primary', { type: 'submit' }, '查询'),
      h('a.button#download-csv', { href: apiPath(`/organizations/${id}/register/csv`, { site, full: full ? 'true' : '' }), download: `register-${id}.csv` }, '下载 CSV'),
      h('a.button#download-xlsx', { href: apiPath(`/organizations/${id}/register/xlsx`, { site, full: full ? 'true' : '' }), download: `register-${id}.xlsx` }, '下载 Excel'),
      h('a.button', { href: session.can('organization.read') ? `#/organizations/${id}` : `#/organizations/${id}/workers` }, '返回')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = formValues(form);
    navigate(hashWithQuery(`#/organizations/${id}/register`, { site: values.site, full: fullBox && fullBox.checked ? 'true' : '' }));
  });
  const sites = [...new Set(r.items.map((x) => x.work_site))];
  replace(view,
    h('div.page-head', h('h1', '建筑工地登记册', h('span.subtitle', r.organization_name))),
    h('section.panel', form),
    h('section.results.register-sheet',
      h('h2.register-title', '嘉峪关市建筑企业流动人口计划生育管理服务登记册'),
      h('p.muted', `企业名称：${r.organization_name}`, site ? `；工地：${site}` : `；工地 ${sites.length} 处`, `；共 ${r.items.length} 人`),
      r.items.length
        ? h('table.grid.register-table',
          h('thead', h('tr', r.columns.map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', r.items.map((x) => h('tr', { dataset: { employment: String(x.employment_id) } },
            h('td.num', String(x.index)), h('td', x.name), h('td', x.sex), h('td.mono', x.id_number), h('td', x.hukou),
            h('td', x.job), h('td', site ? x.work_site : h('a', { href: hashWithQuery(`#/organizations/${id}/register`, { site: x.work_site }) }, x.work_site)),
            h('td.nowrap', x.starts_on), h('td.nowrap', x.ends_on || ''), h('td', x.seasonal), h('td', x.marital_status), h('td', x.certificate)))))
        : notice('info', site ? '该工地没有住工地的职工，请核对工地名称。' : '尚无住工地的职工。')));
  siteInput.focus();
}

// pages/workers.js — #/organizations/5/workers: the workers of one
// organization (本单位职工 for an employer account, which sees only its own
// organization) and the form to register a worker by ID number.  When the
// person has no file yet the server answers which field is missing: the
// person's fields then appear and the worker's file is created with the
// employment in one step.

import { h, replace, select, notice } from '../dom.js';
import { get, post, patch } from '../api.js';
import { field, showError, showFieldError, clearErrors, clearFieldError, formValues, isDateOrEmpty, showApiError, showProblems, busy } from '../form.js';
import { openDialog, finished } from '../dialog.js';
import * as session from '../session.js';
import { setFlash, navigate } from '../nav.js';
import { checkIdNumber } from '../idcard.js';
import { FIELD_LABEL, FLOW, MARITAL_STATUS, todayText } from '../labels.js';
import { workersTable } from '../organizations.js';

const JOB_FIELDS = ['id_number', 'job', 'work_site', 'site_division', 'starts_on'];
const PERSON_FIELDS = ['name', 'flow', 'hukou_division', 'hukou_address', 'residence_division', 'residence_address', 'marital_status', 'phone'];
const PERSON_REQUIRED = ['name', 'flow', 'hukou_division', 'residence_division'];
const LABEL = {
  id_number: '公民身份号码', job: '工种', work_site: '工地或工作地点', site_division: '工地所在社区（村）', starts_on: '进场（入职）日期',
  lives_on_site: '住工地', seasonal: '季节性用工', ...FIELD_LABEL,
};

export async function render(view, ctx) {
  const id = ctx.params[0];
  const u = session.user();
  const own = u.role === 'employer';
  ctx.setTitle(own ? '本单位职工' : `职工 - 单位 ${id}`);
  replace(view, h('p.muted', '正在读取职工名单…'));
  let r;
  try {
    r = (await get(`/organizations/${id}/employments`)).body;
  } catch (e) {
    if (e.status === 404 || e.status === 403) {
      replace(view, h('h1', '单位不存在'), notice('warning', e.message, '（或不在您的管辖范围内）。'));
      return;
    }
    throw e;
  }
  const current = r.items.filter((e) => !e.ends_on).length;
  const form = session.can('employment.write') ? registerForm(id) : null;
  replace(view,
    h('div.page-head',
      h('h1', own ? '本单位职工' : '职工', h('span.subtitle', r.organization_name)),
      h('div.actions',
        h('a.button#open-register', { href: `#/organizations/${id}/register` }, '建筑工地登记册'),
        session.can('organization.read') ? h('a.button', { href: `#/organizations/${id}` }, '单位信息') : null)),
    form ? h('section.panel#register-worker', { 'aria-labelledby': 'register-worker-title' },
      h('h2#register-worker-title', '登记职工'), form) : null,
    h('section.panel#workers', { 'aria-labelledby': 'workers-title' },
      h('div.section-head', h('h2#workers-title', '职工名单'), h('span.muted', `共 ${r.items.length} 人，在职 ${current} 人`)),
      workersTable(r.items, { onEdit: session.can('employment.write') ? editEmployment : undefined })));
}

/** Changes a worker's job, site or flags, or records the day they left (PATCH, If-Match). */
function editEmployment(e) {
  const c = {
    job: h('input', { name: 'job', maxlength: 30, autocomplete: 'off', value: e.job || '' }),
    work_site: h('input', { name: 'work_site', maxlength: 80, autocomplete: 'off', value: e.work_site || '' }),
    site_division: h('input.mono', { name: 'site_division', maxlength: 12, inputmode: 'numeric', autocomplete: 'off', value: e.site_division.code }),
    ends_on: h('input', { name: 'ends_on', maxlength: 10, inputmode: 'numeric', autocomplete: 'off', placeholder: todayText(), value: e.ends_on || '' }),
  };
  const onSite = h('input', { type: 'checkbox', name: 'lives_on_site', checked: e.lives_on_site });
  const seasonal = h('input', { type: 'checkbox', name: 'seasonal', checked: e.seasonal });
  const box = h('div.form-message');
  const submit = h('button.primary', { type: 'submit' }, '保存');
  const form = h('form.employment-form', { novalidate: true },
    h('div.form-grid',
      field(LABEL.job, c.job),
      field(LABEL.work_site, c.work_site, { span: 2 }),
      field(LABEL.site_division, c.site_division),
      field('离场（离职）日期', c.ends_on, { hint: '离场时填写；不填为仍在职' })),
    h('p', h('label.check', onSite, ' ', LABEL.lives_on_site), ' ', h('label.check', seasonal, ' ', LABEL.seasonal)),
    box,
    h('div.actions', submit));
  const dialog = openDialog(`修改用工记录：${e.person.name}`, form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(submit, '正在保存…', async () => {
      clearErrors(form);
      const values = formValues(form);
      const problems = [];
      if (!isDateOrEmpty(values.ends_on)) problems.push(['ends_on', '请按 2026-11-29 的格式填写日期']);
      if (!/^\d{12}$/.test(values.site_division)) problems.push(['site_division', '请填写12位社区（村）代码']);
      if (!showProblems(form, box, problems)) return;
      const before = { job: e.job || '', work_site: e.work_site || '', site_division: e.site_division.code, ends_on: e.ends_on || '', lives_on_site: e.lives_on_site, seasonal: e.seasonal };
      const now = { ...values, lives_on_site: onSite.checked, seasonal: seasonal.checked };
      const body = Object.fromEntries(Object.keys(before).filter((k) => now[k] !== before[k]).map((k) => [k, now[k]]));
      if (!Object.keys(body).length) {
        replace(box, notice('info', '没有修改任何内容。'));
        return;
      }
      try {
        await patch(`/employments/${e.id}`, body, { 'If-Match': `"${e.version}"` });
        finished(dialog, null, `${e.person.name}的用工记录已保存。`);
      } catch (err) {
        if (err.code === 'version_conflict') {
          dialog.close();
          setFlash('warning', '保存前，这条用工记录已被他人修改；下面是最新的名单，请重新修改。');
          navigate(location.hash);
        } else if (err.status !== 401) showApiError(form, box, err);
      }
    });
  });
}

function registerForm(orgId) {
  const c = {
    id_number: h('input.mono', { name: 'id_number', maxlength: 18, autocomplete: 'off', spellcheck: 'false' }),
    job: h('input', { name: 'job', maxlength: 30, autocomplete: 'off' }),
    work_site: h('input', { name: 'work_site', maxlength: 80, autocomplete: 'off' }),
    site_division: h('input.mono', { name: 'site_division', maxlength: 12, inputmode: 'numeric', autocomplete: 'off' }),
    starts_on: h('input', { name: 'starts_on', maxlength: 10, inputmode: 'numeric', autocomplete: 'off', placeholder: todayText(), value: todayText() }),
    name: h('input', { name: 'name', maxlength: 40, autocomplete: 'off' }),
    flow: select({ name: 'flow', value: 'inflow' }, FLOW),
    hukou_division: h('input.mono', { name: 'hukou_division', maxlength: 12, inputmode: 'numeric', autocomplete: 'off' }),
    hukou_address: h('input', { name: 'hukou_address', maxlength: 80, autocomplete: 'off' }),
    residence_division: h('input.mono', { name: 'residence_division', maxlength: 12, inputmode: 'numeric', autocomplete: 'off' }),
    residence_address: h('input', { name: 'residence_address', maxlength: 80, autocomplete: 'off' }),
    marital_status: select({ name: 'marital_status', value: '' }, MARITAL_STATUS, { empty: '（未填写）' }),
    phone: h('input.mono', { name: 'phone', maxlength: 20, type: 'tel', autocomplete: 'off' }),
  };
  const onSite = h('input#f-lives_on_site', { type: 'checkbox', name: 'lives_on_site' });
  const seasonal = h('input#f-seasonal', { type: 'checkbox', name: 'seasonal' });
  const idStatus = h('p.id-status', { 'aria-live': 'polite' });
  const personSet = h('fieldset.person-fields', { hidden: true },
    h('legend', '职工档案（系统中尚无此人档案时填写）'),
    h('div.form-grid',
      field(LABEL.name, c.name, { required: true }),
      field(LABEL.flow, c.flow, { required: true }),
      field(LABEL.marital_status, c.marital_status),
      field(LABEL.hukou_division, c.hukou_division, { required: true, hint: '县6位、乡镇9位或村12位区划代码' }),
      field(LABEL.hukou_address, c.hukou_address, { span: 2 }),
      field(LABEL.residence_division, c.residence_division, { required: true, hint: '12位社区（村）代码' }),
      field(LABEL.residence_address, c.residence_address, { span: 2 }),
      field(LABEL.phone, c.phone)));
  const box = h('div.form-message');
  const submit = h('button.primary', { type: 'submit' }, '登记');
  const form = h('form.worker-form', { novalidate: true },
    h('fieldset', h('legend', '用工情况'),
      h('div.form-grid',
        field(LABEL.id_number, c.id_number, { required: true, span: 2, extra: idStatus }),
        field(LABEL.job, c.job, { required: true }),
        field(LABEL.starts_on, c.starts_on, { required: true, hint: '格式 YYYY-MM-DD，不晚于今天' }),
        field(LABEL.work_site, c.work_site, { required: true, span: 2 }),
        field(LABEL.site_division, c.site_division, { required: true, hint: '本市社区（村）12位代码' }),
        h('div.field.check-field', h('label.check', { for: onSite.id }, onSite, '住工地'),
          h('label.check', { for: seasonal.id }, seasonal, '季节性用工')))),
    personSet,
    box,
    h('div.actions.form-actions', submit, h('span.muted.small', '已有档案的职工只需填写身份号码和用工情况；没有档案时系统会提示补填档案信息。')));

  c.id_number.addEventListener('input', () => {
    clearFieldError(form, 'id_number');
    const value = c.id_number.value.trim();
    idStatus.classList.remove('ok', 'bad');
    if (value.length < 18) return replace(idStatus, value ? `已输入 ${value.length}/18 位` : '');
    const check = checkIdNumber(value);
    idStatus.classList.add(check.ok ? 'ok' : 'bad');
    replace(idStatus, check.ok ? '号码有效' : check.message);
    if (check.ok && !c.hukou_division.value) c.hukou_division.value = check.region;
  });
  for (const name of Object.keys(c)) if (name !== 'id_number') c[name].addEventListener('input', () => clearFieldError(form, name));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const values = formValues(form);
    const problems = [];
    for (const name of JOB_FIELDS) if (!values[name]) problems.push([name, `请填写${LABEL[name]}`]);
    if (values.id_number) {
      const check = checkIdNumber(values.id_number);
      if (!check.ok) problems.push(['id_number', check.message]);
      else values.id_number = check.number;
    }
    if (values.starts_on && !isDateOrEmpty(values.starts_on)) problems.push(['starts_on', '应为真实日期，格式如 2026-11-29']);
    if (!personSet.hidden) for (const name of PERSON_REQUIRED) if (!values[name]) problems.push([name, `请填写${LABEL[name]}`]);
    for (const [name, message] of problems) showFieldError(form, name, message);
    if (problems.length) {
      replace(box, notice('error', `有 ${problems.length} 项需要修改，请查看标红的栏目。`));
      c[problems[0][0]].focus();
      return;
    }
    const body = { lives_on_site: onSite.checked, seasonal: seasonal.checked };
    for (const name of JOB_FIELDS) body[name] = values[name];
    if (!personSet.hidden) for (const name of PERSON_FIELDS) if (values[name]) body[name] = values[name];
    submit.disabled = true;
    try {
      const r = (await post(`/organizations/${orgId}/employments`, body)).body;
      setFlash('success', `已登记职工 ${r.person.name}（${r.person.id_number_masked}）`, r.person.created ? '，并为其建立了档案。' : '。');
      navigate(location.hash);
    } catch (e) {
      if (e.status === 401) return;
      if (PERSON_FIELDS.includes(e.field) && personSet.hidden) {
        personSet.hidden = false;
        showFieldError(form, e.field, e.message);
        replace(box, notice('warning', '系统中尚无此身份号码的档案，请补填职工的档案信息（带 * 的为必填项）后再次登记。'));
        (c[e.field] || c.name).focus();
      } else {
        showError(form, box, e);
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// form.js — labelled form fields with a place for their error, and showing
// the server's error next to the field it names.

import { h, replace, notice } from './dom.js';
import { FIELD_LABEL, todayText } from './labels.js';

/**
 * A labelled field (a div.field): the label, `control` (an input or select
 * whose `name` is the API field), its error slot, a hint and `extra` nodes.
 * `span` makes it 2 or 3 grid columns wide.
 */
export function field(label, control, { hint, required, span, extra } = {}) {
  const id = 'f-' + control.name;
  control.id = id;
  const error = h('p.field-error', { id: id + '-error', hidden: true });
  const described = [error.id];
  let hintEl = null;
  if (hint) {
    hintEl = h('p.field-hint', { id: id + '-hint' }, hint);
    described.push(hintEl.id);
  }
  control.setAttribute('aria-describedby', described.join(' '));
  if (required) control.required = true;
  const row = h('div.field', { class: span ? `span-${span}` : null, dataset: { field: control.name } },
    h('label', { for: id }, label, required ? h('span.required', { 'aria-hidden': 'true' }, ' *') : null),
    control, error, hintEl, extra || null);
  return row;
}

/** Shows `message` under the field named `name` in form; false if there is no such field. */
export function showFieldError(form, name, message) {
  const row = name ? form.querySelector(`.field[data-field="${CSS.escape(name)}"]`) : null;
  if (!row) return false;
  const error = row.querySelector('.field-error');
  error.textContent = message;
  error.hidden = false;
  row.classList.add('has-error');
  const control = row.querySelector('input, select, textarea');
  if (control) control.setAttribute('aria-invalid', 'true');
  return true;
}

export function clearFieldError(form, name) {
  const row = form.querySelector(`.field[data-field="${CSS.escape(name)}"]`);
  if (!row) return;
  row.classList.remove('has-error');
  const error = row.querySelector('.field-error');
  error.hidden = true;
  error.textContent = '';
  const control = row.querySelector('input, select, textarea');
  if (control) control.removeAttribute('aria-invalid');
}

export function clearErrors(form) {
  for (const row of form.querySelectorAll('.field.has-error')) clearFieldError(form, row.dataset.field);
}

/**
 * Shows an API error: next to its field when the form has it (and focuses
 * that field), otherwise in `box`.  Returns the element it wrote to.
 */
export function showError(form, box, err) {
  if (form && err.field && showFieldError(form, err.field, err.message)) {
    replace(box, notice('error', '提交未成功：', err.message));
    const control = form.querySelector(`[name="${CSS.escape(err.field)}"]`);
    if (control) control.focus();
    return control;
  }
  const where = err.field ? `（${FIELD_LABEL[err.field] || err.field}）` : '';
  replace(box, notice('error', err.message, where));
  return box;
}

/** The trimmed values of a form's named controls. */
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) {
      if (!(el.name in out)) out[el.name] = '';
      continue;
    }
    out[el.name] = typeof el.value === 'string' ? el.value.trim() : el.value;
  }
  return out;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for '' or a real YYYY-MM-DD day. */
export function isDateOrEmpty(text) {
  if (!text) return true;
  if (!DATE.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

// --- dialog forms (certificates.js, inquiries.js, transitions.js, outflow.js) ----

/** Shows an API error next to its field when the form has it, else in `box` (focused). */
export function showApiError(form, box, err, focusFor = {}) {
  if (err.field && showFieldError(form, err.field, err.message)) {
    replace(box, notice('error', '提交未成功：', err.message));
    const target = focusFor[err.field] || form.querySelector(`[name="${CSS.escape(err.field)}"]`);
    if (target) target.focus();
    return;
  }
  replace(box, notice('error', err.message));
  box.querySelector('.notice').setAttribute('tabindex', '-1');
  box.querySelector('.notice').focus();
}

/** Shows local problems [[field, message]…]; false when there were any. */
export function showProblems(form, box, problems, focusFor = {}) {
  for (const [name, message] of problems) showFieldError(form, name, message);
  if (!problems.length) return true;
  replace(box, notice('error', `有 ${problems.length} 项需要修改，请查看标红的栏目。`));
  const first = problems[0][0];
  const target = focusFor[first] || form.querySelector(`[name="${CSS.escape(first)}"]`);
  if (target) target.focus();
  return false;
}

/** A submit button that says it is working while `work` runs. */
export async function busy(button, text, work) {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = text;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

export const dateInput = (name, props = {}) => h('input', { name, maxlength: 10, inputmode: 'numeric', autocomplete: 'off', placeholder: todayText(), ...props });
export const textInput = (name, props = {}) => h('input', { name, autocomplete: 'off', ...props });
export const textArea = (name, props = {}) => h('textarea', { name, rows: 3, ...props });

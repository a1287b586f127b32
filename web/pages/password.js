// pages/password.js — #/password: changing one's own password (POST
// /api/v1/me/password).  The other sessions of the user end; this one stays.
// A wrong old password counts as a failed login, as the server says.

import { h, replace, notice } from '../dom.js';
import { post } from '../api.js';
import { field, clearErrors, clearFieldError, showApiError, showProblems, busy } from '../form.js';
import { navigate, setFlash } from '../nav.js';

const input = (name, autocomplete) => h('input', { name, type: 'password', autocomplete, maxlength: 128 });

export async function render(view, ctx) {
  ctx.setTitle('修改密码');
  const c = {
    old_password: input('old_password', 'current-password'),
    new_password: input('new_password', 'new-password'),
    new_password_again: input('new_password_again', 'new-password'),
  };
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '修改密码');
  const form = h('form.panel.password-form', { novalidate: true },
    field('原密码', c.old_password, { required: true }),
    field('新密码', c.new_password, { required: true, hint: '12–128 个字符（汉字、字母、数字、符号、空格都算），不能是常见密码' }),
    field('再输入一次新密码', c.new_password_again, { required: true }),
    box,
    h('div.actions.form-actions', submit, h('a.button', { href: '#/' }, '取消')));
  form.addEventListener('input', (e) => { if (e.target.name) clearFieldError(form, e.target.name); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const problems = [];
    if (!c.old_password.value) problems.push(['old_password', '请输入原密码']);
    if ([...c.new_password.value].length < 12) problems.push(['new_password', '新密码至少 12 个字符']);
    else if (c.new_password.value !== c.new_password_again.value) problems.push(['new_password_again', '两次输入的新密码不一致']);
    else if (c.new_password.value === c.old_password.value) problems.push(['new_password', '新密码不能与原密码相同']);
    if (!showProblems(form, box, problems)) return;
    await busy(submit, '正在修改…', async () => {
      try {
        await post('/me/password', { old_password: c.old_password.value, new_password: c.new_password.value });
        setFlash('success', '密码已修改。您在其他地方的登录已结束，下次请用新密码登录。');
        navigate('#/');
      } catch (err) {
        if (err.status === 401 && err.code === 'login_failed') {
          c.old_password.value = '';
          showProblems(form, box, [['old_password', '原密码不正确（连续输错 10 次账号会被锁定）']]);
          return;
        }
        if (err.status === 401) return;
        if (err.field === 'password') err.field = 'new_password';
        showApiError(form, box, err);
      }
    });
  });
  replace(view, h('h1', '修改密码'),
    notice('info', '修改后，您在其他浏览器或电脑上的登录将结束；本窗口保持登录。'),
    form);
  c.old_password.focus();
}

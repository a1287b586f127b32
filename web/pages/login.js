// pages/login.js — #/login: username and password.
//
// Wrong credentials (401), throttling after repeated failures (429, with the
// seconds to wait counted down from Retry-After) and a locked account (403)
// each show the server's message.

import { h, replace, notice } from '../dom.js';
import { field } from '../form.js';
import * as session from '../session.js';
import { navigate, takeReturnTo } from '../nav.js';
import { PRODUCT } from '../labels.js';

export async function render(view, ctx) {
  ctx.setTitle('登录');
  if (session.user()) {
    navigate('#/');
    return;
  }
  const username = h('input', { name: 'username', autocomplete: 'username', autocapitalize: 'off', spellcheck: 'false' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password' });
  const submit = h('button.primary', { type: 'submit' }, '登录');
  const message = h('div.login-message', { 'aria-live': 'polite' });
  let timer = null;

  const form = h('form.login-form', { novalidate: true },
    field('用户名', username, { required: true }),
    field('密码', password, { required: true }),
    message,
    h('div.actions', submit));

  function waitOut(seconds, text) {
    clearInterval(timer);
    let left = seconds;
    const show = () => replace(message, notice('warning',
      `登录失败次数过多，请 ${left} 秒后再试。`, text && !/秒后再试/.test(text) ? ` ${text}` : ''));
    submit.disabled = true;
    show();
    timer = setInterval(() => {
      left -= 1;
      if (left > 0 && view.isConnected) return show();
      clearInterval(timer);
      submit.disabled = false;
      if (view.isConnected) replace(message, notice('info', '现在可以再次登录。'));
    }, 1000);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      replace(message, notice('error', '请输入用户名和密码。'));
      (username.value.trim() ? password : username).focus();
      return;
    }
    submit.disabled = true;
    replace(message, h('p.muted', '正在登录…'));
    try {
      await session.login(username.value.trim(), password.value);
      navigate(takeReturnTo());
    } catch (e) {
      submit.disabled = false;
      password.value = '';
      if (e.code === 'login_throttled') {
        waitOut(e.retryAfter || 1, e.message);
      } else if (e.code === 'login_failed') {
        replace(message, notice('error', '用户名或密码不正确，请重新输入。'));
      } else {
        replace(message, notice('error', e.message));
      }
      password.focus();
    }
  });

  view.classList.add('login-view');
  replace(view, h('section.login-card', { 'aria-labelledby': 'login-title' },
    h('h1#login-title', '用户登录'),
    h('p.muted', PRODUCT),
    form,
    h('p.login-footer', '忘记密码或账号被锁定，请联系本单位系统管理员。'),
    h('p.login-footer', h('a#service-points-link', { href: '#/service-points' }, '服务网点查询'),
      '：流动人口服务机构、服务之家的地址、服务项目和电话，无需登录。'),
    h('p.login-footer', h('a#complaint-link', { href: '#/complaint' }, '维权投诉'),
      '：网上投诉（可匿名），凭查询码查看办理情况，无需登录。')));
  username.focus();
}

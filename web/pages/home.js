// pages/home.js — #/: who is logged in, the scope, and the screens the role
// may use.  (The API has no counts yet, so there are no statistics here.)

import { h, replace, notice } from '../dom.js';
import * as session from '../session.js';

const TASKS = [
  { perm: 'person.read', href: '#/persons', title: '档案查询', text: '按身份号码、姓名、区划、流动类型查找管辖范围内的流动人口档案。' },
  { perm: 'person.write', href: '#/persons/new', title: '登记档案', text: '为新流入（流出）人员建立档案，身份号码当场核验。' },
  { perm: 'person.lookup', href: '#/lookup', title: '异地查询', text: '按身份号码查询管辖范围以外的人员，只显示最少的信息，须说明事由。' },
  { perm: 'audit.read', href: '#/audit', title: '审计记录', text: '查看登录、查询、查阅和修改档案的记录。' },
];

export async function render(view, ctx) {
  ctx.setTitle('首页');
  const u = session.user();
  const tasks = TASKS.filter((t) => session.can(t.perm));
  replace(view,
    h('h1', '首页'),
    h('section.panel.welcome',
      h('p.welcome-line', '您好，', h('strong', u.username), '。'),
      h('dl.facts',
        h('dt', '角色'), h('dd', u.role_label),
        h('dt', '管辖范围'), h('dd', u.scope.name, ' ', h('span.code', u.scope.code)))),
    h('h2', '常用功能'),
    tasks.length
      ? h('ul.tasks', tasks.map((t) => h('li', h('a.task', { href: t.href }, h('span.task-title', t.title), h('span.task-text', t.text)))))
      : notice('info', `您的角色（${u.role_label}）目前没有可用的页面；相关功能正在建设中。`),
    h('p.muted.small', '统计数字将在统计接口提供后显示。'));
}

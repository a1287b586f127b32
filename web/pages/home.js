// pages/home.js — #/: who is logged in, the scope, the work waiting (the
// counts of the work list, for the roles that have one), for the roles with
// stats.read a chart of the persons in scope and of the last 12 months, and
// the screens the role may use.

import { h, replace, notice } from '../dom.js';
import { get } from '../api.js';
import * as session from '../session.js';
import { countTiles } from '../worklist.js';
import { unreadPanel } from '../notices.js';
import { drawCharts, flowManagementChart, trendChart } from '../charts.js';

const TASKS = [
  { perm: 'worklist.read', href: '#/worklist', title: '待办事项', text: '证明未交验、临时证明到期、合同逾期、函调逾期、可转常住管理等应办的事，按到期日期排列。' },
  { perm: 'person.read', href: '#/persons', title: '档案查询', text: '按身份号码、姓名、区划、流动类型查找管辖范围内的流动人口档案。' },
  { perm: 'person.write', href: '#/persons/new', title: '登记档案', text: '为新流入（流出）人员建立档案，身份号码当场核验。' },
  { perm: 'inquiry.write', href: '#/inquiries', title: '函调', text: '向户籍地函调婚姻（生育）状况：发出、打印函件、登记回函，跟踪回复期限。' },
  { perm: 'person.lookup', href: '#/lookup', title: '异地查询', text: '按身份号码查询管辖范围以外的人员，只显示最少的信息，须说明事由。' },
  { perm: 'certificate.check', href: '#/check', title: '证明查验', text: '按编号查验婚育证明是否有效，可核对持证人身份号码；只显示证明上的内容。' },
  { perm: 'audit.read', href: '#/audit', title: '审计记录', text: '查看登录、查询、查阅和修改档案的记录。' },
  { perm: 'housing.read', href: '#/homes', title: '出租房屋', text: '登记出租房屋和租住人员，登记退租；租住人须已有流动人口档案。' },
  { perm: 'report.handle', href: '#/reports', title: '现场报告', text: '核实、办结报给本单位的入住、搬离、出租、生育等现场报告；入住报告核实时可同时建档。' },
  { perm: 'report.create', without: 'report.handle', href: '#/reports', title: '现场报告', text: '报告入住、搬离、房屋出租转让买卖、生育等现场情况，查看办理结果。' },
  { perm: 'visit.read', href: '#/visits', title: '联合走访', text: '派出所与社区联合入户登记：公安、计生各填本方内容。' },
  { perm: 'organization.read', href: '#/organizations', title: '单位', text: '用工单位、建筑施工企业、职能部门等单位的登记、职工名单和建筑工地登记册。' },
  { perm: 'notice.read', href: '#/notices', title: '通报', text: '公安、工商等部门发给本单位的通报：查看并确认收到。' },
  { perm: 'complaint.handle', href: '#/complaints', title: '投诉办理', text: '登记热线、邮件、来信、来访投诉，交办、答复、办结网上和电话投诉，跟踪办理期限。' },
  { perm: 'user.admin', href: '#/users', title: '用户与令牌', text: '新建账号（角色、管辖范围），解锁、重置密码、停用；为程序创建和吊销接口令牌。' },
  { perm: 'employment.write', without: 'organization.read', href: () => session.user().organization_id && `#/organizations/${session.user().organization_id}/workers`, title: '本单位职工', text: '登记本单位的职工（没有档案的同时建档），查看职工名单和建筑工地登记册。' },
];

export async function render(view, ctx) {
  ctx.setTitle('首页');
  const u = session.user();
  const tasks = TASKS.filter((t) => session.can(t.perm) && !(t.without && session.can(t.without)))
    .map((t) => ({ ...t, href: typeof t.href === 'function' ? t.href() : t.href })).filter((t) => t.href);
  const work = session.can('worklist.read')
    ? h('section.panel.home-work', { 'aria-labelledby': 'work-title' },
      h('div.section-head', h('h2#work-title', '待办事项'), h('a.button', { href: '#/worklist' }, '查看全部')),
      h('div.work-place', h('p.muted', '正在读取待办事项…')))
    : null;
  const overview = session.can('stats.read')
    ? h('section.panel.home-charts', { 'aria-labelledby': 'charts-title' },
      h('div.section-head', h('h2#charts-title', '人员概况'), h('a.button', { href: '#/stats' }, '查看统计')),
      h('div.chart-place', h('p.muted', '正在读取统计…')))
    : null;
  replace(view,
    h('h1', '首页'),
    h('section.panel.welcome',
      h('p.welcome-line', '您好，', h('strong', u.username), '。'),
      h('dl.facts',
        h('dt', '角色'), h('dd', u.role_label),
        h('dt', '管辖范围'), h('dd', u.scope.name, ' ', h('span.code', u.scope.code)))),
    work,
    overview,
    session.can('notice.read') ? unreadPanel() : null,
    h('h2', '常用功能'),
    tasks.length
      ? h('ul.tasks', tasks.map((t) => h('li', h('a.task', { href: t.href }, h('span.task-title', t.title), h('span.task-text', t.text)))))
      : notice('info', `您的角色（${u.role_label}）目前没有可用的页面；相关功能正在建设中。`));
  await Promise.all([showWork(work, u), showOverview(overview)]);
}

/** The persons in scope by flow and management, and the last 12 months. */
async function showOverview(panel) {
  if (!panel) return;
  const place = panel.querySelector('.chart-place');
  let persons, trends;
  try {
    [persons, trends] = (await Promise.all([get('/stats/persons'), get('/stats/trends')])).map((r) => r.body);
  } catch (e) {
    if (e.status === 401) return;
    replace(place, notice('warning', `统计暂时无法读取：${e.message}`));
    return;
  }
  const grid = h('div.chart-grid.home-chart-grid');
  replace(place,
    h('p.muted.small', `截至 ${persons.today}，${persons.division.name}共有 ${persons.total.total.toLocaleString('zh-CN')} 人（按现居住地）。`),
    grid);
  await drawCharts(grid, [
    flowManagementChart(persons),
    trendChart(trends, ['registered', 'inflow_arrived', 'outflow_left'], '近 12 个月'),
  ]);
}

async function showWork(work, u) {
  if (!work) return;
  const place = work.querySelector('.work-place');
  try {
    const r = (await get('/worklist', { limit: 1 })).body;
    replace(place,
      h('p.muted.small', `截至 ${r.today}，${u.scope.name}共有 ${r.total} 项待办。点击类别查看明细。`),
      countTiles(r));
  } catch (e) {
    if (e.status === 401) return;
    replace(place, notice('warning', `待办事项暂时无法读取：${e.message}`));
  }
}

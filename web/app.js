// app.js — the application shell: header, menu by permission, and the hash
// router (#/login, #/, #/persons, #/persons/new, #/persons/12,
// #/persons/12/edit, #/certificates/<number>, #/certificates/<number>/print,
// #/contracts/7/print?person=12, #/inquiries, #/inquiries/5/print,
// #/worklist, #/stats, #/lookup, #/check, #/audit, #/complaints, #/users, #/tokens, #/assessments,
// #/service-points/7/aid, #/exchange; #/service-points,
// #/complaint and #/complaint/status without login).  Each screen is
// one module in pages/ that exports render(view, ctx).

import { h, replace, append, notice } from './dom.js';
import { onUnauthenticated } from './api.js';
import * as session from './session.js';
import { navigate, setFlash, takeFlash, setReturnTo, setRerender } from './nav.js';
import { PRODUCT } from './labels.js';
import { closeDialogs } from './dialog.js';
import * as loginPage from './pages/login.js';
import * as homePage from './pages/home.js';
import * as personsPage from './pages/persons.js';
import * as personPage from './pages/person.js';
import * as personFormPage from './pages/person-form.js';
import * as auditPage from './pages/audit.js';
import * as lookupPage from './pages/lookup.js';
import * as certificatePage from './pages/certificate.js';
import * as certificatePrintPage from './pages/certificate-print.js';
import * as contractPrintPage from './pages/contract-print.js';
import * as checkPage from './pages/check.js';
import * as inquiriesPage from './pages/inquiries.js';
import * as inquiryPrintPage from './pages/inquiry-print.js';
import * as worklistPage from './pages/worklist.js';
import * as statsPage from './pages/stats.js';
import * as importsPage from './pages/imports.js';
import * as homesPage from './pages/homes.js';
import * as reportsPage from './pages/reports.js';
import * as visitsPage from './pages/visits.js';
import * as organizationsPage from './pages/organizations.js';
import * as organizationPage from './pages/organization.js';
import * as organizationFormPage from './pages/organization-form.js';
import * as workersPage from './pages/workers.js';
import * as registerPage from './pages/register.js';
import * as noticesPage from './pages/notices.js';
import * as servicePointsPage from './pages/service-points.js';
import * as aidPage from './pages/aid.js';
import * as servicePointAdminPage from './pages/service-point-admin.js';
import * as assessmentsPage from './pages/assessments.js';
import * as complaintsPage from './pages/complaints.js';
import * as complaintPublicPage from './pages/complaint-public.js';
import * as usersPage from './pages/users.js';
import * as passwordPage from './pages/password.js';
import * as exchangePage from './pages/exchange.js';
import { refreshUnread } from './notices.js';

const ROUTES = [
  { path: /^\/login$/, page: loginPage, public: true },
  // The public directory of service points (§2(3)(4)): anyone, logged in or not.
  { path: /^\/service-points$/, page: servicePointsPage, public: true },
  // The offices' side (§2(3)(4)): register, change and stop points in scope.
  { path: /^\/service-points\/manage$/, page: servicePointAdminPage, perm: 'service.write', menu: 'service-points', mode: 'list' },
  { path: /^\/service-points\/new$/, page: servicePointAdminPage, perm: 'service.write', menu: 'service-points', mode: 'new' },
  { path: /^\/service-points\/(\d+)\/edit$/, page: servicePointAdminPage, perm: 'service.write', menu: 'service-points', mode: 'edit' },
  // The aid records of an aid store (§2(3)(4)): offices with aid.write, in scope.
  { path: /^\/service-points\/(\d+)\/aid$/, page: aidPage, perm: 'aid.write', menu: 'service-points' },
  // Complaints (§3): the web form and the status by tracking code, without login.
  { path: /^\/complaint$/, page: complaintPublicPage, public: true },
  { path: /^\/complaint\/status$/, page: complaintPublicPage, public: true, mode: 'status' },
  { path: /^\/$/, page: homePage },
  { path: /^\/persons$/, page: personsPage, perm: 'person.read', menu: 'persons' },
  { path: /^\/persons\/new$/, page: personFormPage, perm: 'person.write', menu: 'new', mode: 'new' },
  { path: /^\/persons\/(\d+)$/, page: personPage, perm: 'person.read', menu: 'persons' },
  { path: /^\/persons\/(\d+)\/edit$/, page: personFormPage, perm: 'person.write', menu: 'persons', mode: 'edit' },
  { path: /^\/certificates\/([A-Za-z0-9-]{1,40})$/, page: certificatePage, perm: 'person.read', menu: 'persons' },
  { path: /^\/certificates\/([A-Za-z0-9-]{1,40})\/print$/, page: certificatePrintPage, perm: 'person.read', menu: 'persons' },
  { path: /^\/contracts\/(\d+)\/print$/, page: contractPrintPage, perm: 'person.read', menu: 'persons' },
  { path: /^\/inquiries$/, page: inquiriesPage, perm: 'person.read', menu: 'inquiries' },
  { path: /^\/inquiries\/(\d+)\/print$/, page: inquiryPrintPage, perm: 'person.read', menu: 'inquiries' },
  { path: /^\/worklist$/, page: worklistPage, perm: 'worklist.read', menu: 'worklist' },
  { path: /^\/stats$/, page: statsPage, perm: 'stats.read', menu: 'stats' },
  { path: /^\/imports$/, page: importsPage, perm: 'import.write', menu: 'imports' },
  { path: /^\/lookup$/, page: lookupPage, perm: 'person.lookup', menu: 'lookup' },
  { path: /^\/check$/, page: checkPage, perm: 'certificate.check', menu: 'check' },
  { path: /^\/audit$/, page: auditPage, perm: 'audit.read', menu: 'audit' },
  { path: /^\/homes$/, page: homesPage, perm: 'housing.read', menu: 'homes' },
  { path: /^\/homes\/new$/, page: homesPage, perm: 'housing.write', menu: 'homes', mode: 'new' },
  { path: /^\/homes\/(\d+)$/, page: homesPage, perm: 'housing.read', menu: 'homes', mode: 'home' },
  // Reporters (report.create) or handlers (report.handle): the page checks.
  { path: /^\/reports$/, page: reportsPage, menu: 'reports' },
  { path: /^\/reports\/new$/, page: reportsPage, perm: 'report.create', menu: 'reports', mode: 'new' },
  { path: /^\/reports\/(\d+)$/, page: reportsPage, menu: 'reports', mode: 'report' },
  { path: /^\/visits$/, page: visitsPage, perm: 'visit.read', menu: 'visits' },
  { path: /^\/visits\/new$/, page: visitsPage, perm: 'visit.read', menu: 'visits', mode: 'new' },
  { path: /^\/visits\/(\d+)$/, page: visitsPage, perm: 'visit.read', menu: 'visits', mode: 'visit' },
  { path: /^\/organizations$/, page: organizationsPage, perm: 'organization.read', menu: 'organizations' },
  { path: /^\/organizations\/new$/, page: organizationFormPage, perm: 'organization.write', menu: 'organizations', mode: 'new' },
  { path: /^\/organizations\/(\d+)$/, page: organizationPage, perm: 'organization.read', menu: 'organizations' },
  { path: /^\/organizations\/(\d+)\/edit$/, page: organizationFormPage, perm: 'organization.write', menu: 'organizations', mode: 'edit' },
  { path: /^\/organizations\/(\d+)\/workers$/, page: workersPage, perm: 'employment.read', menu: 'organizations' },
  { path: /^\/organizations\/(\d+)\/register$/, page: registerPage, perm: 'employment.read', menu: 'organizations' },
  { path: /^\/notices$/, page: noticesPage, perm: 'notice.read', menu: 'notices' },
  { path: /^\/assessments$/, page: assessmentsPage, perm: 'assessment.read', menu: 'assessments' },
  { path: /^\/assessments\/new$/, page: assessmentsPage, perm: 'assessment.write', menu: 'assessments', mode: 'new' },
  { path: /^\/assessments\/(\d+)$/, page: assessmentsPage, perm: 'assessment.read', menu: 'assessments', mode: 'agreement' },
  { path: /^\/complaints$/, page: complaintsPage, perm: 'complaint.handle', menu: 'complaints' },
  { path: /^\/complaints\/new$/, page: complaintsPage, perm: 'complaint.handle', menu: 'complaints', mode: 'new' },
  { path: /^\/complaints\/(\d+)$/, page: complaintsPage, perm: 'complaint.handle', menu: 'complaints', mode: 'complaint' },
  // 异地协作 (inquiry.write, transition.write or exchange.read): the page shows the tabs one may use.
  { path: /^\/exchange$/, page: exchangePage, menu: 'exchange' },
  { path: /^\/password$/, page: passwordPage },
  { path: /^\/users$/, page: usersPage, perm: 'user.admin', menu: 'users' },
  { path: /^\/tokens$/, page: usersPage, perm: 'user.admin', menu: 'users', mode: 'tokens' },
];

const MENU = [
  { key: 'home', href: '#/', label: '首页' },
  { key: 'worklist', href: '#/worklist', label: '待办事项', perm: 'worklist.read' },
  { key: 'persons', href: '#/persons', label: '档案查询', perm: 'person.read' },
  { key: 'new', href: '#/persons/new', label: '登记档案', perm: 'person.write' },
  { key: 'imports', href: '#/imports', label: '批量导入', perm: 'import.write' },
  // The list needs person.read; the menu offers it to the offices that write inquiries.
  { key: 'inquiries', href: '#/inquiries', label: '函调', perm: 'inquiry.write' },
  { key: 'lookup', href: '#/lookup', label: '异地查询', perm: 'person.lookup' },
  { key: 'check', href: '#/check', label: '证明查验', perm: 'certificate.check' },
  { key: 'homes', href: '#/homes', label: '出租房屋', perm: 'housing.read' },
  { key: 'reports', href: '#/reports', label: '现场报告', only: () => session.can('report.create') || session.can('report.handle') },
  { key: 'visits', href: '#/visits', label: '联合走访', perm: 'visit.read' },
  { key: 'audit', href: '#/audit', label: '审计记录', perm: 'audit.read' },
  { key: 'organizations', href: '#/organizations', label: '单位', perm: 'organization.read' },
  // An employer account's own organization (GET /me organization_id).
  { key: 'organizations', href: () => session.user().organization_id && `#/organizations/${session.user().organization_id}/workers`, label: '本单位职工', perm: 'employment.write', only: () => !session.can('organization.read') },
  { key: 'notices', href: '#/notices', label: '通报', perm: 'notice.read' },
  { key: 'stats', href: '#/stats', label: '统计', perm: 'stats.read' },
  { key: 'assessments', href: '#/assessments', label: '目标考核', perm: 'assessment.read' },
  // Offices that register points manage them; those that keep aid stores reach
  // the aid records from the public directory.
  { key: 'service-points', href: () => (session.can('service.write') ? '#/service-points/manage' : '#/service-points'), label: '服务网点', only: () => session.can('service.write') || session.can('aid.write') },
  { key: 'complaints', href: '#/complaints', label: '投诉办理', perm: 'complaint.handle' },
  { key: 'exchange', href: '#/exchange', label: '异地协作', only: () => canExchange() },
  { key: 'users', href: '#/users', label: '用户与令牌', perm: 'user.admin' },
];

/** The information network's screen: inquiries received, hand-overs, message status. */
function canExchange() {
  return session.can('inquiry.write') || session.can('transition.write') || session.can('exchange.read');
}

const main = document.getElementById('main');
const menu = document.getElementById('menu');
const who = document.getElementById('who');
let renderCount = 0;

function renderShell(activeKey) {
  const u = session.user();
  who.hidden = !u;
  menu.hidden = !u;
  document.body.classList.toggle('logged-out', !u);
  if (!u) return;
  replace(document.getElementById('who-name'), u.username);
  replace(document.getElementById('who-role'), u.role_label);
  replace(document.getElementById('who-scope'), u.scope.name);
  document.getElementById('who-scope').title = `管辖范围：${u.scope.name}（${u.scope.code}）`;
  const items = MENU.filter((m) => (!m.perm || session.can(m.perm)) && (!m.only || m.only()))
    .map((m) => ({ ...m, href: typeof m.href === 'function' ? m.href() : m.href })).filter((m) => m.href).map((m) =>
      h('li', h('a', { href: m.href, 'aria-current': m.key === activeKey ? 'page' : null }, m.label)));
  replace(menu, h('ul', items));
  refreshUnread();
}

// Choosing the menu entry of the screen one is on starts that screen afresh.
menu.addEventListener('click', (event) => {
  const link = event.target.closest('a');
  if (link && link.getAttribute('href') === location.hash) {
    event.preventDefault();
    route();
  }
});

function setTitle(title) {
  document.title = title ? `${title} - ${PRODUCT}` : PRODUCT;
}

async function route() {
  const count = ++renderCount;
  closeDialogs();
  window.scrollTo(0, 0);
  const hash = location.hash.slice(1) || '/';
  const [path] = hash.split('?');
  const found = ROUTES.map((r) => ({ r, m: r.path.exec(path) })).find((x) => x.m);
  if (found && !found.r.public && !session.user()) {
    setReturnTo(location.hash);
    navigate('#/login');
    return;
  }
  const view = h('div.view');
  const flash = takeFlash();
  replace(main, flash ? notice(flash.kind, flash.content) : null, view);
  renderShell(found ? found.r.menu || (found.r.page === homePage ? 'home' : null) : null);
  if (!found) {
    setTitle('页面不存在');
    append(view, h('h1', '页面不存在'), h('p', '地址不正确。', h('a', { href: '#/' }, '返回首页')));
    return;
  }
  if (found.r.perm && !session.can(found.r.perm)) {
    setTitle('无权访问');
    append(view, h('h1', '无权访问'), notice('warning', '您的角色不能使用此页面。', h('a', { href: '#/' }, '返回首页')));
    return;
  }
  const ctx = { params: found.m.slice(1), mode: found.r.mode, setTitle };
  try {
    await found.r.page.render(view, ctx);
    // Screens without a field to type in: keyboard users start from the content.
    if (count === renderCount && (document.activeElement === document.body || !document.activeElement)) main.focus({ preventScroll: true });
  } catch (e) {
    if (count !== renderCount || e.status === 401) return;
    console.warn('screen failed:', e);
    replace(view, notice('error', e.message || '页面加载失败，请刷新后重试'));
  }
}

// After start: a 401 means the session ended (idle, expired, logged out elsewhere).
function watchSession() {
  onUnauthenticated((err) => {
    if (location.hash.startsWith('#/login')) return;
    session.forget();
    setReturnTo(location.hash);
    setFlash('warning', err.code === 'csrf_token_invalid'
      ? '本窗口的登录凭据已失效（例如在新窗口中打开），请重新登录。'
      : '登录已过期，请重新登录。');
    navigate('#/login');
  });
}

document.getElementById('logout').addEventListener('click', async () => {
  try {
    await session.logout();
  } catch {
    // The session is forgotten here either way; the server ends it after 30 idle minutes.
  }
  setFlash('info', '您已退出登录。');
  navigate('#/login');
});

async function start() {
  setRerender(route);
  try {
    await session.load();
  } catch (e) {
    replace(main, notice('error', e.message));
    return;
  }
  watchSession();
  window.addEventListener('hashchange', route);
  route();
}

start();

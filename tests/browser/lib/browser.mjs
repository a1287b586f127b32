// browser.mjs — Debian's chromium driven by playwright-core, for the tests of
// the web interface against a real liudong server (../../api/lib/server.mjs).
//
// openPage() gives a 1366×768 page that records every problem a user would
// never see but a developer must: uncaught exceptions, console errors, CSP
// violations, and web files (anything outside /api/) that failed to load.
// Refusals of the API (4xx) are part of the tests — the pages show them —
// so Chromium's "Failed to load resource" lines for /api/ 4xx are not
// problems; 5xx are.  assertNoProblems() fails the test if there were any.

import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { passwordOf } from '../../api/lib/server.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
export const VIEWPORT = { width: 1366, height: 768 };

/** Starts headless chromium. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
}

/**
 * A fresh browser context (its own cookies and sessionStorage) and page on
 * `server`; returns {context, page, problems}.
 */
export async function openPage(browser, server) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = [];
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location().url || '';
    const text = msg.text();
    const apiRefusal = /Failed to load resource: the server responded with a status of 4\d\d/.test(text) &&
      new URL(url, server.url).pathname.startsWith('/api/');
    if (!apiRefusal) problems.push(`console error: ${text} (${url})`);
  });
  const origin = new URL(server.url).origin;
  page.on('request', (r) => {
    if (new URL(r.url()).origin !== origin) problems.push(`request to another host: ${r.url()}`);
  });
  page.on('response', (r) => {
    const u = new URL(r.url());
    const api = u.pathname.startsWith('/api/');
    if ((!api && r.status() >= 400) || r.status() >= 500) problems.push(`${r.status()} for ${u.pathname}`);
  });
  return { context, page, problems };
}

/** Fails if the page recorded any problem. */
export function assertNoProblems(problems, what = '') {
  assert.deepEqual(problems, [], `problems on the page ${what}:\n${problems.join('\n')}`);
}

/**
 * Opens `url` afresh.  Going to the URL the page is already at would only be
 * a same-document navigation (no hashchange, nothing rendered again), so the
 * page is reloaded instead.
 */
export async function visit(page, url) {
  if (page.url() === url) await page.reload();
  else await page.goto(url);
}

/** Logs in through the login screen and waits for the header to show the user. */
export async function loginAs(page, server, username, password = passwordOf(username)) {
  await page.goto(`${server.url}/#/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#who-name').filter({ hasText: username }).waitFor();
}

/** Keeps a screenshot of the page as artifacts/<name>.png. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
}

/** The texts of the main menu's entries. */
export async function menuEntries(page) {
  return page.locator('#menu a').allTextContents();
}

/**
 * Runs `run(page, at)` in a fresh page of `browser` logged in as `username`
 * on `server` (`at(hash)` opens a screen afresh), then fails on any problem
 * the page recorded; the page is closed either way.
 */
export async function asUser(browser, server, username, run, { password } = {}) {
  const { context, page, problems } = await openPage(browser, server);
  try {
    await loginAs(page, server, username, password);
    await run(page, (hash) => visit(page, `${server.url}/${hash}`));
    assertNoProblems(problems, `(${username})`);
  } finally {
    await context.close();
  }
}

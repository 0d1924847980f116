/**
 * The console's browser suites' one harness: the console built when stale (as `npm test`'s pretest does), the API
 * booted by the suite's own `boot` (a bootCaseWorld, a seeded scenario, …) while a real headless Chromium launches
 * (browser.ts: never skipped; it fails naming how to get one), the API listening on a free loopback port, and
 * pages: a fresh browser profile with its error log (`newPage`), the sign-in form filled (`signIn`), or both at a
 * path (`signedIn`). `close()` closes the browser (and its contexts), then the app.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { consoleErrors, launchChromium } from './browser';
import { PASSWORD } from './case-http';
import type { TestApp } from './test-app';

/** dist/console rebuilt when its sources changed (scripts/build-console.cjs --if-stale). */
export function buildConsoleIfStale(): void {
  execFileSync(process.execPath, [join(__dirname, '../../../scripts/build-console.cjs'), '--if-stale'], { stdio: 'inherit' });
}

/** Fills the console's sign-in form (on whatever page shows it) and submits it. */
export async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

export interface PageDefaults {
  /** Default 1280 × 800. */
  viewport?: { width: number; height: number };
  /** Playwright's own waits fail first, naming what they waited for, well inside Jest's limit. Default 10 s. */
  timeoutMs?: number;
}

export interface PageOptions extends PageDefaults {
  /** HTTP error statuses the test provokes on purpose: the browser's line for them is not counted as an error. */
  expectedStatuses?: number[];
  /** More options of the browser context (acceptDownloads, …). */
  context?: BrowserContextOptions;
}

export interface SignedInOptions extends PageOptions {
  /** Default: the case suites' PASSWORD. */
  password?: string;
  /** Wait until the signed-in frame shows (its 退出登录 button) before handing the page over. */
  waitForFrame?: boolean;
}

export interface BrowserPage {
  page: Page;
  /** What the page reported as errors so far (uncaught exceptions, console errors). */
  errors: string[];
}

/** Where a failed browser test leaves its screenshots (ignored by git). */
const FAILURES_DIR = join(__dirname, '../../../test-results');

/** A page the harness opened, with the API calls it made lately (method, path, status, error code). */
interface TrackedPage {
  page: Page;
  calls: string[];
}

export class ConsoleHarness {
  private readonly pages: TrackedPage[] = [];

  private constructor(
    readonly t: TestApp,
    readonly browser: Browser,
    /** `http://127.0.0.1:<port>`. */
    readonly base: string,
    private readonly defaults: PageDefaults,
  ) {
    // Called by the failure-aware Jest environment when a test of this suite fails (test/support/).
    (globalThis as { __shenbaoOnFailure?: (test: string) => Promise<void> }).__shenbaoOnFailure = (test) => this.reportFailure(test);
  }

  /**
   * Builds the console if stale, then boots the suite's world (`boot`, which returns at least its TestApp) while
   * Chromium launches, and makes the API listen. Returns the world and the harness.
   */
  static async start<W extends { t: TestApp }>(boot: () => Promise<W>, defaults: PageDefaults = {}): Promise<{ world: W; ui: ConsoleHarness }> {
    buildConsoleIfStale();
    const [world, browser] = await Promise.all([boot(), launchChromium()]);
    await world.t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(world.t.app.getHttpServer().address() as AddressInfo).port}`;
    return { world, ui: new ConsoleHarness(world.t, browser, base, defaults) };
  }

  /** A fresh browser profile (no session, no language choice) with its error log. */
  async newPage(options: PageOptions = {}): Promise<BrowserPage> {
    const context = await this.browser.newContext({ viewport: options.viewport ?? this.defaults.viewport ?? { width: 1280, height: 800 }, ...options.context });
    const page = await context.newPage();
    // 30 s: with two Jest workers a browser suite shares the 2 cores with another suite, and 10 s waits timed out in CI.
    page.setDefaultTimeout(options.timeoutMs ?? this.defaults.timeoutMs ?? 30_000);
    const tracked: TrackedPage = { page, calls: [] };
    this.pages.push(tracked);
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (!url.pathname.startsWith('/api/')) return;
      const line = `${response.request().method()} ${url.pathname}${url.search} → ${response.status()}`;
      const at = tracked.calls.push(line) - 1;
      if (tracked.calls.length > 30) tracked.calls.shift();
      if (response.status() >= 400) {
        void response.json().then(
          (body: { error?: string; message?: string }) => {
            const i = tracked.calls.indexOf(line, Math.max(0, at - 30));
            if (i >= 0) tracked.calls[i] = `${line} ${body.error ?? ''} ${body.message ?? ''}`.trimEnd();
          },
          () => undefined,
        );
      }
    });
    return { page, errors: consoleErrors(page, options.expectedStatuses) };
  }

  /**
   * What each open page showed when a test failed: its address, its open dialogs, alerts and field errors, the
   * start of its text and its last API calls, written to stderr (a CI log is all there is to read), and a
   * screenshot in test-results/.
   */
  async reportFailure(test: string): Promise<void> {
    const open = this.pages.filter((p) => !p.page.isClosed());
    const lines = [`\n[browser] "${test}" failed; ${open.length} open page(s):`];
    mkdirSync(FAILURES_DIR, { recursive: true });
    for (const [i, { page, calls }] of open.entries()) {
      const texts = async (selector: string) => (await page.locator(selector).allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
      const shot = join(FAILURES_DIR, `${test.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80)}-${i}.png`);
      await page.screenshot({ path: shot, timeout: 5000 }).catch(() => undefined);
      lines.push(
        `--- page ${i}: ${page.url()} (screenshot ${shot})`,
        `dialogs: ${JSON.stringify(await texts('[role=dialog]'))}`,
        `alerts, messages, field errors: ${JSON.stringify(await texts('.ant-alert, .ant-message-notice, .ant-form-item-explain-error'))}`,
        `text: ${((await page.locator('body').innerText({ timeout: 2000 }).catch(() => '')) || '').replace(/\s+/g, ' ').slice(0, 1500)}`,
        `last API calls:`,
        ...calls.map((c) => `  ${c}`),
      );
    }
    process.stderr.write(`${lines.join('\n')}\n`);
  }

  /** A fresh page at `path`, signed in there as `username`. */
  async signedIn(username: string, path: string, options: SignedInOptions = {}): Promise<BrowserPage> {
    const opened = await this.newPage(options);
    await opened.page.goto(`${this.base}${path}`);
    await signIn(opened.page, username, options.password);
    if (options.waitForFrame) await opened.page.getByRole('button', { name: '退出登录' }).waitFor();
    return opened;
  }

  /** Closes the browser (its contexts with it), then the app. */
  async close(): Promise<void> {
    delete (globalThis as { __shenbaoOnFailure?: unknown }).__shenbaoOnFailure;
    await this.browser.close();
    await this.t.close();
  }
}

/**
 * The web console in a real headless Chromium against the API listening on a temporary DATA_DIR: sign-in for each
 * role, 待办, the case page (facts, history, only the allowed actions), the city audit with its revision conflict,
 * the language switch, and an ended session returning to sign-in on the page the user was on. Asserts on what a
 * person sees, and that the browser reported no errors. The console is built first when dist/console is stale.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS, PASSWORD, TIANHE } from './support/case-http';
import type { CaseHttp, CaseRef } from './support/case-http';
import { ADMIN_PASSWORD } from './support/test-app';
import type { TestApp } from './support/test-app';
import { until } from './support/until';
import { verifyRecordText } from '../../tools/verify/verify.mjs';
import { calendarWeekdays, choose, typeDate } from './support/browser';
import { ConsoleHarness } from './support/console-harness';

/** Friday 2019-03-01, 10:00 in Guangzhou: inside the seeded program's window. */
const T0 = new Date('2019-03-01T02:00:00Z');

describe('web console in a browser (e2e)', () => {
  let ui: ConsoleHarness;
  let t: TestApp;
  let h: CaseHttp;
  let base: string;
  let audited: CaseRef;
  let conflicted: CaseRef;

  beforeAll(async () => {
    let programId: string;
    ({ world: { t, h, programId }, ui } = await ConsoleHarness.start(() =>
      bootCaseWorld(new TestClock(T0), { users: { 'city-gz': OFFICERS['city-gz'], 'applicant-th': applicantIn(TIANHE) } }),
    ));
    base = ui.base;
    audited = await h.submitted('applicant-th', 'city-gz', TIANHE, programId);
    conflicted = await h.submitted('applicant-th', 'city-gz', TIANHE, programId);
    // The inbox is a read model that follows the events: wait until it holds both cases before any page reads it.
    await until('the city inbox', async () => {
      const res = await h.call('city-gz', 'get', '/inbox').expect(200);
      return (res.body.items as unknown[]).length >= 2 ? true : undefined;
    });
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  /** A fresh browser profile (no session, no language choice) with its error log. */
  const newPage = (expectedStatuses: number[] = []) => ui.newPage({ expectedStatuses });

  async function signIn(page: Page, username: string, password = PASSWORD, labels = { user: '用户名', password: '密码', submit: '登录' }): Promise<string> {
    await page.getByLabel(labels.user).fill(username);
    await page.getByLabel(labels.password).fill(password);
    const [login] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')), page.getByRole('button', { name: labels.submit }).click()]);
    expect(login.status()).toBe(200);
    return ((await login.json()) as { accessToken: string }).accessToken;
  }

  const actionButtons = (page: Page, region = '可办理事项') => page.getByRole('region', { name: region }).getByRole('button');
  const ACTION_NAMES: Record<string, string> = { 'city-audit': '市级审核', recommendation: '出具推荐函', urge: '催办', 'paper-copies': '登记纸质材料', application: '填写申报书', submit: '提交', withdraw: '撤回' };

  /** The page offers exactly the case's allowedActions for this user, as the API reports them: a button each. */
  async function expectAllowedActions(page: Page, user: string, caseId: string): Promise<string[]> {
    const allowed = ((await h.call(user, 'get', `/cases/${caseId}`).expect(200)).body as { allowedActions: string[] }).allowedActions;
    const buttons = actionButtons(page);
    await until(`${allowed.length} action buttons`, async () => ((await buttons.count()) === allowed.length ? true : undefined));
    expect(await buttons.allInnerTexts()).toEqual(allowed.map((a) => ACTION_NAMES[a] ?? a));
    return allowed;
  }

  it('signs the administrator in, in Chinese by default, to an empty 待办 with name, role and scope', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: '申报管理平台' }).waitFor();
    // By keyboard alone: the username field has the focus, Tab moves on, Enter signs in.
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '待办' }).waitFor();
    await page.getByText('暂无待办事项').waitFor();
    await page.getByText('管理员', { exact: true }).waitFor();
    await page.getByText('范围: 全省').waitFor();
    expect(page.url()).toBe(`${base}/inbox`);
    expect(errors).toEqual([]);
  });

  it('shows the city its pending audits, opens a case with its history and only its allowed actions, in both languages', async () => {
    const { page, errors } = await newPage();
    const api: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/')) api.push(`${r.method()} ${path}`);
    });
    await page.goto(`${base}/inbox`);
    await signIn(page, 'city-gz');
    await page.getByRole('heading', { name: '待办' }).waitFor();
    await page.getByText('市级', { exact: true }).waitFor();
    // The scope by name, from the program's regions.
    await page.getByText('范围: 广州', { exact: true }).waitFor();
    const tasks = page.getByRole('link');
    await until('two tasks', async () => ((await tasks.count()) === 2 ? true : undefined));
    await expect(page.getByRole('cell', { name: '市级审核', exact: true }).count()).resolves.toBe(2);
    // Each task's due time (cityAudit: 10 working days), from the inbox itself: no case is read one by one.
    const taskRows = page.getByRole('row').filter({ has: page.getByRole('link') });
    expect(await taskRows.count()).toBe(2);
    for (const row of await taskRows.all()) {
      const [due, received] = [await row.getByRole('cell').nth(3).innerText(), await row.getByRole('cell').nth(4).innerText()];
      expect(due).toMatch(/^2019年3月\d+日/);
      expect(due).not.toBe(received);
    }
    expect(api.filter((r) => r.startsWith('GET /api/v1/cases'))).toEqual([]);
    expect(api.filter((r) => r === 'GET /api/v1/inbox')).toHaveLength(1);

    await tasks.first().click();
    await page.getByRole('heading', { name: TIANHE.unitName }).waitFor();
    const caseId = decodeURIComponent(page.url().split('/cases/')[1]!);
    const allowed = await expectAllowedActions(page, 'city-gz', caseId);
    expect(allowed).toContain('city-audit');
    expect(allowed).not.toContain('submit');
    await page.getByText('广州 / 天河').waitFor();
    // The lifecycle the shipped workflow runs, the current stage (市级审核) the one in progress.
    const lifecycle = page.getByRole('region', { name: '办理流程' });
    expect(await lifecycle.locator('.ant-steps-item-title').allInnerTexts()).toEqual(['起草', '市级审核', '推荐', '专家评审', '答辩', '现场考察', '公示', '批复', '跟踪评估', '已验收']);
    await expect(lifecycle.locator('[aria-current="step"], .ant-steps-item-process').first().innerText()).resolves.toContain('市级审核');
    const history = page.getByRole('region', { name: '办理记录' });
    await history.getByText('创建申报').waitFor();
    await history.getByText('提交申报').waitFor();
    await expect(history.getByText('(申报单位)').count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(history.getByText(/^哈希 [0-9a-f]{12}$/).count()).resolves.toBeGreaterThanOrEqual(2);

    // 查看某一时刻的状态: the case as it stood then (?asOf= in the URL), read-only, then back to now.
    // The picker's calendar speaks the console's language (not the browser's, as <input type="datetime-local"> did).
    expect(await calendarWeekdays(page.getByLabel('查看某一时刻的状态'), '一')).toEqual(['一', '二', '三', '四', '五', '六', '日']);
    await typeDate(page.getByLabel('查看某一时刻的状态'), '2030-01-01 00:00');
    await page.getByRole('button', { name: '查看', exact: true }).click();
    await page.getByText(/^正在查看 .+ 时的状态（只读）/).waitFor();
    expect(new URL(page.url()).searchParams.get('asOf')).toBe('2030-01-01T00:00:00+08:00');
    await expect(page.getByRole('region', { name: '可办理事项' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: '返回当前状态' }).click();
    await page.getByRole('region', { name: '可办理事项' }).waitFor();
    // The verifiable record downloads as JSON and verifies offline (tools/verify/verify.mjs).
    const [download] = await Promise.all([page.waitForEvent('download'), history.getByRole('button', { name: '下载可验证记录' }).click()]);
    expect(download.suggestedFilename()).toBe(`case-${caseId}-record.json`);
    expect(verifyRecordText(readFileSync(await download.path(), 'utf8'))).toMatchObject({ ok: true });

    await page.getByText('English', { exact: true }).click();
    await page.getByRole('region', { name: 'History' }).getByText('Submitted', { exact: true }).waitFor();
    const english = await actionButtons(page, 'What you can do').allInnerTexts();
    expect(english).toContain('City audit');
    expect(english).toHaveLength(allowed.length);
    expect(await calendarWeekdays(page.getByLabel('See the case as it stood at'), 'Su')).toEqual(['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa']);
    await page.getByLabel('See the case as it stood at').press('Escape');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByText('City', { exact: true }).waitFor();
    // Only the language is kept in the browser's storage, never the token.
    expect(await page.evaluate('Object.keys(localStorage)')).toEqual(['shenbao.lang']);

    // The session lives in the page's memory only: a reload asks to sign in again, in the language kept.
    await page.reload();
    await page.getByRole('heading', { name: 'Shenbao console' }).waitFor();
    await signIn(page, 'city-gz', PASSWORD, { user: 'Username', password: 'Password', submit: 'Sign in' });
    await page.getByRole('heading', { name: TIANHE.unitName }).waitFor();
    expect(errors).toEqual([]);
  });

  it('lets the city pass an audit, and tells of a change by someone else instead of overwriting it', async () => {
    const { page, errors } = await newPage([409]);
    await page.goto(`${base}/cases/${audited.id}`);
    await signIn(page, 'city-gz');
    await actionButtons(page).getByText('市级审核').click();
    const dialog = page.getByRole('dialog');
    await choose(dialog, '退回修改');
    await dialog.getByRole('button', { name: '提交审核' }).click();
    await dialog.getByText('退回或不予推荐时请填写说明').waitFor();
    await choose(dialog, '通过');
    await dialog.getByRole('button', { name: '提交审核' }).click();
    await page.getByRole('region', { name: '办理记录' }).getByText('市级审核通过').waitFor();
    await page.getByRole('region', { name: '办理流程' }).locator('.ant-steps-item-process').getByText('推荐', { exact: true }).waitFor();
    expect(await expectAllowedActions(page, 'city-gz', audited.id)).toContain('recommendation');

    // A new page load: the session was in the old page's memory, so sign-in comes first.
    await page.goto(`${base}/cases/${conflicted.id}`);
    await signIn(page, 'city-gz');
    await page.getByRole('heading', { name: TIANHE.unitName }).waitFor();
    await actionButtons(page).getByText('市级审核').click();
    // Meanwhile someone else audits the same case.
    await h.expectStage(h.act('city-gz', conflicted.id, 'city-audit', { decision: 'return', comment: '请补充材料' }), 'draft');
    await page.getByRole('dialog').getByRole('button', { name: '提交审核' }).click();
    await page.getByText('该申报已被他人修改，请刷新后再办理。').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: '刷新' }).click();
    await page.getByRole('region', { name: '办理记录' }).getByText('退回修改').waitFor();
    await page.getByText('“请补充材料”').waitFor();
    const events = (await h.call('city-gz', 'get', `/cases/${conflicted.id}/history`).expect(200)).body.items as { type: string }[];
    expect(events.map((e) => e.type)).toEqual(['CaseCreated', 'ApplicationSaved', 'AttachmentAdded', 'CaseSubmitted', 'CaseReturnedForRevision']);
    expect(errors).toEqual([]);
  });

  it("shows the applicant only the applicant's actions on the case the city returned, and starts a new case", async () => {
    const { page, errors } = await newPage();
    await page.goto(`${base}/cases/${conflicted.id}`);
    await signIn(page, 'applicant-th');
    await page.getByRole('heading', { name: TIANHE.unitName }).waitFor();
    await page.getByText('申报单位', { exact: true }).first().waitFor();
    await page.getByText('范围: 广州 / 天河', { exact: true }).waitFor();
    const allowed = await expectAllowedActions(page, 'applicant-th', conflicted.id);
    expect(allowed).toContain('submit');
    expect(allowed).not.toContain('city-audit');

    // 新建申报: a new draft for the applicant's own district, then its page.
    await page.getByRole('menuitem', { name: '新建申报' }).click();
    await page.getByRole('button', { name: '创建' }).click();
    await page.getByText('请填写申报单位名称').waitFor();
    await page.getByLabel('申报单位').fill('广州市天河区工业和信息化局');
    await page.getByRole('button', { name: '创建' }).click();
    await page.getByRole('heading', { name: '广州市天河区工业和信息化局' }).waitFor();
    await page.getByRole('rowgroup').getByText('起草', { exact: true }).waitFor();
    const newId = decodeURIComponent(page.url().split('/cases/')[1]!);
    const created = (await h.call('applicant-th', 'get', `/cases/${newId}`).expect(200)).body as { stage: string; applicant: unknown };
    expect(created).toMatchObject({ stage: 'draft', applicant: { level: 'district', cityCode: '440100', districtCode: '440106', unitName: '广州市天河区工业和信息化局' } });
    await expectAllowedActions(page, 'applicant-th', newId);
    expect(errors).toEqual([]);
  });

  it('returns to sign-in with a message when the session ends, then back to the same page', async () => {
    const { page, errors } = await newPage([401]);
    await page.goto(`${base}/cases/${conflicted.id}`);
    const token = await signIn(page, 'applicant-th');
    await page.getByRole('heading', { name: TIANHE.unitName }).waitFor();
    // Every read of the case page answered first (its history, attachments, documents…): on a loaded machine one still
    // in flight at the sign-out met the 401 itself and sent the page to sign-in before the click below.
    await page.waitForLoadState('networkidle');
    // The session is ended elsewhere (this token signed out); the next call the page makes answers 401.
    await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    await page.getByRole('menuitem', { name: '待办' }).click();
    await page.getByText('登录已过期，请重新登录').waitFor();
    expect(page.url()).toBe(`${base}/sign-in`);
    await signIn(page, 'applicant-th');
    await page.getByRole('heading', { name: '待办' }).waitFor();
    expect(page.url()).toBe(`${base}/inbox`);

    // Signing out ends the session and says so.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByText('您已退出登录').waitFor();
    expect(errors).toEqual([]);
  });
});

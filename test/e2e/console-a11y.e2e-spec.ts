/**
 * Accessibility of the console's main pages, checked by axe-core (@axe-core/playwright) in a real Chromium against
 * the API on a temporary DATA_DIR: the sign-in page, 待办, a case page for each role that works on it and the new-case
 * form, in Chinese and in English. Serious and critical violations of WCAG 2.1 A/AA fail the test, each named with
 * its rule, its help text and the elements it hit; moderate and minor ones are left to review.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { settled } from './support/browser';
import type { Page } from 'playwright-core';
import { TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS, TIANHE } from './support/case-http';
import type { CaseHttp, CaseRef } from './support/case-http';
import { ADMIN_PASSWORD } from './support/test-app';
import { until } from './support/until';
import { ConsoleHarness, signIn } from './support/console-harness';

const T0 = new Date('2019-03-01T02:00:00Z');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** "rule (impact): help — first targets" for each serious or critical violation on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  await settled(page);
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

describe('console accessibility (axe, e2e)', () => {
  // As the other browser suites: a page with several axe passes (the workshop's form with its diagram) runs past
  // Jest's default 30 s on a loaded machine.
  jest.setTimeout(120_000);
  let ui: ConsoleHarness;
  let h: CaseHttp;
  let base: string;
  let submitted: CaseRef;
  let toRecommend: CaseRef;
  let unscanned: CaseRef;

  beforeAll(async () => {
    ({ world: { h }, ui } = await ConsoleHarness.start(() =>
      bootCaseWorld(new TestClock(T0), { users: { 'a11y-city': OFFICERS['city-gz'], 'a11y-prov': OFFICERS.prov, 'a11y-applicant': applicantIn(TIANHE) } }),
    ));
    base = ui.base;
    const programId = await h.programIdOf('gd-bdpz-2019');
    submitted = await h.submitted('a11y-applicant', 'a11y-city', TIANHE, programId);
    toRecommend = await h.toRecommendation('a11y-applicant', 'a11y-city', TIANHE, programId);
    // A complete application without its sealed scan: submitting it is refused in the dialog.
    unscanned = await h.createCase('a11y-applicant', 'a11y-city', TIANHE, programId);
    await h.saveApplication(unscanned);
    await until('the city inbox', async () => {
      const res = await h.call('a11y-city', 'get', '/inbox').expect(200);
      return (res.body.items as unknown[]).length >= 1 ? true : undefined;
    });
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  const signedIn = (username: string, path: string) => ui.signedIn(username, path);

  it('the sign-in page', async () => {
    const context = await ui.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: '申报管理平台' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Shenbao console' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('the city officer’s 待办 and case page, in Chinese and English', async () => {
    const { page, errors } = await signedIn('a11y-city', '/inbox');
    await page.getByRole('heading', { name: '待办' }).waitFor();
    await page.getByRole('link').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link').first().click();
    await page.getByRole('heading', { name: TIANHE.unitName }).waitFor();
    await page.getByRole('region', { name: '办理记录' }).getByText('提交申报').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('region', { name: 'History' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the applicant’s case page and the new-case form', async () => {
    const { page, errors } = await signedIn('a11y-applicant', `/cases/${submitted.id}`);
    await page.getByRole('heading', { name: TIANHE.unitName }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('menuitem', { name: '新建申报' }).click();
    await page.getByRole('button', { name: '创建' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the province’s search, overview and monitoring pages, in Chinese and English', async () => {
    const { page, errors } = await signedIn('a11y-prov', '/search');
    await page.getByRole('heading', { name: '申报查询' }).waitFor();
    await page.getByRole('link', { name: TIANHE.unitName }).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('menuitem', { name: '总览' }).click();
    await page.getByRole('region', { name: '各环节申报数' }).locator('canvas').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('menuitem', { name: '跟踪监测' }).click();
    await page.getByText('暂无获批的试验区').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('menuitem', { name: 'Overview' }).click();
    await page.getByRole('region', { name: 'Applications by stage' }).locator('canvas').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('menuitem', { name: 'Search' }).click();
    await page.getByRole('heading', { name: 'Search applications' }).waitFor();
    await page.getByRole('link', { name: TIANHE.unitName }).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the dialogs of the paperwork: a submit refused for the missing scan, the 推荐函 to seal, in Chinese and English', async () => {
    const atRest = () => page.waitForFunction(() => (globalThis as unknown as { document: { getAnimations(): unknown[] } }).document.getAnimations().length === 0);
    const { page, errors } = await ui.signedIn('a11y-applicant', `/cases/${unscanned.id}`, { expectedStatuses: [422] });
    await page.getByRole('heading', { name: TIANHE.unitName }).waitFor();
    // The case page with no attachment yet (the empty table's placeholder text failed the contrast check).
    await page.getByText('暂无附件').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('region', { name: '可办理事项' }).getByRole('button', { name: '提交', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确定提交' }).click();
    await page.getByRole('dialog').getByRole('alert').waitFor();
    await atRest();
    expect(await seriousViolations(page)).toEqual([]);

    const city = await signedIn('a11y-city', `/cases/${toRecommend.id}`);
    await city.page.getByRole('heading', { name: TIANHE.unitName }).waitFor();
    await city.page.getByRole('region', { name: '可办理事项' }).getByRole('button', { name: '出具推荐函' }).click();
    await city.page.getByRole('dialog').getByLabel('推荐函文号').fill('穗工信函〔2019〕58号');
    await city.page.getByRole('dialog').getByRole('button', { name: '下载推荐函（PDF）' }).waitFor();
    await city.page.waitForFunction(() => (globalThis as unknown as { document: { getAnimations(): unknown[] } }).document.getAnimations().length === 0);
    expect(await seriousViolations(city.page)).toEqual([]);
    await city.page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await city.page.getByText('English', { exact: true }).click();
    await city.page.getByRole('region', { name: 'What you can do' }).getByRole('button', { name: 'Issue the recommendation' }).click();
    await city.page.getByRole('dialog').getByRole('button', { name: 'Download the letter (PDF)' }).waitFor();
    await city.page.waitForFunction(() => (globalThis as unknown as { document: { getAnimations(): unknown[] } }).document.getAnimations().length === 0);
    expect(await seriousViolations(city.page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(city.errors).toEqual([]);
  });

  it('the administrators’ workshop: users, a workflow version and its new-version form, in Chinese and English', async () => {
    const { page, errors } = await ui.newPage();
    await page.goto(`${base}/workshop/users`);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('cell', { name: 'a11y-city', exact: true }).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '新建用户' }).click();
    await page.getByRole('dialog').getByLabel('初始密码').waitFor();
    // Checked once the dialog has faded in: half-way its colours are half-way too.
    await page.waitForFunction(() => (globalThis as unknown as { document: { getAnimations(): unknown[] } }).document.getAnimations().length === 0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await page.goto(`${base}/workshop/workflows/gd-bdpz-2019/1`);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('group', { name: '阶段' }).getByText('答辩', { exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '以此为基础新建版本' }).click();
    await page.getByRole('group', { name: '新版本的阶段' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('group', { name: 'Stages of the new version' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

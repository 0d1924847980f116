/**
 * The reviewers' side paths in the web console, in a real headless Chromium: an expert declares a conflict of
 * interest (回避) and leaves the case; the province sees the recusal and fills the open seat from the pool; the
 * review is deferred to cultivation and resumed; after approval the city and then the province evaluate a zone's
 * progress, the province ordering a rectification (整改) with its failed rating. The steps between are driven over
 * HTTP. Asserts on what a person sees and on the case the API then holds, and that the browser reported no errors.
 */
import type { Page } from 'playwright-core';
import { dateIn } from '@shenbao/domain';
import type { Actor } from '@shenbao/domain';
import { CaseCommandService } from '@shenbao/commands';
import { TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS, TIANHE } from './support/case-http';
import type { CaseHttp, CaseRef, Party } from './support/case-http';
import type { TestApp } from './support/test-app';
import { choose, typeDate } from './support/browser';
import { ConsoleHarness } from './support/console-harness';

const T0 = new Date('2019-03-01T02:00:00Z');
const DAY = 24 * 3600 * 1000;
const HAIZHU: Party = { level: 'district', cityCode: '440100', districtCode: '440105', unitName: '广州市海珠区人民政府' };
const PANEL = ['exp-a', 'exp-b', 'exp-c', 'exp-d', 'exp-e'];
const TIMER: Actor = { userId: 'system', role: 'province' };

describe('web console: recusal, cultivation and evaluation (e2e)', () => {
  // Each step is a person's whole errand in a browser, on a machine that may be shared: more than Jest's default.
  jest.setTimeout(120_000);
  const clock = new TestClock(T0, 1000);
  let ui: ConsoleHarness;
  let t: TestApp;
  let h: CaseHttp;
  let programId: string;
  let reviewed: CaseRef;
  let approved: CaseRef;

  beforeAll(async () => {
    ({ world: { t, h, programId }, ui } = await ConsoleHarness.start(
      () =>
        bootCaseWorld(clock, {
          users: { prov: OFFICERS.prov, 'city-gz': OFFICERS['city-gz'], 'applicant-th': applicantIn(TIANHE), 'applicant-hz': applicantIn(HAIZHU) },
          experts: Object.fromEntries([...PANEL, 'exp-f'].map((u) => [u, '445100'])),
        }),
      { timeoutMs: 15_000 },
    ));
    reviewed = await h.toRecommendation('applicant-th', 'city-gz', TIANHE, programId);
    await h.expectStage(h.recommend(reviewed), 'expertReview');
    await h.expectStage(h.act('prov', reviewed.id, 'panel', { expertIds: PANEL.map((u) => h.expertIds[u]) }), 'expertReview');

    approved = await h.toRecommendation('applicant-hz', 'city-gz', HAIZHU, programId);
    await h.expectStage(h.recommend(approved), 'expertReview');
    await h.throughExpertReview(approved, PANEL, 'defense');
    await h.throughDefenseAndSiteVisit(approved, 'exp-a');
    const batch = await h.openPublicity(programId, [approved.id], clock.now());
    clock.set(new Date(T0.getTime() + 8 * DAY));
    await t.app.get(CaseCommandService).execute(approved.id, { type: 'EndPublicity', data: { batchId: batch.id } }, { actor: TIMER, correlationId: 'test-timer' });
    await h.expectStage(h.act('prov', approved.id, 'approval', { replyLetterNo: '粤工信数字产业函〔2019〕901号', repliedOn: dateIn(clock.now()) }), 'progressEvaluation');
    const report = { period: '2019H1', narrative: '按计划推进。', indicators: [], projects: [{ seq: 1, investedToDate: 300, status: 'in_progress' }] };
    await h.expectStage(h.act('applicant-hz', approved.id, 'progress-reports', report), 'progressEvaluation');
  }, 180_000);

  afterAll(async () => {
    await ui?.close();
  });

  const signedIn = (user: string, path: string) => ui.signedIn(user, path, { waitForFrame: true });

  const actions = (page: Page) => page.getByRole('region', { name: '可办理事项' });
  const history = (page: Page) => page.getByRole('region', { name: '办理记录' });
  const caseOf = async (id: string) => (await h.call('prov', 'get', `/cases/${id}`).expect(200)).body as Record<string, unknown> & { stage: string };

  it('lets an expert recuse and leave the case, and the province fill the open seat, the recusal shown', async () => {
    const expert = await signedIn('exp-e', `/cases/${reviewed.id}`);
    await actions(expert.page).getByRole('button', { name: '回避' }).click();
    const recusal = expert.page.getByRole('dialog');
    await recusal.getByText('声明存在利益冲突（回避）后，您将退出本申报的评审，不能再评分。').waitFor();
    await recusal.getByRole('button', { name: '提交', exact: true }).click();
    await recusal.getByText('请填写回避原因').waitFor();
    await recusal.getByLabel('回避原因').fill('本人曾参与该区规划编制');
    await recusal.getByRole('button', { name: '提交', exact: true }).click();
    await expert.page.getByRole('heading', { name: '待办' }).waitFor();
    expect(expert.errors).toEqual([]);

    const { page, errors } = await signedIn('prov', `/cases/${reviewed.id}`);
    await actions(page).getByRole('button', { name: '组建专家组' }).click();
    const panel = page.getByRole('dialog');
    await panel.getByText('有 1 个席位因专家回避空缺，请补选 1 位').waitFor();
    await panel.getByText('exp-e（exp-e 大学）: 本人曾参与该区规划编制').waitFor();
    // Chosen once the field shows its tag (the list opens in the page's body, so inside the dialog only the tag has this
    // title). On a loaded machine a click on the option while the list is still opening can be lost: open and choose
    // again until the tag shows.
    const chosen = panel.getByTitle('exp-f（exp-f 大学）');
    for (let attempt = 1; !(await chosen.isVisible()); attempt++) {
      if (attempt > 4) throw new Error('exp-f could not be chosen in the panel form');
      await panel.getByLabel('专家', { exact: true }).click();
      await page.getByTitle('exp-e（exp-e 大学） — 已在专家组；已回避').waitFor();
      await page.getByTitle('exp-f（exp-f 大学）').click();
      await chosen.waitFor({ timeout: 3000 }).catch(() => undefined);
    }
    await page.keyboard.press('Escape');
    await panel.getByRole('button', { name: '提交', exact: true }).click();
    await panel.waitFor({ state: 'hidden' });
    await history(page).getByText('替换专家').waitFor();
    const review = (await caseOf(reviewed.id)).review as { replacements: { recusedExpertId: string; expertId: string }[] };
    expect(review.replacements).toMatchObject([{ recusedExpertId: h.expertIds['exp-e'], expertId: h.expertIds['exp-f'] }]);
    expect(errors).toEqual([]);
  });

  it('lets the province defer the review to cultivation and resume it', async () => {
    const { page, errors } = await signedIn('prov', `/cases/${reviewed.id}`);
    await actions(page).getByRole('button', { name: '评审结论' }).click();
    const conclude = page.getByRole('dialog');
    await conclude.getByText('尚无专家评分').waitFor();
    await conclude.getByText('暂缓，转入培育').click();
    await conclude.getByLabel('说明').fill('尚不成熟，继续培育');
    await conclude.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText('培育', { exact: true }).first().waitFor();
    expect((await caseOf(reviewed.id)).stage).toBe('cultivation');

    await actions(page).getByRole('button', { name: '恢复' }).click();
    await page.getByRole('dialog').getByLabel('说明').fill('条件已成熟');
    await page.getByRole('dialog').getByRole('button', { name: '提交', exact: true }).click();
    await history(page).getByText('恢复办理').waitFor();
    expect((await caseOf(reviewed.id)).stage).toBe('expertReview');
    expect(errors).toEqual([]);
  });

  it('lets the city and then the province evaluate progress, the province ordering a rectification', async () => {
    const city = await signedIn('city-gz', `/cases/${approved.id}`);
    await actions(city.page).getByRole('button', { name: '评估' }).click();
    const cityForm = city.page.getByRole('dialog');
    await cityForm.getByLabel('评估期').fill('2019H1');
    await choose(cityForm, '良好');
    // Only the province orders a rectification: a city's form has no date for it.
    await choose(cityForm, '不合格');
    await expect(cityForm.getByLabel('整改期限（不合格时可要求整改）').count()).resolves.toBe(0);
    await choose(cityForm, '合格');
    await cityForm.getByLabel('评估意见').fill('基本按计划推进');
    await cityForm.getByRole('button', { name: '提交', exact: true }).click();
    await history(city.page).getByText('进展评估').waitFor();
    expect(city.errors).toEqual([]);

    const { page, errors } = await signedIn('prov', `/cases/${approved.id}`);
    await actions(page).getByRole('button', { name: '评估' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('评估期').fill('2019H1');
    await choose(form, '不合格');
    await form.getByLabel('评估意见').fill('投资进度滞后');
    await typeDate(form.getByLabel('整改期限（不合格时可要求整改）'), '2019-06-30');
    await form.getByRole('button', { name: '提交', exact: true }).click();
    await history(page).getByText('进展评估').nth(1).waitFor();
    const monitoring = (await caseOf(approved.id)).monitoring as { rectifications?: { dueOn: string }[] };
    expect(monitoring.rectifications).toMatchObject([{ dueOn: '2019-06-30' }]);
    expect(errors).toEqual([]);
  });
});

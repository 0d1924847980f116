/**
 * The applicant's side of the web console in a real headless Chromium against the API on a temporary DATA_DIR:
 * drafting the 申报书 in the editor, a field error from the API shown at the field and fixed, submitting; the
 * city's return (over HTTP) seen with its comment, an autosave, and resubmitting; a stale edit in a second tab
 * getting the conflict message; withdrawing after a confirmation (in English); and, the middle of the lifecycle
 * driven over HTTP, the approved applicant filing a progress report. Asserts on what a person sees, and that the
 * browser reported no errors but the ones a step provokes on purpose.
 */
import type { Page } from 'playwright-core';
import { dateIn } from '@shenbao/domain';
import { CaseCommandService } from '@shenbao/commands';
import { TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS, TIANHE } from './support/case-http';
import type { CaseHttp, CaseRef } from './support/case-http';
import { CONTENT, fillApplication } from './support/applicant-form';
import type { TestApp } from './support/test-app';
import { until } from './support/until';
import { ConsoleHarness, signIn } from './support/console-harness';

/** Friday 2019-03-01, 10:00 in Guangzhou: inside the seeded program's window. */
const T0 = new Date('2019-03-01T02:00:00Z');
const DAY = 24 * 3600 * 1000;
const MOBILE_ERROR = '应为 11 位手机号码（1 开头，第二位为 3–9）';
const PANEL = ['exp-1', 'exp-2', 'exp-3', 'exp-4', 'exp-5'];

describe('web console: the applicant (e2e)', () => {
  const clock = new TestClock(T0);
  let ui: ConsoleHarness;
  let t: TestApp;
  let h: CaseHttp;
  let base: string;
  let programId: string;
  let drafted: CaseRef;

  beforeAll(async () => {
    const homes = ['440400', '440600', '440700', '441200', '441300'];
    ({ world: { t, h, programId }, ui } = await ConsoleHarness.start(() =>
      bootCaseWorld(clock, {
        users: { prov: OFFICERS.prov, 'city-gz': OFFICERS['city-gz'], 'applicant-th': applicantIn(TIANHE) },
        experts: Object.fromEntries(PANEL.map((u, i) => [u, homes[i]!])),
      }),
    ));
    base = ui.base;
    drafted = await h.createCase('applicant-th', 'city-gz', TIANHE, programId);
    // The sealed 申报书 scan the seeded program asks for before submitting (its upload in the browser is console-attachments').
    await h.attachScan('applicant-th', drafted.id, 'sealedApplication');
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  /** A fresh browser profile (no session) with its error log. */
  const newPage = (expectedStatuses: number[] = []) => ui.newPage({ expectedStatuses });

  async function openCase(page: Page, caseId: string): Promise<void> {
    await page.goto(`${base}/cases/${caseId}`);
    await signIn(page, 'applicant-th');
    await page.getByRole('heading', { name: TIANHE.unitName }).waitFor();
  }

  const actions = (page: Page, name = '可办理事项') => page.getByRole('region', { name }).getByRole('button');
  const text = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });
  const caseOf = async (id: string) => (await h.call('applicant-th', 'get', `/cases/${id}`).expect(200)).body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  /** Clicks and returns the answer of the request it sends to a path ending so. */
  async function answerOf(page: Page, pathEnd: string, click: () => Promise<void>): Promise<number> {
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(pathEnd) && r.request().method() !== 'GET'), click()]);
    return res.status();
  }

  it('drafts the 申报书 in the editor, meets the field error the API finds, fixes it and submits', async () => {
    const { page, errors } = await newPage([400]);
    await openCase(page, drafted.id);
    await actions(page).getByText('填写申报书').click();
    await page.getByRole('heading', { name: `申报书 · ${TIANHE.unitName}` }).waitFor();
    // Before anything is filled in: the list of what is missing, and no submit.
    await page.getByText(/^提交前尚缺 \d+ 项$/).first().waitFor();
    await page.getByRole('button', { name: '（三）试验重点：至少选择 6 项试验任务' }).waitFor();
    expect(await page.getByRole('button', { name: '提交申报' }).isDisabled()).toBe(true);

    // By keyboard: an item of the list moves the focus to its field.
    await page.getByRole('button', { name: '申报单位地址：未填写' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('广州市天河区');
    expect(await text(page, '申报单位地址').inputValue()).toBe('广州市天河区');
    await until('the item gone from the list', async () => ((await page.getByRole('button', { name: '申报单位地址：未填写' }).count()) === 0 ? true : undefined));
    await fillApplication(page, '1380013800');
    await page.getByText(`${[...CONTENT].length} / 200`).waitFor();
    await page.getByText('已选 6 项（至少 6 项）', { exact: false }).waitFor();
    await page.getByText('已填写完整，可以提交').first().waitFor();

    // The API refuses the ten-digit mobile number: said at the field and in the list, in Chinese.
    expect(await answerOf(page, '/application', () => page.getByRole('button', { name: '保存草稿' }).click())).toBe(400);
    await page.getByText('保存未成功：1 处填写有误，已在字段旁标出').waitFor();
    await page.getByText(MOBILE_ERROR, { exact: true }).waitFor();
    await page.getByRole('button', { name: `申报负责人 · 手机：${MOBILE_ERROR}` }).waitFor();
    await text(page, '申报负责人 手机').fill('13800138000');
    await until('the field error cleared', async () => ((await page.getByText(MOBILE_ERROR, { exact: true }).count()) === 0 ? true : undefined));
    expect(await answerOf(page, '/application', () => page.getByRole('button', { name: '保存草稿' }).click())).toBe(200);
    await page.getByText(/^已保存 \d\d:\d\d$/).waitFor();

    await page.getByRole('button', { name: '提交申报' }).click();
    await page.getByRole('dialog').getByText('提交后申报将进入市级审核').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: '确定提交' }).click();
    await page.getByRole('heading', { name: TIANHE.unitName }).waitFor();
    await page.getByRole('region', { name: '办理记录' }).getByText('提交申报').waitFor();
    await page.getByRole('rowgroup').first().getByText('市级审核', { exact: true }).waitFor();
    // Submitted: the application is read-only now, as saved.
    await page.getByRole('link', { name: '查看申报书' }).click();
    await page.getByText('当前阶段不能修改申报书，以下为最近保存的内容（只读）。').waitFor();
    expect(await text(page, '申报负责人 手机').inputValue()).toBe('13800138000');
    expect(await text(page, '申报负责人 手机').isDisabled()).toBe(true);
    await page.getByRole('link', { name: '返回申报详情' }).click();
    await page.getByRole('heading', { name: TIANHE.unitName }).waitFor();

    const saved = await caseOf(drafted.id);
    expect(saved.stage).toBe('cityAudit');
    expect(saved.application.cover.head.mobile).toBe('13800138000');
    expect(saved.application.plan.selectedTasks).toHaveLength(6);
    expect(saved.application.keyProjects).toEqual([
      { seq: 1, name: '政务大数据中心', undertakingUnit: '区政务服务数据管理局', content: CONTENT, totalInvestment: 1200.5, periodStart: '2019-05', periodEnd: '2020-12', expectedResults: '汇聚数据 10 亿条' },
    ]);
    expect(errors).toEqual([]);
  });

  it("shows the city's comment on a case returned for revision; the revision is autosaved and resubmitted", async () => {
    await h.expectStage(h.act('city-gz', drafted.id, 'city-audit', { decision: 'return', comment: '请补充重点项目投资明细' }), 'draft');
    const { page, errors } = await newPage();
    await page.clock.install();
    await openCase(page, drafted.id);
    await page.getByText('市级退回修改').waitFor();
    await page.getByText('退回意见：请补充重点项目投资明细').waitFor();

    await actions(page).getByText('填写申报书').click();
    await page.getByText('退回意见：请补充重点项目投资明细').waitFor();
    await page.getByRole('spinbutton', { name: '总投资（万元） 第 1 行' }).fill('1500');
    await page.getByText('有未保存的修改', { exact: false }).waitFor();
    // Nobody presses save: 30 seconds later the draft saves itself.
    await page.clock.fastForward(31_000);
    await page.getByText(/^已自动保存 \d\d:\d\d$/).waitFor();
    expect((await caseOf(drafted.id)).application.keyProjects[0].totalInvestment).toBe(1500);

    // Going back to the case page saves what was typed since.
    await text(page, '备注 第 1 行').fill('投资明细见附表');
    expect(await answerOf(page, '/application', () => page.getByRole('button', { name: '返回申报详情' }).click())).toBe(200);
    await page.getByRole('heading', { name: TIANHE.unitName }).waitFor();
    expect((await caseOf(drafted.id)).application.keyProjects[0].remarks).toBe('投资明细见附表');
    await actions(page).getByText('提交', { exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确定提交' }).click();
    await until('resubmitted', async () => ((await caseOf(drafted.id)).stage === 'cityAudit' ? true : undefined));
    // The page reads the case again after the submit: once it has, the stage is 市级审核 and the return notice is gone.
    await page.getByRole('rowgroup').first().getByText('市级审核', { exact: true }).waitFor();
    await page.getByRole('region', { name: '办理记录' }).getByText('退回修改').waitFor();
    await until('the return notice gone', async () => ((await page.getByText('退回意见：请补充重点项目投资明细').count()) === 0 ? true : undefined));
    expect(errors).toEqual([]);
  });

  it('tells a second tab that someone else changed the case instead of overwriting it', async () => {
    const c = await h.createCase('applicant-th', 'city-gz', TIANHE, programId);
    await h.saveApplication(c);
    const first = await newPage([409]);
    const second = await newPage([409]);
    for (const { page } of [first, second]) {
      await openCase(page, c.id);
      await actions(page).getByText('填写申报书').click();
      await page.getByText('已填写完整，可以提交').first().waitFor();
    }
    await text(first.page, '一、基本情况').fill('第一个标签页写的基本情况。');
    expect(await answerOf(first.page, '/application', () => first.page.getByRole('button', { name: '保存草稿' }).click())).toBe(200);

    await text(second.page, '申报单位地址').fill('第二个标签页改的地址');
    expect(await answerOf(second.page, '/application', () => second.page.getByRole('button', { name: '保存草稿' }).click())).toBe(409);
    await second.page.getByText(/^该申报已被他人修改。为避免覆盖他人的修改/).waitFor();
    expect(await second.page.getByRole('button', { name: '保存草稿' }).isDisabled()).toBe(true);
    expect((await caseOf(c.id)).application.basicSituation).toBe('第一个标签页写的基本情况。');

    await second.page.getByRole('button', { name: '重新加载' }).click();
    await until('the other tab\'s text', async () => ((await text(second.page, '一、基本情况').inputValue()) === '第一个标签页写的基本情况。' ? true : undefined));
    await text(second.page, '申报单位地址').fill('第二个标签页改的地址');
    expect(await answerOf(second.page, '/application', () => second.page.getByRole('button', { name: '保存草稿' }).click())).toBe(200);
    const both = (await caseOf(c.id)).application;
    expect([both.basicSituation, both.cover.address]).toEqual(['第一个标签页写的基本情况。', '第二个标签页改的地址']);

    // The first tab, now behind, submits: refused as stale, it reloads the other tab's copy instead.
    await first.page.getByRole('button', { name: '提交申报' }).click();
    await first.page.getByRole('dialog').getByRole('button', { name: '确定提交' }).click();
    await first.page.getByRole('dialog').getByText('该申报已被他人修改，请重新加载后再办理。').waitFor();
    await first.page.getByRole('dialog').getByRole('button', { name: '重新加载' }).click();
    await until('the second tab\'s address', async () => ((await text(first.page, '申报单位地址').inputValue()) === '第二个标签页改的地址' ? true : undefined));
    expect((await caseOf(c.id)).stage).toBe('draft');
    expect([...first.errors, ...second.errors]).toEqual([]);
  });

  it('withdraws a case only after a confirmation with a reason (in English)', async () => {
    const c = await h.createCase('applicant-th', 'city-gz', TIANHE, programId);
    const { page, errors } = await newPage();
    await openCase(page, c.id);
    await page.getByText('English', { exact: true }).click();
    await actions(page, 'What you can do').getByText('Withdraw').click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw the application' });
    await dialog.getByText('A withdrawn application ends for good').waitFor();
    await dialog.getByRole('button', { name: 'Withdraw' }).click();
    await dialog.getByText('Please give the reason').waitFor();
    expect((await caseOf(c.id)).stage).toBe('draft');
    await dialog.getByLabel('Reason').fill('合并到联合申报');
    await dialog.getByRole('button', { name: 'Withdraw' }).click();
    await page.getByRole('region', { name: 'History' }).getByText('Withdrawn', { exact: true }).waitFor();
    expect((await caseOf(c.id)).withdrawal).toMatchObject({ reason: '合并到联合申报', fromStage: 'draft' });
    expect(errors).toEqual([]);
  });

  it('lets the approved applicant file a progress report', async () => {
    const c = await h.toRecommendation('applicant-th', 'city-gz', TIANHE, programId);
    await h.expectStage(h.recommend(c), 'expertReview');
    await h.throughExpertReview(c, PANEL, 'defense');
    await h.throughDefenseAndSiteVisit(c, 'exp-1');
    const batch = await h.openPublicity(programId, [c.id], clock.now());
    // The period ends by its timer; the test sends what the timer sends.
    clock.set(new Date(T0.getTime() + 8 * DAY));
    await t.app.get(CaseCommandService).execute(c.id, { type: 'EndPublicity', data: { batchId: batch.id } }, { actor: { userId: 'system', role: 'province' }, correlationId: 'test-timer' });
    await h.expectStage(h.act('prov', c.id, 'approval', { replyLetterNo: '粤工信数字产业函〔2019〕900号', repliedOn: dateIn(clock.now()) }), 'progressEvaluation');

    const { page, errors } = await newPage();
    await openCase(page, c.id);
    await actions(page).getByText('提交进展报告').click();
    await page.getByRole('heading', { name: `提交进展报告 · ${TIANHE.unitName}` }).waitFor();
    expect(await page.getByLabel('报告期').inputValue()).toBe('P1');
    await page.getByRole('button', { name: '提交进展报告' }).click();
    await page.getByText('请填写建设进展情况').waitFor();
    await page.getByText('必填', { exact: true }).waitFor();
    await page.getByLabel('建设进展情况').fill('政务大数据中心主体建成，数据汇聚进度过半。');
    await page.getByLabel('指标 第 1 项').fill('政务数据共享率');
    await page.getByLabel('目标值 第 1 项').fill('90%');
    await page.getByLabel('实际值 第 1 项').fill('72%');
    await page.getByRole('spinbutton', { name: '累计完成投资（万元） 政务大数据中心' }).fill('800');
    await page.getByRole('button', { name: '提交进展报告' }).click();
    await page.getByRole('region', { name: '办理记录' }).getByText('提交进展报告').waitFor();
    const report = ((await caseOf(c.id)).monitoring.reports as unknown[])[0];
    expect(report).toMatchObject({
      period: 'P1',
      narrative: '政务大数据中心主体建成，数据汇聚进度过半。',
      indicators: [{ name: '政务数据共享率', target: '90%', actual: '72%' }],
      projects: [{ seq: 1, investedToDate: 800, status: 'in_progress' }],
    });
    expect(errors).toEqual([]);
  });
});

/**
 * The reviewers' side of the web console in a real headless Chromium: the city audits and recommends (its
 * recommendations meter moves), three experts read the application and score in the browser (the rubric's maxima
 * shown and enforced), the province forms the panel by a draw, concludes on the trimmed mean, opens a publicity
 * batch, records and dismisses an objection and grants approval. The applicant's part and the steps between are
 * driven over HTTP. Asserts on what a person sees, in Chinese (one check in English), and that the browser reported
 * no errors.
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
import { ConsoleHarness, signIn } from './support/console-harness';

/** Friday 2019-03-01, 10:00 in Guangzhou: inside the seeded program's window. */
const T0 = new Date('2019-03-01T02:00:00Z');
const DAY = 24 * 3600 * 1000;
const gz = (districtCode: string, unitName: string): Party => ({ level: 'district', cityCode: '440100', districtCode, unitName });
const HAIZHU = gz('440105', '广州市海珠区人民政府');
const YUEXIU = gz('440104', '广州市越秀区人民政府');
const BAIYUN = gz('440111', '广州市白云区人民政府');
const EXPERTS = ['exp-a', 'exp-b', 'exp-c', 'exp-d', 'exp-e'];
/** What the three experts in the browser give, per criterion of the shipped rubric (maxima 20 20 20 15 10 15). */
const SHEETS: Record<string, number[]> = { 'exp-a': [18, 18, 18, 12, 8, 12], 'exp-b': [16, 16, 16, 12, 8, 12], 'exp-c': [14, 14, 14, 10, 6, 10] };
const CRITERIA = ['发展基础', '建设方案', '试验任务', '重点项目投资', '政策措施', '创新特色'];
const MAXIMA = [20, 20, 20, 15, 10, 15];

describe('web console: city, experts and province (e2e)', () => {
  // Each step is a person's whole errand in a browser, on a machine that may be shared: more than Jest's default.
  jest.setTimeout(120_000);
  const clock = new TestClock(T0, 1000);
  let ui: ConsoleHarness;
  let t: TestApp;
  let h: CaseHttp;
  let base: string;
  let programId: string;
  let c: CaseRef;
  let second: CaseRef;

  beforeAll(async () => {
    ({ world: { t, h, programId }, ui } = await ConsoleHarness.start(
      () =>
        bootCaseWorld(clock, {
          users: {
            prov: OFFICERS.prov,
            'city-gz': OFFICERS['city-gz'],
            'applicant-th': applicantIn(TIANHE),
            'applicant-hz': applicantIn(HAIZHU),
            'applicant-yx': applicantIn(YUEXIU),
            'applicant-by': applicantIn(BAIYUN),
          },
          // A Guangzhou expert last: the recusal policy bars them from a Guangzhou case.
          experts: { ...Object.fromEntries(EXPERTS.map((u) => [u, '445100'])), 'exp-gz': '440100' },
        }),
      { timeoutMs: 15_000 },
    ));
    base = ui.base;
    c = await h.submitted('applicant-th', 'city-gz', TIANHE, programId);
    second = await h.toRecommendation('applicant-hz', 'city-gz', HAIZHU, programId);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  const signedIn = (user: string, path: string, expectedStatuses: number[] = []) => ui.signedIn(user, path, { expectedStatuses, waitForFrame: true });

  const actions = (page: Page) => page.getByRole('region', { name: '可办理事项' });
  const history = (page: Page) => page.getByRole('region', { name: '办理记录' });
  const stageOf = async (caseId: string) => ((await h.call('prov', 'get', `/cases/${caseId}`).expect(200)).body as { stage: string }).stage;

  it('lets the city audit and recommend, with its recommendations used against its limit moving', async () => {
    const { page, errors } = await signedIn('city-gz', `/cases/${c.id}`);
    await page.getByRole('heading', { name: TIANHE.unitName }).waitFor();
    await actions(page).getByRole('button', { name: '市级审核' }).click();
    const audit = page.getByRole('dialog');
    await choose(audit, '不予推荐');
    await audit.getByRole('button', { name: '提交审核' }).click();
    await audit.getByText('退回或不予推荐时请填写说明').waitFor();
    await choose(audit, '通过');
    await audit.getByRole('button', { name: '提交审核' }).click();
    await history(page).getByText('市级审核通过').waitFor();
    // Who did it, by display name (CaseHttp gives each account its username as its name), not an account id.
    await history(page).getByText('办理人: city-gz (市级)').waitFor();
    await history(page).getByText('办理人: applicant-th (申报单位)').first().waitFor();

    // The city's sealed 推荐函 scan the seeded program asks for before recommending (uploaded over HTTP here; the page
    // is opened again to read the case at its new revision, which its actions send as If-Match).
    await h.attachScan('city-gz', c.id, 'recommendationLetter');
    await page.goto(`${base}/cases/${c.id}`);
    await signIn(page, 'city-gz');
    await page.getByRole('heading', { name: TIANHE.unitName }).waitFor();
    await actions(page).getByRole('button', { name: '出具推荐函' }).click();
    const letter = page.getByRole('dialog');
    await letter.getByText('已推荐 0 / 3').waitFor();
    await letter.getByRole('button', { name: '提交', exact: true }).click();
    await letter.getByText('请填写推荐函文号').waitFor();
    // The letter to print and seal is made from the number and date in the dialog: offered once both are there.
    const letterPdf = letter.getByRole('button', { name: '下载推荐函（PDF）' });
    expect(await letterPdf.isDisabled()).toBe(true);
    await letter.getByLabel('推荐函文号').fill('穗工信函〔2019〕58号');
    await typeDate(letter.getByLabel('出具日期'), '2019-03-01');
    const [sealable] = await Promise.all([page.waitForEvent('download'), letterPdf.click()]);
    expect(sealable.suggestedFilename()).toBe('广州市天河区-推荐函.pdf');
    await letter.getByLabel('推荐意见').fill('推荐天河区为重点培育对象，申报材料真实有效。');
    await letter.getByRole('button', { name: '提交', exact: true }).click();
    await history(page).getByText('出具推荐函').waitFor();
    await page.getByRole('rowgroup').first().getByText('专家评审', { exact: true }).waitFor();
    expect(await stageOf(c.id)).toBe('expertReview');
    await page.getByText('广州 / 天河').waitFor();

    // 已办: the desk's finished work on the case, with the case's stage now.
    await page.getByRole('menuitem', { name: '已办' }).click();
    await page.getByRole('heading', { name: '已办' }).waitFor();
    await page.getByRole('cell', { name: '专家评审', exact: true }).first().waitFor();
    await page.getByRole('link', { name: new RegExp(`：${TIANHE.unitName}$`) }).first().waitFor();

    // The other case waiting for a letter: the meter moved to 1 / 3, also in English.
    await page.goto(`${base}/cases/${second.id}`);
    await signIn(page, 'city-gz');
    await actions(page).getByRole('button', { name: '出具推荐函' }).click();
    await page.getByRole('dialog').getByText('已推荐 1 / 3').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('region', { name: 'What you can do' }).getByRole('button', { name: 'Issue the recommendation' }).click();
    await page.getByRole('dialog').getByText('1 / 3 used').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('中文', { exact: true }).click();
    expect(errors).toEqual([]);
  });

  it('explains in words that the city has used its recommendations when its last slot went while the form was open', async () => {
    const { page, errors } = await signedIn('city-gz', `/cases/${second.id}`, [409]);
    await actions(page).getByRole('button', { name: '出具推荐函' }).click();
    const letter = page.getByRole('dialog');
    await letter.getByText('已推荐 1 / 3').waitFor();
    // Meanwhile two other districts are recommended: the city's three are used.
    for (const [user, party] of [['applicant-yx', YUEXIU], ['applicant-by', BAIYUN]] as const) {
      await h.expectStage(h.recommend(await h.toRecommendation(user, 'city-gz', party, programId)), 'expertReview');
    }
    await letter.getByLabel('推荐函文号').fill('穗工信函〔2019〕60号');
    await typeDate(letter.getByLabel('出具日期'), '2019-03-01');
    await letter.getByLabel('推荐意见').fill('推荐海珠区为重点培育对象。');
    await letter.getByRole('button', { name: '提交', exact: true }).click();
    await letter.getByText('本市在本批次的推荐名额已经用完，不能再出具推荐函。已推荐的申报撤回或被不予推荐后，名额才会释放。（已推荐 3 / 3）').waitFor();
    await letter.getByText('名额已用完').waitFor();
    expect(await stageOf(second.id)).toBe('recommendation');
    expect(errors).toEqual([]);
  });

  it('lets the province draw the panel, the Guangzhou expert marked as barred', async () => {
    const { page, errors } = await signedIn('prov', `/cases/${c.id}`);
    await actions(page).getByRole('button', { name: '组建专家组' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('需选定 5 位专家').waitFor();
    await dialog.getByLabel('专家', { exact: true }).click();
    await page.getByText('exp-gz（exp-gz 大学） — 所在地市与申报地市相同').waitFor();
    await page.keyboard.press('Escape');
    await dialog.getByText('随机抽取').click();
    await dialog.getByLabel('随机种子（可选，留空则自动生成并记录）').fill('e2e-seed');
    await dialog.getByRole('button', { name: '提交', exact: true }).click();
    await history(page).getByText('组建专家组').waitFor();
    await page.getByRole('region', { name: '评审' }).getByText('exp-a（exp-a 大学）').waitFor();
    const panel = ((await h.call('prov', 'get', `/cases/${c.id}`).expect(200)).body as { review: { panel: { expertIds: string[] } } }).review.panel.expertIds;
    expect([...panel].sort()).toEqual(EXPERTS.map((u) => h.expertIds[u]).sort());
    expect(errors).toEqual([]);
  });

  it('lets three experts read the application and score it in the browser, each maximum shown and enforced', async () => {
    // The rubric comes from the case's workflow version, which experts may read (a city may not).
    const version = await h.call('exp-a', 'get', '/workflows/gd-bdpz-2019/versions/1').expect(200);
    expect((version.body as { rubric: { max: number }[] }).rubric.map((r) => r.max)).toEqual(MAXIMA);
    await h.call('city-gz', 'get', '/workflows/gd-bdpz-2019/versions/1').expect(403);
    // Two of the panel score over HTTP first (80 each); the browser's experts never see their sheets.
    for (const u of ['exp-d', 'exp-e']) await h.expectStage(h.act(u, c.id, 'scores', { scores: { basis: 16, plan: 16, tasks: 16, investment: 12, policy: 8, innovation: 12 }, comment: '良好' }), 'expertReview');
    for (const [user, sheet] of Object.entries(SHEETS)) {
      const { page, errors } = await signedIn(user, `/cases/${c.id}`);
      await page.getByText('一、基本情况').waitFor();
      await page.getByText('区位、面积、人口与产业概况。').waitFor();
      await expect(page.getByText('良好').count()).resolves.toBe(0);
      await actions(page).getByRole('button', { name: '评分' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('评分提交后不能修改。其他专家的评分在评审结论作出前不公开。').waitFor();
      if (user === 'exp-a') {
        await dialog.getByLabel('发展基础（满分 20 分）').fill('25');
        await dialog.getByRole('button', { name: '提交', exact: true }).click();
        await dialog.getByText('不能超过 20 分').waitFor();
      }
      for (const [i, name] of CRITERIA.entries()) await dialog.getByLabel(`${name}（满分 ${MAXIMA[i]} 分）`).fill(String(sheet[i]));
      const total = sheet.reduce((a, b) => a + b, 0);
      await dialog.getByText(`${total} / 100 分`).waitFor();
      await dialog.getByLabel('评审意见').fill(`${user} 的意见`);
      await dialog.getByRole('button', { name: '提交', exact: true }).click();
      await history(page).getByText('提交评分').first().waitFor();
      await page.getByRole('region', { name: '评审' }).getByText(`合计 ${total}`).waitFor();
      // An expert reads its own name on its step; the other experts' steps name nobody (their role only).
      await history(page).getByText(`办理人: ${user} (专家)`).waitFor();
      await history(page).getByText('办理人: (专家)').first().waitFor();
      for (const other of ['exp-d', 'exp-e']) await expect(history(page).getByText(`办理人: ${other}`).count()).resolves.toBe(0);
      await expect(actions(page).getByRole('button', { name: '评分' }).count()).resolves.toBe(0);
      expect(errors).toEqual([]);
    }
  });

  it('lets the province conclude on the trimmed mean, hold the defense and site visit, open a publicity batch, dismiss an objection and approve', async () => {
    const { page, errors } = await signedIn('prov', `/cases/${c.id}`, [400]);
    await actions(page).getByRole('button', { name: '评审结论' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('评审得分（去掉一个最高分和一个最低分后的平均分）').waitFor();
    // Totals 86, 80, 68, 80, 80: without the highest and the lowest, the mean is 80.
    expect(await dialog.getByTestId('aggregate-score').innerText()).toBe('80');
    await dialog.getByText('已评分 5 / 5').waitFor();
    await dialog.getByText('通过分数线：70 分').waitFor();
    await dialog.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByRole('region', { name: '评审' }).getByText('评审得分 80').waitFor();
    expect(await stageOf(c.id)).toBe('defense');

    // Defense and site visit: scheduled and recorded in the browser.
    await actions(page).getByRole('button', { name: '安排答辩' }).click();
    const defense = page.getByRole('dialog');
    await typeDate(defense.getByLabel('答辩时间'), '2019-03-20 09:00');
    await defense.getByLabel('答辩地点').fill('省工信厅会议室');
    await defense.getByLabel('答辩专家').click();
    await page.getByTitle('exp-a（exp-a 大学）').click();
    await page.keyboard.press('Escape');
    await defense.getByRole('button', { name: '提交', exact: true }).click();
    await history(page).getByText('安排答辩').waitFor();
    await actions(page).getByRole('button', { name: '答辩结果' }).click();
    const result = page.getByRole('dialog');
    await choose(result, '不通过');
    await result.getByRole('button', { name: '提交', exact: true }).click();
    await result.getByText('不通过或暂缓时请填写意见').waitFor();
    await choose(result, '通过');
    await result.getByLabel('答辩得分').fill('85');
    await result.getByRole('button', { name: '提交', exact: true }).click();
    await history(page).getByText('记录答辩结果').waitFor();
    await actions(page).getByRole('button', { name: '安排现场考察' }).click();
    const visit = page.getByRole('dialog');
    await typeDate(visit.getByLabel('考察时间'), '2019-03-25 09:30');
    await visit.getByLabel('考察组成员').pressSequentially('王处长');
    await page.keyboard.press('Enter');
    await visit.getByLabel('考察组成员').pressSequentially('李教授');
    await page.keyboard.press('Enter');
    await visit.getByRole('button', { name: '提交', exact: true }).click();
    await history(page).getByText('安排现场考察').waitFor();
    await actions(page).getByRole('button', { name: '考察结果' }).click();
    await page.getByRole('dialog').getByLabel('考察意见').fill('基础扎实');
    await page.getByRole('dialog').getByRole('button', { name: '提交', exact: true }).click();
    await history(page).getByText('记录考察结果').waitFor();
    const checks = (await h.call('prov', 'get', `/cases/${c.id}`).expect(200)).body as { stage: string; defense: { schedule: unknown; result: unknown }; siteVisit: { schedule: unknown } };
    expect(checks).toMatchObject({
      stage: 'publicity',
      defense: { schedule: { scheduledAt: '2019-03-20T09:00:00+08:00', venue: '省工信厅会议室', panelExpertIds: [h.expertIds['exp-a']] }, result: { decision: 'pass', score: 85 } },
      siteVisit: { schedule: { scheduledAt: '2019-03-25T09:30:00+08:00', team: ['王处长', '李教授'] } },
    });

    await page.getByRole('menuitem', { name: '公示' }).click();
    const ready = page.getByRole('region', { name: '可公示的申报' });
    await ready.getByLabel('可公示的申报').click();
    await page.getByTitle(TIANHE.unitName).click();
    await page.keyboard.press('Escape');
    await typeDate(ready.getByLabel('公示开始日期'), dateIn(clock.now()));
    await ready.getByRole('button', { name: '开始公示' }).click();
    const batch = ((await h.call('prov', 'get', `/programs/${programId}/dashboard`).expect(200)).body as { publicityBatches: { endsAt: string }[] }).publicityBatches[0]!;
    const endsAt = new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(batch.endsAt));
    await ready.getByText(`已开始公示，截止 ${endsAt}`).waitFor();
    await page.getByRole('region', { name: '公示批次' }).getByText(endsAt).waitFor();

    await page.getByRole('region', { name: '公示批次' }).getByRole('link', { name: TIANHE.unitName }).click();
    await actions(page).getByRole('button', { name: '提出异议' }).click();
    const objection = page.getByRole('dialog');
    await objection.getByLabel('异议人姓名或单位名称').fill('王某');
    await objection.getByLabel('联系方式').fill('13700000000');
    await objection.getByLabel('异议内容').fill('申报材料中的投资数据不实');
    // A date after today (the server's): the API's field error is shown at the field, in Chinese.
    await typeDate(objection.getByLabel('收到日期'), '2019-03-05');
    await objection.getByRole('button', { name: '提交', exact: true }).click();
    await objection.getByText('填写的内容有误').waitFor();
    await objection.getByText('不能晚于今天').waitFor();
    await typeDate(objection.getByLabel('收到日期'), dateIn(clock.now()));
    await objection.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByRole('region', { name: '公示' }).getByText('未处理').waitFor();

    await actions(page).getByRole('button', { name: '处理异议' }).click();
    const resolution = page.getByRole('dialog');
    await resolution.getByText('异议不成立').waitFor();
    await resolution.getByLabel('处理意见').fill('经核查，投资数据属实，异议不成立');
    await resolution.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByRole('region', { name: '公示' }).getByText('不成立', { exact: true }).waitFor();

    // The period ends by its timer; the test sends what the timer sends.
    clock.set(new Date(T0.getTime() + 8 * DAY));
    const timer: Actor = { userId: 'system', role: 'province' };
    const ended = await t.app.get(CaseCommandService).execute(c.id, { type: 'EndPublicity', data: { batchId: (batch as unknown as { id: string }).id } }, { actor: timer, correlationId: 'test-timer' });
    expect(ended.stage).toBe('approval');
    await page.reload();
    await signIn(page, 'prov');
    await actions(page).getByRole('button', { name: '批复' }).click();
    const approval = page.getByRole('dialog');
    await approval.getByText('批复名额：已批复 0 / 上限 5（下限 3）').waitFor();
    await approval.getByLabel('批复文号').fill('粤工信数字产业函〔2019〕900号');
    await typeDate(approval.getByLabel('批复日期'), dateIn(clock.now()));
    await approval.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText('粤工信数字产业函〔2019〕900号（2019-03-09，第 1 批）').waitFor();
    await page.getByText('跟踪评估', { exact: true }).first().waitFor();
    expect(await stageOf(c.id)).toBe('progressEvaluation');
    expect(errors).toEqual([]);
  });

  it('says "changed by someone else" and reloads when the case moved on while a form was open', async () => {
    const { page, errors } = await signedIn('prov', `/cases/${c.id}`, [409]);
    await actions(page).getByRole('button', { name: '验收' }).click();
    await h.expectStage(h.act('prov', c.id, 'urge', { comment: '请尽快提交进展报告' }), 'progressEvaluation');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('验收意见').fill('同意验收');
    await dialog.getByRole('button', { name: '提交', exact: true }).click();
    await dialog.getByText('该申报已被他人修改，请刷新后再办理。').waitFor();
    await dialog.getByRole('button', { name: '刷新' }).click();
    await history(page).getByText('催办').waitFor();
    expect(await stageOf(c.id)).toBe('progressEvaluation');
    expect(errors).toEqual([]);
  });
});

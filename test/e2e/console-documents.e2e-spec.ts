/**
 * The case page's 文件 card in a real headless Chromium: a draft without an application offers nothing; once the
 * application is saved the 申报书 and the 重点任务（项目）表 are offered, and a click downloads the file under the
 * Chinese name the API gives (the console fetches it with the session's token, since a plain link carries none).
 */
import { readFileSync } from 'node:fs';
import { TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, TIANHE } from './support/case-http';
import { ConsoleHarness, signIn } from './support/console-harness';
import type { CaseHttp } from './support/case-http';

describe('case documents in the web console (e2e)', () => {
  let ui: ConsoleHarness;
  let h: CaseHttp;
  let base: string;

  beforeAll(async () => {
    ({ world: { h }, ui } = await ConsoleHarness.start(() =>
      bootCaseWorld(new TestClock(new Date('2019-03-01T02:00:00Z')), { users: { 'applicant-th': applicantIn(TIANHE) } }),
    ));
    base = ui.base;
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('offers the documents whose source exists and downloads them under their Chinese names', async () => {
    const c = await h.createCase('applicant-th', 'none', TIANHE, await h.programIdOf('gd-bdpz-2019'));
    const { page, errors } = await ui.newPage({ context: { acceptDownloads: true } });
    await page.goto(`${base}/cases/${c.id}`);
    await signIn(page, 'applicant-th');
    const card = page.getByRole('region', { name: '文件' });
    await card.getByText('暂无可下载的文件').waitFor();

    await h.saveApplication(c);
    await page.reload();
    await signIn(page, 'applicant-th');
    await card.getByRole('button').first().waitFor();
    expect(await card.getByRole('button').allInnerTexts()).toEqual(['申报书（PDF）', '申报书（Word）', '重点任务（项目）表（Excel）']);

    const [pdf] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: '申报书（PDF）' }).click()]);
    expect(pdf.suggestedFilename()).toBe(`${TIANHE.unitName}-申报书.pdf`);
    expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: '重点任务（项目）表（Excel）' }).click()]);
    expect(xlsx.suggestedFilename()).toBe(`${TIANHE.unitName}-综合试验重点任务（项目）表.xlsx`);
    expect(errors).toEqual([]);
  });
});

/**
 * The case page's 文件 card in a real headless Chromium: a draft without an application offers nothing; once the
 * application is saved the 申报书 and the 重点任务（项目）表 are offered, and a click downloads the file under the
 * Chinese name the API gives (the console fetches it with the session's token, since a plain link carries none).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { TestClock } from './support/case-seeding';
import { CaseHttp, PASSWORD, TIANHE } from './support/case-http';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';
import { consoleErrors, launchChromium } from './support/browser';

describe('case documents in the web console (e2e)', () => {
  let t: TestApp;
  let h: CaseHttp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(__dirname, '../../scripts/build-console.cjs'), '--if-stale'], { stdio: 'inherit' });
    [t, browser] = await Promise.all([bootTestApp({}, { clock: new TestClock(new Date('2019-03-01T02:00:00Z')).now }), launchChromium()]);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    h = new CaseHttp(t);
    await h.signInAdmin();
    await h.addUser('applicant-th', { role: 'applicant', cityCode: TIANHE.cityCode, districtCode: TIANHE.districtCode });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('offers the documents whose source exists and downloads them under their Chinese names', async () => {
    const c = await h.createCase('applicant-th', 'none', TIANHE, await h.programIdOf('gd-bdpz-2019'));
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = consoleErrors(page);
    await page.goto(`${base}/cases/${c.id}`);
    await page.getByLabel('用户名').fill('applicant-th');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    const card = page.getByRole('region', { name: '文件' });
    await card.getByText('暂无可下载的文件').waitFor();

    await h.saveApplication(c);
    await page.reload();
    await page.getByLabel('用户名').fill('applicant-th');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
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

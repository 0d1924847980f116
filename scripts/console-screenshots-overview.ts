/**
 * The province's overview for `npm run console:screenshots`: case search, dashboard and monitoring in both
 * languages, on desktop (the dashboard at 1440 pixels too) and phone, over the monitoring scenario of the e2e suite (two approved zones, one failed
 * and under rectification; a joint case in city audit; a draft) on its own test app and clock.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestClock } from '../test/e2e/support/case-seeding';
import { PASSWORD, PROGRAM, seedMonitoringScenario } from '../test/e2e/support/monitoring.scenario';
import { bootTestApp } from '../test/e2e/support/test-app';
import type { AddressInfo } from 'node:net';

type Shot = (page: Page, name: string) => Promise<void>;
type Labels = readonly [string, string, string];

export async function overviewShots(browser: Browser, newContext: (lang: 'zh-CN' | 'en-US', viewport: { width: number; height: number }) => Promise<BrowserContext>, shot: Shot): Promise<void> {
  const clock = new TestClock(new Date('2019-03-01T02:00:00Z'));
  const t = await bootTestApp({}, { clock: clock.now });
  try {
    await seedMonitoringScenario(t, clock);
    await t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    for (const [lang, labels] of [['zh-CN', ['用户名', '密码', '登录']], ['en-US', ['Username', 'Password', 'Sign in']]] as const) {
      const tag = lang === 'zh-CN' ? 'zh' : 'en';
      for (const [device, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
        const context = await newContext(lang, viewport);
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const open = async (path: string) => {
          await page.goto(`${base}${path}`);
          await signIn(page, labels);
        };
        await open(`/search?programId=${PROGRAM}&q=${encodeURIComponent('区人民政府')}`);
        await page.getByRole('link', { name: '广州市天河区人民政府' }).waitFor();
        await shot(page, `${tag}-${device}-overview-search`);
        await open(`/overview?programId=${PROGRAM}`);
        await page.getByRole('region', { name: tag === 'zh' ? '各环节申报数' : 'Applications by stage' }).locator('canvas').waitFor();
        await page.waitForTimeout(1200); // the charts' entry animation runs on the canvas, not in document.getAnimations()
        await shot(page, `${tag}-${device}-overview-dashboard`);
        if (device === 'desktop') {
          // 1440 wide as well: the approvals chart's target-date label must be whole at both desktop widths.
          await page.setViewportSize({ width: 1440, height: 900 });
          await page.waitForTimeout(1200);
          await shot(page, `${tag}-wide-overview-dashboard`);
          await page.setViewportSize(viewport);
        }
        await open(`/monitoring?programId=${PROGRAM}`);
        await page.getByRole('link', { name: '珠海市香洲区人民政府' }).waitFor();
        await page.waitForTimeout(1200);
        await shot(page, `${tag}-${device}-overview-monitoring`);
        await context.close();
      }
    }
  } finally {
    await t.close();
  }
}

async function signIn(page: Page, labels: Labels): Promise<void> {
  await page.getByLabel(labels[0]).fill('prov');
  await page.getByLabel(labels[1]).fill(PASSWORD);
  await page.getByRole('button', { name: labels[2] }).click();
}

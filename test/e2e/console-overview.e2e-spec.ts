/**
 * The province's overview in a real headless Chromium, on the scenario of support/monitoring.scenario.ts (two
 * approved zones, one with two progress reports and a failed evaluation with a rectification due 2020-04-20; a
 * joint case in city audit; a draft): the province searches by part of a unit name and finds the case, sorts and
 * shares the search by its URL; opens the dashboard and sees the figures the API gives (read from the tables beside
 * the charts), each linking to the filtered search — overdue work by stage and by the role holding it (the joint case's
 * audit, marked overdue, is the cities'); opens the monitoring page and sees the failed zone first, at
 * risk, with its reasons and its rectification's due date. Screenshots in both languages go to
 * $SHENBAO_SCREENSHOTS (when set).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { settled, typeDate } from './support/browser';
import type { Page } from 'playwright-core';
import type { EventStore } from '@shenbao/event-store';
import { EVENT_STORE } from '@shenbao/host';
import { ReadModels } from '../../apps/api/src/read-side/read-models.service';
import { CaseSeeder, TestClock } from './support/case-seeding';
import { IDS, PASSWORD, PROGRAM, seedMonitoringScenario } from './support/monitoring.scenario';
import type { Username } from './support/monitoring.scenario';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';
import { ConsoleHarness, signIn } from './support/console-harness';

const STAGE_ZH: Record<string, string> = { draft: '起草', cityAudit: '市级审核', progressEvaluation: '跟踪评估' };
const SHOTS = process.env.SHENBAO_SCREENSHOTS;

describe('web console: the province’s overview (e2e)', () => {
  jest.setTimeout(120_000);
  const clock = new TestClock(new Date('2019-03-01T02:00:00Z'));
  let ui: ConsoleHarness;
  let t: TestApp;
  let tokens: Record<Username, string>;
  let base: string;

  beforeAll(async () => {
    ({ world: { t, tokens }, ui } = await ConsoleHarness.start(
      async () => {
        const app = await bootTestApp({}, { clock: clock.now });
        const seeded = await seedMonitoringScenario(app, clock);
        // The joint case's city audit is overdue: work held by the cities (overdue work by stage and by role).
        await new CaseSeeder(app.app, clock).act(PROGRAM, IDS.A, { userId: 'system', role: 'province' }, (s) => ({
          type: 'MarkOverdue',
          data: { stage: s.stage, entry: s.machine.context.entry, dueAt: clock.now().toISOString() },
        }));
        expect(await app.app.get(ReadModels).waitFor(await app.app.get<EventStore>(EVENT_STORE).headPosition())).toBe(true);
        return { t: app, tokens: seeded };
      },
      { viewport: { width: 1280, height: 900 }, timeoutMs: 15_000 },
    ));
    base = ui.base;
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  const api = async <T>(path: string, user: Username = 'prov'): Promise<T> => (await t.http().get(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[user]}`).expect(200)).body as T;

  const signedIn = (user: string, path: string) => ui.signedIn(user, path, { password: PASSWORD, waitForFrame: true });

  /** Serious and critical WCAG 2.1 A/AA violations, as console-a11y.e2e-spec.ts counts them (here with zones and approvals shown). */
  async function seriousViolations(page: Page): Promise<string[]> {
    await settled(page);
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }

  async function shoot(page: Page, name: string): Promise<void> {
    if (!SHOTS) return;
    mkdirSync(SHOTS, { recursive: true });
    await page.waitForTimeout(600); // the charts' entry animation
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  const rowsOf = async (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row td:first-child').allInnerTexts();
  /** The rows once the table holds `count` of them (a new search shows the last one's rows until it answers). */
  async function rowsWhen(page: Page, count: number): Promise<string[]> {
    await page.locator('.ant-table-tbody tr.ant-table-row').nth(count).waitFor({ state: 'detached' });
    await page.locator('.ant-table-tbody tr.ant-table-row').nth(count - 1).waitFor();
    return rowsOf(page);
  }

  it('finds a case by part of its unit name, sorts, keeps the search in a shareable URL and opens the case', async () => {
    const { page, errors } = await signedIn('prov', '/search');
    await page.getByRole('menuitem', { name: '申报查询' }).waitFor();
    await page.getByLabel('单位名称或申报编号').fill('海珠');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('link', { name: '广州市海珠区人民政府' }).waitFor();
    expect(await rowsWhen(page, 1)).toEqual(['广州市海珠区人民政府']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('海珠');

    // The same search from a shared link: a joint case found by its partner's name, sorted by unit name.
    await page.goto(`${base}/search?programId=${PROGRAM}&q=${encodeURIComponent('区人民政府')}&sort=unitName`);
    await signIn(page, 'prov', PASSWORD);
    await page.getByRole('link', { name: '广州市天河区人民政府' }).waitFor();
    const byName = (await api<{ items: { unitName: string }[] }>(`/cases?programId=${PROGRAM}&q=${encodeURIComponent('区人民政府')}&sort=unitName`)).items.map((i) => i.unitName);
    expect(await rowsWhen(page, 4)).toEqual(byName);
    expect(byName).toHaveLength(4);

    // A date range that runs backwards is refused at the field, naming it.
    await typeDate(page.getByLabel('提交日期自'), '2019-04-01');
    await typeDate(page.getByLabel('提交日期至'), '2019-03-01');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('提交日期：开始日期不能晚于结束日期').waitFor();
    await page.goto(`${base}/search?programId=${PROGRAM}&q=${encodeURIComponent('海珠')}`);
    await signIn(page, 'prov', PASSWORD);
    await shoot(page, 'overview-search-zh');
    await page.getByRole('link', { name: '广州市海珠区人民政府' }).click();
    await page.getByRole('heading', { name: '广州市海珠区人民政府' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/cases/${IDS.Y}`);
    expect(errors).toEqual([]);
  });

  it('pages through a search with the API’s cursor', async () => {
    const { page, errors } = await signedIn('prov', '/inbox');
    // Pages of 2 instead of 20 (the real API answers, cursors included), so four cases make two pages.
    await page.route('**/api/v1/cases?*', (route) => route.continue({ url: route.request().url().replace('limit=20', 'limit=2') }));
    await page.getByRole('menuitem', { name: '申报查询' }).click();
    await page.getByLabel('单位名称或申报编号').fill('区人民政府');
    await page.getByRole('button', { name: '查询' }).click();
    const all = (await api<{ items: { unitName: string }[] }>(`/cases?q=${encodeURIComponent('区人民政府')}`)).items.map((i) => i.unitName);
    await page.getByRole('link', { name: all[0]! }).waitFor();
    expect(await rowsWhen(page, 2)).toEqual(all.slice(0, 2));
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByRole('link', { name: all[2]! }).waitFor();
    expect(await rowsWhen(page, 2)).toEqual(all.slice(2, 4));
    await page.getByRole('button', { name: '第一页' }).click();
    await page.getByRole('link', { name: all[0]! }).waitFor();
    expect(await rowsWhen(page, 2)).toEqual(all.slice(0, 2));
    expect(errors).toEqual([]);
  });

  it('shows on the dashboard the figures the API gives, each linking to the filtered search', async () => {
    type Dash = {
      funnel: Record<string, number>;
      cities: { cityCode: string; recommended: number; limit: number }[];
      approvals: { granted: number; min: number; max: number };
      overdue: number;
      overdueByStage: Record<string, number>;
      overdueByRole: Record<string, number>;
    };
    const d = await api<Dash>(`/programs/${PROGRAM}/dashboard`);
    const { page, errors } = await signedIn('prov', `/overview?programId=${PROGRAM}`);
    const funnel = page.getByRole('region', { name: '各环节申报数' });
    const held = Object.entries(d.funnel).filter(([, n]) => n > 0);
    expect(held.map(([s]) => s).sort()).toEqual(['cityAudit', 'draft', 'progressEvaluation']);
    for (const [stage, n] of held) await funnel.getByRole('link', { name: `${STAGE_ZH[stage]} ${n}`, exact: true }).waitFor();
    await funnel.getByRole('img', { name: '各环节申报数' }).waitFor();
    await funnel.locator('canvas').waitFor(); // ECharts, fetched on demand, drew it

    const cities = page.getByRole('region', { name: '各地市推荐数与限额' });
    for (const c of d.cities.filter((x) => x.limit > 0).slice(0, 3)) {
      await cities.getByRole('link', { name: new RegExp(` 已推荐 ${c.recommended}$`) }).first().waitFor();
    }
    await page.getByTestId('approvals-summary').getByText(`已批复 ${d.approvals.granted} 个，总量 ${d.approvals.min}–${d.approvals.max} 个`).waitFor();
    const approvals = page.getByRole('region', { name: '批复进度' });
    expect(await approvals.locator('tbody tr.ant-table-row').count()).toBe(d.approvals.granted);
    await approvals.getByRole('cell', { name: '2019-03-20' }).first().waitFor();
    for (const unit of ['广州市海珠区人民政府', '珠海市香洲区人民政府']) await approvals.getByRole('link', { name: unit }).waitFor();
    expect([d.overdue, d.overdueByStage.cityAudit, d.overdueByRole]).toEqual([1, 1, { applicant: 0, city: 1, expert: 0, province: 0 }]);
    const overdue = page.getByRole('region', { name: '超期事项' });
    await overdue.getByText(`超期合计 ${d.overdue} 件`).waitFor();
    await overdue.getByRole('table', { name: '超期事项（按环节）' }).getByRole('link', { name: '市级审核 1', exact: true }).waitFor();
    await overdue.getByRole('table', { name: '超期事项（按承办角色）' }).getByRole('link', { name: '市级 1', exact: true }).waitFor();
    await overdue.getByRole('img', { name: '超期事项（按承办角色）' }).locator('canvas').waitFor();
    await shoot(page, 'overview-dashboard-zh');
    expect(await seriousViolations(page)).toEqual([]);

    await overdue.getByRole('link', { name: '市级 1', exact: true }).click();
    await page.getByRole('heading', { name: '申报查询' }).waitFor();
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ programId: PROGRAM, overdue: 'true', overdueRole: 'city' });
    expect(await rowsWhen(page, 1)).toEqual(['广州市天河区人民政府']);
    await page.getByRole('form').getByTitle('市级').waitFor(); // the role chosen, shown in the search form
    await page.goBack();

    await funnel.getByRole('link', { name: `跟踪评估 ${d.funnel.progressEvaluation}`, exact: true }).click();
    await page.getByRole('heading', { name: '申报查询' }).waitFor();
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ programId: PROGRAM, stage: 'progressEvaluation' });
    await page.getByRole('link', { name: '珠海市香洲区人民政府' }).waitFor();
    expect((await rowsWhen(page, 2)).sort()).toEqual(['广州市海珠区人民政府', '珠海市香洲区人民政府']);
    expect(errors).toEqual([]);
  });

  it('shows the zone with a failed evaluation first, at risk, with its reasons and its rectification due date', async () => {
    type Zone = { caseId: string; riskReasons: string[]; rectifications: { dueOn: string }[]; investmentByPeriod: { period: string; toDate: number; percent: number }[] };
    const m = await api<{ zones: Zone[] }>(`/programs/${PROGRAM}/monitoring`);
    expect(m.zones[0]).toMatchObject({ caseId: IDS.Z, rectifications: [{ dueOn: '2020-04-20' }] });
    expect(m.zones[0]?.riskReasons).toContain('ratingFail');
    const { page, errors } = await signedIn('prov', `/monitoring?programId=${PROGRAM}`);
    const table = page.getByRole('region', { name: '跟踪监测' });
    await table.getByText('试验区（2 个，其中 1 个需关注）').waitFor();
    const first = table.locator('tbody tr.ant-table-row').first();
    await first.getByRole('link', { name: '珠海市香洲区人民政府' }).waitFor();
    await first.getByText('评价为不合格').waitFor();
    await first.getByText('P2 整改中 · 整改期限 2020-04-20').waitFor();
    await first.getByText('按时 1 · 迟报 1 · 缺报 0 · 待报 1').waitFor();
    const second = table.locator('tbody tr.ant-table-row').nth(1);
    await second.getByRole('link', { name: '广州市海珠区人民政府' }).waitFor();
    expect(await second.getByText('无', { exact: true }).count()).toBe(2); // no risk, no rectification
    await page.getByRole('img', { name: '评价热力图（省级评价，无省级评价时为市级）' }).waitFor();
    await page.getByRole('img', { name: '投资完成率随期次变化（%）' }).locator('canvas').first().waitFor();
    await shoot(page, 'overview-monitoring-zh');
    await first.getByRole('button', { name: /展开行|Expand row/ }).click();
    const reports = page.getByRole('table', { name: '珠海市香洲区人民政府 进展报告' });
    await reports.getByRole('row', { name: /P2 2020-03-20 迟报/ }).waitFor();
    await reports.getByRole('row', { name: /P3 2020-09-20 待报送/ }).waitFor();
    // Investment completion by period, as the API gives it (investmentByPeriod), beside the chart drawn from it.
    const byPeriod = m.zones[0]!.investmentByPeriod;
    expect(byPeriod.map((p) => p.period)).toEqual(['P1', 'P2']);
    for (const p of byPeriod) await reports.getByRole('row', { name: new RegExp(`^${p.period} .*${p.toDate} 万元（${p.percent}%）$`) }).waitFor();
    expect(await reports.getByRole('row', { name: /^P3 .*—$/ }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByText('English', { exact: true }).click();
    const firstEn = page.getByRole('region', { name: 'Monitoring' }).locator('tbody tr.ant-table-row').first();
    await firstEn.getByText('Rated fail').waitFor();
    await firstEn.getByText('P2 Open · due 2020-04-20').waitFor();
    await shoot(page, 'overview-monitoring-en');
    await page.getByRole('menuitem', { name: 'Overview' }).click();
    await page.getByRole('region', { name: 'Applications by stage' }).waitFor();
    await shoot(page, 'overview-dashboard-en');
    await page.getByRole('menuitem', { name: 'Search' }).click();
    await page.getByRole('heading', { name: 'Search applications' }).waitFor();
    await shoot(page, 'overview-search-en');
    await page.getByText('中文', { exact: true }).click();
    expect(errors).toEqual([]);
  });

  it('shows a city only the zones involving it', async () => {
    const { page, errors } = await signedIn('city-zh', `/monitoring?programId=${PROGRAM}`);
    const table = page.getByRole('region', { name: '跟踪监测' });
    await table.getByRole('link', { name: '珠海市香洲区人民政府' }).waitFor();
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(1);
    expect(await page.getByRole('menuitem', { name: '总览' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('keeps the monitoring page readable for 200 zones: the table pages, the charts scroll', async () => {
    // The real answer's zones, repeated to 200 under new ids (the API's shape, served to this page only).
    const real = await api<{ zones: { caseId: string; unitName: string }[] }>(`/programs/${PROGRAM}/monitoring`);
    const zones = Array.from({ length: 200 }, (_, i) => ({ ...real.zones[i % 2]!, caseId: `zone-${i}`, unitName: `第${i + 1}号试验区` }));
    const { page, errors } = await ui.newPage();
    await page.route(`**/api/v1/programs/${PROGRAM}/monitoring`, (route) => route.fulfill({ json: { zones } }));
    await page.goto(`${base}/monitoring?programId=${PROGRAM}`);
    await signIn(page, 'prov', PASSWORD);
    const table = page.getByRole('region', { name: '跟踪监测' });
    await table.getByText('试验区（200 个，其中 100 个需关注）').waitFor();
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(20);
    await table.getByRole('listitem', { name: '10' }).waitFor(); // the last of 10 pages
    await table.getByRole('listitem', { name: '10' }).click();
    await table.getByRole('link', { name: '第200号试验区' }).waitFor();
    for (const name of ['投资完成率（%）', '投资完成率随期次变化（%）', '评价热力图（省级评价，无省级评价时为市级）']) {
      const chart = page.getByRole('img', { name });
      await chart.locator('canvas').first().waitFor();
      expect((await chart.boundingBox())?.height).toBeLessThanOrEqual(80 + 15 * 28 + 48);
    }
    await shoot(page, 'overview-monitoring-200-zh');
    expect(errors).toEqual([]);
  });
});

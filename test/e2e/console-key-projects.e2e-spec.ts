/**
 * 附件3 as an Excel file in the applicant's editor, in a real headless Chromium: an unsaved edit is saved before the
 * table is downloaded; the downloaded table, filled in with a bad amount, is refused with the row and column next to
 * the table and nothing changes (and the section passes axe's WCAG 2.1 A/AA checks); corrected, it is imported and
 * the table shows its rows; a file that is no workbook is said so in English too.
 */
import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import { TestClock } from './support/case-seeding';
import { CaseHttp, TIANHE } from './support/case-http';
import type { CaseRef } from './support/case-http';
import { bootTestApp } from './support/test-app';
import { settled } from './support/browser';
import { ConsoleHarness } from './support/console-harness';
import type { BrowserPage, PageOptions } from './support/console-harness';
import { until } from './support/until';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('web console: the key-projects table as an Excel file (e2e)', () => {
  let ui: ConsoleHarness;
  let h: CaseHttp;
  let draft: CaseRef;

  beforeAll(async () => {
    ({ ui } = await ConsoleHarness.start(async () => ({ t: await bootTestApp({}, { clock: new TestClock(new Date('2019-03-01T02:00:00Z')).now }) }), {
      viewport: { width: 1280, height: 900 },
      timeoutMs: 15_000,
    }));
    h = new CaseHttp(ui.t);
    await h.signInAdmin();
    await h.addUser('applicant-th', { role: 'applicant', cityCode: TIANHE.cityCode, districtCode: TIANHE.districtCode });
    draft = await h.createCase('applicant-th', 'none', TIANHE, await h.programIdOf('gd-bdpz-2019'));
    await h.saveApplication(draft);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  const caseOf = async (id: string) => (await h.call('applicant-th', 'get', `/cases/${id}`).expect(200)).body;

  /** The applicant's editor of `caseId`, signed in there. */
  async function openEditor(caseId: string, options: PageOptions): Promise<BrowserPage> {
    const opened = await ui.signedIn('applicant-th', `/cases/${caseId}/application`, options);
    await opened.page.getByRole('heading', { name: `申报书 · ${TIANHE.unitName}` }).waitFor();
    return opened;
  }

  /** The table as a person fills it in Excel: the downloaded file with rows added under the first project. */
  async function filled(file: Buffer, rows: unknown[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    wb.worksheets[0]!.spliceRows(4, 0, ...rows);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('downloads the table (saving an edit first), shows a refused upload by row and column, imports the corrected one', async () => {
    const { page, errors } = await openEditor(draft.id, { expectedStatuses: [400], context: { acceptDownloads: true } });
    const section = page.getByRole('region', { name: '附件3 综合试验重点任务（项目）表' });

    // An edit not yet saved goes into the downloaded table.
    await page.getByRole('textbox', { name: '任务（项目）名称 第 1 行' }).fill('政务大数据中心（一期）');
    const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: '下载表格（Excel）' }).click()]);
    expect(download.suggestedFilename()).toBe(`${TIANHE.unitName}-综合试验重点任务（项目）表.xlsx`);
    const table = readFileSync((await download.path())!);
    const before = await caseOf(draft.id);
    expect(before.application.keyProjects.map((p: { name: string }) => p.name)).toEqual(['政务大数据中心（一期）']);

    const bad = await filled(table, [[2, '城市运行中心', '区城管局', '建设城市运行管理平台。', '约五百万', '2019年7月—2021年6月', '接入 30 个部门']]);
    await section.locator('input[type=file]').setInputFiles({ name: '重点任务表.xlsx', mimeType: XLSX, buffer: bad });
    const refused = section.getByRole('alert');
    await refused.getByText('表格未导入：1 处有误，请在 Excel 中修改后重新上传（申报书未作任何修改）').waitFor();
    expect(await refused.getByRole('list', { name: '表格中的问题' }).innerText()).toBe('第 4 行 · 总投资（万元）（E4）：不是数字：“约五百万”（应填金额，单位万元，如 1200.5）');
    expect(await section.getByRole('textbox', { name: /^任务（项目）名称 第 \d+ 行$/ }).count()).toBe(1);
    expect((await caseOf(draft.id)).revision).toBe(before.revision);
    // The section with its file buttons and the refusal: no serious WCAG 2.1 A/AA violation (as console-a11y checks pages).
    await settled(page);
    const { violations } = await new AxeBuilder({ page }).include('#appl-key-projects').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);

    const good = await filled(table, [[2, '城市运行中心', '区城管局', '建设城市运行管理平台。', '500', '2019年7月—2021年6月', '接入 30 个部门']]);
    await section.locator('input[type=file]').setInputFiles({ name: '重点任务表.xlsx', mimeType: XLSX, buffer: good });
    await section.getByRole('status').getByText('已从表格导入 2 个重点任务（项目）。').waitFor();
    expect(await section.getByRole('alert').count()).toBe(0);
    await until('the table reloaded', async () => ((await page.getByRole('textbox', { name: '任务（项目）名称 第 2 行' }).count()) === 1 ? true : undefined));
    expect(await page.getByRole('textbox', { name: '任务（项目）名称 第 2 行' }).inputValue()).toBe('城市运行中心');
    expect(await page.getByRole('textbox', { name: '承担单位（投资单位） 第 2 行' }).inputValue()).toBe('区城管局');
    const after = await caseOf(draft.id);
    expect(after.application.keyProjects[1]).toEqual({
      seq: 2, name: '城市运行中心', undertakingUnit: '区城管局', content: '建设城市运行管理平台。', totalInvestment: 500,
      periodStart: '2019-07', periodEnd: '2021-06', expectedResults: '接入 30 个部门',
    });
    expect(after.application.cover).toEqual(before.application.cover);

    // Saving again after the import keeps the imported rows (the form was reloaded at the new revision).
    await page.getByRole('button', { name: '保存草稿' }).click();
    await until('saved', async () => ((await caseOf(draft.id)).revision === after.revision + 1 ? true : undefined));
    expect((await caseOf(draft.id)).application.keyProjects).toEqual(after.application.keyProjects);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says so in English when the file is no workbook', async () => {
    const { page, errors } = await openEditor(draft.id, { expectedStatuses: [415] });
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: `Application form · ${TIANHE.unitName}` }).waitFor();
    const section = page.getByRole('region', { name: 'Annex 3: key tasks (projects)' });
    await section.locator('input[type=file]').setInputFiles({ name: 'projects.xlsx', mimeType: XLSX, buffer: Buffer.from('序号,名称\n1,项目\n') });
    await section.getByRole('alert').getByText('The table could not be processed: Not an Excel workbook (.xlsx): save it as .xlsx in Excel or WPS and upload that').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

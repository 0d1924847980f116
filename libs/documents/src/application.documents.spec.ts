/**
 * The 申报书 and the 重点任务（项目）表 read back: the PDF's extracted text, the DOCX's text and the XLSX's cells carry
 * the unit, the template's headings, the selected tasks by name and the key projects; the same input gives the same
 * bytes.
 */
import { GD_BDPZ_2019_PROGRAM } from '@shenbao/domain';
import { completeApplication } from '../../domain/src/rules/application.fixture';
import { applicationDocument, keyProjectsXlsx, letterheadFor, renderDocx, renderPdf, KEY_PROJECTS_SHEET } from './index';
import JSZip from 'jszip';
import { docxText, pdfPages, pdfText, xlsxSheets } from './testing/read-back';

const application = completeApplication();
const input = {
  application,
  taskNames: Object.fromEntries(GD_BDPZ_2019_PROGRAM.tasks.map((t) => [t.code, t.name])),
  letterhead: letterheadFor('gd-bdpz-2019')!,
  year: 2019,
  savedAt: new Date('2019-04-10T02:00:00Z'),
};
const HEADINGS = [
  '申报书', '申报单位地址', '申报事务联系人', '一、基本情况', '二、大数据发展现状、已开展的工作和取得的成效', '三、广东省大数据综合试验区建设方案',
  '（一）发展现状。', '（二）总体思路。', '（三）试验重点。', '（四）试验目标。', '（五）具体任务。', '（六）政策措施。',
  '四、所辖大数据领域企业、研究机构名录。', '综合试验重点任务（项目）表', '广东省工业和信息化厅制', '二〇一九年',
];
/** pdfjs may split a table cell's text into lines: compare without whitespace. */
const squeeze = (s: string): string => s.replace(/\s+/g, '');

function expectApplicationText(text: string): void {
  const t = squeeze(text);
  for (const expected of [...HEADINGS, application.cover.unitName, '13912345678', 'bigdata@thnet.gov.cn', '政务数据统筹整合', '大数据产业发展',
    '数据要素市场', '政务大数据中心', '区政务数据局', '1200.5', '某数据科技有限公司']) {
    expect(t).toContain(squeeze(expected));
  }
  // Unselected tasks are not listed: T6 (制造业大数据应用) is not among the fixture's selection.
  expect(t).not.toContain('制造业大数据应用');
}

describe('申报书 PDF', () => {
  it('carries the unit, the headings, the selected tasks by name and the key projects, as extractable text', async () => {
    const pdf = await renderPdf(applicationDocument(input));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expectApplicationText(pdfText(pdf));
  });

  it('is the same bytes for the same application, and differs when the application does', async () => {
    const a = await renderPdf(applicationDocument(input));
    const b = await renderPdf(applicationDocument(input));
    expect(b.equals(a)).toBe(true);
    const changed = completeApplication();
    changed.cover.unitName = '广州市黄埔区人民政府';
    const c = await renderPdf(applicationDocument({ ...input, application: changed }));
    expect(c.equals(a)).toBe(false);
  });
});

describe('申报书 PDF with many key projects', () => {
  it('runs the 重点任务（项目）表 over several pages, its header repeated on each, every project in it', async () => {
    const app = completeApplication();
    app.keyProjects = Array.from({ length: 50 }, (_, i) => ({
      ...app.keyProjects[0]!, seq: i + 1, name: `第${i + 1}号重点项目`, content: '建设内容、合作模式、技术经济指标与预期效益。'.repeat(8),
    }));
    const pages = pdfPages(await renderPdf(applicationDocument({ ...input, application: app })));
    const tablePages = pages.filter((p) => squeeze(p).includes('任务（项目）名称'));
    expect(tablePages.length).toBeGreaterThan(3);
    const text = squeeze(pages.join(''));
    for (let i = 1; i <= 50; i++) expect(text).toContain(`第${i}号重点项目`);
  });
});

describe('申报书 DOCX', () => {
  it('puts the 重点任务（项目）表 in a landscape section', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(applicationDocument(input)));
    const body = await zip.file('word/document.xml')!.async('string');
    expect(body.match(/w:orient="landscape"/g)).toHaveLength(1);
    expect(body.indexOf('w:orient="landscape"')).toBeGreaterThan(body.indexOf('综合试验重点任务（项目）表'));
  });

  it('reads back with the unit, the headings, the tasks and the key projects', async () => {
    const docx = await renderDocx(applicationDocument(input));
    expectApplicationText(await docxText(docx));
  });

  it('is the same bytes for the same application', async () => {
    const a = await renderDocx(applicationDocument(input));
    await new Promise((r) => setTimeout(r, 2100)); // zip times have a 2-second resolution
    const b = await renderDocx(applicationDocument(input));
    expect(b.equals(a)).toBe(true);
  });
});

describe('重点任务（项目）表 XLSX', () => {
  it("has the template's columns and one row per key project, then the total", async () => {
    const app = completeApplication();
    app.keyProjects.push({ ...app.keyProjects[0]!, seq: 2, name: '智慧城市运营中心', totalInvestment: 800, expectedRevenue: undefined, remarks: '续建' });
    const rows = (await xlsxSheets(await keyProjectsXlsx(app, input.savedAt)))[KEY_PROJECTS_SHEET]!;
    expect(rows[0]![0]).toBe('综合试验重点任务（项目）表');
    expect(rows[1]).toEqual(['序号', '任务（项目）名称', '承担单位（投资单位）', '任务（项目）内容', '总投资（万元）', '实施期限', '预期成效', '备注']);
    expect(rows[2]!.slice(0, 6)).toEqual(['1', '政务大数据中心', '区政务数据局', '建设区级政务大数据中心。', '1200.5', '2019年5月—2020年12月']);
    expect(rows[2]![6]).toContain('300');
    expect(rows[3]!.slice(0, 2)).toEqual(['2', '智慧城市运营中心']);
    expect(rows[3]![7]).toBe('续建');
    expect(rows[4]!.slice(1, 5)).toEqual(['合计', '', '', '2000.5']);
  });

  it('is the same bytes for the same application', async () => {
    const a = await keyProjectsXlsx(application, input.savedAt);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await keyProjectsXlsx(application, input.savedAt)).equals(a)).toBe(true);
  });
});

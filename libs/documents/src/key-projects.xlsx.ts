/**
 * The 综合试验重点任务（项目）表 (附件3) as XLSX (exceljs): the template's eight columns, one row per key project,
 * the template's guidance for 任务（项目）内容 and 预期成效 as cell notes on the header, a total row. Deterministic
 * (workbook dates = the application's save time, entries rewritten by zip-dates.ts).
 */
import ExcelJS from 'exceljs';
import type { Application } from '@shenbao/domain';
import { KEY_PROJECT_COLUMNS } from './application.blocks';
import { chineseMonth } from './names';
import { zipAt } from './zip-dates';

const WIDTHS = [6, 24, 22, 48, 14, 24, 32, 12];
const GUIDANCE: Record<number, string> = {
  4: '主要填写建设内容、合作模式、技术经济指标、产业市场预测，项目实施后的经济社会效益、行业服务能力、商业运营模式等（200 字以内）。',
  6: 'xx 年 xx 月 —— xx 年 xx 月',
  7: '有经济效益的填写预计产值或营业收入（万元）；没有直接经济效益的填写建设目标成效（50 字以内）。',
};

export const KEY_PROJECTS_SHEET = '重点任务（项目）表';

export async function keyProjectsXlsx(application: Application, savedAt: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shenbao';
  wb.lastModifiedBy = 'Shenbao';
  wb.created = savedAt;
  wb.modified = savedAt;
  const ws = wb.addWorksheet(KEY_PROJECTS_SHEET, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.mergeCells(1, 1, 1, KEY_PROJECT_COLUMNS.length);
  const title = ws.getCell(1, 1);
  title.value = '综合试验重点任务（项目）表';
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center' };
  const header = ws.getRow(2);
  header.values = [...KEY_PROJECT_COLUMNS];
  header.font = { bold: true };
  for (const [col, note] of Object.entries(GUIDANCE)) ws.getCell(2, Number(col)).note = note;
  WIDTHS.forEach((w, i) => { ws.getColumn(i + 1).width = w; });
  for (const p of application.keyProjects) {
    ws.addRow([p.seq, p.name, p.undertakingUnit, p.content, p.totalInvestment, `${chineseMonth(p.periodStart)}—${chineseMonth(p.periodEnd)}`,
      p.expectedRevenue !== undefined ? `${p.expectedResults}（预计产值或营业收入 ${p.expectedRevenue} 万元）` : p.expectedResults, p.remarks ?? '']);
  }
  const first = 3;
  const last = first + application.keyProjects.length - 1;
  const total = application.keyProjects.reduce((s, p) => s + p.totalInvestment, 0);
  const totalRow = ws.addRow(['', '合计', '', '', application.keyProjects.length > 0 ? { formula: `SUM(E${first}:E${last})`, result: total } : 0]);
  totalRow.font = { bold: true };
  ws.getColumn(5).numFmt = '#,##0.00';
  ws.eachRow((row) => { row.alignment = { vertical: 'top', wrapText: true }; });
  title.alignment = { horizontal: 'center' };
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  return zipAt(Buffer.from(await wb.xlsx.writeBuffer()), savedAt);
}

import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Application } from '@shenbao/domain';
import { completeApplication } from '../../domain/src/rules/application.fixture';
import { keyProjectsXlsx, KEY_PROJECTS_SHEET } from './key-projects.xlsx';
import { MAX_UNPACKED_BYTES, numberFromText, periodFromText, readKeyProjectsXlsx } from './key-projects.read';

const SAVED_AT = new Date('2019-03-20T02:00:00Z');
const PROJECTS: Application['keyProjects'] = [
  {
    seq: 1, name: '政务大数据中心', undertakingUnit: '区政务数据局', content: '建设区级政务大数据中心，汇聚全区政务数据。', totalInvestment: 1200.5,
    periodStart: '2019-05', periodEnd: '2020-12', expectedResults: '汇聚数据 10 亿条', expectedRevenue: 300,
  },
  {
    seq: 2, name: '工业互联网平台', undertakingUnit: '某科技有限公司', content: '第一行\n第二行', totalInvestment: 0,
    periodStart: '2019-10', periodEnd: '2019-10', expectedResults: '服务企业 500 家', remarks: '社会投资',
  },
];

async function ourFile(keyProjects = PROJECTS): Promise<Buffer> {
  return keyProjectsXlsx({ ...completeApplication(), keyProjects }, SAVED_AT);
}

/** Our file as Excel or WPS would give it back after `edit`. */
async function edited(edit: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void, keyProjects = PROJECTS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await ourFile(keyProjects)) as unknown as ArrayBuffer);
  edit(wb.getWorksheet(KEY_PROJECTS_SHEET)!, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const problemsOf = async (file: Buffer) => {
  const r = await readKeyProjectsXlsx(file);
  if (r.ok || r.reason !== 'invalid') throw new Error(`expected problems, got ${JSON.stringify(r)}`);
  return r.problems;
};

describe('reading the 重点任务（项目）表 back', () => {
  it('gives back exactly the key projects our own file was made from (round trip)', async () => {
    expect(await readKeyProjectsXlsx(await ourFile())).toEqual({ ok: true, keyProjects: PROJECTS });
  });

  it('takes what Excel and WPS do to a file: empty rows, numbered empty rows, numbers as text, formulas with saved results, rich text, rows after the 合计 row', async () => {
    const file = await edited((ws) => {
      ws.spliceRows(4, 0, [], [3]); // an empty row and a pre-numbered empty one between the two projects
      ws.getCell('E3').value = ' 1,200.50 ';
      ws.getCell('C3').value = { formula: '"区政务"&"数据局"', result: '区政务数据局' };
      ws.getCell('A6').value = { formula: 'A3+1', result: 2 };
      ws.getCell('E6').value = ' 0.00 ';
      ws.getCell('B3').value = { richText: [{ text: '政务' }, { text: '大数据中心', font: { bold: true } }] };
      ws.getCell('F3').value = '2019-05 ~ 2020-12';
      ws.getCell('G3').value = '汇聚数据 10 亿条 (预计产值或营业收入 ３００ 万元)';
      ws.addRow([]);
      ws.addRow(['', '   ']);
    });
    expect(await readKeyProjectsXlsx(file)).toEqual({ ok: true, keyProjects: PROJECTS });
  });

  it('reads the usual ways of typing amounts and month ranges', () => {
    expect(['1200.5', ' 1 200.5 ', '1,200.50', '１２００.５', '1200.5万元', '.5'].map(numberFromText)).toEqual([1200.5, 1200.5, 1200.5, 1200.5, 1200.5, 0.5]);
    expect(['abc', '1.2.3', '', '十万'].map(numberFromText)).toEqual([undefined, undefined, undefined, undefined]);
    expect(['2019年5月—2020年12月', '2019年05月-2020年12月', '2019-05~2020-12', '2019.5至2020.12', '2019/5 到 2020/12', '2019-05-2020-12'].map(periodFromText))
      .toEqual(Array(6).fill(['2019-05', '2020-12']));
    expect(['2019年13月—2020年1月', '2019年5月', '明年'].map(periodFromText)).toEqual([undefined, undefined, undefined]);
  });

  it('names each bad cell by its row as Excel numbers it and its column by the header, and gives no projects', async () => {
    const file = await edited((ws) => {
      ws.getCell('E3').value = '约一千万';
      ws.getCell('A4').value = 'two';
      ws.getCell('F4').value = '2020年1月—2019年12月';
      ws.addRow([1, '智慧交通', '交通局', '内容', -5, '明年', '成效（预计产值或营业收入 很多 万元）']);
      ws.addRow([4, '智慧医疗', '卫健局', '内容', { formula: '1/0', result: { error: '#DIV/0!' } }, { formula: 'X1' }, '成效']);
    });
    expect(await problemsOf(file)).toEqual([
      { row: 3, column: '总投资（万元）', cell: 'E3', messages: ['not a number: "约一千万" (an amount in 万元, e.g. 1200.5)'] },
      { row: 4, column: '序号', cell: 'A4', messages: ['must be a whole number ≥ 1, found "two"'] },
      { row: 4, column: '实施期限', cell: 'F4', messages: ['ends before it starts: "2020年1月—2019年12月"'] },
      { row: 6, column: '序号', cell: 'A6', messages: ['must be unique: 1 is also the 序号 of row 3'] },
      { row: 6, column: '总投资（万元）', cell: 'E6', messages: ['must be an amount in 万元 ≥ 0 with at most 2 decimals, found -5'] },
      { row: 6, column: '实施期限', cell: 'F6', messages: ['must be a period from month to month like 2019年5月—2020年12月, found "明年"'] },
      { row: 6, column: '预期成效', cell: 'G6', messages: ['the 预计产值或营业收入 must be an amount in 万元 ≥ 0 with at most 2 decimals, found "很多"'] },
      { row: 7, column: '总投资（万元）', cell: 'E7', messages: ['is a formula whose result is the error #DIV/0!'] },
      { row: 7, column: '实施期限', cell: 'F7', messages: ['is a formula without a saved result: open and save the file in Excel or WPS, or type the value'] },
    ]);
  });

  it('requires 序号 and 总投资 on a row that has anything else filled in', async () => {
    const file = await edited((ws) => {
      ws.getCell('A3').value = null;
      ws.getCell('E4').value = '  ';
    });
    expect(await problemsOf(file)).toEqual([
      { row: 3, column: '序号', cell: 'A3', messages: ["is required: the project's number, 1, 2, 3 …"] },
      { row: 4, column: '总投资（万元）', cell: 'E4', messages: ['is required: the amount in 万元 (0 when there is none)'] },
    ]);
  });

  it('holds the rows to the draft\'s rules (内容 ≤ 200, 预期成效 ≤ 50 characters), named by row and column', async () => {
    const file = await edited((ws) => {
      ws.getCell('D4').value = '数'.repeat(201);
      ws.getCell('G3').value = `${'效'.repeat(51)}（预计产值或营业收入 300 万元）`;
    });
    expect(await problemsOf(file)).toEqual([
      { row: 3, column: '预期成效', cell: 'G3', messages: ['must be at most 50 characters (has 51)'] },
      { row: 4, column: '任务（项目）内容', cell: 'D4', messages: ['must be at most 200 characters (has 201)'] },
    ]);
  });

  it('refuses a table without projects, and one of more than 500', async () => {
    expect(await problemsOf(await ourFile([]))).toEqual([
      { row: 3, column: null, messages: ['the table has no key projects: fill in one row per project under the header'] },
    ]);
    const many = Array.from({ length: 501 }, (_, i) => ({ ...PROJECTS[1]!, seq: i + 1 }));
    expect(await problemsOf(await ourFile(many))).toEqual([
      { row: 503, column: null, messages: ['the table may hold at most 500 key projects; this is project 501'] },
    ]);
  });

  it('refuses a sheet without the header row, and headers that are not the template\'s', async () => {
    const wrongSheet = new ExcelJS.Workbook();
    wrongSheet.addWorksheet('Sheet1').addRow(['项目', '金额']);
    expect(await problemsOf(Buffer.from(await wrongSheet.xlsx.writeBuffer()))).toEqual([
      { row: null, column: null, messages: ['No sheet ("Sheet1") has the table\'s header row (序号 | 任务（项目）名称 | 承担单位（投资单位） | 任务（项目）内容 | 总投资（万元） | 实施期限 | 预期成效 | 备注) in its first 10 rows: upload the 重点任务（项目）表 downloaded from the case.'] },
    ]);
    const renamed = await edited((ws) => {
      ws.name = '项目表';
      ws.getCell('C2').value = '承担单位(投资单位)'; // half-width brackets: the same header
      ws.getCell('E2').value = '金额';
      ws.getCell('H2').value = null;
    });
    expect(await problemsOf(renamed)).toEqual([
      { row: 2, column: '总投资（万元）', cell: 'E2', messages: ['header must be "总投资（万元）", found "金额"'] },
      { row: 2, column: '备注', cell: 'H2', messages: ['header must be "备注", found an empty cell'] },
    ]);
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet(KEY_PROJECTS_SHEET);
    expect(await problemsOf(Buffer.from(await empty.xlsx.writeBuffer()))).toEqual([
      { row: null, column: null, messages: [expect.stringMatching(/^The sheet "重点任务（项目）表" has the table's header row \(序号 \| /)] },
    ]);
  });

  it('says what a file that is no XLSX is', async () => {
    const notXlsx = async (bytes: Buffer) => {
      const r = await readKeyProjectsXlsx(bytes);
      return r.ok ? r : r.reason === 'notXlsx' ? r.message : r;
    };
    expect(await notXlsx(Buffer.from('序号,名称\n1,项目\n'))).toBe('The file is not an XLSX workbook. Save it as an Excel workbook (.xlsx) and upload that.');
    expect(await notXlsx(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toBe(
      'The file is an Excel 97–2003 (.xls) workbook, not .xlsx. Save it as an Excel workbook (.xlsx) and upload that.',
    );
    const ods = new JSZip();
    ods.file('mimetype', 'application/vnd.oasis.opendocument.spreadsheet').file('content.xml', '<x/>');
    expect(await notXlsx(await ods.generateAsync({ type: 'nodebuffer' }))).toBe(
      'The file is an OpenDocument spreadsheet (.ods), not .xlsx. Save it as an Excel workbook (.xlsx) and upload that.',
    );
    const docx = new JSZip();
    docx.file('word/document.xml', '<w:document/>');
    expect(await notXlsx(await docx.generateAsync({ type: 'nodebuffer' }))).toBe(
      'The file is a zip archive but not an XLSX workbook (no xl/workbook.xml). Save it as an Excel workbook (.xlsx) and upload that.',
    );
    const cut = await ourFile();
    expect(await notXlsx(cut.subarray(0, 200))).toMatch(/^The file is not a readable XLSX workbook \(/);
  });

  it('refuses an archive that unpacks past the cap, before exceljs inflates it', async () => {
    const bomb = new JSZip();
    bomb.file('xl/workbook.xml', '<workbook/>').file('xl/worksheets/sheet1.xml', Buffer.alloc(MAX_UNPACKED_BYTES + 1, 0x20));
    const bytes = await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bytes.length).toBeLessThan(200_000);
    expect(await readKeyProjectsXlsx(bytes)).toEqual({ ok: false, reason: 'notXlsx', message: 'The workbook unpacks to more than 32 MB; a key-projects table is far smaller.' });
  });
});

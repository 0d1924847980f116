/**
 * The way back for the 综合试验重点任务（项目）表 (附件3): the XLSX that key-projects.xlsx.ts writes, filled in offline
 * by the applicant, read into `keyProjects`. Pure (bytes in, projects or problems out).
 *
 * It reads exactly the layout we write — a title row, the header row of the template's eight columns, one row per
 * project, a 合计 row — and tolerates what Excel and WPS do to such a file: empty rows anywhere (also rows with
 * only a 序号), a 合计 row moved or left out, numbers typed as text (spaces, thousands separators, full-width
 * digits, a trailing 万元), formulas with their saved results, rich text, a renamed sheet when it is the only one
 * holding the header, header text typed with half-width brackets. 实施期限 and 预期成效 are read the way we print
 * them: `2019年5月—2020年12月` (also 2019-05 ~ 2020-12, 2019.5至2020.12, …) and `成效（预计产值或营业收入 300 万元）`.
 *
 * Every problem comes with its row as Excel numbers it and its column by the template's header; after the cells,
 * the rows are held to the draft's own format rules (validateApplicationFormat), whose findings are named by row
 * and column the same way. Nothing is returned as projects unless every row is right.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { APPLICATION_LIMITS, blankApplication, hasAtMostDecimals, validateApplicationFormat, type Application } from '@shenbao/domain';
import { KEY_PROJECT_COLUMNS } from './application.blocks';
import { KEY_PROJECTS_SHEET } from './key-projects.xlsx';

export type KeyProject = Application['keyProjects'][number];

/** One thing wrong with the upload: a cell (row and column), a row, a header, or the whole file (both null). */
export interface KeyProjectProblem {
  /** The row number as Excel shows it. */
  row: number | null;
  /** The column's header in the template (总投资（万元）). */
  column: string | null;
  /** The cell's address (E7), when the problem is one cell's. */
  cell?: string;
  messages: string[];
}

export type KeyProjectsUpload =
  | { ok: true; keyProjects: KeyProject[] }
  /** The bytes are no XLSX workbook at all (another format, a broken or oversized archive). */
  | { ok: false; reason: 'notXlsx'; message: string }
  /** A workbook, but not a filled-in table we can take: each problem named. */
  | { ok: false; reason: 'invalid'; problems: KeyProjectProblem[] };

/** What an upload may unpack to: a table of 500 projects is well under 2 MB of XML. */
export const MAX_UNPACKED_BYTES = 32 * 1024 * 1024;
const MAX_ENTRIES = 500;
/** The header row is looked for in the first rows (ours is row 2, under the title). */
const HEADER_SEARCH_ROWS = 10;

const COL = { seq: 1, name: 2, unit: 3, content: 4, investment: 5, period: 6, results: 7, remarks: 8 } as const;
const header = (col: number): string => KEY_PROJECT_COLUMNS[col - 1]!;
const FIELD_COLUMN: Record<string, number> = {
  seq: COL.seq, name: COL.name, undertakingUnit: COL.unit, content: COL.content, totalInvestment: COL.investment,
  periodStart: COL.period, periodEnd: COL.period, expectedResults: COL.results, expectedRevenue: COL.results, remarks: COL.remarks,
};
const address = (row: number, col: number): string => `${String.fromCharCode(64 + col)}${row}`;

export async function readKeyProjectsXlsx(bytes: Buffer): Promise<KeyProjectsUpload> {
  const refused = await archiveRefusal(bytes);
  if (refused) return { ok: false, reason: 'notXlsx', message: refused };
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    return { ok: false, reason: 'notXlsx', message: `The file is not a readable XLSX workbook (${(e as Error).message}).` };
  }
  const found = findTable(wb);
  if ('problems' in found) return { ok: false, reason: 'invalid', problems: found.problems };
  return readRows(found.ws, found.headerRow);
}

// ---- the archive ---------------------------------------------------------------------------------------------

const startsWith = (b: Buffer, ...bytes: number[]): boolean => bytes.every((x, i) => b[i] === x);

/** Why these bytes are not an XLSX we will open, or null. Checked before exceljs inflates anything. */
async function archiveRefusal(bytes: Buffer): Promise<string | null> {
  const saveAs = 'Save it as an Excel workbook (.xlsx) and upload that.';
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) return `The file is an Excel 97–2003 (.xls) workbook, not .xlsx. ${saveAs}`;
  if (!startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return `The file is not an XLSX workbook. ${saveAs}`;
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (e) {
    return `The file is not a readable XLSX workbook (${(e as Error).message}).`;
  }
  const entries = Object.values(zip.files).filter((f) => !f.dir);
  if (entries.length > MAX_ENTRIES) return `The workbook has ${entries.length} parts; a key-projects table has a few dozen.`;
  if (zip.file('content.xml') && zip.file('mimetype')) return `The file is an OpenDocument spreadsheet (.ods), not .xlsx. ${saveAs}`;
  if (!zip.file('xl/workbook.xml')) return `The file is a zip archive but not an XLSX workbook (no xl/workbook.xml). ${saveAs}`;
  // The sizes an archive declares can lie: count what actually comes out, and stop at the cap.
  let unpacked = 0;
  for (const entry of entries) {
    const within = await new Promise<boolean>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer');
      stream.on('data', (chunk: Buffer) => {
        unpacked += chunk.length;
        if (unpacked > MAX_UNPACKED_BYTES) {
          (stream as unknown as { destroy(): void }).destroy();
          resolve(false);
        }
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(true));
    }).catch((e: Error) => e);
    if (within instanceof Error) return `The file is not a readable XLSX workbook (${within.message}).`;
    if (!within) return `The workbook unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB; a key-projects table is far smaller.`;
  }
  return null;
}

// ---- the sheet and its header ---------------------------------------------------------------------------------

/** Header text compared loosely: full-width and half-width brackets alike, whitespace ignored. */
const loose = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

function headerRowOf(ws: ExcelJS.Worksheet): number | undefined {
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, ws.rowCount); r++) {
    if (loose(textOf(ws.getCell(r, COL.seq).value)) === loose(header(COL.seq))) return r;
  }
  return undefined;
}

function findTable(wb: ExcelJS.Workbook): { ws: ExcelJS.Worksheet; headerRow: number } | { problems: KeyProjectProblem[] } {
  const named = wb.worksheets.find((ws) => loose(ws.name) === loose(KEY_PROJECTS_SHEET));
  const candidates = named ? [named] : wb.worksheets;
  const withHeader = candidates.map((ws) => ({ ws, headerRow: headerRowOf(ws) })).filter((c) => c.headerRow !== undefined);
  if (withHeader.length === 0) {
    const where = named ? `The sheet "${named.name}" has` : `No sheet (${wb.worksheets.map((w) => `"${w.name}"`).join(', ') || 'none'}) has`;
    return { problems: [{ row: null, column: null, messages: [`${where} the table's header row (${KEY_PROJECT_COLUMNS.join(' | ')}) in its first ${HEADER_SEARCH_ROWS} rows: upload the 重点任务（项目）表 downloaded from the case.`] }] };
  }
  if (!named && withHeader.length > 1) {
    return { problems: [{ row: null, column: null, messages: [`Several sheets hold the table's header (${withHeader.map((c) => `"${c.ws.name}"`).join(', ')}): keep one, or name it "${KEY_PROJECTS_SHEET}".`] }] };
  }
  const { ws, headerRow } = withHeader[0]! as { ws: ExcelJS.Worksheet; headerRow: number };
  const problems: KeyProjectProblem[] = [];
  for (let col = 2; col <= KEY_PROJECT_COLUMNS.length; col++) {
    const found = textOf(ws.getCell(headerRow, col).value);
    if (loose(found) !== loose(header(col))) {
      problems.push({ row: headerRow, column: header(col), cell: address(headerRow, col), messages: [`header must be "${header(col)}", found ${found ? `"${found}"` : 'an empty cell'}`] });
    }
  }
  return problems.length > 0 ? { problems } : { ws, headerRow };
}

// ---- cells ----------------------------------------------------------------------------------------------------

type Cell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; n: number }
  | { kind: 'date'; d: Date }
  | { kind: 'error'; message: string };

/** What a cell holds, a formula read by its saved result. */
function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return { kind: 'empty' };
  if (typeof value === 'number') return { kind: 'number', n: value };
  if (typeof value === 'string') return value.trim() === '' ? { kind: 'empty' } : { kind: 'text', text: value };
  if (typeof value === 'boolean') return { kind: 'text', text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { kind: 'date', d: value };
  if ('error' in value) return { kind: 'error', message: `holds the error ${value.error}` };
  if ('richText' in value) return cellOf(value.richText.map((r) => r.text).join(''));
  if ('formula' in value || 'sharedFormula' in value) {
    const { result } = value as ExcelJS.CellFormulaValue;
    if (result === undefined) return { kind: 'error', message: 'is a formula without a saved result: open and save the file in Excel or WPS, or type the value' };
    if (typeof result === 'object' && !(result instanceof Date)) return { kind: 'error', message: `is a formula whose result is the error ${result.error}` };
    return cellOf(result);
  }
  if ('text' in value) return cellOf((value as ExcelJS.CellHyperlinkValue).text);
  return { kind: 'error', message: 'holds a value that is neither text nor a number' };
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** A cell as text (a number as it is written, a date as YYYY-MM-DD), trimmed. */
function textOf(value: ExcelJS.CellValue): string {
  const c = cellOf(value);
  if (c.kind === 'text') return c.text.replace(/\r\n?/g, '\n').replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  if (c.kind === 'number') return String(c.n);
  if (c.kind === 'date') return day(c.d);
  return '';
}

/** `1,200.50`, ` 1200.5 `, `１２００.５`, `1200.5万元` → 1200.5; anything else undefined. */
export function numberFromText(text: string): number | undefined {
  const s = text.normalize('NFKC').replace(/[\s,]/g, '').replace(/万元$/, '');
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : undefined;
}

const MONTH = String.raw`(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*月?`;
const PERIOD = new RegExp(String.raw`^${MONTH}\s*(?:—|–|-{1,2}|~|至|到)\s*${MONTH}$`);
const month = (y: string, m: string): string | undefined => (Number(m) >= 1 && Number(m) <= 12 ? `${y}-${m.padStart(2, '0')}` : undefined);

/** `2019年5月—2020年12月` (as we print it) and the usual ways of typing a month range → [start, end]. */
export function periodFromText(text: string): [string, string] | undefined {
  const m = PERIOD.exec(text.normalize('NFKC').trim());
  if (!m) return undefined;
  const start = month(m[1]!, m[2]!);
  const end = month(m[3]!, m[4]!);
  return start && end ? [start, end] : undefined;
}

const REVENUE = /^([\s\S]*?)[\s\u3000]*[（(][\s\u3000]*预计产值或营业收入[\s\u3000]*([^（()）]*?)[\s\u3000]*万元[\s\u3000]*[）)][\s\u3000]*$/;

// ---- rows -----------------------------------------------------------------------------------------------------

const PERIOD_EXAMPLE = '2019年5月—2020年12月';

function readRows(ws: ExcelJS.Worksheet, headerRow: number): KeyProjectsUpload {
  const problems: KeyProjectProblem[] = [];
  const projects: KeyProject[] = [];
  /** The Excel row of each project, to name the draft rules' findings. */
  const rowOf: number[] = [];
  const seqRows = new Map<number, number>();
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const value = (col: number) => ws.getCell(r, col).value;
    const text = (col: number) => textOf(value(col));
    const rest = [COL.name, COL.unit, COL.content, COL.investment, COL.period, COL.results, COL.remarks];
    // Empty rows (a 序号 alone counts as empty: templates come pre-numbered) and the 合计 row are not projects.
    if (rest.every((col) => cellOf(value(col)).kind === 'empty')) continue;
    if (loose(text(COL.name)) === '合计' && cellOf(value(COL.seq)).kind === 'empty') continue;
    if (projects.length === APPLICATION_LIMITS.listItems) {
      problems.push({ row: r, column: null, messages: [`the table may hold at most ${APPLICATION_LIMITS.listItems} key projects; this is project ${APPLICATION_LIMITS.listItems + 1}`] });
      break;
    }
    const at = (col: number, message: string) => {
      const found = problems.find((p) => p.row === r && p.column === header(col));
      if (found) found.messages.push(message);
      else problems.push({ row: r, column: header(col), cell: address(r, col), messages: [message] });
    };
    const cellError = (col: number): boolean => {
      const c = cellOf(value(col));
      if (c.kind === 'error') at(col, c.message);
      return c.kind === 'error';
    };

    const seq = readNumber(value(COL.seq));
    if (!cellError(COL.seq)) {
      if (seq === 'empty') at(COL.seq, 'is required: the project\'s number, 1, 2, 3 …');
      else if (seq === undefined || !Number.isInteger(seq) || seq < 1) at(COL.seq, `must be a whole number ≥ 1, found "${text(COL.seq)}"`);
      else if (seqRows.has(seq)) at(COL.seq, `must be unique: ${seq} is also the 序号 of row ${seqRows.get(seq)}`);
      else seqRows.set(seq, r);
    }
    const investment = readNumber(value(COL.investment));
    if (!cellError(COL.investment)) {
      if (investment === 'empty') at(COL.investment, 'is required: the amount in 万元 (0 when there is none)');
      else if (investment === undefined) at(COL.investment, `not a number: "${text(COL.investment)}" (an amount in 万元, e.g. 1200.5)`);
      else if (investment < 0 || !hasAtMostDecimals(investment, 2)) at(COL.investment, `must be an amount in 万元 ≥ 0 with at most 2 decimals, found ${investment}`);
    }
    let period: [string, string] = ['', ''];
    if (!cellError(COL.period) && cellOf(value(COL.period)).kind !== 'empty') {
      const parsed = cellOf(value(COL.period)).kind === 'text' ? periodFromText(text(COL.period)) : undefined;
      if (!parsed) at(COL.period, `must be a period from month to month like ${PERIOD_EXAMPLE}, found "${text(COL.period)}"`);
      else if (parsed[1] < parsed[0]) at(COL.period, `ends before it starts: "${text(COL.period)}"`);
      else period = parsed;
    }
    let results = text(COL.results);
    let revenue: number | undefined;
    if (!cellError(COL.results)) {
      const m = REVENUE.exec(results);
      if (m) {
        results = m[1]!.replace(/[\s\u3000]+$/, '');
        revenue = numberFromText(m[2]!);
        if (revenue === undefined || revenue < 0 || !hasAtMostDecimals(revenue, 2)) {
          at(COL.results, `the 预计产值或营业收入 must be an amount in 万元 ≥ 0 with at most 2 decimals, found "${m[2]}"`);
        }
      }
    }
    for (const col of [COL.name, COL.unit, COL.content, COL.remarks]) cellError(col);
    const remarks = text(COL.remarks);
    projects.push({
      seq: typeof seq === 'number' ? seq : 0,
      name: text(COL.name),
      undertakingUnit: text(COL.unit),
      content: text(COL.content),
      totalInvestment: typeof investment === 'number' ? investment : 0,
      periodStart: period[0],
      periodEnd: period[1],
      expectedResults: results,
      ...(revenue !== undefined ? { expectedRevenue: revenue } : {}),
      ...(remarks !== '' ? { remarks } : {}),
    });
    rowOf.push(r);
  }
  if (problems.length === 0 && projects.length === 0) {
    problems.push({ row: headerRow + 1, column: null, messages: ['the table has no key projects: fill in one row per project under the header'] });
  }
  if (problems.length > 0) return { ok: false, reason: 'invalid', problems };
  // The draft's own rules (lengths, …), named by row and column.
  const ruled = validateApplicationFormat({ ...blankApplication(''), keyProjects: projects });
  for (const f of ruled) {
    const m = /^keyProjects\[(\d+)\]\.(\w+)$/.exec(f.field);
    const row = m ? rowOf[Number(m[1])]! : null;
    const col = m ? FIELD_COLUMN[m[2]!] : undefined;
    problems.push({ row, column: col !== undefined ? header(col) : null, ...(row !== null && col !== undefined ? { cell: address(row, col) } : {}), messages: f.messages });
  }
  return problems.length > 0 ? { ok: false, reason: 'invalid', problems } : { ok: true, keyProjects: projects };
}

/** A number cell, or text that reads as one; 'empty' for a blank cell; undefined for anything else. */
function readNumber(value: ExcelJS.CellValue): number | 'empty' | undefined {
  const c = cellOf(value);
  if (c.kind === 'empty') return 'empty';
  if (c.kind === 'number') return c.n;
  if (c.kind === 'text') return numberFromText(c.text);
  return undefined;
}

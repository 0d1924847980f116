/**
 * The program export written as it is produced, row by row, so memory stays flat whatever the number of cases:
 * CSV (RFC 4180, UTF-8 with a byte-order mark so that Excel reads the Chinese correctly) and XLSX through exceljs's
 * streaming writer (each row committed as soon as it is added; the zip is streamed out). The XLSX has a second
 * sheet, 跟踪监测, when the caller passes the monitoring table (monitoring-sheet.ts); the CSV stays one table (a CSV
 * file has no sheets), the case rows only.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RegionNames } from '../names';
import { EXPORT_COLUMNS, type ExportRow } from './export-row';
import { MONITORING_SHEET, monitoringColumns, monitoringPeriods, monitoringRow, type MonitoringZone } from './monitoring-sheet';

const BOM = '\uFEFF';

/** A field quoted when it holds a comma, a quote or a line break; a leading =+-@ is escaped against formula injection. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvLine = (values: (string | number | null)[]): string => `${values.map(csvField).join(',')}\r\n`;

export function exportCsv(rows: AsyncIterable<ExportRow>): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield BOM + csvLine(EXPORT_COLUMNS.map((c) => c.header));
    for await (const row of rows) yield csvLine(EXPORT_COLUMNS.map((c) => row[c.key]));
  }
  return Readable.from(lines(), { objectMode: false });
}

export const EXPORT_SHEET = '申报汇总';
/** Rows held before they are written (a few KB each batch). */
const COMMIT_EVERY = 100;

/** The 跟踪监测 sheet's content: the zones as the monitoring answer gives them, and the program's place names. */
export interface MonitoringInput {
  zones: MonitoringZone[];
  regions: RegionNames[];
}

/** Gives the zip writer and the socket their turn, then waits while the output is full. */
async function letOut(out: PassThrough): Promise<void> {
  // The rows' source may answer from microtasks only (a synchronous store behind a promise): without this turn the
  // committed rows pile up in exceljs's buffers before any leaves.
  await new Promise((r) => setImmediate(r));
  if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r));
}

/**
 * The XLSX as a stream. Rows are pulled only while the output is being read (the writer waits for 'drain' on the
 * output), so a slow client slows the export down instead of filling memory.
 */
export function exportXlsx(rows: AsyncIterable<ExportRow>, at: Date, monitoring?: MonitoringInput): Readable {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Shenbao';
  wb.created = at;
  wb.modified = at;
  const ws = wb.addWorksheet(EXPORT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  void (async () => {
    try {
      let added = 0;
      for await (const row of rows) {
        const written = ws.addRow(row);
        // Committing a row writes it and every row before it: a batch at a time makes fewer, larger writes.
        if (++added % COMMIT_EVERY === 0) {
          written.commit();
          await letOut(out);
        }
      }
      ws.commit();
      if (monitoring) await writeMonitoring(wb, monitoring, out);
      await wb.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}

async function writeMonitoring(wb: ExcelJS.stream.xlsx.WorkbookWriter, { zones, regions }: MonitoringInput, out: PassThrough): Promise<void> {
  const periods = monitoringPeriods(zones);
  const ws = wb.addWorksheet(MONITORING_SHEET, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  ws.columns = monitoringColumns(periods).map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  let added = 0;
  for (const zone of zones) {
    const written = ws.addRow(monitoringRow(zone, periods, regions));
    if (++added % COMMIT_EVERY === 0) {
      written.commit();
      await letOut(out);
    }
  }
  ws.commit();
}

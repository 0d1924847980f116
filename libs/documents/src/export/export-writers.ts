/**
 * The program export written as it is produced, row by row, so memory stays flat whatever the number of cases:
 * CSV (RFC 4180, UTF-8 with a byte-order mark so that Excel reads the Chinese correctly) and XLSX through exceljs's
 * streaming writer (each row committed as soon as it is added; the zip is streamed out).
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { EXPORT_COLUMNS, type ExportRow } from './export-row';

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

/**
 * The XLSX as a stream. Rows are pulled only while the output is being read (the writer waits for 'drain' on the
 * output), so a slow client slows the export down instead of filling memory.
 */
export function exportXlsx(rows: AsyncIterable<ExportRow>, at: Date): Readable {
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
          // The rows' source may answer from microtasks only (a synchronous store behind a promise): give the zip
          // writer and the socket their turn, or the committed rows pile up in exceljs's buffers before any leaves.
          await new Promise((r) => setImmediate(r));
          if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r));
        }
      }
      ws.commit();
      await wb.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}

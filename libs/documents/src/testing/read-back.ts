/**
 * Reading generated documents back for specs: a PDF's text with pdfjs-dist (ESM only, with top-level imports Jest's
 * CommonJS loader cannot take, so it runs in a child `node` with the PDF on stdin), a DOCX's text with mammoth, an
 * XLSX's cells with exceljs.
 */
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';

const PDF_TEXT = `
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const pdf = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), verbosity: 0 }).promise;
const pages = [];
for (let i = 1; i <= pdf.numPages; i++) {
  const content = await (await pdf.getPage(i)).getTextContent();
  pages.push(content.items.map((item) => item.str).join(''));
}
process.stdout.write(JSON.stringify(pages));
`;

/** The text of each page (pdfjs joins a line's runs; lines follow each other without separators). */
export function pdfPages(pdf: Buffer): string[] {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', PDF_TEXT], { input: pdf, cwd: __dirname, maxBuffer: 64 << 20 });
  return JSON.parse(out.toString('utf8')) as string[];
}

export const pdfText = (pdf: Buffer): string => pdfPages(pdf).join('\n');

export async function docxText(docx: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer: docx })).value;
}

/** Each sheet's rows as arrays of cell texts (formula cells give their result). */
export async function xlsxSheets(xlsx: Buffer): Promise<Record<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  const sheets: Record<string, string[][]> = {};
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const values: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        const v = cell.value;
        values[col - 1] = v !== null && typeof v === 'object' && 'result' in v ? String(v.result) : cell.text;
      });
      rows.push(Array.from(values, (x) => x ?? ''));
    });
    sheets[ws.name] = rows;
  });
  return sheets;
}

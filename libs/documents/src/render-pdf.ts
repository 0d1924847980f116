/**
 * Blocks → PDF (pdfkit), A4 with GB/T 9704 margins, Noto Serif SC embedded as a subset. Deterministic: the creation
 * date is the spec's date and pdfkit derives the file ID and the subset tags from it and the content, so the same
 * spec gives the same bytes.
 */
import PDFDocument from 'pdfkit';
import type { Block, Cell, DocumentSpec } from './blocks';
import { fontFile } from './fonts';
import { A4, LINE_GAP, MARGINS, TABLE_SIZE, TITLE_SIZE } from './layout';

type Doc = InstanceType<typeof PDFDocument>;

const CELL_PAD = 4;

export function renderPdf(spec: DocumentSpec): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [A4.width, A4.height],
    margins: MARGINS,
    info: { Title: spec.title, Producer: 'Shenbao', Creator: 'Shenbao', CreationDate: spec.date, ModDate: spec.date },
    lang: 'zh-CN',
    displayTitle: true,
    autoFirstPage: true,
    bufferPages: false,
  });
  doc.registerFont('serif', fontFile('regular'));
  doc.registerFont('serif-bold', fontFile('bold'));
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const block of spec.blocks) draw(doc, block, spec.bodySize);
  doc.end();
  return done;
}

const contentWidth = (doc: Doc): number => doc.page.width - MARGINS.left - MARGINS.right;
const bottom = (doc: Doc): number => doc.page.height - MARGINS.bottom;
/** A new page as wide as the current one (a landscape section stays landscape). */
const nextPage = (doc: Doc): void => {
  doc.addPage({ size: [A4.width, A4.height], layout: doc.page.width > doc.page.height ? 'landscape' : 'portrait', margins: MARGINS });
};

function draw(doc: Doc, block: Block, size: number): void {
  const x = MARGINS.left;
  const width = contentWidth(doc);
  const gap = size * LINE_GAP;
  switch (block.kind) {
    case 'title':
      doc.font('serif-bold').fontSize(TITLE_SIZE).text(block.text, x, doc.y, { width, align: 'center', lineGap: gap });
      doc.moveDown(0.5);
      return;
    case 'centered':
      doc.font('serif').fontSize(size).text(block.text, x, doc.y, { width, align: 'center', lineGap: gap });
      return;
    case 'heading':
      doc.font('serif-bold').fontSize(size).text(block.text, x, doc.y, {
        width, lineGap: gap, indent: block.level === 2 ? size * 2 : 0,
      });
      return;
    case 'paragraph':
      for (const line of block.text.split('\n')) {
        doc.font('serif').fontSize(size).text(line, x, doc.y, { width, lineGap: gap, indent: block.indent === false ? 0 : size * 2 });
      }
      return;
    case 'signature':
      for (const line of block.lines) doc.font('serif').fontSize(size).text(line, x, doc.y, { width: width - size * 2, align: 'right', lineGap: gap });
      return;
    case 'table':
      drawTable(doc, block.widths, block.rows, block.header === true, block.bodyText ? size : TABLE_SIZE);
      doc.moveDown(0.5);
      return;
    case 'pageBreak':
      doc.addPage({ size: [A4.width, A4.height], layout: block.landscape ? 'landscape' : 'portrait', margins: MARGINS });
      return;
    case 'space':
      doc.font('serif').fontSize(size).moveDown(block.lines);
      return;
  }
}

function drawTable(doc: Doc, weights: number[], rows: Cell[][], header: boolean, fontSize: number): void {
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / total) * contentWidth(doc));
  doc.fontSize(fontSize);
  const layout = (row: Cell[]) => {
    let col = 0;
    return row.map((cell) => {
      const span = cell.span ?? 1;
      const left = MARGINS.left + widths.slice(0, col).reduce((a, b) => a + b, 0);
      const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
      col += span;
      doc.font(cell.bold ? 'serif-bold' : 'serif');
      const height = doc.heightOfString(cell.text || ' ', { width: width - 2 * CELL_PAD }) + 2 * CELL_PAD;
      return { cell, left, width, height };
    });
  };
  const drawRow = (row: Cell[], bold: boolean) => {
    const placed = layout(row);
    const height = Math.max(...placed.map((p) => p.height));
    if (doc.y + height > bottom(doc)) nextPage(doc);
    const top = doc.y;
    for (const p of placed) {
      doc.rect(p.left, top, p.width, height).lineWidth(0.5).stroke();
      doc.font(p.cell.bold || bold ? 'serif-bold' : 'serif').fontSize(fontSize)
        .text(p.cell.text, p.left + CELL_PAD, top + CELL_PAD, { width: p.width - 2 * CELL_PAD, lineBreak: true });
    }
    doc.x = MARGINS.left;
    doc.y = top + height;
  };
  rows.forEach((row, i) => {
    // A header row is repeated at the top of each page the table continues on.
    if (header && i > 0 && doc.y + layout(row).reduce((m, p) => Math.max(m, p.height), 0) > bottom(doc)) {
      nextPage(doc);
      drawRow(rows[0]!, true);
    }
    drawRow(row, header && i === 0);
  });
}

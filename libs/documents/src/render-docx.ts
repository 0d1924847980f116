/**
 * Blocks → DOCX (`docx`), A4 with GB/T 9704 margins, in the faces a Chinese Word or WPS has (fonts.ts: 仿宋 for
 * letters, 宋体 for forms). Deterministic: the core properties carry the spec's date (an override of docProps/core.xml)
 * and the zip entries are rewritten at that date (zip-dates.ts).
 */
import {
  AlignmentType, BorderStyle, Document, Packer, PageBreak, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx';
import type { Block, Cell, DocumentSpec } from './blocks';
import { DOCX_FACES } from './fonts';
import { zipAt } from './zip-dates';
import { A4, LINE_GAP, MARGINS, TABLE_SIZE, TITLE_SIZE, halfPoints, twips } from './layout';

type Child = Paragraph | Table;

export async function renderDocx(spec: DocumentSpec): Promise<Buffer> {
  const doc = new Document({
    title: spec.title,
    creator: 'Shenbao',
    styles: { default: { document: { run: { font: face(spec.letter ? DOCX_FACES.letter : DOCX_FACES.form), size: halfPoints(spec.bodySize) } } } },
    sections: sections(spec.blocks).map(({ landscape, blocks }) => ({
      properties: {
        page: {
          size: { width: twips(A4.width), height: twips(A4.height), orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin: { top: twips(MARGINS.top), bottom: twips(MARGINS.bottom), left: twips(MARGINS.left), right: twips(MARGINS.right) },
        },
      },
      children: blocks.flatMap((b) => toChildren(b, spec.bodySize)),
    })),
  });
  return packAt(doc, spec);
}

/** A landscape page break starts a section of its own (Word turns pages by section); the next break ends it. */
function sections(blocks: Block[]): { landscape: boolean; blocks: Block[] }[] {
  const out: { landscape: boolean; blocks: Block[] }[] = [{ landscape: false, blocks: [] }];
  for (const b of blocks) {
    const current = out[out.length - 1]!;
    if (b.kind === 'pageBreak' && (b.landscape === true || current.landscape)) out.push({ landscape: b.landscape === true, blocks: [] });
    else current.blocks.push(b);
  }
  return out;
}

const face = (eastAsia: string) => ({ eastAsia, ascii: DOCX_FACES.latin, hAnsi: DOCX_FACES.latin });
const spacing = (size: number) => ({ line: twips(size * (1 + LINE_GAP)), lineRule: 'exact' as const });
const run = (text: string, size: number, bold = false) => new TextRun({ text, size: halfPoints(size), bold });

function toChildren(block: Block, size: number): Child[] {
  switch (block.kind) {
    case 'title':
      return [new Paragraph({
        alignment: AlignmentType.CENTER, spacing: { after: twips(size) },
        children: [new TextRun({ text: block.text, size: halfPoints(TITLE_SIZE), bold: true, font: face(DOCX_FACES.title) })],
      })];
    case 'centered':
      return [new Paragraph({ alignment: AlignmentType.CENTER, spacing: spacing(size), children: [run(block.text, size)] })];
    case 'heading':
      return [new Paragraph({
        spacing: spacing(size),
        indent: block.level === 2 ? { firstLine: twips(size * 2) } : undefined,
        children: [run(block.text, size, true)],
      })];
    case 'paragraph':
      return block.text.split('\n').map((line) => new Paragraph({
        spacing: spacing(size),
        indent: block.indent === false ? undefined : { firstLine: twips(size * 2) },
        children: [run(line, size)],
      }));
    case 'signature':
      return block.lines.map((line) => new Paragraph({
        alignment: AlignmentType.RIGHT, spacing: spacing(size), indent: { right: twips(size * 2) }, children: [run(line, size)],
      }));
    case 'table':
      return [table(block.widths, block.rows, block.header === true, block.bodyText ? size : TABLE_SIZE), new Paragraph({ children: [] })];
    case 'pageBreak':
      return [new Paragraph({ children: [new PageBreak()] })];
    case 'space':
      return Array.from({ length: block.lines }, () => new Paragraph({ spacing: spacing(size), children: [] }));
  }
}

function table(weights: number[], rows: Cell[][], header: boolean, fontSize: number): Table {
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.round((w / total) * 5000));
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  return new Table({
    width: { size: 5000, type: WidthType.PERCENTAGE },
    columnWidths: widths,
    rows: rows.map((row, i) => {
      let col = 0;
      return new TableRow({
        tableHeader: header && i === 0,
        cantSplit: true,
        children: row.map((cell) => {
          const span = cell.span ?? 1;
          const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
          col += span;
          return new TableCell({
            columnSpan: span > 1 ? span : undefined,
            width: { size: width, type: WidthType.PERCENTAGE },
            borders: { top: border, bottom: border, left: border, right: border },
            children: cell.text.split('\n').map((line) => new Paragraph({ children: [run(line, fontSize, cell.bold === true || (header && i === 0))] })),
          });
        }),
      });
    }),
  });
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function coreXml(spec: DocumentSpec): string {
  const at = spec.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    + 'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    + 'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    + `<dc:title>${xml(spec.title)}</dc:title><dc:creator>Shenbao</dc:creator><cp:lastModifiedBy>Shenbao</cp:lastModifiedBy>`
    + `<cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created>`
    + `<dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified></cp:coreProperties>`;
}

async function packAt(doc: Document, spec: DocumentSpec): Promise<Buffer> {
  const packed = await Packer.toBuffer(doc, false, [{ path: 'docProps/core.xml', data: coreXml(spec) }]);
  return zipAt(packed, spec.date);
}

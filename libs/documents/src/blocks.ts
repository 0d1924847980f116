/**
 * A generated document as a list of blocks, the same for every format: the PDF, DOCX and HTML renderers each turn
 * it into their format, so the three cannot say different things.
 */
export interface Cell {
  text: string;
  /** Columns this cell covers (default 1). */
  span?: number;
  bold?: boolean;
}

export type Block =
  /** The document's title (小标宋-like: bold, centred, 二号). */
  | { kind: 'title'; text: string }
  /** A line under or over the title: centred, body size (a letter number, a year). */
  | { kind: 'centered'; text: string }
  /** A section heading: level 1 (一、…) bold, level 2 (（一）…) bold, indented. */
  | { kind: 'heading'; level: 1 | 2; text: string }
  /** Body text: each line of `text` a paragraph, first line indented two characters unless `indent` is false. */
  | { kind: 'paragraph'; text: string; indent?: boolean }
  /** Right-aligned lines: the signing unit and the date. */
  | { kind: 'signature'; lines: string[] }
  /**
   * A table: `widths` are relative column widths; the first row is the header when `header` is true; text in 五号
   * (10.5 pt) unless `bodyText` asks for the body size (the 申报书's cover).
   */
  | { kind: 'table'; widths: number[]; rows: Cell[][]; header?: boolean; bodyText?: boolean }
  /** A new page; `landscape` turns it and the pages after it (until the next page break) sideways. */
  | { kind: 'pageBreak'; landscape?: boolean }
  /** Vertical space, in lines of body text. */
  | { kind: 'space'; lines: number };

export interface DocumentSpec {
  /** Metadata title (PDF Info, DOCX core properties, HTML <title>). */
  title: string;
  /** The instant the document speaks of (fixed per case, so the same case gives the same bytes). */
  date: Date;
  /** Body size in points: 16 (三号) for letters, 14 (四号) for the 申报书. */
  bodySize: number;
  /** A letter (推荐函, 函复, 公示): GB/T 9704's 仿宋 body in a DOCX; otherwise a form (宋体). */
  letter?: boolean;
  blocks: Block[];
}

export const cells = (...texts: (string | Cell)[]): Cell[] => texts.map((t) => (typeof t === 'string' ? { text: t } : t));

/**
 * Blocks → a self-contained HTML page (no script, no external resource, inline styles only) that can be published
 * as it is: the 公示 notice for the department's website.
 */
import type { Block, Cell, DocumentSpec } from './blocks';
import { HTML_SERIF } from './fonts';
import { LINE_GAP, TABLE_SIZE, TITLE_SIZE } from './layout';

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const cell = (c: Cell, tag: 'th' | 'td'): string =>
  `<${tag}${(c.span ?? 1) > 1 ? ` colspan="${c.span}"` : ''}>${escapeHtml(c.text)}</${tag}>`;

function block(b: Block): string {
  switch (b.kind) {
    case 'title':
      return `<h1>${escapeHtml(b.text)}</h1>`;
    case 'centered':
      return `<p class="center">${escapeHtml(b.text)}</p>`;
    case 'heading':
      return `<h${b.level + 1}>${escapeHtml(b.text)}</h${b.level + 1}>`;
    case 'paragraph':
      return b.text.split('\n').map((line) => `<p${b.indent === false ? ' class="flush"' : ''}>${escapeHtml(line)}</p>`).join('\n');
    case 'signature':
      return `<div class="signature">${b.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</div>`;
    case 'table': {
      const [head, ...body] = b.header ? b.rows : [undefined, ...b.rows];
      const thead = head ? `<thead><tr>${head.map((c) => cell(c, 'th')).join('')}</tr></thead>` : '';
      return `<table>${thead}<tbody>${body.map((r) => `<tr>${r!.map((c) => cell(c, 'td')).join('')}</tr>`).join('')}</tbody></table>`;
    }
    case 'pageBreak':
      return '<hr>';
    case 'space':
      return `<div style="height:${b.lines * (1 + LINE_GAP)}em"></div>`;
  }
}

export function renderHtml(spec: DocumentSpec): string {
  const style = [
    `body{font-family:${HTML_SERIF};font-size:${spec.bodySize}pt;line-height:${1 + LINE_GAP};max-width:42em;margin:2em auto;padding:0 1em;color:#000}`,
    `h1{font-size:${TITLE_SIZE}pt;text-align:center;font-weight:bold}`,
    'p{margin:0;text-indent:2em}', 'p.flush,p.center,.signature p{text-indent:0}', '.center{text-align:center}',
    '.signature{text-align:right;margin-right:2em}',
    `table{border-collapse:collapse;width:100%;margin:1em 0;font-size:${TABLE_SIZE + 1.5}pt}`,
    'th,td{border:1px solid #000;padding:.3em .5em;text-align:left}', 'th{font-weight:bold}',
  ].join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(spec.title)}</title>`,
    `<style>${style}</style></head>`,
    `<body>\n${spec.blocks.map(block).join('\n')}\n</body>`,
    '</html>',
    '',
  ].join('\n');
}

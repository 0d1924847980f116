/**
 * The 重点任务（项目）表 as a file: what the upload's refusal lists (`details: [{row, column, cell?, messages}]`, the
 * row as Excel numbers it and the column by the template's header) in the reader's language. The API's messages are
 * English with a stable wording (libs/documents/src/key-projects.read.ts); one this does not know is shown as it is.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { translateMessage } from './describe';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface TableProblem {
  row: number | null;
  column: string | null;
  cell?: string;
  messages: string[];
}

/** The problems of a refused upload, or [] for any other answer. */
export function tableProblems(e: unknown): TableProblem[] {
  if (!(e instanceof ApiError) || e.code !== 'VALIDATION_FAILED' || !Array.isArray(e.body?.details)) return [];
  return (e.body.details as Partial<TableProblem>[])
    .filter((d) => Array.isArray(d.messages) && 'row' in d && 'column' in d)
    .map((d) => ({ row: d.row ?? null, column: d.column ?? null, ...(d.cell ? { cell: d.cell } : {}), messages: d.messages! }));
}

const M = 'appl.upload.messages.';
const PATTERNS: [RegExp, (m: RegExpExecArray, t: TFunction) => string][] = [
  [/^not a number: "(.*)"/s, (m, t) => t(`${M}notNumber`, { found: m[1] })],
  [/^is required: the project's number/, (_, t) => t(`${M}seqRequired`)],
  [/^is required: the amount in 万元/, (_, t) => t(`${M}amountRequired`)],
  [/^must be a whole number ≥ 1, found "(.*)"/s, (m, t) => t(`${M}seq`, { found: m[1] })],
  [/^must be unique: (\d+) is also the 序号 of row (\d+)/, (m, t) => t(`${M}seqUnique`, { seq: m[1], row: m[2] })],
  [/^must be an amount in 万元 ≥ 0 with at most 2 decimals, found (.*)$/s, (m, t) => t(`${M}amount`, { found: m[1] })],
  [/^must be a period from month to month like .*, found "(.*)"/s, (m, t) => t(`${M}period`, { found: m[1] })],
  [/^ends before it starts: "(.*)"/s, (m, t) => t(`${M}periodOrder`, { found: m[1] })],
  [/^the 预计产值或营业收入 must be an amount/, (_, t) => t(`${M}revenue`)],
  [/^is a formula without a saved result/, (_, t) => t(`${M}formulaNoResult`)],
  [/^is a formula whose result is the error (.*)$/, (m, t) => t(`${M}formulaError`, { error: m[1] })],
  [/^holds the error (.*)$/, (m, t) => t(`${M}formulaError`, { error: m[1] })],
  [/^header must be "(.*)", found (?:"(.*)"|an empty cell)/s, (m, t) => t(`${M}header`, { expected: m[1], found: m[2] ?? '' })],
  [/^the table has no key projects/, (_, t) => t(`${M}empty`)],
  [/^the table may hold at most (\d+) key projects/, (m, t) => t(`${M}tooMany`, { max: m[1] })],
  [/^(No sheet|The sheet) .* has the table's header row/s, (_, t) => t(`${M}noHeader`)],
  [/^Several sheets hold the table's header/, (_, t) => t(`${M}severalSheets`)],
];

/** One of the reader's messages in the reader's language (the draft rules' own messages as the editor says them). */
export function translateTableMessage(message: string, t: TFunction): string {
  for (const [re, say] of PATTERNS) {
    const m = re.exec(message);
    if (m) return say(m, t);
  }
  return translateMessage(message, t);
}

/** Where a problem is, as a person looks for it in Excel: "第 7 行 · 总投资（万元）(E7)", or the whole file. */
export function problemPlace(p: TableProblem, t: TFunction): string {
  const parts = [p.row !== null ? t('appl.upload.row', { n: p.row }) : '', p.column ?? ''].filter(Boolean);
  if (parts.length === 0) return t('appl.upload.file');
  return `${parts.join(' · ')}${p.cell ? t('appl.upload.cell', { cell: p.cell }) : ''}`;
}

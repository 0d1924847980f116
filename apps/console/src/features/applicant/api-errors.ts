/**
 * The API's error answers as the applicant's pages show them: the code in words, and each named field or broken
 * rule with its label and message in the reader's language.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { describeField, translateMessage } from './describe';
import { fieldOfBreach } from './missing';
import { paperworkRule } from '../../pages/paperwork-errors';

export interface FieldIssue {
  field: string;
  messages: string[];
}

/** `VALIDATION_FAILED` details (`[{field, messages}]`), or [] for any other answer. */
export function fieldIssues(e: ApiError): FieldIssue[] {
  if (e.code !== 'VALIDATION_FAILED' || !Array.isArray(e.body?.details)) return [];
  return (e.body.details as Partial<FieldIssue>[]).filter((d): d is FieldIssue => typeof d.field === 'string' && Array.isArray(d.messages));
}

/** What naming the program's rules needs: task names by code, the minimum number of tasks. */
export interface ProgramWords {
  taskName?: (code: string) => string;
  minTasks?: number;
}

/** `RULE_VIOLATION` details (`[{rule, message}]`) as "label: rule in words" lines. */
export function ruleLines(e: ApiError, t: TFunction, { taskName, minTasks }: ProgramWords = {}): string[] {
  if (e.code !== 'RULE_VIOLATION' || !Array.isArray(e.body?.details)) return [];
  return (e.body.details as { rule?: string; message?: string }[]).map((d) => {
    // A missing sealed scan is about the case's attachments, not a field of the form: what to upload, and where.
    const paperwork = paperworkRule(d.rule, t);
    if (paperwork) return paperwork;
    const field = fieldOfBreach(d.message ?? '');
    const said = t(`appl.missing.rules.${d.rule ?? ''}`, { min: minTasks, defaultValue: '' });
    return said ? `${describeField(field, t, taskName)}${t('appl.editor.sep')}${said}` : (d.message ?? '');
  });
}

/** The headline of an error answer in the reader's language. */
export function errorTitle(e: unknown, t: TFunction): string {
  if (!(e instanceof ApiError)) return e instanceof Error ? e.message : String(e);
  return t(`appl.errors.${e.code ?? ''}`, { defaultValue: t('appl.errors.other', { status: e.status }) });
}

/** Every line to show under the headline: named fields with translated messages, or broken rules. */
export function errorLines(e: unknown, t: TFunction, words: ProgramWords = {}): string[] {
  if (!(e instanceof ApiError)) return [];
  const sep = t('appl.editor.sep');
  const fields = fieldIssues(e).map((f) => `${describeField(f.field, t, words.taskName)}${sep}${f.messages.map((m) => translateMessage(m, t)).join('；')}`);
  return fields.length > 0 ? fields : ruleLines(e, t, words);
}

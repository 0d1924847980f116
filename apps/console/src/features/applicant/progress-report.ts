/**
 * Facts of a case the applicant's pages show: the city's return comment, and what the progress report form starts
 * from (the period to report, one row per key project of the application).
 */
import type { Schemas } from '../../api/client';
import type { CaseDetail } from '../../api/types';
import { fromSaved } from './form-model';

export type ReportBody = Schemas['FileProgressReportDto'];

interface Monitoring {
  reports?: { period: string }[];
  due?: { period: string }[];
}

/** The earliest period fallen due and not yet filed; else the one after the last filed (P1, P2, …). */
export function nextPeriod(c: CaseDetail): string {
  const m = c.monitoring as Monitoring;
  const filed = new Set((m.reports ?? []).map((r) => r.period));
  const due = (m.due ?? []).find((d) => !filed.has(d.period));
  return due?.period ?? `P${filed.size + 1}`;
}

export const filedPeriods = (c: CaseDetail): string[] => ((c.monitoring as Monitoring).reports ?? []).map((r) => r.period);

export interface ProjectRow {
  seq: number;
  name: string;
  totalInvestment: number;
}

export const keyProjectsOf = (c: CaseDetail): ProjectRow[] =>
  fromSaved(c.application, c.applicant.unitName).keyProjects.map(({ seq, name, totalInvestment }) => ({ seq, name, totalInvestment }));

/** The comment of the city's return, when the case is in draft because of it. */
export function returnComment(c: CaseDetail): string | undefined {
  const last = c.audits.at(-1);
  return c.stage === 'draft' && last?.decision === 'return' ? last.comment : undefined;
}

/**
 * Deciding the report cadence of progressEvaluation (DOMAIN.md "Deadlines and notices"): the deadline machinery
 * marks a report period due, and missed once the grace after its due time is over.
 *
 * Period labels: `P<n>`, the n-th period after approval (`P1` falls due one `monitoring.reportEvery` after
 * ApprovalGranted, `P2` two, …). Applicants file `FileProgressReport` with that label as `period` (the field stays
 * free text, so older labels such as `2019H1` remain valid, but only a report filed as `P<n>` answers period n).
 *
 * Two missed reports in a row "count as a failure" (`monitoring.missedReportsAsFail`): the mark records
 * `missedInRow` and escalates to the cities, but deciding a failed evaluation is left to the province. A synthetic
 * province-level `ProgressEvaluated {rating: 'fail'}` would not fit the evaluation rules: the cities evaluate a
 * period first, and a first failure must order a rectification with a due date that only the province can choose.
 */
import { canApplyCaseEvent } from '@shenbao/workflows';
import { DomainError } from '../errors';
import { isInstant } from '../rules/formats';
import type { MarkReportDue, MarkReportMissed } from './case.commands';
import type { CaseDecideContext } from './case.guards';
import { Input, NOTHING, only, type CaseDecision } from './case.decide.shared';
import type { CaseState } from './case.state';

/** The label of the n-th report period (1-based). */
export const reportPeriod = (n: number): string => `P${n}`;

/** The period number of a `P<n>` label, or undefined for any other label. */
export function reportPeriodNumber(period: string): number | undefined {
  const m = /^P([1-9]\d*)$/.exec(period);
  return m ? Number(m[1]) : undefined;
}

function systemOnly(ctx: CaseDecideContext, what: string): void {
  if (ctx.actor.role !== 'province' && ctx.actor.role !== 'admin') throw new DomainError('FORBIDDEN', `Only the system ${what}.`);
}

function checkInput(period: unknown, dueAt: unknown): void {
  const input = new Input();
  input.check(typeof period === 'string' && reportPeriodNumber(period) !== undefined, 'period', 'must be a report period label P<n>');
  input.check(typeof dueAt === 'string' && isInstant(dueAt), 'dueAt', 'must be an ISO 8601 instant with a zone');
  input.done();
}

const filed = (s: CaseState, period: string): boolean => s.monitoring.reports.some((r) => r.period === period);

export function markReportDue(cmd: MarkReportDue, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  systemOnly(ctx, 'marks a progress report due');
  const { period, dueAt } = cmd.data;
  if (!canApplyCaseEvent(ctx.definition, s.machine, { type: 'ProgressReportDue' })) return NOTHING;
  checkInput(period, dueAt);
  if (filed(s, period) || s.monitoring.due.some((d) => d.period === period)) return NOTHING;
  return only({ type: 'ProgressReportDue', data: { period, dueAt } });
}

/** Missed periods in a row ending with period `n` (the earlier ones counted from the marks already made). */
function missedInRow(s: CaseState, n: number): number {
  let row = 1;
  for (let k = n - 1; k >= 1 && s.monitoring.missed.some((m) => m.period === reportPeriod(k)); k--) row++;
  return row;
}

export function markReportMissed(cmd: MarkReportMissed, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  systemOnly(ctx, 'marks a progress report missed');
  const { period, dueAt } = cmd.data;
  if (!canApplyCaseEvent(ctx.definition, s.machine, { type: 'ProgressReportMissed' })) return NOTHING;
  checkInput(period, dueAt);
  if (filed(s, period) || s.monitoring.missed.some((m) => m.period === period)) return NOTHING;
  const n = reportPeriodNumber(period)!;
  return only({ type: 'ProgressReportMissed', data: { period, dueAt, missedInRow: missedInRow(s, n), escalatedTo: 'city' } });
}

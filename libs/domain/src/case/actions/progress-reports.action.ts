/**
 * `POST /cases/:id/progress-reports {period, narrative, indicators, projects}` → the new `reportId`: the applicant
 * of an approved zone reports a period's progress (监测), its indicators and each key project's investment to date.
 */
import type { Message } from '../../shared/decider';
import { list, number, object, oneOf, text } from '../../shared/input-schema';
import type { ProjectStatus } from '../case.events';
import { can } from '../case.guard-kit';
import { Input, only, violation } from '../case.decide.shared';
import { defineCaseAction } from './case-action';

const STATUSES = ['not_started', 'in_progress', 'done', 'stalled'] as const;

export type FileProgressReport = Message<'FileProgressReport', {
  reportId: string;
  period: string;
  narrative: string;
  indicators: { name: string; target: string; actual: string }[];
  projects: { seq: number; investedToDate: number; status: ProjectStatus }[];
}>;

type Item = Record<string, unknown>;

export const progressReports = defineCaseAction<'progress-reports', FileProgressReport>({
  name: 'progress-reports',
  commandType: 'FileProgressReport',
  route: {
    method: 'POST', path: 'progress-reports', status: 200, summary: 'File a progress report of an approved zone (applicant)', operationId: 'FileProgressReportController_file',
    response: { name: 'FiledProgressReportResponse', fields: { reportId: 'uuid' } },
  },
  input: object('FileProgressReportDto', {
    period: text(50, { example: '2019H2' }),
    narrative: text(20000),
    indicators: list(object('IndicatorDto', {
      name: text(200, { example: '政务数据共享率' }),
      target: text(1000, { blankOk: true, example: '90%' }),
      actual: text(1000, { blankOk: true, example: '72%' }),
    }), 200),
    projects: list(object('ProjectProgressDto', {
      seq: number({ description: 'seq of a key project of the application' }),
      investedToDate: number({ min: 0, decimals: 2, description: '万元, ≥ 0, ≤ 2 decimals' }),
      status: oneOf(STATUSES),
    }), 500),
  }),
  toCommand: (body, { newId }) => ({
    type: 'FileProgressReport',
    data: {
      reportId: newId(),
      period: body.period as string,
      narrative: body.narrative as string,
      indicators: (body.indicators as Item[]).map((x) => ({ name: x.name as string, target: x.target as string, actual: x.actual as string })),
      projects: (body.projects as Item[]).map((p) => ({ seq: p.seq as number, investedToDate: p.investedToDate as number, status: p.status as ProjectStatus })),
    },
  }),
  answer: (cmd) => ({ reportId: cmd.data.reportId }),
  guard: { roles: ['applicant'], stage: (s, _a, ctx) => can(s, ctx, { type: 'ProgressReportFiled' }) },
  decide: (cmd, s) => {
    const { reportId, period, narrative, indicators, projects } = cmd.data;
    // Which projects there are is the saved application's to say.
    const seqs = (s.application?.keyProjects ?? []).map((p) => p.seq);
    const input = new Input();
    projects.forEach((p, i) => input.check(seqs.includes(p.seq), `projects[${i}].seq`, `must be the seq of a key project (${seqs.join(', ')})`));
    input.done();
    if (s.monitoring.reports.some((r) => r.reportId === reportId)) throw violation('report.exists', `Report ${reportId} is already filed.`);
    if (s.monitoring.reports.some((r) => r.period === period)) throw violation('report.period', `A report for ${period} is already filed.`);
    return only({ type: 'ProgressReportFiled', data: { reportId, period, narrative, indicators, projects } });
  },
});

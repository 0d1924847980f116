/** The answer of `GET /programs/:id/monitoring` (API.md "Search and monitoring"), registered with the read schemas. */
import { RATINGS } from '@shenbao/workflows';
import { RISK_REASONS } from '../case-queries/program-monitoring/monitoring.view';
import { arr, bool, date, instant, obj, oneOf, str } from './schema-helpers';
import type { Schema } from './schema-helpers';

const REPORT_PERIOD = obj(
  {
    period: str('P<n>: the n-th report period after the approval (the workflow\'s monitoring.reportEvery)'),
    dueOn: date('The day the period\'s report is due, in the workflow\'s time zone: n × reportEvery after the approval was recorded'),
    filedAt: instant('When the report for the period (filed with that label) was filed'),
    status: oneOf(
      ['filed', 'late', 'missing', 'due'],
      'filed: reported on or before dueOn; late: reported after dueOn; missing: not reported and the grace (monitoring.reportGrace after the due time; none: the due time) is over — when the engine marks it missed; due: not reported and the grace is not over (upcoming, due today, or inside the grace)',
    ),
  },
  { optional: ['filedAt'] },
);

const num = (description: string): Schema => ({ type: 'number', description });

const ZONE = obj(
  {
    caseId: str(),
    unitName: str(),
    cityCode: str('The applicant\'s city'),
    cities: arr(str(), 'Every city the zone involves (a joint zone\'s partners too)'),
    approvedOn: date('The reply letter\'s date (approval)'),
    stage: oneOf(['progressEvaluation', 'revoked', 'completed'], 'Still monitored, or how the pilot ended (no period falls due after the end)'),
    reports: arr(REPORT_PERIOD, 'Every period fallen due, the next one while the pilot runs, and periods reported early; the latest 120'),
    ratings: arr(
      obj(
        { period: str(), city: oneOf(RATINGS, 'The cities\' rating: for a joint zone the worst of each city\'s latest'), province: oneOf(RATINGS, 'The province\'s latest rating of the period (a rectification\'s re-evaluation replaces the first)') },
        { optional: ['city', 'province'] },
      ),
      'Per period evaluated, in the order first rated',
    ),
    investment: obj(
      {
        planned: num('Sum of the key projects\' total investment in the application (万元)'),
        toDate: num('The latest report\'s per-project investment to date, summed (万元); 0 before any report'),
        percent: num('toDate / planned × 100, rounded to one decimal; 0 when nothing is planned'),
      },
      { description: 'Investment completion against the key project table' },
    ),
    investmentByPeriod: arr(
      obj({
        period: str('A period reported (P<n>)'),
        toDate: num('The investment to date the period\'s report gave, summed over the key projects (万元); a period reported twice: the later report'),
        percent: num('toDate / planned × 100, rounded to one decimal; 0 when nothing is planned'),
      }),
      'Investment completion over periods: one point per period reported, in period order (P1, P2, … P10)',
    ),
    rectifications: arr(
      obj({
        period: str('The period whose failed evaluation ordered it'),
        dueOn: date(),
        status: oneOf(['open', 'passed', 'failed'], 'open: not judged yet; passed / failed: as the next province evaluation judged it'),
      }),
      'Rectifications (整改) ordered, in order',
    ),
    atRisk: bool('riskReasons is not empty'),
    riskReasons: arr(
      oneOf(
        RISK_REASONS,
        'reportMissing: a period\'s report is missing; ratingFail: a period\'s standing rating (the province\'s, else the worst city\'s) is fail; rectificationDueSoon: an open rectification is due within 30 days (today included); rectificationOverdue: an open rectification\'s due day has passed. Only for a pilot still monitored.',
      ),
      'Stable machine codes',
    ),
  },
  { description: 'A pilot zone (an approved case)' },
);

export const MONITORING_SCHEMAS: Record<string, Schema> = {
  MonitoringZone: ZONE,
  Monitoring: obj({ zones: arr({ $ref: '#/components/schemas/MonitoringZone' }, 'Zones at risk first, each group in the order approved') }),
};

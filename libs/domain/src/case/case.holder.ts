/**
 * Who holds a case now: the party that owes its next step. Reminders and urges (催办) go to the holder, and an
 * overdue stage is escalated to the holder's supervisor. Derived from the stage, the substate and the state the
 * machine keeps, so the same state always gives the same holder (replays, read models, timers). `holderOf` reads
 * only `HolderFacts`, which the domain's CaseState gives (`currentHolder`) and a read model that keeps the machine
 * state and the reports awaiting evaluation can give too (the inbox), so both name the same holder.
 *
 * - draft → the applicant (its parties);
 * - cityAudit / recommendation → the involved cities that have not passed / recommended yet;
 * - expertReview: forming → province; scoring → the active panel members who have not scored, and once none is
 *   left (all scored, or only open seats) → province (conclude or replace);
 * - defense, siteVisit, publicity, approval, cultivation → province;
 * - progressEvaluation → while a filed report awaits evaluation: the cities that have not evaluated its period,
 *   then the province; otherwise (the next report, or a rectification) → the applicant;
 * - terminal stages → nobody (undefined).
 */
import type { CaseMachineContext, Stage } from '@shenbao/workflows';
import type { CaseHolder, HolderRole, SupervisorRole } from './case.events';
import type { CaseState } from './case.state';

/** A filed report period and who has evaluated it so far (`cities`: the cities' own evaluations). */
export interface ReportEvaluations {
  period: string;
  cities: string[];
  province: boolean;
}

/** What the holder is derived from. */
export interface HolderFacts {
  stage: Stage;
  substate?: string;
  cities: string[];
  context: Pick<CaseMachineContext, 'auditPassed' | 'recommended' | 'panel' | 'recused' | 'scored'>;
  /** The filed report periods in filing order, with their evaluations. */
  reports: ReportEvaluations[];
}

function monitoringHolder(f: HolderFacts): CaseHolder {
  for (const report of f.reports) {
    if (report.province) continue;
    const owing = f.cities.filter((c) => !report.cities.includes(c));
    return owing.length > 0 ? { role: 'city', cityCodes: owing } : { role: 'province' };
  }
  return { role: 'applicant' };
}

export function holderOf(f: HolderFacts): CaseHolder | undefined {
  const ctx = f.context;
  switch (f.stage) {
    case 'draft':
      return { role: 'applicant' };
    case 'cityAudit':
      return { role: 'city', cityCodes: f.cities.filter((c) => !ctx.auditPassed.includes(c)) };
    case 'recommendation':
      return { role: 'city', cityCodes: f.cities.filter((c) => !ctx.recommended.includes(c)) };
    case 'expertReview': {
      if (f.substate !== 'scoring') return { role: 'province' };
      const owing = ctx.panel.filter((id) => !ctx.recused.includes(id) && !ctx.scored.includes(id));
      return owing.length > 0 ? { role: 'expert', expertIds: owing } : { role: 'province' };
    }
    case 'defense':
    case 'siteVisit':
    case 'publicity':
    case 'approval':
    case 'cultivation':
      return { role: 'province' };
    case 'progressEvaluation':
      return monitoringHolder(f);
    default:
      return undefined;
  }
}

/** The holder facts of the domain's folded case state. */
export function holderFactsOf(s: CaseState): HolderFacts {
  const { reports, evaluations } = s.monitoring;
  return {
    stage: s.stage,
    substate: s.substate,
    cities: s.cities,
    context: s.machine.context,
    reports: reports.map((r) => {
      const ofPeriod = evaluations.filter((e) => e.period === r.period);
      return {
        period: r.period,
        cities: ofPeriod.flatMap((e) => (e.level === 'city' && e.cityCode !== undefined ? [e.cityCode] : [])),
        province: ofPeriod.some((e) => e.level === 'province'),
      };
    }),
  };
}

export const currentHolder = (s: CaseState): CaseHolder | undefined => holderOf(holderFactsOf(s));

/** The supervising role an overdue step is escalated to; the province supervises itself. */
export function supervisorOf(role: HolderRole): SupervisorRole {
  return role === 'applicant' ? 'city' : 'province';
}

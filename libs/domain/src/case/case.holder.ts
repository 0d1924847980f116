/**
 * Who holds a case now: the party that owes its next step. Reminders and urges (催办) go to the holder, and an
 * overdue stage is escalated to the holder's supervisor. Derived from the stage, the substate and the state the
 * machine keeps, so the same state always gives the same holder (replays, read models, timers).
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
import { activePanel } from './case.access';
import type { CaseHolder, HolderRole, SupervisorRole } from './case.events';
import type { CaseState } from './case.state';

function monitoringHolder(s: CaseState): CaseHolder {
  const { reports, evaluations } = s.monitoring;
  for (const report of reports) {
    const ofPeriod = evaluations.filter((e) => e.period === report.period);
    if (ofPeriod.some((e) => e.level === 'province')) continue;
    const owing = s.cities.filter((c) => !ofPeriod.some((e) => e.level === 'city' && e.cityCode === c));
    return owing.length > 0 ? { role: 'city', cityCodes: owing } : { role: 'province' };
  }
  return { role: 'applicant' };
}

export function currentHolder(s: CaseState): CaseHolder | undefined {
  const ctx = s.machine.context;
  switch (s.stage) {
    case 'draft':
      return { role: 'applicant' };
    case 'cityAudit':
      return { role: 'city', cityCodes: s.cities.filter((c) => !ctx.auditPassed.includes(c)) };
    case 'recommendation':
      return { role: 'city', cityCodes: s.cities.filter((c) => !ctx.recommended.includes(c)) };
    case 'expertReview': {
      if (s.substate !== 'scoring') return { role: 'province' };
      const owing = activePanel(s).filter((id) => !ctx.scored.includes(id));
      return owing.length > 0 ? { role: 'expert', expertIds: owing } : { role: 'province' };
    }
    case 'defense':
    case 'siteVisit':
    case 'publicity':
    case 'approval':
    case 'cultivation':
      return { role: 'province' };
    case 'progressEvaluation':
      return monitoringHolder(s);
    default:
      return undefined;
  }
}

/** The supervising role an overdue step is escalated to; the province supervises itself. */
export function supervisorOf(role: HolderRole): SupervisorRole {
  return role === 'applicant' ? 'city' : 'province';
}

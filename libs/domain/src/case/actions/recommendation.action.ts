/**
 * `POST /cases/:id/recommendation {letterNo, issuedOn, statement}`: the city issues its recommendation letter
 * (推荐函) inside the window; a district case uses one of the city's places (the program’s limit), recorded in the program.
 */
import { DomainError } from '../../errors';
import type { RuleBreach } from '../../errors';
import type { CaseState } from '../case.state';
import type { CaseDecideContext } from '../case.guard-kit';
import type { ProgramEvent } from '../../program/program.events';
import { dateIn, PROGRAM_TIME_ZONE } from '../../program/program.dates';
import { recommendationLetterUsed, remainingSlots } from '../../program/program.queries';
import { recommendationBreaches } from '../../rules/letters.rules';
import type { Message } from '../../shared/decider';
import { object, text } from '../../shared/input-schema';
import { can, PROBE, rule, windowRule } from '../case.guard-kit';
import { missingRecommendationScan } from '../../rules/paperwork.rules';
import { defineCaseAction } from './case-action';
import { TEXT_MAX } from './bodies';

export type IssueRecommendation = Message<'IssueRecommendation', { letterNo: string; issuedOn: string; statement: string }>;

/**
 * What is wrong with a letter number and date that `cityCode` would recommend the case with: the letter rules (a
 * number not yet used by the city in this program, a date neither in the future nor before its audit). The decision
 * adds the paperwork rule; the 推荐函 the city prints and seals before recommending is judged by these alone.
 */
export function letterBreaches(s: CaseState, cityCode: string, letter: { letterNo: string; issuedOn: string }, ctx: Pick<CaseDecideContext, 'now' | 'program'>): RuleBreach[] {
  return recommendationBreaches({
    letterNo: letter.letterNo,
    issuedOn: letter.issuedOn,
    today: dateIn(ctx.now, PROGRAM_TIME_ZONE),
    auditPassedOn: s.audits.filter((a) => a.cityCode === cityCode && a.decision === 'pass').at(-1)?.passedOn,
    letterUsed: recommendationLetterUsed(ctx.program, cityCode, letter.letterNo),
  });
}

export const recommendation = defineCaseAction<'recommendation', IssueRecommendation>({
  name: 'recommendation',
  commandType: 'IssueRecommendation',
  route: { method: 'POST', path: 'recommendation', status: 200, summary: "Issue the city's recommendation letter (city)", operationId: 'RecommendationController_recommend' },
  input: object('RecommendationDto', {
    letterNo: text(100, { example: '穗工信函〔2019〕58号' }),
    issuedOn: text(10, { format: 'date', example: '2019-04-10', description: 'YYYY-MM-DD' }),
    statement: text(TEXT_MAX, { example: '推荐天河区为重点培育对象，申报材料真实有效。' }),
  }),
  toCommand: (body) => ({ type: 'IssueRecommendation', data: { letterNo: body.letterNo as string, issuedOn: body.issuedOn as string, statement: body.statement as string } }),
  guard: {
    roles: ['city'],
    stage: (s, a, ctx) => can(s, ctx, { type: 'RecommendationIssued', data: { cityCode: a.cityCode ?? PROBE } }),
    rules: (s, a, ctx) =>
      windowRule('issue a recommendation')(s, a, ctx) ??
      (s.applicant.level === 'district' && remainingSlots(ctx.program, a.cityCode ?? PROBE) === 0
        ? rule('CITY_LIMIT_REACHED', 'city.limit', `City ${a.cityCode} has used all ${ctx.program.limits[a.cityCode ?? PROBE] ?? 0} recommendations of this program.`)
        : null),
  },
  decide: (cmd, s, ctx) => {
    const { letterNo, issuedOn, statement } = cmd.data;
    const cityCode = ctx.actor.cityCode!;
    const breaches = letterBreaches(s, cityCode, { letterNo, issuedOn }, ctx).concat(missingRecommendationScan(s.attachments, ctx.program.settings.paperwork, cityCode));
    if (breaches.length > 0) throw DomainError.rules(breaches);
    const programEvents: ProgramEvent[] = [
      ...(s.applicant.level === 'district' ? [{ type: 'RecommendationSlotUsed', data: { caseId: s.caseId, cityCode } } as const] : []),
      { type: 'RecommendationLetterRecorded', data: { caseId: s.caseId, cityCode, letterNo, issuedOn } },
    ];
    return { caseEvents: [{ type: 'RecommendationIssued', data: { cityCode, letterNo, issuedOn, statement } }], programEvents };
  },
});

import type { DomainErrorCode } from '../errors';
import { DomainError } from '../errors';
import { completeApplication } from '../rules/application.fixture';
import type { Actor } from '../shared/actor';
import { canSeeCase, caseViewFor } from './case.access';
import type { CaseCommand } from './case.commands';
import { decideCase } from './case.decider';
import type { CaseEvent } from './case.events';
import { allowedActions, CASE_ACTIONS, openSeats, type CaseAction } from './case.guards';
import {
  actors,
  allScored,
  awaitingPublicity,
  created,
  defenseScheduled,
  DURING_PUBLICITY,
  expert,
  given,
  inApproval,
  inCityAudit,
  inCultivation,
  inDefense,
  inExpertReview,
  inMonitoring,
  inPublicity,
  inRecommendation,
  inSiteVisit,
  PANEL,
  panelFormed,
  POOL,
  scored,
  sheet,
  siteVisitScheduled,
} from './case.spec-helpers';
import type { CaseState } from './case.state';

const objectionRaised: CaseEvent = {
  type: 'ObjectionRaised',
  data: { objectionId: 'o1', objector: { kind: 'person', name: '赵六', contact: '13800000000', evidence: '附件' }, summary: '数据不实', receivedOn: '2019-08-02' },
};
const recused: CaseEvent = { type: 'ExpertRecused', data: { expertId: 'e2', reason: '回避' } };

describe('canSeeCase', () => {
  const s = given(...panelFormed, recused).caseState!;
  it.each<[string, Actor, boolean]>([
    ['the applicant', actors.tianhe, true],
    ['another district', actors.haizhu, false],
    ['the city of the case', actors.guangzhou, true],
    ['another city', actors.shenzhen, false],
    ['the province', actors.province, true],
    ['an admin', actors.admin, true],
    ['an assigned expert', actors.e1, true],
    ['a recused expert', actors.e2, false],
    ['an unassigned expert', actors.e6, false],
  ])('%s: %s', (_who, actor, visible) => {
    expect(canSeeCase(s, actor)).toBe(visible);
  });
});

describe('caseViewFor', () => {
  const scoring = given(...panelFormed, scored('e1', 0.8), scored('e3', 0.6)).caseState!;

  it('shows an expert only its own scores before the conclusion', () => {
    expect(Object.keys(caseViewFor(scoring, actors.e1).review.scores)).toEqual(['e1']);
    expect(caseViewFor(scoring, expert('e4')).review.scores).toEqual({});
    expect(Object.keys(caseViewFor(scoring, actors.province).review.scores)).toEqual(['e1', 'e3']);
  });

  it('shows an expert its own sheet only, also once the review is concluded: then the outcome and the comments without names', () => {
    const done = given(...allScored, { type: 'ExpertReviewConcluded', data: { outcome: 'pass', score: 80, threshold: 70 } }).caseState!;
    const r = caseViewFor(done, actors.e1).review;
    expect(Object.keys(r.scores)).toEqual(['e1']);
    expect([r.panel, r.conclusion?.score, r.replacements]).toEqual([undefined, 80, []]);
    expect(r.comments).toHaveLength(Object.values(done.review.scores).filter((x) => x.comment.trim() !== '').length);
    const { machine: _internal, review: _own, ...rest } = caseViewFor(done, actors.e1);
    expect(JSON.stringify(rest)).not.toMatch(/"e[2-6]"/);
  });

  it('shows an expert on the defense panel only itself there', () => {
    const s = given(...defenseScheduled).caseState!;
    const named = s.defense.schedule!.panelExpertIds;
    expect(caseViewFor(s, expert(named[0]!)).defense.schedule?.panelExpertIds).toEqual([named[0]]);
    expect(caseViewFor(s, expert('e9')).defense.schedule?.panelExpertIds).toEqual([]);
  });

  describe('experts’ identities and individual scores are the province’s (Confidentiality)', () => {
    const withComments = [
      ...panelFormed,
      recused,
      { type: 'ExpertReplaced', data: { recusedExpertId: 'e2', expertId: 'e6', method: 'chosen' } } as CaseEvent,
      ...['e1', 'e3', 'e4', 'e5', 'e6'].map((id, i) => ({ ...scored(id, 0.8), data: { ...scored(id, 0.8).data, comment: `意见${5 - i}` } }) as CaseEvent),
    ];
    const running = given(...withComments).caseState!;
    const concluded = given(...withComments, { type: 'ExpertReviewConcluded', data: { outcome: 'pass', score: 80, threshold: 70, comment: '通过' } }).caseState!;
    const overdue = given(...panelFormed, { type: 'StageOverdueMarked', data: { stage: 'expertReview', entry: 5, dueAt: '2019-05-01T00:00:00Z', holder: { role: 'expert', expertIds: ['e1'] }, escalatedTo: 'province' } }).caseState!;
    const parties: [string, Actor][] = [['the applicant', actors.tianhe], ['the city', actors.guangzhou]];

    it.each(parties)('%s sees nothing of a running review: no panel, recusals, replacements or scores', (_who, actor) => {
      const r = caseViewFor(running, actor).review;
      expect(r).toEqual({ recusals: [], replacements: [], scores: {} });
    });

    it.each(parties)('%s sees a concluded review as its outcome, aggregate score and the comments without names', (_who, actor) => {
      const r = caseViewFor(concluded, actor).review;
      expect(r).toEqual({ recusals: [], replacements: [], scores: {}, conclusion: { outcome: 'pass', score: 80, threshold: 70, comment: '通过' }, comments: ['意见1', '意见2', '意见3', '意见4', '意见5'] });
      // The machine's context is the deciders' own (never shown; the detail view reads only its entry counters).
      const { machine: _internal, ...shown } = caseViewFor(concluded, actor);
      expect(JSON.stringify(shown)).not.toMatch(/"e[1-6]"/);
    });

    it.each(parties)('%s sees the defense panel and overdue holders without experts’ ids', (_who, actor) => {
      expect(caseViewFor(given(...defenseScheduled).caseState!, actor).defense.schedule?.panelExpertIds).toEqual([]);
      expect(caseViewFor(overdue, actor).overdue[0].holder).toEqual({ role: 'expert' });
    });

    it('the province and administrators see everything', () => {
      for (const actor of [actors.province, actors.admin]) {
        const v = caseViewFor(concluded, actor);
        expect(Object.keys(v.review.scores).sort()).toEqual(['e1', 'e3', 'e4', 'e5', 'e6']);
        expect([v.review.panel?.expertIds, v.review.recusals.length, v.review.replacements.length, v.review.comments]).toEqual([PANEL, 1, 1, undefined]);
        expect(caseViewFor(overdue, actor).overdue[0].holder).toEqual({ role: 'expert', expertIds: ['e1'] });
      }
    });
  });

  it('shows the objector’s identity to the province only', () => {
    const s = given(...inPublicity, objectionRaised).caseState!;
    expect(caseViewFor(s, actors.province).publicity.objections[0].objector.name).toBe('赵六');
    expect(caseViewFor(s, actors.tianhe).publicity.objections[0].objector).toEqual({ kind: 'person', name: '', contact: '' });
  });
});

// ---- allowed actions are exactly the accepted ones ----------------------------------------------------------------
const TEMPLATES: Record<CaseAction, (s: CaseState) => CaseCommand> = {
  application: () => ({ type: 'SaveApplication', data: { application: completeApplication() } }),
  submit: () => ({ type: 'SubmitCase', data: {} }),
  withdraw: () => ({ type: 'WithdrawCase', data: { reason: '撤回' } }),
  'city-audit': () => ({ type: 'AuditCase', data: { decision: 'pass', comment: '' } }),
  recommendation: () => ({ type: 'IssueRecommendation', data: { letterNo: 'L1', issuedOn: '2019-04-01', statement: '真实' } }),
  panel: (s) => ({ type: 'FormPanel', data: { draw: s.substate === 'scoring' ? openSeats(s).length : 5, seed: 'x' } }),
  recusal: () => ({ type: 'RecuseExpert', data: { reason: '回避' } }),
  scores: () => ({ type: 'SubmitScores', data: { scores: sheet(0.8), comment: '' } }),
  'expert-review/conclude': () => ({ type: 'ConcludeExpertReview', data: { decision: 'defer' } }),
  defense: () => ({ type: 'ScheduleDefense', data: { scheduledAt: '2019-06-01T09:00:00+08:00', venue: 'v', panelExpertIds: ['e1'] } }),
  'defense/result': () => ({ type: 'RecordDefenseResult', data: { decision: 'pass', comment: '' } }),
  'site-visit': () => ({ type: 'ScheduleSiteVisit', data: { scheduledAt: '2019-07-01T09:00:00+08:00', team: ['a'] } }),
  'site-visit/result': () => ({ type: 'RecordSiteVisitResult', data: { decision: 'pass', findings: 'f' } }),
  objections: () => ({ type: 'RaiseObjection', data: { objectionId: 'o9', objector: { kind: 'person', name: 'n', contact: 'c' }, summary: 's', receivedOn: '2019-08-02' } }),
  'objections/:objectionId/resolution': (s) => ({
    type: 'ResolveObjection',
    data: { objectionId: s.machine.context.openObjections[0] ?? 'o1', upheld: false, comment: 'c' },
  }),
  approval: () => ({ type: 'GrantApproval', data: { replyLetterNo: 'R1', repliedOn: '2019-09-01' } }),
  'progress-reports': () => ({ type: 'FileProgressReport', data: { reportId: 'r1', period: 'P1', narrative: 'n', indicators: [], projects: [] } }),
  evaluations: () => ({ type: 'EvaluateProgress', data: { period: 'P1', rating: 'good', comment: 'c' } }),
  resume: () => ({ type: 'ResumeCase', data: { comment: 'c' } }),
  revoke: () => ({ type: 'RevokePilot', data: { reason: 'r' } }),
  complete: () => ({ type: 'CompletePilot', data: { comment: 'c' } }),
  urge: () => ({ type: 'UrgeCase', data: { comment: '请尽快办理' } }),
  'paper-copies': () => ({ type: 'RecordPaperCopies', data: { copies: 5, receivedOn: '2019-03-01', receiver: '李四' } }),
};
/** Codes that mean "not now, not you" rather than "not with this input". */
const REFUSALS: DomainErrorCode[] = ['NOT_FOUND', 'FORBIDDEN', 'ILLEGAL_TRANSITION', 'WINDOW_CLOSED', 'CITY_LIMIT_REACHED', 'QUOTA_REACHED', 'PUBLICITY_CLOSED'];

function codeOf(f: () => unknown): DomainErrorCode | 'accepted' {
  try {
    f();
    return 'accepted';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

const MILESTONES = {
  created,
  inCityAudit,
  inRecommendation,
  inExpertReview,
  panelFormed,
  openSeat: [...panelFormed, recused],
  allScored,
  inDefense,
  defenseScheduled,
  inSiteVisit,
  siteVisitScheduled,
  awaitingPublicity,
  inPublicity,
  objectionOpen: [...inPublicity, objectionRaised],
  inApproval,
  inMonitoring,
  inCultivation,
  returned: [...inCityAudit, { type: 'CaseReturnedForRevision', data: { cityCode: '440100', comment: '补充' } } as CaseEvent],
};
const ACTORS: Actor[] = [...Object.values(actors), expert('e3')];

describe('allowedActions', () => {
  it.each(Object.entries(MILESTONES))('at %s: offered actions are accepted, the others refused before any input check', (name, history) => {
    const g = given(...history);
    const s = g.caseState!;
    const now = name === 'inPublicity' || name === 'objectionOpen' ? DURING_PUBLICITY : new Date('2019-04-01T02:00:00Z');
    const mismatches: string[] = [];
    for (const actor of ACTORS) {
      const ctx = { actor, now, definition: g.definition, program: g.program, experts: POOL };
      const offered = allowedActions(s, actor, ctx);
      for (const action of CASE_ACTIONS) {
        const code = codeOf(() => decideCase(TEMPLATES[action](s), s, ctx));
        const refused = code !== 'accepted' && [...REFUSALS, 'RULE_VIOLATION'].includes(code);
        const ok = offered.includes(action) ? code === 'accepted' || !REFUSALS.includes(code) : refused;
        if (!ok) mismatches.push(`${actor.userId} ${action}: offered=${offered.includes(action)} decided=${code}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('names the actions of each party at typical moments', () => {
    const at = (history: Parameters<typeof given>, actor: Actor, now = new Date('2019-04-01T02:00:00Z')) => {
      const g = given(...history);
      return allowedActions(g.caseState!, actor, { now, definition: g.definition, program: g.program, experts: POOL });
    };
    expect(at(created, actors.tianhe)).toEqual(['application', 'submit', 'withdraw']);
    expect(at(created, actors.tianhe, new Date('2019-05-01T00:00:00Z'))).toEqual(['application', 'withdraw']);
    expect(at(inCityAudit, actors.guangzhou)).toEqual(['city-audit', 'urge', 'paper-copies']);
    expect(at(inRecommendation, actors.guangzhou)).toEqual(['recommendation', 'urge', 'paper-copies']);
    expect(at(inExpertReview, actors.province)).toEqual(['panel', 'expert-review/conclude', 'urge', 'paper-copies']);
    expect(at(inExpertReview, actors.guangzhou)).toEqual(['paper-copies']);
    expect(at(panelFormed, actors.e1)).toEqual(['recusal', 'scores']);
    expect(at([...panelFormed, recused], actors.province)).toEqual(['panel', 'expert-review/conclude', 'urge', 'paper-copies']);
    expect(at(inMonitoring, actors.province)).toEqual(['evaluations', 'revoke', 'complete', 'urge', 'paper-copies']);
    expect(at(inMonitoring, actors.guangzhou)).toEqual(['evaluations', 'urge', 'paper-copies']);
    expect(at(inMonitoring, actors.admin)).toEqual([]);
  });
});

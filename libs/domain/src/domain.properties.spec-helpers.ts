/**
 * The world of domain.properties.spec.ts: five cases in a program of two cities (limits 1 and 2) with an approval
 * quota of at most 2, a panel of three, defense and site visit on, and an expert pool with conflicts (home city,
 * employer, a joint case's partner). Steps are mostly "guided" (an action the actor is offered, with varied input) so
 * sequences reach the late stages, partly arbitrary commands, and partly two clients racing: both load the same
 * state, one commits, then the other appends what it decided on the stale state against the revisions it loaded, as
 * the event store checks them (the case stream always, the program stream when the decision appends to it), and on a
 * conflict decides again on fresh state, as the command runner retries.
 */
import fc from 'fast-check';
import { GD_BDPZ_2019, type WorkflowDefinition } from '@shenbao/workflows';
import type { CaseCommand } from './case/case.commands';
import { decideCase } from './case/case.decider';
import type { CaseEvent } from './case/case.events';
import { allowedActions, CASE_ACTIONS, openSeats, type CaseAction, type CaseDecideContext, type ExpertInfo } from './case/case.guards';
import { canSeeCase, caseViewFor } from './case/case.access';
import { evolveCase, type CaseFold, type CaseState } from './case/case.state';
import { DomainError } from './errors';
import { batchMembersOf, decideProgram } from './program/program.decider';
import type { ProgramEvent, ProgramSettings } from './program/program.events';
import { evolveProgram, foldProgram, type ProgramState } from './program/program.state';
import { completeApplication } from './rules/application.fixture';
import type { Actor } from './shared/actor';

export const DEF: WorkflowDefinition = { ...GD_BDPZ_2019, panel: { size: 3, aggregation: 'mean' } };
export const SETTINGS: ProgramSettings = {
  key: 'prop',
  name: 'property program',
  workflow: { key: DEF.key, version: DEF.version },
  regions: [
    { cityCode: '440100', name: 'A', limit: 1, districts: [{ code: '440103', name: 'a1' }, { code: '440104', name: 'a2' }, { code: '440105', name: 'a3' }] },
    { cityCode: '440300', name: 'B', limit: 2, districts: [{ code: '440303', name: 'b1' }, { code: '440304', name: 'b2' }, { code: '440305', name: 'b3' }] },
  ],
  tasks: ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'].map((code) => ({ code, name: code })),
  minTasks: 6,
  quota: { min: 1, max: 2 },
  window: { opensOn: '2019-03-01', closesOn: '2019-05-31' },
  targetDate: '2020-12-31',
};
const CREATED: ProgramEvent = { type: 'ProgramCreated', data: { programId: 'p', ...SETTINGS } };
/** The program's history before the simulated cases: approvals granted earlier (to other cases), so the quota of 2 is contested. */
const prior = (approvals: number): ProgramEvent[] => [
  CREATED,
  ...Array.from({ length: approvals }, (_, i): ProgramEvent => ({ type: 'ApprovalRecorded', data: { caseId: `z${i}`, batchNo: 1, repliedOn: '2019-02-28' } })),
];
const DISTRICTS = [['440100', '440103'], ['440100', '440104'], ['440100', '440105'], ['440300', '440303'], ['440300', '440304'], ['440300', '440305']] as const;
const CASE_IDS = ['c0', 'c1', 'c2', 'c3', 'c4'];
/** x1–x4 have no tie to the cases; xa lives in city A, xb in city B (a joint case's partner city), xu works for b3. */
export const POOL: ExpertInfo[] = [
  ...['x1', 'x2', 'x3', 'x4'].map((id) => ({ id, homeCityCode: '440400', employer: id })),
  { id: 'xa', homeCityCode: '440100', employer: 'xa' },
  { id: 'xb', homeCityCode: '440300', employer: 'xb' },
  { id: 'xu', homeCityCode: '440400', employer: 'b3' },
];
const PARTNER = { cityCode: '440300', districtCode: '440305', unitName: 'b3' };
const ACTORS: Actor[] = [
  ...DISTRICTS.map(([cityCode, districtCode]) => ({ userId: `u${districtCode}`, role: 'applicant' as const, cityCode, districtCode })),
  { userId: 'ucA', role: 'applicant', cityCode: '440100' },
  { userId: 'cityA', role: 'city', cityCode: '440100' },
  { userId: 'cityB', role: 'city', cityCode: '440300' },
  { userId: 'prov', role: 'province' },
  { userId: 'admin', role: 'admin' },
  ...POOL.map((e) => ({ userId: `u${e.id}`, role: 'expert' as const, expertId: e.id })),
];

export interface World {
  now: number;
  program: ProgramState;
  cases: Record<string, CaseFold>;
  caseLog: Record<string, CaseEvent[]>;
  programLog: ProgramEvent[];
  batches: number;
  /** Coverage, so the properties are known not to hold vacuously: stages entered and refusal codes met. */
  visited: Set<string>;
  refusals: Set<string>;
}

/** A client's read of a case: the states and the stream revisions it decides on (-1: no stream yet). */
interface Loaded {
  state: CaseState;
  caseRevision: number;
  program: ProgramState;
  programRevision: number;
}
const revisionOf = (events: readonly unknown[] | undefined): number => (events?.length ?? 0) - 1;

/** A command for an action with input varied by `v` (decisions, scores, objection outcomes). */
function template(action: CaseAction, s: CaseState, v: number, now: Date): CaseCommand {
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  switch (action) {
    case 'application': return { type: 'SaveApplication', data: { application: completeApplication() } };
    case 'submit': return { type: 'SubmitCase', data: {} };
    case 'withdraw': return { type: 'WithdrawCase', data: { reason: 'r' } };
    case 'city-audit': return { type: 'AuditCase', data: { decision: v % 16 === 0 ? 'reject' : v % 16 === 1 ? 'return' : 'pass', comment: 'c' } };
    case 'recommendation': return { type: 'IssueRecommendation', data: { letterNo: 'L', issuedOn: day, statement: 's' } };
    case 'panel': {
      const seats = s.substate === 'scoring' ? openSeats(s).length : DEF.panel.size;
      return v % 2 === 0
        ? { type: 'FormPanel', data: { draw: seats, seed: `s${v}` } }
        : { type: 'FormPanel', data: { expertIds: Array.from({ length: seats }, (_, i) => POOL[(v + i) % POOL.length].id) } };
    }
    case 'recusal': return { type: 'RecuseExpert', data: { reason: 'r' } };
    case 'scores': return { type: 'SubmitScores', data: { scores: Object.fromEntries(DEF.rubric.map((c) => [c.id, v % 6 === 0 ? c.max / 2 : c.max])), comment: '' } };
    case 'expert-review/conclude': return { type: 'ConcludeExpertReview', data: v % 8 === 0 ? { decision: 'defer' } : {} };
    case 'defense': return { type: 'ScheduleDefense', data: { scheduledAt: '2019-06-01T09:00:00+08:00', venue: 'v', panelExpertIds: [POOL[v % POOL.length].id, 'x1'] } };
    case 'defense/result': return { type: 'RecordDefenseResult', data: { decision: v % 8 === 0 ? 'fail' : v % 8 === 1 ? 'defer' : 'pass', comment: 'c' } };
    case 'site-visit': return { type: 'ScheduleSiteVisit', data: { scheduledAt: '2019-07-01T09:00:00+08:00', team: ['t'] } };
    case 'site-visit/result': return { type: 'RecordSiteVisitResult', data: { decision: v % 8 === 0 ? 'fail' : v % 8 === 1 ? 'defer' : 'pass', findings: 'f' } };
    case 'objections': return { type: 'RaiseObjection', data: { objectionId: `o${v}`, objector: { kind: 'person', name: v % 5 === 0 ? '' : 'n', contact: 'c' }, summary: 's', receivedOn: day } };
    case 'objections/:objectionId/resolution': {
      const upheld = v % 3 === 0;
      return { type: 'ResolveObjection', data: { objectionId: s.machine.context.openObjections[0] ?? 'o', upheld, comment: 'c', ...(upheld ? { returnTo: v % 2 === 0 ? 'rejected' : 'expertReview' } : {}) } };
    }
    case 'approval': return { type: 'GrantApproval', data: { replyLetterNo: 'R', repliedOn: day } };
    case 'progress-reports': return { type: 'FileProgressReport', data: { reportId: `r${v}`, period: `P${v % 3}`, narrative: 'n', indicators: [], projects: [] } };
    case 'evaluations': return { type: 'EvaluateProgress', data: { period: `P${v % 3}`, rating: v % 2 === 0 ? 'fail' : 'good', comment: 'c', ...(v % 4 === 0 ? { rectificationDueOn: '2030-01-01' } : {}) } };
    case 'resume': return { type: 'ResumeCase', data: { comment: 'c' } };
    case 'revoke': return { type: 'RevokePilot', data: { reason: 'r' } };
    case 'complete': return { type: 'CompletePilot', data: { comment: 'c' } };
    // Bodies the API refuses (a blank comment) never reach the decider: its schema judges them (actions/).
    case 'urge': return { type: 'UrgeCase', data: { comment: 'c' } };
    case 'paper-copies': return { type: 'RecordPaperCopies', data: { copies: 1 + (v % 5), receivedOn: day, receiver: 'r' } };
  }
}

function createCommand(caseId: string, v: number): CaseCommand {
  // Half the cases apply in city A (limit 1), so its limit is contested.
  const [cityCode, districtCode] = DISTRICTS[v % 2 === 0 ? (v / 2) % 3 : 3 + ((v - 1) / 2) % 3];
  const cityLevel = v % 7 === 6;
  return {
    type: 'CreateCase',
    data: {
      caseId,
      programId: 'p',
      applicant: cityLevel ? { level: 'city', cityCode: '440100', unitName: 'A 局' } : { level: 'district', cityCode, districtCode, unitName: `u${districtCode}` },
      partners: v % 3 === 2 && !cityLevel ? [PARTNER] : [],
    },
  };
}

type Move = { kind: 'guided' | 'press'; caseIdx: number; actorIdx: number; pick: number; v: number };
type Step = {
  kind: 'guided' | 'arbitrary' | 'batch' | 'end' | 'press' | 'stale';
  caseIdx: number;
  actorIdx: number;
  pick: number;
  v: number;
  days: number;
  /** For `stale`: the other client's move, committed between the first client's read and its append. */
  other: Move;
};
const moveArb: fc.Arbitrary<Move> = fc.record({
  kind: fc.constantFrom<Move['kind']>('guided', 'press'),
  caseIdx: fc.nat(CASE_IDS.length - 1),
  actorIdx: fc.nat(ACTORS.length - 1),
  pick: fc.nat(50),
  v: fc.nat(60),
});
export const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom<Step['kind']>('guided', 'guided', 'guided', 'guided', 'guided', 'guided', 'guided', 'arbitrary', 'batch', 'end', 'press', 'press', 'stale', 'stale', 'stale'),
  // Skewed: c0 gets a third of the steps, so it usually goes the whole way while the others contend for its places.
  caseIdx: fc.constantFrom(0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4),
  actorIdx: fc.nat(ACTORS.length - 1),
  pick: fc.nat(50),
  v: fc.nat(60),
  days: fc.nat(1),
  other: moveArb,
});

function commit(w: World, caseId: string, caseEvents: CaseEvent[], programEvents: ProgramEvent[]): void {
  for (const e of caseEvents) {
    w.cases[caseId] = evolveCase(DEF, w.cases[caseId] ?? null, e);
    w.visited.add(w.cases[caseId]!.stage);
    expectScoresPrivate(w.cases[caseId]!);
  }
  w.caseLog[caseId] = [...(w.caseLog[caseId] ?? []), ...caseEvents];
  for (const e of programEvents) w.program = evolveProgram(w.program, e)!;
  w.programLog.push(...programEvents);
}

/** Decides one command; a refusal must be a DomainError that leaves the states untouched. */
function attempt(w: World, caseId: string, command: CaseCommand, actor: Actor): void {
  const state = w.cases[caseId] ?? null;
  const before = JSON.stringify([state, w.program]);
  const ctx: CaseDecideContext = { actor, now: new Date(w.now), definition: DEF, program: w.program, experts: POOL };
  let decision;
  try {
    decision = decideCase(command, state, ctx);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    w.refusals.add(e.code);
    expect(JSON.stringify([w.cases[caseId] ?? null, w.program])).toBe(before);
    return;
  }
  commit(w, caseId, decision.caseEvents, decision.programEvents);
}

/** Publicizes every case awaiting publicity in one batch, as the province's batch endpoint does (all or nothing). */
function openBatch(w: World): void {
  const province = ACTORS.find((a) => a.role === 'province')!;
  const ready = Object.values(w.cases).filter((s): s is CaseState => s?.stage === 'publicity' && s.substate === 'awaiting');
  if (ready.length === 0) return;
  const now = new Date(w.now);
  const batch = { batchId: `b${w.batches + 1}`, caseIds: ready.map((s) => s.caseId), startsAt: now.toISOString(), endsAt: new Date(w.now + 7 * 86400_000).toISOString() };
  try {
    const programEvents = decideProgram({ type: 'OpenPublicityBatch', data: batch }, w.program, { actor: province, now, batchMembers: batchMembersOf(batch.caseIds, ready) });
    const program = programEvents.reduce(evolveProgram, w.program)!;
    const starts = ready.map((s) => decideCase({ type: 'StartPublicity', data: { batchId: batch.batchId, startsAt: batch.startsAt, endsAt: batch.endsAt } }, s, { actor: province, now, definition: DEF, program }));
    w.batches += 1;
    for (const e of programEvents) w.program = evolveProgram(w.program, e)!;
    w.programLog.push(...programEvents);
    ready.forEach((s, i) => commit(w, s.caseId, starts[i].caseEvents, starts[i].programEvents));
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    w.refusals.add(e.code);
  }
}

function step(w: World, st: Step): void {
  w.now += st.days * 86400_000;
  const caseId = CASE_IDS[st.caseIdx];
  const s = w.cases[caseId] ?? null;
  const actor = ACTORS[st.actorIdx];
  if (st.kind === 'batch') return openBatch(w);
  if (!s) {
    const cmd = createCommand(caseId, st.v);
    const a = cmd.type === 'CreateCase' ? cmd.data.applicant : undefined;
    // Usually the applicant's own account; on arbitrary steps whoever was drawn (mostly refused).
    const creator = st.kind === 'arbitrary' ? actor : ACTORS.find((x) => x.role === 'applicant' && x.cityCode === a?.cityCode && x.districtCode === a?.districtCode)!;
    return attempt(w, caseId, cmd, creator);
  }
  if (st.kind === 'end') {
    // The publicity timers: every open period is asked to end (refused while it runs or has open objections).
    const province = ACTORS.find((a) => a.role === 'province')!;
    for (const c of Object.values(w.cases)) if (c?.publicity.batchId) attempt(w, c.caseId, { type: 'EndPublicity', data: { batchId: c.publicity.batchId } }, province);
    return;
  }
  if (st.kind === 'arbitrary') return attempt(w, caseId, template(CASE_ACTIONS[st.pick % CASE_ACTIONS.length], s, st.v, new Date(w.now)), actor);
  if (st.kind === 'stale') return race(w, st);
  const move = choose(w, s, w.program, { ...st, kind: st.kind === 'press' ? 'press' : 'guided' });
  if (move) attempt(w, caseId, move[1], move[0]);
}

/** What a client does on the case as it has loaded it (`guided` or `press`), or nothing when it has nothing to do. */
function choose(w: World, s: CaseState, program: ProgramState, st: Move): [Actor, CaseCommand] | undefined {
  const now = new Date(w.now);
  // Reviewers press for a limited action whether or not it is offered, so the limits are tested, not just respected.
  if (st.kind === 'press') {
    if (s.stage === 'approval') return [ACTORS.find((a) => a.role === 'province')!, template('approval', s, st.v, now)];
    const city = ACTORS.find((a) => a.role === 'city' && a.cityCode === s.cities[st.pick % s.cities.length])!;
    return [city, template('recommendation', s, st.v, now)];
  }
  // While a period runs, the province records an objection now and then, so periods end both with and without them.
  if (s.stage === 'publicity' && s.substate === 'open' && st.v % 3 === 0) return [ACTORS.find((a) => a.role === 'province')!, template('objections', s, st.v, now)];
  // Guided: someone who has something to do on this case does one of those things (withdrawing and objecting only now
  // and then, or few cases would ever get far).
  const ctx = { now, definition: DEF, program, experts: POOL };
  const options = ACTORS.filter((a) => canSeeCase(s, a)).flatMap((a) =>
    allowedActions(s, a, ctx).filter((x) => (x !== 'withdraw' || st.v === 0) && (x !== 'objections' || st.v % 4 === 0)).map((x) => [a, x] as const),
  );
  if (options.length === 0) return undefined;
  const forward = options.filter(([, x]) => isForward(s, x));
  const pool = forward.length > 0 && st.v % 4 !== 0 ? forward : options;
  const [who, action] = pool[(st.actorIdx * 51 + st.pick) % pool.length];
  return [who, template(action, s, st.v, now)];
}

/**
 * Two clients: the first loads the case (and the program), the second's move commits, then the first decides on
 * what it loaded and appends against the revisions it loaded. The store refuses a moved case stream, and a moved
 * program stream when the decision appends to it; the command runner then decides the same command again on fresh
 * state.
 */
function race(w: World, st: Step): void {
  const caseId = CASE_IDS[st.caseIdx];
  const state = w.cases[caseId];
  if (!state) return;
  const loaded: Loaded = { state, caseRevision: revisionOf(w.caseLog[caseId]), program: w.program, programRevision: revisionOf(w.programLog) };
  const first = choose(w, state, loaded.program, { ...st, kind: st.pick % 2 === 0 ? 'press' : 'guided' });
  const other = w.cases[CASE_IDS[st.other.caseIdx]];
  if (other) {
    const second = choose(w, other, w.program, st.other);
    if (second) attempt(w, other.caseId, second[1], second[0]);
  }
  if (!first) return;
  const [actor, command] = first;
  let decision;
  try {
    decision = decideCase(command, loaded.state, { actor, now: new Date(w.now), definition: DEF, program: loaded.program, experts: POOL });
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    w.refusals.add(e.code);
    return;
  }
  if (decision.caseEvents.length === 0 && decision.programEvents.length === 0) return;
  const caseMoved = revisionOf(w.caseLog[caseId]) !== loaded.caseRevision;
  const programMoved = decision.programEvents.length > 0 && revisionOf(w.programLog) !== loaded.programRevision;
  if (!caseMoved && !programMoved) return commit(w, caseId, decision.caseEvents, decision.programEvents);
  w.refusals.add(programMoved ? 'STALE_PROGRAM' : 'STALE_CASE');
  attempt(w, caseId, command, actor);
}

/** Actions that move a case on (rather than repeat or side-track), preferred by guided steps. */
function isForward(s: CaseState, action: CaseAction): boolean {
  switch (action) {
    case 'application': return !s.application;
    case 'defense': return !s.defense.schedule;
    case 'site-visit': return !s.siteVisit.schedule;
    case 'expert-review/conclude': return s.substate === 'scoring';
    case 'withdraw': case 'recusal': case 'objections': case 'revoke': case 'complete': case 'urge': case 'paper-copies': return false;
    default: return true;
  }
}

export function run(steps: Step[], priorApprovals: number): World {
  const PRIOR = prior(priorApprovals);
  const w: World = {
    now: Date.parse('2019-03-01T02:00:00Z'),
    program: foldProgram(PRIOR)!,
    cases: {},
    caseLog: {},
    programLog: [...PRIOR],
    batches: 0,
    visited: new Set(),
    refusals: new Set(),
  };
  for (const st of steps) step(w, st);
  return w;
}

const EXPERTS = ACTORS.filter((a) => a.role === 'expert');

/** Before the review is concluded (while the case is in expert review), an expert sees no score sheet but its own. */
export function expectScoresPrivate(s: CaseState): void {
  if (s.stage !== 'expertReview') return;
  for (const a of EXPERTS) {
    if (!canSeeCase(s, a)) continue;
    expect(Object.keys(caseViewFor(s, a).review.scores).filter((id) => id !== a.expertId)).toEqual([]);
  }
}

/**
 * The lifecycle fixture: one list of the points ("stations") of the gd-bdpz-2019 main line and the commands that
 * reach each from the one before, and `driveTo`, which takes a case there (from its creation, or from the station it
 * is at) through a CaseSeeder — the domain deciders and the app's own CommandRunner, so events carry the real
 * metadata and hash chain. StageSeeder (stage-seeding.ts), the Guangzhou journeys of the deadline suites and the
 * read-side and monitoring scenarios all drive their cases with it. The HTTP suites walk the same line through the
 * routes with CaseHttp (case-http.ts), asserting each response.
 */
import { dateIn } from '@shenbao/domain';
import type { Actor, CaseCommand } from '@shenbao/domain';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import { completeApplication, scoreSheet } from './case-seeding';
import type { CaseSeeder, Written } from './case-seeding';
import { ADMIN_PASSWORD } from './test-app';
import type { TestApp } from './test-app';

/** Points of the main line, in order; each is reached from the one before by the commands of `step`. */
export const STATIONS = [
  'draft', // created, complete form saved
  'cityAudit', // submitted
  'recommendation', // audit passed
  'panelForming', // recommended: expertReview, no panel yet
  'scoring', // panel formed, nobody has scored
  'scored', // every panelist has scored
  'defense', // review concluded (pass), defense not scheduled
  'defenseScheduled',
  'siteVisit', // defense passed
  'siteVisitScheduled',
  'awaitingPublicity', // site visit passed
  'publicityOpen', // in a publicity batch of its own
  'objectionOpen', // an objection raised, not resolved
  'approval', // objection dismissed, publicity ended
  'progressEvaluation', // approved
  'cityEvaluated', // a progress report filed and evaluated by the city
] as const;
export type MainStation = (typeof STATIONS)[number];
/** Off the main line: deferred at expert review. */
export type Station = MainStation | 'cultivation';

export const PERIOD = '2019H1';

/** A party of the case: the applicant's unit, or a partner's. */
export interface CaseParty {
  level: 'district' | 'city';
  cityCode: string;
  districtCode?: string;
  unitName: string;
}

/** Who the seeded commands are attributed to; their scope must fit the case (the applicant's unit, its city). */
export interface StationCast {
  applicant: Actor & { cityCode: string; districtCode: string };
  unitName: string;
  city: Actor;
  province: Actor;
  /** Exactly the workflow's panel size (pool ids); each scores 80 % of every maximum. */
  panel: string[];
  /** The applicant party as created (default: the applicant's district, named `unitName`). */
  party?: CaseParty;
  /** Partners of a joint case. */
  partners?: CaseParty[];
  /** The actor an expert of the panel scores as (default: user `u-<expertId>`). */
  expert?: (expertId: string) => Actor;
}

export interface SeededCase {
  caseId: string;
  /** At `objectionOpen`: the open objection. */
  objectionId?: string;
  /** At `publicityOpen` and later: the batch. */
  batchId?: string;
  /** The last write of the drive (the case stream's revision and the log position). */
  written?: Written;
}

export interface DriveOptions {
  /** The station the case is at already (default: it does not exist yet). */
  from?: MainStation;
  /** How long the case's own publicity batch runs (default one hour; `approval` moves the clock past it). */
  publicityDays?: number;
}

/**
 * The cast of a case whose applicant party is `party` (any applicant actor: scope tests pass one of another unit),
 * with the Guangzhou-independent panel e3–e7 scoring as users `u-e3`…`u-e7`.
 */
export const castOf = (applicant: Actor, party: CaseParty, city: Actor, province: Actor, panel = ['e3', 'e4', 'e5', 'e6', 'e7']): StationCast => ({
  applicant: applicant as StationCast['applicant'],
  unitName: party.unitName,
  party,
  city,
  province,
  panel,
});

/** The users of a scenario, registered over HTTP by the admin and signed in: their tokens and their actors. */
export async function registerUsers<U extends string>(
  t: TestApp,
  users: Record<U, Omit<Actor, 'userId'>>,
  password: string,
): Promise<{ tokens: Record<U | 'admin', string>; actors: Record<U, Actor> }> {
  const tokens = { admin: await t.token('admin', ADMIN_PASSWORD) } as Record<U | 'admin', string>;
  const actors = {} as Record<U, Actor>;
  for (const [username, spec] of Object.entries(users) as [U, Omit<Actor, 'userId'>][]) {
    const res = await t.http().post('/api/v1/users').set('Authorization', `Bearer ${tokens.admin}`)
      .send({ username, password, displayName: username, ...spec }).expect(201);
    actors[username] = { userId: res.body.id as string, ...spec } as Actor;
    tokens[username] = await t.token(username, password);
  }
  return { tokens, actors };
}

const definition = GD_BDPZ_2019;
const HOUR = 3600 * 1000;

/**
 * Takes case `caseId` of `programId` to `station` step by step: from its creation, or from `options.from`. Returns
 * what was seeded (the batch and objection ids it made) with the last write.
 */
export async function driveTo(
  seed: CaseSeeder,
  programId: string,
  caseId: string,
  station: Station,
  cast: StationCast,
  options: DriveOptions = {},
): Promise<SeededCase> {
  const seeded: SeededCase = { caseId };
  const first = options.from === undefined ? 0 : STATIONS.indexOf(options.from) + 1;
  const target = station === 'cultivation' ? STATIONS.indexOf('panelForming') : STATIONS.indexOf(station);
  const act = async (actor: Actor, command: CaseCommand): Promise<Written> => (seeded.written = await seed.act(programId, caseId, actor, command));
  const ride: Ride = { seed, programId, seeded, cast, act, publicityDays: options.publicityDays ?? 1 / 24 };
  for (let i = first; i <= target; i++) await step(STATIONS[i], ride);
  if (station === 'cultivation') await act(cast.province, { type: 'ConcludeExpertReview', data: { decision: 'defer', comment: '继续培育' } });
  return seeded;
}

interface Ride {
  seed: CaseSeeder;
  programId: string;
  seeded: SeededCase;
  cast: StationCast;
  act(actor: Actor, command: CaseCommand): Promise<Written>;
  publicityDays: number;
}

/** The command(s) that reach `station` from the one before it. */
async function step(station: MainStation, ride: Ride): Promise<unknown> {
  const { seed, programId, seeded, cast, act } = ride;
  const { caseId } = seeded;
  const { applicant, city, province: prov } = cast;
  const today = () => dateIn(seed.clock.now(), definition.timeZone);
  switch (station) {
    case 'draft': {
      const party = cast.party ?? { level: 'district' as const, cityCode: applicant.cityCode, districtCode: applicant.districtCode, unitName: cast.unitName };
      await act(applicant, { type: 'CreateCase', data: { caseId, programId, applicant: party, ...(cast.partners ? { partners: cast.partners } : {}) } });
      return act(applicant, { type: 'SaveApplication', data: { application: completeApplication(cast.unitName) } });
    }
    case 'cityAudit':
      return act(applicant, { type: 'SubmitCase', data: {} });
    case 'recommendation':
      return act(city, { type: 'AuditCase', data: { decision: 'pass', comment: '同意推荐' } });
    case 'panelForming':
      return act(city, { type: 'IssueRecommendation', data: { letterNo: `${caseId}-推荐函`, issuedOn: today(), statement: '材料真实' } });
    case 'scoring':
      return act(prov, { type: 'FormPanel', data: { expertIds: cast.panel } });
    case 'scored': {
      const expert = cast.expert ?? ((expertId: string): Actor => ({ userId: `u-${expertId}`, role: 'expert', expertId }));
      for (const expertId of cast.panel) await act(expert(expertId), { type: 'SubmitScores', data: { scores: scoreSheet(0.8), comment: '良好' } });
      return;
    }
    case 'defense':
      return act(prov, { type: 'ConcludeExpertReview', data: {} });
    case 'defenseScheduled':
      return act(prov, { type: 'ScheduleDefense', data: { scheduledAt: '2019-03-20T09:00:00+08:00', venue: '省工信厅', panelExpertIds: [cast.panel[0]] } });
    case 'siteVisit':
      return act(prov, { type: 'RecordDefenseResult', data: { decision: 'pass', comment: '答辩通过' } });
    case 'siteVisitScheduled':
      return act(prov, { type: 'ScheduleSiteVisit', data: { scheduledAt: '2019-03-25T09:00:00+08:00', team: ['王五'] } });
    case 'awaitingPublicity':
      return act(prov, { type: 'RecordSiteVisitResult', data: { decision: 'pass', findings: '良好' } });
    case 'publicityOpen':
      seeded.batchId = `b-${caseId}`;
      return (seeded.written = await seed.openPublicity(programId, caseId, seeded.batchId, prov, ride.publicityDays));
    case 'objectionOpen':
      seeded.objectionId = `o-${caseId}`;
      return act(prov, {
        type: 'RaiseObjection',
        data: { objectionId: seeded.objectionId, objector: { kind: 'person', name: '王某', contact: '13700000000' }, summary: '材料不实', receivedOn: today() },
      });
    case 'approval': {
      await act(prov, { type: 'ResolveObjection', data: { objectionId: seeded.objectionId!, upheld: false, comment: '经核查不成立' } });
      // Past the end of the batch (see publicityOpen); what the timer would send once it is over.
      seed.clock.set(new Date(seed.clock.now().getTime() + ride.publicityDays * 24 * HOUR + HOUR));
      return act(prov, { type: 'EndPublicity', data: { batchId: seeded.batchId! } });
    }
    case 'progressEvaluation':
      return act(prov, { type: 'GrantApproval', data: { replyLetterNo: `${caseId}-批复`, repliedOn: today() } });
    case 'cityEvaluated':
      await act(applicant, {
        type: 'FileProgressReport',
        data: { reportId: `r-${caseId}`, period: PERIOD, narrative: '按计划推进。', indicators: [], projects: [{ seq: 1, investedToDate: 100, status: 'in_progress' }] },
      });
      return act(city, { type: 'EvaluateProgress', data: { period: PERIOD, rating: 'good', comment: '进展良好' } });
    default: {
      const never: never = station;
      throw new Error(`unknown station ${String(never)}`);
    }
  }
}

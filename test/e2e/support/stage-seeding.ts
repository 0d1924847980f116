/**
 * Puts fresh cases at a named point of the gd-bdpz-2019 lifecycle ("stations") without the case routes: commands go
 * through the domain deciders and the app's own CommandRunner, like case-seeding.ts, but against a program the test
 * configures and the expert pool it registered over HTTP (so experts the panel names are real users, and the HTTP
 * panel and defense routes accept the same ids). Used where a test needs many cases in many stages quickly.
 */
import type { INestApplication } from '@nestjs/common';
import { caseEvolver, batchMembersOf, caseStream, dateIn, decideCase, decideProgram, evolveProgram, programStream } from '@shenbao/domain';
import type { Actor, CaseCommand, CaseEvent, CaseFold, ExpertInfo, ProgramEvent, ProgramFold, ProgramSettings } from '@shenbao/domain';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import { CommandRunner } from '../../../apps/api/src/infrastructure/command-runner';
import type { StreamSpec } from '../../../apps/api/src/infrastructure/command-runner';
import { completeApplication, scoreSheet } from './case-seeding';
import { decideWithScans } from './paperwork';
import type { TestClock } from './case-seeding';

/** Points of the main line, in order; each is reached from the one before by one step (see STEPS). */
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

/** Who the seeded commands are attributed to; their scope must fit the case (the applicant's unit, its city). */
export interface StationCast {
  applicant: Actor & { cityCode: string; districtCode: string };
  unitName: string;
  city: Actor;
  province: Actor;
  /** Exactly the workflow's panel size; each scores 80 % of every maximum. */
  panel: string[];
}

export interface SeededCase {
  caseId: string;
  /** At `objectionOpen`: the open objection. */
  objectionId?: string;
  /** At `publicityOpen` and later: the batch. */
  batchId?: string;
}

export const PERIOD = '2019H1';
const definition = GD_BDPZ_2019;
const caseModel = { initialState: null as CaseFold, evolve: caseEvolver(definition) };
const programModel = { initialState: null as ProgramFold, evolve: evolveProgram };
const caseSpec = (caseId: string): StreamSpec<CaseFold, CaseEvent> => ({ stream: caseStream(caseId), model: caseModel });
const programSpec = (programId: string): StreamSpec<ProgramFold, ProgramEvent> => ({ stream: programStream(programId), model: programModel });

export class StageSeeder {
  private readonly runner: CommandRunner;
  private seq = 0;

  constructor(
    app: INestApplication,
    readonly clock: TestClock,
    readonly programId: string,
    private readonly experts: ExpertInfo[],
  ) {
    this.runner = app.get(CommandRunner);
  }

  /** The program, on the shipped gd-bdpz-2019 workflow, with `settings` as given. */
  async createProgram(settings: ProgramSettings, admin: Actor): Promise<void> {
    this.clock.tick();
    await this.runner.run(
      'CreateProgram',
      { program: programSpec(this.programId) },
      ({ program }, now) => ({
        program: decideProgram({ type: 'CreateProgram', data: { programId: this.programId, ...settings } }, program.state, { actor: admin, now }),
      }),
      this.context(admin),
    );
  }

  /** Decides one case command and appends the case and program events together, as the command handlers do. */
  async act(caseId: string, actor: Actor, command: CaseCommand): Promise<void> {
    this.clock.tick();
    await this.runner.run(
      command.type,
      { case: caseSpec(caseId), program: programSpec(this.programId) },
      (loaded, now) => {
        const program = loaded.program.state;
        if (!program) throw new Error(`no program ${this.programId}`);
        // With the sealed scan the program asks for before a submission or a recommendation (support/paperwork.ts).
        const decision = decideWithScans(command, loaded.case.state, { actor, now, definition, program, experts: this.experts });
        return { case: decision.caseEvents, program: decision.programEvents };
      },
      this.context(actor),
    );
  }

  /** A new case `caseId` moved step by step to `station`. */
  async caseAt(station: Station, caseId: string, cast: StationCast): Promise<SeededCase> {
    const seeded: SeededCase = { caseId };
    const target = station === 'cultivation' ? STATIONS.indexOf('panelForming') : STATIONS.indexOf(station);
    for (let i = 0; i <= target; i++) await this.step(STATIONS[i], seeded, cast);
    if (station === 'cultivation') await this.act(caseId, cast.province, { type: 'ConcludeExpertReview', data: { decision: 'defer', comment: '继续培育' } });
    return seeded;
  }

  /** The command(s) that reach `station` from the one before it. */
  private async step(station: MainStation, c: SeededCase, cast: StationCast): Promise<void> {
    const { caseId } = c;
    const { applicant, city, province: prov } = cast;
    const today = () => dateIn(this.clock.now(), definition.timeZone);
    switch (station) {
      case 'draft': {
        const party = { level: 'district' as const, cityCode: applicant.cityCode, districtCode: applicant.districtCode, unitName: cast.unitName };
        await this.act(caseId, applicant, { type: 'CreateCase', data: { caseId, programId: this.programId, applicant: party } });
        return this.act(caseId, applicant, { type: 'SaveApplication', data: { application: completeApplication(cast.unitName) } });
      }
      case 'cityAudit':
        return this.act(caseId, applicant, { type: 'SubmitCase', data: {} });
      case 'recommendation':
        return this.act(caseId, city, { type: 'AuditCase', data: { decision: 'pass', comment: '同意推荐' } });
      case 'panelForming':
        return this.act(caseId, city, { type: 'IssueRecommendation', data: { letterNo: `${caseId}-推荐函`, issuedOn: today(), statement: '材料真实' } });
      case 'scoring':
        return this.act(caseId, prov, { type: 'FormPanel', data: { expertIds: cast.panel } });
      case 'scored':
        for (const expertId of cast.panel) {
          const expert: Actor = { userId: `seeded-${expertId}`, role: 'expert', expertId };
          await this.act(caseId, expert, { type: 'SubmitScores', data: { scores: scoreSheet(0.8), comment: '良好' } });
        }
        return;
      case 'defense':
        return this.act(caseId, prov, { type: 'ConcludeExpertReview', data: {} });
      case 'defenseScheduled':
        return this.act(caseId, prov, { type: 'ScheduleDefense', data: { scheduledAt: '2019-03-20T09:00:00+08:00', venue: '省工信厅', panelExpertIds: [cast.panel[0]] } });
      case 'siteVisit':
        return this.act(caseId, prov, { type: 'RecordDefenseResult', data: { decision: 'pass', comment: '答辩通过' } });
      case 'siteVisitScheduled':
        return this.act(caseId, prov, { type: 'ScheduleSiteVisit', data: { scheduledAt: '2019-03-25T09:00:00+08:00', team: ['王五'] } });
      case 'awaitingPublicity':
        return this.act(caseId, prov, { type: 'RecordSiteVisitResult', data: { decision: 'pass', findings: '良好' } });
      case 'publicityOpen':
        c.batchId = `b-${caseId}`;
        return this.openPublicity(caseId, c.batchId, prov);
      case 'objectionOpen':
        c.objectionId = `o-${caseId}`;
        return this.act(caseId, prov, {
          type: 'RaiseObjection',
          data: { objectionId: c.objectionId, objector: { kind: 'person', name: '王某', contact: '13700000000' }, summary: '材料不实', receivedOn: today() },
        });
      case 'approval': {
        await this.act(caseId, prov, { type: 'ResolveObjection', data: { objectionId: c.objectionId!, upheld: false, comment: '经核查不成立' } });
        // The batch runs one hour (see openPublicity); what the timer would send once it is over.
        this.clock.set(new Date(this.clock.now().getTime() + 2 * 3600 * 1000));
        return this.act(caseId, prov, { type: 'EndPublicity', data: { batchId: c.batchId! } });
      }
      case 'progressEvaluation':
        return this.act(caseId, prov, { type: 'GrantApproval', data: { replyLetterNo: `${caseId}-批复`, repliedOn: today() } });
      case 'cityEvaluated':
        await this.act(caseId, applicant, {
          type: 'FileProgressReport',
          data: { reportId: `r-${caseId}`, period: PERIOD, narrative: '按计划推进。', indicators: [], projects: [{ seq: 1, investedToDate: 100, status: 'in_progress' }] },
        });
        return this.act(caseId, city, { type: 'EvaluateProgress', data: { period: PERIOD, rating: 'good', comment: '进展良好' } });
      default: {
        const never: never = station;
        throw new Error(`unknown station ${String(never)}`);
      }
    }
  }

  /** A batch of this one case, starting now and running one hour, opened and started in one atomic write. */
  private async openPublicity(caseId: string, batchId: string, province: Actor): Promise<void> {
    const startsAt = this.clock.tick().toISOString();
    const endsAt = new Date(Date.parse(startsAt) + 3600 * 1000).toISOString();
    await this.runner.run(
      'OpenPublicityBatch',
      { program: programSpec(this.programId), case: caseSpec(caseId) },
      (loaded, now) => {
        const programEvents = decideProgram({ type: 'OpenPublicityBatch', data: { batchId, caseIds: [caseId], startsAt, endsAt } }, loaded.program.state, { actor: province, now, batchMembers: batchMembersOf([caseId], [loaded.case.state]) });
        const program = programEvents.reduce(evolveProgram, loaded.program.state)!;
        const decision = decideCase({ type: 'StartPublicity', data: { batchId, startsAt, endsAt } }, loaded.case.state, { actor: province, now, definition, program });
        return { program: programEvents, case: decision.caseEvents };
      },
      this.context(province),
    );
  }

  private context(actor: Actor) {
    return { actor: { userId: actor.userId, role: actor.role }, correlationId: `stage-seed-${++this.seq}` };
  }
}

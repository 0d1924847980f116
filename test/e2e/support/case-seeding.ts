/**
 * Seeds programs and cases for read-side e2e tests without the case command routes: commands go through the domain
 * deciders and the app's own CommandRunner (so events carry the real metadata and hash chain), at the times of a
 * test clock handed to the app as its CLOCK. Actors are whoever the test says; visibility tests pass real users.
 * Cases are taken along the lifecycle with `driveTo` (lifecycle.ts); `act` sends any other command.
 */
import { decideWithScans } from './paperwork';
import type { INestApplication } from '@nestjs/common';
import {
  GD_BDPZ_2019_PROGRAM,
  caseEvolver,
  caseStream,
  decideCase,
  batchMembersOf,
  decideProgram,
  evolveProgram,
  programStream,
} from '@shenbao/domain';
import type { Actor, Application, CaseCommand, CaseEvent, CaseFold, CaseState, ExpertInfo, ProgramEvent, ProgramFold, ProgramSettings } from '@shenbao/domain';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import { CommandRunner } from '@shenbao/commands';
import type { StreamSpec } from '@shenbao/commands';

/** A clock the test moves; every seeded command advances it by `step` so events have distinct, ordered times. */
export class TestClock {
  constructor(
    private current: Date,
    private readonly stepMs = 10 * 60 * 1000,
  ) {}

  readonly now = (): Date => new Date(this.current.getTime());

  tick(): Date {
    this.current = new Date(this.current.getTime() + this.stepMs);
    return this.now();
  }

  set(at: Date): void {
    this.current = new Date(at.getTime());
  }
}

/** e1–e9, none tied to the cities the tests use (home city Chaozhou, universities as employers). */
export const EXPERT_POOL: ExpertInfo[] = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9'].map((id) => ({
  id,
  homeCityCode: '445100',
  employer: `${id} 大学`,
}));

/** Each rubric criterion at `fraction` of its maximum. */
export const scoreSheet = (fraction: number): Record<string, number> =>
  Object.fromEntries(GD_BDPZ_2019.rubric.map((c) => [c.id, Math.round(c.max * fraction * 10) / 10]));

export function completeApplication(unitName: string): Application {
  const selected = ['T1', 'T2', 'T3', 'T4', 'T5', 'T8'];
  return {
    cover: {
      unitName,
      address: '广东省某市某区某路 1 号',
      head: { name: '张三', mobile: '13800138000' },
      contact: { name: '李四', mobile: '13912345678', email: 'bigdata@example.gov.cn' },
    },
    basicSituation: '区位、面积、人口与产业概况。',
    currentStatus: '已建成政务数据共享平台。',
    plan: {
      taskStatus: '各任务现状如下。',
      approach: '统筹推进，分步实施。',
      selectedTasks: selected,
      customTasks: [],
      targets: { overall: '到2020年底建成试验区。', perTask: Object.fromEntries(selected.map((c) => [c, `${c} 目标`])) },
      workItems: [{ title: '建设数据中台', due: '2019-12', responsibleUnit: '政务数据局' }],
      policyMeasures: '设立专项资金。',
    },
    enterprises: [{ name: '某数据科技有限公司', enteredOn: '2016-05', field: '大数据', products: '数据平台' }],
    keyProjects: [
      {
        seq: 1,
        name: '政务大数据中心',
        undertakingUnit: '政务数据局',
        content: '建设政务大数据中心。',
        totalInvestment: 1200.5,
        periodStart: '2019-05',
        periodEnd: '2020-12',
        expectedResults: '汇聚数据 10 亿条',
      },
    ],
  };
}

export interface Written {
  /** The case stream's revision after the command. */
  revision: number;
  position: number;
}

const caseModel = { initialState: null as CaseFold, evolve: caseEvolver(GD_BDPZ_2019) };
const programModel = { initialState: null as ProgramFold, evolve: evolveProgram };
const caseSpec = (caseId: string): StreamSpec<CaseFold, CaseEvent> => ({ stream: caseStream(caseId), model: caseModel });
const programSpec = (programId: string): StreamSpec<ProgramFold, ProgramEvent> => ({ stream: programStream(programId), model: programModel });

export class CaseSeeder {
  private readonly runner: CommandRunner;
  private seq = 0;

  /** `experts`: the pool the deciders check panels against (default the fixed e1–e9; or the experts a test registered). */
  constructor(
    app: INestApplication,
    readonly clock: TestClock,
    private readonly experts: ExpertInfo[] = EXPERT_POOL,
  ) {
    this.runner = app.get(CommandRunner);
  }

  /** The program, on the shipped gd-bdpz-2019 workflow, with the shipped settings or `settings`. */
  async createProgram(programId: string, admin: Actor, settings: ProgramSettings = GD_BDPZ_2019_PROGRAM): Promise<number> {
    this.clock.tick();
    const result = await this.runner.run(
      'CreateProgram',
      { program: programSpec(programId) },
      ({ program }, now) => ({
        program: decideProgram({ type: 'CreateProgram', data: { programId, ...settings } }, program.state, { actor: admin, now }),
      }),
      this.context(admin),
    );
    return result.position;
  }

  /**
   * Decides one case command (or a command built from the current state) and appends the case and program events
   * together, as the command handlers do.
   */
  async act(programId: string, caseId: string, actor: Actor, command: CaseCommand | ((s: CaseState) => CaseCommand)): Promise<Written> {
    this.clock.tick();
    const result = await this.runner.run(
      typeof command === 'function' ? 'Seed' : command.type,
      { case: caseSpec(caseId), program: programSpec(programId) },
      (loaded, now) => {
        const program = loaded.program.state;
        if (!program) throw new Error(`no program ${programId}`);
        const state = loaded.case.state;
        const cmd = typeof command === 'function' ? command(state!) : command;
        // With the sealed scan the program asks for before a submission or a recommendation (support/paperwork.ts).
        const decision = decideWithScans(cmd, state, { actor, now, definition: GD_BDPZ_2019, program, experts: this.experts });
        return { case: decision.caseEvents, program: decision.programEvents };
      },
      this.context(actor),
    );
    return { revision: result.revisions.case, position: result.position };
  }

  /** Opens a publicity batch of one case starting now and starts its publicity, in one atomic write. */
  async openPublicity(programId: string, caseId: string, batchId: string, province: Actor, days = 7): Promise<Written> {
    const startsAt = this.clock.tick().toISOString();
    const endsAt = new Date(Date.parse(startsAt) + days * 24 * 3600 * 1000).toISOString();
    const result = await this.runner.run(
      'OpenPublicityBatch',
      { program: programSpec(programId), case: caseSpec(caseId) },
      (loaded, now) => {
        const programEvents = decideProgram(
          { type: 'OpenPublicityBatch', data: { batchId, caseIds: [caseId], startsAt, endsAt } },
          loaded.program.state,
          { actor: province, now, batchMembers: batchMembersOf([caseId], [loaded.case.state]) },
        );
        const program = programEvents.reduce(evolveProgram, loaded.program.state)!;
        const decision = decideCase({ type: 'StartPublicity', data: { batchId, startsAt, endsAt } }, loaded.case.state, {
          actor: province,
          now,
          definition: GD_BDPZ_2019,
          program,
        });
        return { program: programEvents, case: decision.caseEvents };
      },
      this.context(province),
    );
    return { revision: result.revisions.case, position: result.position };
  }

  private context(actor: Actor) {
    return { actor: { userId: actor.userId, role: actor.role }, correlationId: `seed-${++this.seq}` };
  }
}

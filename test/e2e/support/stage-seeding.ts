/**
 * Puts fresh cases at a named point of the gd-bdpz-2019 lifecycle ("stations", lifecycle.ts) without the case
 * routes, against a program the test configures and the expert pool it registered over HTTP (so experts the panel
 * names are real users, and the HTTP panel and defense routes accept the same ids). Used where a test needs many
 * cases in many stages quickly. A CaseSeeder over one program, driving its cases with the lifecycle fixture.
 */
import type { INestApplication } from '@nestjs/common';
import type { Actor, CaseCommand, ExpertInfo, ProgramSettings } from '@shenbao/domain';
import { CaseSeeder } from './case-seeding';
import type { TestClock } from './case-seeding';
import { driveTo } from './lifecycle';
import type { SeededCase, Station, StationCast } from './lifecycle';

export { PERIOD, STATIONS } from './lifecycle';
export type { MainStation, SeededCase, Station, StationCast } from './lifecycle';

export class StageSeeder {
  private readonly seed: CaseSeeder;

  constructor(
    app: INestApplication,
    readonly clock: TestClock,
    readonly programId: string,
    experts: ExpertInfo[],
  ) {
    this.seed = new CaseSeeder(app, clock, experts);
  }

  /** The program, on the shipped gd-bdpz-2019 workflow, with `settings` as given. */
  async createProgram(settings: ProgramSettings, admin: Actor): Promise<void> {
    await this.seed.createProgram(this.programId, admin, settings);
  }

  /** Decides one case command and appends the case and program events together, as the command handlers do. */
  async act(caseId: string, actor: Actor, command: CaseCommand): Promise<void> {
    await this.seed.act(this.programId, caseId, actor, command);
  }

  /** A new case `caseId` moved step by step to `station`. */
  caseAt(station: Station, caseId: string, cast: StationCast): Promise<SeededCase> {
    return driveTo(this.seed, this.programId, caseId, station, { expert: (expertId) => ({ userId: `seeded-${expertId}`, role: 'expert', expertId }), ...cast });
  }
}

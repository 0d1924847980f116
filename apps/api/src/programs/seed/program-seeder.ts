/**
 * First start: creates the shipped gd-bdpz-2019 program when the log does not have it yet. Its id comes from its
 * key and its event id is name-based, so two processes seeding at once (or a retried seed) store it once. It runs
 * at bootstrap, after module init, so the workflow seeder has normally run; the program only names its workflow
 * version, so the order is not needed for correctness.
 */
import { Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { decideProgram, GD_BDPZ_2019_PROGRAM, programDecider, programStream } from '@shenbao/domain';
import type { ProgramSettings } from '@shenbao/domain';
import { CommandRunner, nameBasedId, newId } from '@shenbao/commands';
import { ProgramDirectory } from '../program-directory';
import { programIdForKey } from '../program-id';

export const SHIPPED_PROGRAMS: readonly ProgramSettings[] = [GD_BDPZ_2019_PROGRAM];

@Injectable()
export class ProgramSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('ProgramSeeder');

  constructor(
    private readonly runner: CommandRunner,
    private readonly programs: ProgramDirectory,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const settings of SHIPPED_PROGRAMS) await this.seed(settings);
  }

  private async seed(settings: ProgramSettings): Promise<void> {
    const programId = programIdForKey(settings.key);
    const result = await this.runner.run(
      'CreateProgram',
      { program: { stream: programStream(programId), model: programDecider } },
      ({ program }, now) => {
        if (program.state) return {};
        const events = decideProgram({ type: 'CreateProgram', data: { programId, ...structuredClone(settings) } }, program.state, {
          actor: { userId: 'system', role: 'admin' },
          now,
        });
        return { program: events.map((e, i) => ({ ...e, id: nameBasedId(`program:${settings.key}:${i}`) })) };
      },
      { actor: { userId: 'system', role: 'system' }, correlationId: newId() },
    );
    await this.programs.catchUp();
    if (result.appended > 0) this.logger.log(`Seeded program ${settings.key} (${programId}).`);
  }
}

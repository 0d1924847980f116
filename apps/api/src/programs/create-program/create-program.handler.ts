import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { decideProgram, DomainError, programDecider, programStream } from '@shenbao/domain';
import { CommandRunner, WorkflowCatalog } from '@shenbao/commands';
import { ProgramDirectory } from '../program-directory';
import { programIdForKey } from '../program-id';
import { CreateProgramCommand } from './create-program.command';

@CommandHandler(CreateProgramCommand)
export class CreateProgramHandler implements ICommandHandler<CreateProgramCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly catalog: WorkflowCatalog,
    private readonly programs: ProgramDirectory,
  ) {}

  async execute({ settings, actor, context }: CreateProgramCommand): Promise<{ id: string }> {
    const { key, version } = settings.workflow;
    await this.catalog.catchUp();
    if (!this.catalog.get(key, version)) {
      throw DomainError.validation([{ field: 'workflow', messages: [`no published workflow ${key} version ${version}`] }]);
    }
    const programId = programIdForKey(settings.key);
    await this.runner.run(
      'CreateProgram',
      { program: { stream: programStream(programId), model: programDecider } },
      ({ program }, now) => ({ program: decideProgram({ type: 'CreateProgram', data: { programId, ...settings } }, program.state, { actor, now }) }),
      context,
    );
    await this.programs.catchUp();
    return { id: programId };
  }
}

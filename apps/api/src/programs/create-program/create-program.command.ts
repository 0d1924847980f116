import { Command } from '@nestjs/cqrs';
import type { Actor, ProgramSettings } from '@shenbao/domain';
import type { CommandContext } from '@shenbao/commands';

export class CreateProgramCommand extends Command<{ id: string }> {
  constructor(
    readonly settings: ProgramSettings,
    readonly actor: Actor,
    readonly context: CommandContext,
  ) {
    super();
  }
}

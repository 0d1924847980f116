import { Command } from '@nestjs/cqrs';
import type { Actor, ExpertProfile } from '@shenbao/domain';
import type { CommandContext } from '@shenbao/commands';

export class RegisterExpertCommand extends Command<{ id: string }> {
  constructor(
    readonly profile: ExpertProfile,
    readonly actor: Actor,
    readonly context: CommandContext,
  ) {
    super();
  }
}

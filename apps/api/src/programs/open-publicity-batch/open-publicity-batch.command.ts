import { Command } from '@nestjs/cqrs';
import type { Actor } from '@shenbao/domain';
import type { CommandContext } from '@shenbao/commands';
import type { PublicityRequest } from './publicity-period';

export class OpenPublicityBatchCommand extends Command<{ id: string; startsAt: string; endsAt: string; position: number }> {
  constructor(
    readonly programId: string,
    readonly caseIds: string[],
    readonly request: PublicityRequest,
    readonly actor: Actor,
    readonly context: CommandContext,
  ) {
    super();
  }
}

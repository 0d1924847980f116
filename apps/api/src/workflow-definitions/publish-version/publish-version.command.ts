import { Command } from '@nestjs/cqrs';
import type { Actor } from '@shenbao/domain';
import type { CommandContext } from '@shenbao/commands';

export class PublishWorkflowVersionCommand extends Command<{ key: string; version: number }> {
  constructor(
    readonly key: string,
    /** Untrusted: validated by the workflow decider. */
    readonly definition: Record<string, unknown>,
    readonly actor: Actor,
    readonly context: CommandContext,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { CaseCommand } from '@shenbao/domain';
import type { CaseCommandContext, CaseCommandResult } from '../case-command.service';

/** Every case action's slice sends its domain command through the CommandBus as this. */
export class RunCaseCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly command: CaseCommand,
    readonly context: CaseCommandContext,
    /** From `If-Match`. */
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

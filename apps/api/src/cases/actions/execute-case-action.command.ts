import { Command } from '@nestjs/cqrs';
import type { CaseCommandContext, CaseCommandResult } from '@shenbao/commands';

/** A case action's request as it came over HTTP; its handler judges the body and runs the action's command. */
export class ExecuteCaseAction extends Command<CaseCommandResult & Record<string, unknown>> {
  constructor(
    /** The registered action's name (libs/domain/src/case/actions). */
    readonly action: string,
    readonly caseId: string,
    readonly body: unknown,
    /** Path ids besides the case id (`objectionId`). */
    readonly params: Readonly<Record<string, string>>,
    readonly context: CaseCommandContext,
    /** From `If-Match`. */
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

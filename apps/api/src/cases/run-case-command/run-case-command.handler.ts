import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService } from '../case-command.service';
import type { CaseCommandResult } from '../case-command.service';
import { RunCaseCommand } from './run-case-command.command';

@CommandHandler(RunCaseCommand)
export class RunCaseCommandHandler implements ICommandHandler<RunCaseCommand> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ caseId, command, context, expectedRevision }: RunCaseCommand): Promise<CaseCommandResult> {
    const { actor, correlationId, causationId, idempotencyKey } = context;
    const ctx = {
      actor,
      correlationId,
      ...(causationId !== undefined ? { causationId } : {}),
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    };
    return this.cases.execute(caseId, command, ctx, expectedRevision !== undefined ? { expectedRevision } : {});
  }
}

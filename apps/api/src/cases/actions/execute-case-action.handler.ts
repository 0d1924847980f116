/**
 * The one handler of every case action: the action's schema judges the body (400 naming each field) and builds
 * the command, with ids and draw seeds chosen here once per request (outside the runner's retries, so a retried
 * decision decides the same events); the CaseCommandService loads, decides and appends.
 */
import { randomBytes } from 'node:crypto';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { caseActionNamed, commandFromRequest } from '@shenbao/domain';
import type { CaseCommand } from '@shenbao/domain';
import { newId, CaseCommandService, commandContextOf } from '@shenbao/commands';
import type { CaseCommandResult } from '@shenbao/commands';
import { ExecuteCaseAction } from './execute-case-action.command';

@CommandHandler(ExecuteCaseAction)
export class ExecuteCaseActionHandler implements ICommandHandler<ExecuteCaseAction> {
  constructor(private readonly cases: CaseCommandService) {}

  async execute({ action, caseId, body, params, context, expectedRevision }: ExecuteCaseAction): Promise<CaseCommandResult & Record<string, unknown>> {
    const def = caseActionNamed(action);
    if (!def) throw new Error(`No case action ${action} is registered`);
    const command = commandFromRequest(def, body, { params, newId, newSeed: () => randomBytes(16).toString('hex') }) as CaseCommand;
    const ctx = commandContextOf(context);
    const result = await this.cases.execute(caseId, command, ctx, expectedRevision !== undefined ? { expectedRevision } : {});
    return { ...def.answer?.(command), ...result };
  }
}

import { Command } from '@nestjs/cqrs';
import type { CaseCommandContext, CaseCommandResult } from '@shenbao/commands';

/** `PUT /cases/:id/application/key-projects`: the uploaded XLSX as it came, judged by its handler. */
export class UploadKeyProjects extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly body: unknown,
    readonly context: CaseCommandContext,
    /** From `If-Match`. */
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

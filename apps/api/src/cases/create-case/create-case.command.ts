import { Command } from '@nestjs/cqrs';
import type { CaseCommandContext } from '@shenbao/commands';
import type { CreateCaseDto, CreatedCaseResponse } from './create-case.dto';

/** `POST /cases` as it came over HTTP (a body its DTO accepted); its handler picks the id and creates the case. */
export class CreateCaseRequest extends Command<CreatedCaseResponse> {
  constructor(
    readonly body: CreateCaseDto,
    readonly context: CaseCommandContext,
  ) {
    super();
  }
}

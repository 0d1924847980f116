/** Creates a case: the id is the server's, so a client cannot pick (or guess) another case's stream. */
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import type { Party } from '@shenbao/domain';
import { newId, CaseCommandService, commandContextOf } from '@shenbao/commands';
import { CreateCaseRequest } from './create-case.command';
import type { CreatedCaseResponse, PartyDto } from './create-case.dto';

const party = (p: PartyDto): Party => ({ cityCode: p.cityCode, ...(p.districtCode !== undefined ? { districtCode: p.districtCode } : {}), unitName: p.unitName });

@CommandHandler(CreateCaseRequest)
export class CreateCaseHandler implements ICommandHandler<CreateCaseRequest> {
  constructor(private readonly cases: CaseCommandService) {}

  async execute({ body, context }: CreateCaseRequest): Promise<CreatedCaseResponse> {
    const caseId = newId();
    const { programId, applicant, partners } = body;
    const ctx = commandContextOf(context);
    const data = {
      caseId,
      programId,
      applicant: { level: applicant.level, ...party(applicant) },
      ...(partners !== undefined ? { partners: partners.map(party) } : {}),
    };
    const result = await this.cases.execute(caseId, { type: 'CreateCase', data }, ctx);
    return { id: caseId, stage: result.stage, revision: result.revision, position: result.position };
  }
}

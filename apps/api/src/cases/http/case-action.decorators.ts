/** What every case route shares: tags and auth, and the case id of the path (a malformed one is 404). */
import { applyDecorators, Param } from '@nestjs/common';
import type { PipeTransform } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DomainError, isId } from '@shenbao/domain';

/** Tags and auth every case controller shares. */
export const CasesApi = (): ClassDecorator => applyDecorators(ApiTags('cases'), ApiBearerAuth());

/**
 * A path id (`:id` of a case): something that cannot be an id cannot name anything, so it is 404 like any unknown
 * one (and never reaches the store as part of a stream name).
 */
class IdPipe implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}

  transform(value: string): string {
    if (typeof value !== 'string' || !isId(value)) throw new DomainError('NOT_FOUND', `No such ${this.what} visible to you.`);
    return value;
  }
}

export const CaseId = (): ParameterDecorator => Param('id', new IdPipe('case'));

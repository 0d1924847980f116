/** The route decorators every case action shares: roles, status, ETag, and the OpenAPI description of both headers. */
import { applyDecorators, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import type { PipeTransform } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Type } from '@nestjs/common';
import { DomainError, isId } from '@shenbao/domain';
import type { Role } from '@shenbao/domain';
import { Roles } from '../../auth/auth.decorators';
import { CaseActionResponse } from './case-action.response';
import { RevisionEtagInterceptor } from './revision-etag.interceptor';

export interface CaseActionRouteOptions {
  /** 201 instead of 200 (creating something: an objection). */
  created?: boolean;
  /** The response type, when it is more than CaseActionResponse. */
  type?: Type<unknown>;
}

/** `summary` is the route's one line in the OpenAPI document. */
export function CaseActionRoute(path: string, roles: Role[], summary: string, opts: CaseActionRouteOptions = {}): MethodDecorator {
  const type = opts.type ?? CaseActionResponse;
  return applyDecorators(
    Post(path),
    Roles(...roles),
    HttpCode(opts.created ? 201 : 200),
    UseInterceptors(RevisionEtagInterceptor),
    ApiOperation({ summary }),
    ApiParam({ name: 'id', description: 'Case id' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'The case revision ("<revision>", the ETag) this action is based on; 409 REVISION_CONFLICT when stale' }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat the same request with the same key to get the first response and append nothing' }),
    opts.created ? ApiCreatedResponse({ type, description: 'Done; ETag carries the revision' }) : ApiOkResponse({ type, description: 'Done; ETag carries the revision' }),
  );
}

/** Tags and auth every case controller shares. */
export const CasesApi = (): ClassDecorator => applyDecorators(ApiTags('cases'), ApiBearerAuth());

/**
 * A path id (`:id` of a case, `:objectionId`): something that cannot be an id cannot name anything, so it is 404
 * like any unknown one (and never reaches the store as part of a stream name).
 */
class IdPipe implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}

  transform(value: string): string {
    if (typeof value !== 'string' || !isId(value)) throw new DomainError('NOT_FOUND', `No such ${this.what} visible to you.`);
    return value;
  }
}

export const CaseId = (): ParameterDecorator => Param('id', new IdPipe('case'));
export const IdParam = (name: string, what: string): ParameterDecorator => Param(name, new IdPipe(what));

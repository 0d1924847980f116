/**
 * Mounts every registered case action (libs/domain/src/case/actions) as a route of this one controller: its
 * method, path and status, its roles (from the action's guard, checked by the global auth guard before anything
 * else), the ETag and the OpenAPI description. The body is passed on untouched: the action's schema judges it.
 */
import { applyDecorators, Body, Controller, HttpCode, Param, Post, Put, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { CASE_ACTION_MODULES, DomainError, isId } from '@shenbao/domain';
import type { AnyCaseAction } from '@shenbao/domain';
import { Ctx, Roles } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseId, CasesApi } from '../http/case-action.decorators';
import { ApplicationDoc } from '../http/application.doc';
import { CaseActionResponse } from '../http/case-action.response';
import { RevisionEtagInterceptor } from '../http/revision-etag.interceptor';
import { actionBodySchema, actionResponseSchema } from './case-action.openapi';
import { ExecuteCaseAction } from './execute-case-action.command';

// The application form is a document its rule module checks; its schema is written as classes here (http/application.doc.ts).
@ApiExtraModels(ApplicationDoc)
@CasesApi()
@Controller('cases')
export class CaseActionsController {
  constructor(private readonly commands: CommandBus) {}

  run(action: AnyCaseAction, id: string, params: Record<string, string>, body: unknown, expectedRevision: number | undefined, ctx: RequestContext) {
    // A path id that cannot be an id cannot name anything: 404 like an unknown one, before the body is judged.
    const ids: Record<string, string> = {};
    for (const [name, what] of Object.entries(action.route.pathIds ?? {})) {
      const value = params[name];
      if (typeof value !== 'string' || !isId(value)) throw new DomainError('NOT_FOUND', `No such ${what} visible to you.`);
      ids[name] = value;
    }
    return this.commands.execute(new ExecuteCaseAction(action.name, id, body, ids, ctx, expectedRevision));
  }
}

function routeDecorators(action: AnyCaseAction): MethodDecorator {
  const { route } = action;
  const description = 'Done; ETag carries the revision';
  const success = route.response ? { schema: actionResponseSchema(action), description } : { type: CaseActionResponse, description };
  return applyDecorators(
    (route.method === 'PUT' ? Put : Post)(`:id/${route.path}`),
    Roles(...action.guard.roles),
    HttpCode(route.status),
    UseInterceptors(RevisionEtagInterceptor),
    ApiOperation({ summary: route.summary, operationId: route.operationId ?? action.commandType }),
    ApiParam({ name: 'id', type: String, description: 'Case id' }),
    ...Object.keys(route.pathIds ?? {}).map((name) => ApiParam({ name, type: String })),
    ApiHeader({ name: 'If-Match', required: false, description: 'The case revision ("<revision>", the ETag) this action is based on; 409 REVISION_CONFLICT when stale' }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat the same request with the same key to get the first response and append nothing' }),
    ApiBody({ schema: actionBodySchema(action), ...(route.bodyDescription !== undefined ? { description: route.bodyDescription } : {}) }),
    route.status === 201 ? ApiCreatedResponse(success) : ApiOkResponse(success),
  );
}

/** One method per action, decorated as a hand-written route would be. */
function mount(action: AnyCaseAction): void {
  const proto = CaseActionsController.prototype as unknown as Record<string, unknown>;
  const key = action.route.operationId ?? action.commandType;
  if (Object.hasOwn(proto, key)) throw new Error(`Two case actions mount as ${key}`);
  proto[key] = function (this: CaseActionsController, id: string, params: Record<string, string>, body: unknown, expectedRevision: number | undefined, ctx: RequestContext) {
    return this.run(action, id, params, body, expectedRevision, ctx);
  };
  // What a compiler would emit for the signature: Nest reads it for every handler (and warns when it is missing);
  // the body is a plain object on purpose, so the validation pipe passes it on and the action's schema judges it.
  Reflect.defineMetadata('design:paramtypes', [String, Object, Object, Number, Object], proto, key);
  CaseId()(proto, key, 0);
  Param()(proto, key, 1);
  Body()(proto, key, 2);
  IfMatch()(proto, key, 3);
  Ctx()(proto, key, 4);
  const descriptor = Object.getOwnPropertyDescriptor(proto, key)!;
  routeDecorators(action)(proto, key, descriptor);
}

for (const action of CASE_ACTION_MODULES) mount(action);

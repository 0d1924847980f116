/**
 * The standard error responses, added to every operation of the generated document in this one place, so that a new
 * route gets them without declaring them. Which statuses an operation lists follows from what it is:
 * - 400 when it takes a body or parameters (malformed input),
 * - 401 and 403 unless it is public (`@Public()` routes declare `security: []`),
 * - 404 when its path names a resource,
 * - 409 and 422 for commands (any method but GET): rule conflicts, stale If-Match, an Idempotency-Key still running
 *   or reused with another body,
 * - 429 everywhere but the operational probes (/health, /metrics).
 * A response a route declares itself keeps its description and gets the error body's schema.
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import { ApiExtension } from '@nestjs/swagger';

/** Set by `@Public()` (auth.decorators.ts); turned into `security: []` and removed from the document here. */
export const PUBLIC_EXTENSION = 'x-shenbao-public';
export const markPublic = (): MethodDecorator & ClassDecorator => ApiExtension(PUBLIC_EXTENSION, true);

export const ERROR_SCHEMA = 'ErrorBody';
const ERROR_REF = { $ref: `#/components/schemas/${ERROR_SCHEMA}` };
const PROBES = /^\/(health|metrics)$/;

export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED: malformed input; `details` lists each field with its messages',
  401: 'UNAUTHENTICATED: no, invalid or expired bearer token',
  403: "FORBIDDEN: the caller's role or scope does not allow this",
  404: 'NOT_FOUND: no such resource visible to the caller',
  409:
    'REVISION_CONFLICT (stale If-Match), ILLEGAL_TRANSITION, CITY_LIMIT_REACHED, QUOTA_REACHED, WINDOW_CLOSED, ' +
    'PUBLICITY_CLOSED, CONFLICT_OF_INTEREST, or the first request with this Idempotency-Key still runs',
  422: 'RULE_VIOLATION: valid input that breaks a rule (`details` lists them), or an Idempotency-Key reused with another body',
  429: 'TOO_MANY_REQUESTS: rate limited; see Retry-After',
};

const ERROR_BODY_SCHEMA = {
  type: 'object',
  description: 'The one error shape of the API',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', description: 'The HTTP status again', example: 409 },
    error: { type: 'string', description: 'A stable code (VALIDATION_FAILED, NOT_FOUND, ILLEGAL_TRANSITION, …)', example: 'ILLEGAL_TRANSITION' },
    message: { type: 'string', description: 'What went wrong, readable by a person' },
    details: {
      description:
        'VALIDATION_FAILED: [{field, messages[]}]; RULE_VIOLATION: [{rule, message}]; REVISION_CONFLICT: {currentRevision}; ' +
        'ILLEGAL_TRANSITION: {stage, allowedActions}',
    },
  },
};

interface Operation {
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses: Record<string, { description?: string; content?: Record<string, { schema: unknown }> }>;
  security?: unknown[];
  [PUBLIC_EXTENSION]?: boolean;
}

/** The error statuses an operation answers (see the file comment). */
export function errorStatusesFor(method: string, path: string, op: Operation): number[] {
  const statuses: number[] = [];
  const isPublic = op[PUBLIC_EXTENSION] === true;
  if (op.requestBody !== undefined || (op.parameters ?? []).some((p) => p.in === 'query' || p.in === 'path')) statuses.push(400);
  if (!isPublic) statuses.push(401, 403);
  if (path.includes('{')) statuses.push(404);
  if (method !== 'get' && !isPublic) statuses.push(409, 422);
  if (!PROBES.test(path)) statuses.push(429);
  return statuses;
}

/** Adds the error body schema, the standard error responses and the security of public routes, in place. */
export function addStandardErrors(doc: OpenAPIObject): OpenAPIObject {
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, [ERROR_SCHEMA]: ERROR_BODY_SCHEMA } };
  // Secured unless an operation says otherwise, so a route that forgets @ApiBearerAuth() is still described right.
  doc.security = [{ bearer: [] }];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, value] of Object.entries(item as Record<string, Operation>)) {
      const op = value;
      for (const status of errorStatusesFor(method, path, op)) {
        op.responses[status] ??= { description: ERROR_DESCRIPTIONS[status] };
      }
      for (const [status, response] of Object.entries(op.responses)) {
        if (/^4\d\d$/.test(status)) response.content = { 'application/json': { schema: ERROR_REF } };
      }
      if (op[PUBLIC_EXTENSION]) op.security = [];
      delete op[PUBLIC_EXTENSION];
    }
  }
  return doc;
}

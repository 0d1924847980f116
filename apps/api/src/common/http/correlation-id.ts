/**
 * Correlation ids: taken from `X-Correlation-Id` when it is a sane token (so a caller can trace a request across
 * systems), generated otherwise. Fastify calls `correlationIdFor` as its `genReqId`, so the id is `request.id`;
 * an `onRequest` hook echoes it in the response, the access log line carries it as `reqId`, and handlers put it into
 * event metadata.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { correlationIdOf, header } from './http.types';
import type { HttpRequest } from './http.types';

export const CORRELATION_HEADER = 'X-Correlation-Id';
const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

export const isSaneCorrelationId = (v: string | undefined): v is string => v !== undefined && SANE.test(v);

/** The id for a new request: the caller's, when sane, or a fresh uuid. */
export function correlationIdFor(req: IncomingMessage): string {
  const given = header(req, CORRELATION_HEADER);
  return isSaneCorrelationId(given) ? given : randomUUID();
}

/** The request's correlation id, for a handler's own log lines (`reqId`, as on the access line). */
export const ReqId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => correlationIdOf(ctx.switchToHttp().getRequest<HttpRequest>()));

/**
 * The only place errors become HTTP responses: DomainError codes map to their API.md status (error-status.ts), Nest's HttpExceptions
 * (unknown route, guards, terminus) and Fastify's request errors (a 4xx FastifyError, such as 413 for a body over the
 * limit or 415 for a content type with no parser, reaches here as an HttpException) to the same `{statusCode, error, message, details?}`
 * shape, and anything else to a logged 500 whose stack never reaches the client.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { isDomainError } from '@shenbao/domain';
import type { ErrorBody } from './error-body';
import { statusOf } from './error-status';
import { correlationIdOf } from '../http/http.types';
import type { HttpRequest, HttpResponse } from '../http/http.types';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'RULE_VIOLATION',
  429: 'TOO_MANY_REQUESTS',
};

export function toErrorBody(exception: unknown): ErrorBody | undefined {
  if (isDomainError(exception)) {
    return { statusCode: statusOf(exception), error: exception.code, message: exception.message, ...withDetails(exception.details) };
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  return undefined;
}

function fromHttpException(e: HttpException): ErrorBody {
  const statusCode = e.getStatus();
  const response = e.getResponse();
  let message = e.message;
  let details: unknown;
  if (typeof response === 'string') message = response;
  else if (typeof response === 'object' && response !== null) {
    const r = response as { message?: unknown; status?: unknown; details?: unknown };
    if (Array.isArray(r.message)) message = r.message.map(String).join('; ');
    else if (typeof r.message === 'string') message = r.message;
    // Terminus puts its per-dependency report in the body of its 503.
    if (r.status !== undefined && r.message === undefined) details = response;
    else if (r.details !== undefined) details = r.details;
  }
  const error = codeFor(statusCode);
  if (error === 'VALIDATION_FAILED' && details === undefined) details = [{ field: 'request', messages: [message] }];
  if (statusCode === 503 && details !== undefined && message === e.message) message = 'A dependency is unavailable';
  return { statusCode, error, message, ...withDetails(details) };
}

function codeFor(status: number): string {
  return CODE_BY_STATUS[status] ?? HttpStatus[status] ?? (status >= 500 ? 'INTERNAL' : 'ERROR');
}

function withDetails(details: unknown): { details?: unknown } {
  return details === undefined ? {} : { details };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<HttpResponse>();
    const req = http.getRequest<HttpRequest>();
    let body = toErrorBody(exception);
    if (body === undefined) {
      body = { statusCode: 500, error: 'INTERNAL', message: `Internal error; the server log has the details (correlation id ${correlationIdOf(req)})` };
      this.logger.error({ err: exception, reqId: correlationIdOf(req), method: req.method, url: req.url }, 'request failed');
    } else if (body.statusCode >= 500) {
      this.logger.warn({ reqId: correlationIdOf(req), method: req.method, url: req.url, error: body.error, details: body.details }, body.message);
    }
    if (res.sent) return;
    // Rate limits, and a repeat of a request still in progress (409), say when to come back.
    if (body.statusCode === 429 || body.statusCode === 409) {
      const after = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof after === 'number') void res.header('Retry-After', String(Math.max(1, Math.ceil(after))));
    }
    // A route's own @Header('Content-Type', 'text/plain') is already on the reply; the error body is JSON.
    void res.header('Content-Type', 'application/json; charset=utf-8');
    void res.code(body.statusCode).send(body);
  }
}

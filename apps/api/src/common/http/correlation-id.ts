/**
 * Correlation ids: taken from `X-Correlation-Id` when it is a sane token (so a caller can trace a request across
 * systems), generated otherwise, echoed in the response and stored on `req.id`, where pino-http picks it up as
 * `reqId` and handlers put it into event metadata. Registered with `app.use` before anything else runs.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { header } from './http.types';
import type { HttpRequest } from './http.types';

export const CORRELATION_HEADER = 'X-Correlation-Id';
const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

export const isSaneCorrelationId = (v: string | undefined): v is string => v !== undefined && SANE.test(v);

export function correlationIdMiddleware(req: HttpRequest, res: ServerResponse, next: () => void): void {
  const given = header(req, CORRELATION_HEADER);
  const id = isSaneCorrelationId(given) ? given : randomUUID();
  req.id = id;
  res.setHeader(CORRELATION_HEADER, id);
  next();
}

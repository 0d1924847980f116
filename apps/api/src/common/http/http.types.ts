/**
 * The few Express request/response members the API uses, typed structurally (the project does not depend on
 * @types/express). `user` is set by the auth guard; `id` (declared on IncomingMessage by pino-http) holds the
 * correlation id, set by the correlation id middleware.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthUser } from '../../auth/auth-user';

export interface HttpRequest extends IncomingMessage {
  body?: unknown;
  ip?: string;
  originalUrl?: string;
  path?: string;
  user?: AuthUser;
}

export interface HttpResponse extends ServerResponse {
  status(code: number): this;
  json(body: unknown): this;
}

/** A header's single value (the first, when repeated). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** The request's correlation id (see correlation-id.ts). */
export function correlationIdOf(req: IncomingMessage): string {
  const id: unknown = (req as { id?: unknown }).id;
  return typeof id === 'string' && id !== '' ? id : 'unknown';
}

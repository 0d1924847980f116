/**
 * The request and response the API sees: Fastify's, with `user` set by the auth guard. `id` is the correlation id
 * (Fastify's request id, produced by `correlationIdFor` in correlation-id.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../auth/auth-user';

export type HttpRequest = FastifyRequest & { user?: AuthUser };
export type HttpResponse = FastifyReply;

/** A header's single value (the first, when repeated). */
export function header(req: { headers: IncomingHttpHeaders }, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** The request's correlation id (see correlation-id.ts). */
export function correlationIdOf(req: { id?: unknown }): string {
  const id = req.id;
  return typeof id === 'string' && id !== '' ? id : 'unknown';
}

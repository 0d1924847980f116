/**
 * `If-Match: "<revision>"` → the expected revision of a command (API.md, "Concurrency"). `*` and an absent header
 * mean "no check"; anything else that is not a revision is a 400 naming the header.
 */
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { DomainError } from '@shenbao/domain';
import { header } from './http.types';
import type { HttpRequest } from './http.types';

export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '' || v === '*') return undefined;
  const m = /^(?:"(\d{1,15})"|(\d{1,15}))$/.exec(v);
  if (!m) {
    throw DomainError.validation([{ field: 'If-Match', messages: ['must be a revision number, e.g. "3" (the ETag of the resource)'] }]);
  }
  return Number(m[1] ?? m[2]);
}

/** The `If-Match` revision of the request, or undefined. */
export const IfMatch = createParamDecorator((_: unknown, ctx: ExecutionContext): number | undefined =>
  parseIfMatch(header(ctx.switchToHttp().getRequest<HttpRequest>(), 'if-match')),
);

/** The value of an `ETag` header for a revision. */
export const etag = (revision: number): string => `"${revision}"`;

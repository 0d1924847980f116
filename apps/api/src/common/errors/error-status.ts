/**
 * The HTTP status of every domain error code (API.md, "Errors"). The domain's errors carry codes only; this map is
 * the one place a code becomes a status. Typed over every code, so a code added to the domain without a status here
 * does not compile (and error-status.spec.ts fails).
 */
import type { DomainError, DomainErrorCode } from '@shenbao/domain';

export const STATUS_BY_CODE: Readonly<Record<DomainErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  REVISION_CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  CITY_LIMIT_REACHED: 409,
  QUOTA_REACHED: 409,
  WINDOW_CLOSED: 409,
  PUBLICITY_CLOSED: 409,
  CONFLICT_OF_INTEREST: 409,
  RULE_VIOLATION: 422,
  TOO_MANY_REQUESTS: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

/** The HTTP status a domain error is answered with (500 for a code the map lacks, which the types and the spec forbid). */
export function statusOf(error: Pick<DomainError, 'code'>): number {
  return STATUS_BY_CODE[error.code] ?? 500;
}

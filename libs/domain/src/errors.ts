/**
 * Domain errors. Codes are exactly the error codes of API.md; the domain knows no transport, so the HTTP status of
 * each code is the API's business (apps/api/src/common/errors/error-status.ts maps code → status in one place,
 * without interpreting messages).
 */
export const DOMAIN_ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'REVISION_CONFLICT',
  'ILLEGAL_TRANSITION',
  'CITY_LIMIT_REACHED',
  'QUOTA_REACHED',
  'WINDOW_CLOSED',
  'PUBLICITY_CLOSED',
  'CONFLICT_OF_INTEREST',
  'RULE_VIOLATION',
  'TOO_MANY_REQUESTS',
  // Attachments (API.md "Additions": 413 too large, 415 type not accepted); the names Fastify's own 413/415 get too.
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** One broken rule, for `RULE_VIOLATION` (`details: [{rule, message}]`). */
export interface RuleBreach {
  rule: string;
  message: string;
}

/** One invalid field, for `VALIDATION_FAILED` (`details: [{field, messages[]}]`). */
export interface FieldError {
  field: string;
  messages: string[];
}

/** How many invalid fields a VALIDATION_FAILED lists (and how many messages per field). */
export const MAX_FIELD_ERRORS = 20;
/** A field path (which holds the client's keys) or message longer than this is cut. */
const clip = (max: number) => (text: string): string => (text.length > max ? `${text.slice(0, max)}…` : text);
const clipField = clip(200);
const clipMessage = clip(1000);

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /**
   * At most MAX_FIELD_ERRORS fields are listed (details and message), and the message says how many there were:
   * a body with thousands of broken items must not turn into an answer of megabytes.
   */
  static validation(fields: FieldError[]): DomainError {
    const shown = fields.slice(0, MAX_FIELD_ERRORS).map((f) => ({ field: clipField(f.field), messages: f.messages.slice(0, MAX_FIELD_ERRORS).map(clipMessage) }));
    const summary = shown.map((f) => `${f.field}: ${f.messages.join('; ')}`).join(' | ');
    const more = fields.length > shown.length ? ` | … and ${fields.length - shown.length} more (${fields.length} problems in all, the first ${shown.length} listed)` : '';
    return new DomainError('VALIDATION_FAILED', `Invalid input — ${summary}${more}`, shown);
  }

  static rules(breaches: RuleBreach[]): DomainError {
    return new DomainError('RULE_VIOLATION', breaches.map((b) => b.message).join(' '), breaches);
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

/**
 * Domain errors. Codes are exactly the error codes of API.md, so the HTTP layer maps them in one place
 * (code → status) without interpreting messages.
 */
export const ERROR_STATUS = {
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
} as const;

export type DomainErrorCode = keyof typeof ERROR_STATUS;

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

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static validation(fields: FieldError[]): DomainError {
    const summary = fields.map((f) => `${f.field}: ${f.messages.join('; ')}`).join(' | ');
    return new DomainError('VALIDATION_FAILED', `Invalid input — ${summary}`, fields);
  }

  static rules(breaches: RuleBreach[]): DomainError {
    return new DomainError('RULE_VIOLATION', breaches.map((b) => b.message).join(' '), breaches);
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

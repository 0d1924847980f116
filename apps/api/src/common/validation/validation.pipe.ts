/**
 * The global ValidationPipe: unknown fields are rejected, payloads become DTO instances, and every failure becomes
 * one 400 VALIDATION_FAILED whose details name each field by its path (`cover.head.mobile`, `keyProjects[2].content`).
 */
import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { DomainError } from '@shenbao/domain';
import type { FieldError } from '@shenbao/domain';

// One array filled in place: spreading a child's list into push() overflows the stack on a long one.
export function flattenValidationErrors(errors: ValidationError[], parent = '', out: FieldError[] = []): FieldError[] {
  for (const e of errors) {
    const path = joinPath(parent, e.property);
    const messages = Object.values(e.constraints ?? {});
    if (messages.length > 0) out.push({ field: path, messages });
    if (e.children && e.children.length > 0) flattenValidationErrors(e.children, path, out);
  }
  return out;
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent === '' ? property : `${parent}.${property}`;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Values are checked as sent: "12" is not a number. Query DTOs convert explicitly with @Type.
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      return DomainError.validation(fields.length > 0 ? fields : [{ field: 'body', messages: ['is invalid'] }]);
    },
  });
}

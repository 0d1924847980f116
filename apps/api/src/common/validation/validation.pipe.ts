/**
 * The global ValidationPipe: unknown fields are rejected, payloads become DTO instances, and every failure becomes
 * one 400 VALIDATION_FAILED whose details name each field by its path (`cover.head.mobile`, `keyProjects[2].content`).
 * Lists over their `@ArrayMaxSize`, arrays given for objects and nulls are refused before the value is transformed.
 */
import { ValidationPipe } from '@nestjs/common';
import type { ArgumentMetadata } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import type { ValidationError } from 'class-validator';
import { DomainError } from '@shenbao/domain';
import type { FieldError } from '@shenbao/domain';
import { precheckShape } from './shape-precheck';

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

/** Nest's pipe, after the shape checks that must come before class-transformer walks the value (shape-precheck.ts). */
class ShapeCheckedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // No body at all (a bare `POST …/submit`, no content type) is an empty object, as an empty JSON body is
    // (json-body.ts): the DTO then says which fields are missing.
    if (metadata.type === 'body' && value === undefined) value = {};
    if (metadata.metatype && this.toValidate(metadata)) {
      const problems = precheckShape(metadata.metatype, value);
      if (problems.length > 0) throw DomainError.validation(problems);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ShapeCheckedValidationPipe({
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

/**
 * An optional field where `null` means "remove it" (PATCH bodies): left out or null, its other validators are
 * skipped. Every other field refuses null by name (shape-precheck.ts).
 */
export const OptionalOrNull = (): PropertyDecorator => ValidateIf((_: object, value: unknown) => value !== null && value !== undefined);

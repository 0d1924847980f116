/** Small builders for the response schemas written as plain OpenAPI 3.0 schema objects (read-schemas.ts). */
import type { OpenAPIObject } from '@nestjs/swagger';

export type Schema = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];
export type SchemaObject = Exclude<Schema, { $ref: string }>;

export const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });
export const str = (description?: string, extra: SchemaObject = {}): SchemaObject => ({ type: 'string', ...(description ? { description } : {}), ...extra });
export const int = (description?: string): SchemaObject => ({ type: 'integer', ...(description ? { description } : {}) });
export const bool = (description?: string): SchemaObject => ({ type: 'boolean', ...(description ? { description } : {}) });
export const instant = (description?: string): SchemaObject => str(description, { format: 'date-time' });
export const date = (description?: string): SchemaObject => str(description, { format: 'date', example: '2019-04-26' });
export const arr = (items: Schema, description?: string): SchemaObject => ({ type: 'array', items, ...(description ? { description } : {}) });
export const oneOf = (values: readonly string[], description?: string): SchemaObject => str(description, { enum: [...values] });
export const counts = (keys: readonly string[], description: string): SchemaObject =>
  obj(Object.fromEntries(keys.map((k) => [k, int()])), { description });

/** An object; every property is required unless listed in `optional`. */
export function obj(
  properties: Record<string, Schema>,
  opts: { optional?: string[]; description?: string; nullable?: boolean; open?: boolean } = {},
): SchemaObject {
  const required = Object.keys(properties).filter((k) => !opts.optional?.includes(k));
  return {
    type: 'object',
    ...(opts.description ? { description: opts.description } : {}),
    ...(opts.nullable ? { nullable: true } : {}),
    ...(required.length > 0 ? { required } : {}),
    properties,
    // `open`: parts whose inner shape is the domain's event data, described by the command that records it.
    ...(opts.open ? { additionalProperties: true } : {}),
  };
}

/** An event-data record kept as recorded (its fields are those of the command's body). */
export const record = (description: string, nullable = false): SchemaObject => ({
  type: 'object',
  description,
  additionalProperties: true,
  ...(nullable ? { nullable: true } : {}),
});

/** `{items, nextCursor}` (API.md "Lists"). */
export const page = (item: Schema): SchemaObject =>
  obj({ items: arr(item), nextCursor: str('Pass as ?cursor= for the next page; null on the last page', { nullable: true }) });

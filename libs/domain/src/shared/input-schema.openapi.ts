/**
 * The JSON Schema (OpenAPI 3.0 dialect) of an input schema: what the API's document shows for a command's body.
 * Named objects become components and are referenced; the rest is written inline.
 */
import type { FieldSchema, InputSchema, ObjectSchema } from './input-schema';

export type JsonSchema = Record<string, unknown>;

const FORMAT_DOC = { date: { format: 'date' }, instant: { format: 'date-time' }, id: {}, sha256: { pattern: '^[0-9a-f]{64}$' } } as const;

function doc(field: FieldSchema): JsonSchema {
  return { ...(field.description !== undefined ? { description: field.description } : {}), ...(field.example !== undefined ? { example: field.example } : {}) };
}

function toSchema(field: FieldSchema, components: Record<string, JsonSchema>): JsonSchema {
  switch (field.kind) {
    case 'text':
      return { type: 'string', ...(field.blankOk ? {} : { minLength: 1 }), maxLength: field.max, ...(field.format ? FORMAT_DOC[field.format] : {}), ...doc(field) };
    case 'enum':
      return { type: 'string', enum: [...field.values], ...doc(field) };
    case 'number':
      return {
        type: field.integer ? 'integer' : 'number',
        ...(field.min !== undefined ? { minimum: field.min } : {}),
        ...(field.max !== undefined ? { maximum: field.max } : {}),
        ...doc(field),
      };
    case 'boolean':
      return { type: 'boolean', ...doc(field) };
    case 'list':
      return { type: 'array', items: toSchema(field.items, components), maxItems: field.maxItems, ...doc(field) };
    case 'map':
      return { type: 'object', additionalProperties: toSchema(field.values, components), maxProperties: field.maxEntries, ...doc(field) };
    case 'object': {
      if (field.name === undefined) return objectSchema(field, components);
      components[field.name] = objectSchema({ ...field, description: undefined, example: undefined }, components);
      const ref = { $ref: `#/components/schemas/${field.name}` };
      const d = doc(field);
      return Object.keys(d).length > 0 ? { ...d, allOf: [ref] } : ref;
    }
  }
}

function objectSchema(schema: ObjectSchema, components: Record<string, JsonSchema>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [key, field] of Object.entries(schema.fields)) properties[key] = toSchema(field, components);
  const required = Object.entries(schema.fields).filter(([, f]) => !f.optional).map(([key]) => key);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false, ...doc(schema) };
}

/**
 * The body's schema as a reference (or inline, when it has no name) plus every named component it needs; the
 * caller adds the components to its document.
 */
export function inputJsonSchema(schema: InputSchema): { body: JsonSchema; components: Record<string, JsonSchema> } {
  // A document's component is the API's to declare (it documents what its own rule module checks).
  if (schema.kind === 'document') return { body: { $ref: `#/components/schemas/${schema.name}` }, components: {} };
  const components: Record<string, JsonSchema> = {};
  const body = toSchema(schema, components);
  return { body, components };
}

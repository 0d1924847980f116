/**
 * A small structural check of a value against an OpenAPI 3.0 schema (the subset the project's documents use: $ref,
 * type, nullable, required, properties, additionalProperties, items, minItems, enum, pattern, minimum). Returns
 * every mismatch with its path, so a test can show what the document and the real answer disagree on.
 */
export type SchemaLike = Record<string, unknown>;

export function schemaMismatches(schema: SchemaLike, value: unknown, schemas: Record<string, SchemaLike> = {}, path = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = schemas[name];
    return target ? schemaMismatches(target, value, schemas, path) : [`${path}: unresolved ${schema.$ref}`];
  }
  if (value === null) return schema.nullable === true || schema.type === undefined ? [] : [`${path}: null but not nullable`];
  const type = schema.type as string | undefined;
  const errors: string[] = [];
  if (type === 'object') {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object`];
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, SchemaLike>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in record)) errors.push(`${path}.${key}: missing`);
    for (const [key, v] of Object.entries(record)) {
      if (properties[key]) errors.push(...schemaMismatches(properties[key], v, schemas, `${path}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}.${key}: not in the schema`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...schemaMismatches(schema.additionalProperties as SchemaLike, v, schemas, `${path}.${key}`));
      else if (schema.additionalProperties === undefined && schema.properties !== undefined) errors.push(`${path}.${key}: not described`);
    }
    return errors;
  }
  if (type === 'array') {
    if (!Array.isArray(value)) return [`${path}: not an array`];
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${path}: fewer than ${schema.minItems} items`);
    value.forEach((v, i) => errors.push(...schemaMismatches((schema.items ?? {}) as SchemaLike, v, schemas, `${path}[${i}]`)));
    return errors;
  }
  const actual = Number.isInteger(value) && type === 'integer' ? 'integer' : typeof value;
  if (type !== undefined && actual !== type && !(type === 'number' && actual === 'number')) return [`${path}: ${actual}, not ${type}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: ${String(value)} is not one of ${schema.enum.join(', ')}`);
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(String(value))) errors.push(`${path}: ${String(value)} does not match ${schema.pattern}`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
  return errors;
}

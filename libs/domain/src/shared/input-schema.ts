/**
 * A small declarative schema for the body of a command sent over HTTP: the one place its fields, types, sizes and
 * blank rules are stated. `validateInput` judges untrusted JSON against it (API.md VALIDATION_FAILED, every problem
 * named by its field path); `input-schema.openapi.ts` turns the same object into the JSON Schema the OpenAPI
 * document shows. Plain data and functions, so the domain can own it without a framework.
 */
import type { FieldError } from '../errors';
import { fieldPath, FieldErrorList, isPlainObject } from '../rules/field-errors';
import { charLength, hasAtMostDecimals, isBlank, isDate, isInstant, isId } from '../rules/formats';

interface Doc {
  description?: string;
  example?: unknown;
  /** May be left out (never null: null is refused by name, as everywhere in the API). */
  optional?: boolean;
}
export type TextFormat = 'date' | 'instant' | 'id' | 'sha256';
export interface TextField extends Doc {
  kind: 'text';
  max: number;
  /** Blank ('' or whitespace) is accepted; by default it is refused. */
  blankOk?: boolean;
  format?: TextFormat;
}
export interface EnumField extends Doc {
  kind: 'enum';
  values: readonly string[];
}
export interface NumberField extends Doc {
  kind: 'number';
  integer?: boolean;
  min?: number;
  max?: number;
  /** At most this many decimals (money in 万元: 2). */
  decimals?: number;
}
export interface BooleanField extends Doc {
  kind: 'boolean';
}
export interface ListField extends Doc {
  kind: 'list';
  items: FieldSchema;
  /** A longer list is refused by its length alone, before any item is looked at. */
  maxItems: number;
}
/** An object with free keys (criterion id → points). */
export interface MapField extends Doc {
  kind: 'map';
  values: NumberField;
  maxEntries: number;
}
export interface ObjectSchema extends Doc {
  kind: 'object';
  /** Its name among the OpenAPI document's components; unnamed objects are written inline. */
  name?: string;
  fields: Readonly<Record<string, FieldSchema>>;
}
export type FieldSchema = TextField | EnumField | NumberField | BooleanField | ListField | MapField | ObjectSchema;
/**
 * A whole document judged by its own rule module (the application form: formats now, completeness on submit),
 * where the rules are too many to state field by field here; the API documents it by the component `name`.
 */
export interface DocumentSchema {
  kind: 'document';
  name: string;
  validate(value: unknown): FieldError[];
}
export type InputSchema = ObjectSchema | DocumentSchema;

type Opts<F> = Omit<F, 'kind'>;
export const text = (max: number, opts: Omit<Opts<TextField>, 'max'> = {}): TextField => ({ kind: 'text', max, ...opts });
export const oneOf = (values: readonly string[], opts: Omit<Opts<EnumField>, 'values'> = {}): EnumField => ({ kind: 'enum', values, ...opts });
export const number = (opts: Opts<NumberField> = {}): NumberField => ({ kind: 'number', ...opts });
export const integer = (min: number, max: number, opts: Omit<Opts<NumberField>, 'min' | 'max' | 'integer'> = {}): NumberField =>
  ({ kind: 'number', integer: true, min, max, ...opts });
export const boolean = (opts: Opts<BooleanField> = {}): BooleanField => ({ kind: 'boolean', ...opts });
export const list = (items: FieldSchema, maxItems: number, opts: Omit<Opts<ListField>, 'items' | 'maxItems'> = {}): ListField =>
  ({ kind: 'list', items, maxItems, ...opts });
export const map = (values: NumberField, maxEntries: number, opts: Omit<Opts<MapField>, 'values' | 'maxEntries'> = {}): MapField =>
  ({ kind: 'map', values, maxEntries, ...opts });
export const object = (name: string | undefined, fields: Record<string, FieldSchema>, opts: Omit<Opts<ObjectSchema>, 'name' | 'fields'> = {}): ObjectSchema =>
  ({ kind: 'object', ...(name !== undefined ? { name } : {}), fields, ...opts });
export const optional = <F extends FieldSchema>(field: F): F => ({ ...field, optional: true });

const FORMATS: Record<TextFormat, { test: (s: string) => boolean; message: string }> = {
  date: { test: isDate, message: 'must be a date YYYY-MM-DD' },
  instant: { test: isInstant, message: 'must be an ISO 8601 instant with a zone, e.g. 2019-06-10T09:00:00+08:00' },
  id: { test: isId, message: 'must be an id' },
  sha256: { test: (s) => /^[0-9a-f]{64}$/.test(s), message: 'must be a SHA-256 in 64 lowercase hex digits' },
};

/** Every problem of `value` against `schema`, each named by its field path; [] when it conforms. */
export function validateInput(schema: InputSchema, value: unknown): FieldError[] {
  if (schema.kind === 'document') return schema.validate(value);
  const errs = new FieldErrorList();
  if (!isPlainObject(value)) errs.add('body', 'must be a JSON object');
  else checkObject(errs, '', schema, value);
  return errs.toArray();
}

function checkObject(errs: FieldErrorList, path: string, schema: ObjectSchema, v: Record<string, unknown>): void {
  for (const key of Object.keys(v)) {
    if (!Object.hasOwn(schema.fields, key)) errs.add(fieldPath(path, key), 'is not an allowed field');
  }
  for (const [key, field] of Object.entries(schema.fields)) {
    const at = fieldPath(path, key);
    const x = Object.hasOwn(v, key) ? v[key] : undefined;
    if (x === undefined) {
      if (!field.optional) errs.add(at, 'is required');
    } else if (x === null) errs.add(at, 'must not be null (leave the field out instead)');
    else check(errs, at, field, x);
  }
}

function check(errs: FieldErrorList, at: string, field: FieldSchema, x: unknown): void {
  switch (field.kind) {
    case 'text': return checkText(errs, at, field, x);
    case 'enum':
      if (typeof x !== 'string' || !field.values.includes(x)) errs.add(at, `must be one of ${field.values.join(', ')}`);
      return;
    case 'number': return checkNumber(errs, at, field, x);
    case 'boolean':
      if (typeof x !== 'boolean') errs.add(at, 'must be true or false');
      return;
    case 'list':
      if (!Array.isArray(x)) errs.add(at, 'must be an array');
      else if (x.length > field.maxItems) errs.add(at, `must have at most ${field.maxItems} items (has ${x.length})`);
      else x.forEach((item, i) => (item === null || item === undefined ? errs.add(fieldPath(at, i), 'must not be null') : check(errs, fieldPath(at, i), field.items, item)));
      return;
    case 'map': {
      if (!isPlainObject(x)) return errs.add(at, 'must be an object');
      const entries = Object.entries(x);
      if (entries.length > field.maxEntries) return errs.add(at, `must have at most ${field.maxEntries} entries (has ${entries.length})`);
      for (const [k, item] of entries) checkNumber(errs, fieldPath(at, k), field.values, item);
      return;
    }
    case 'object':
      if (!isPlainObject(x)) errs.add(at, 'must be an object');
      else checkObject(errs, at, field, x);
      return;
  }
}

function checkText(errs: FieldErrorList, at: string, field: TextField, x: unknown): void {
  if (typeof x !== 'string') return errs.add(at, 'must be a string');
  if (!field.blankOk && isBlank(x)) return errs.add(at, 'must not be blank');
  const length = charLength(x);
  if (length > field.max) return errs.add(at, `must be at most ${field.max} characters (has ${length})`);
  const format = field.format ? FORMATS[field.format] : undefined;
  if (format && !(field.blankOk && x === '') && !format.test(x)) errs.add(at, format.message);
}

function checkNumber(errs: FieldErrorList, at: string, field: NumberField, x: unknown): void {
  if (typeof x !== 'number' || !Number.isFinite(x)) return errs.add(at, 'must be a finite number');
  if (field.integer && !Number.isInteger(x)) return errs.add(at, 'must be a whole number');
  if (field.min !== undefined && x < field.min) errs.add(at, `must be at least ${field.min}`);
  if (field.max !== undefined && x > field.max) errs.add(at, `must be at most ${field.max}`);
  if (field.decimals !== undefined && !hasAtMostDecimals(x, field.decimals)) errs.add(at, `must have at most ${field.decimals} decimals`);
}

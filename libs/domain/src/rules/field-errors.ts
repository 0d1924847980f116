/**
 * A small collector and shape readers for validating untrusted JSON into `FieldError[]` (API.md
 * `VALIDATION_FAILED`: `details: [{field, messages[]}]`). Readers record what is wrong and return the value only
 * when its type is right, so a validator can keep going and report every problem in one response.
 */
import type { FieldError } from '../errors';
import { charLength } from './formats';

export class FieldErrorList {
  private readonly byField = new Map<string, string[]>();

  add(field: string, message: string): void {
    const messages = this.byField.get(field);
    if (messages) {
      if (!messages.includes(message)) messages.push(message);
    } else this.byField.set(field, [message]);
  }

  get isEmpty(): boolean {
    return this.byField.size === 0;
  }

  toArray(): FieldError[] {
    return [...this.byField].map(([field, messages]) => ({ field, messages }));
  }
}

/** `a.b`, `a[2]`, and `a["odd key"]` for keys that are not identifiers. */
export const fieldPath = (base: string, key: string | number): string => {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
};

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads an object with exactly the given keys: unknown keys are rejected (API.md: "unknown fields rejected"),
 * missing required ones are reported. Returns the object when it is one, else undefined.
 */
export function readObject(
  errs: FieldErrorList,
  path: string,
  v: unknown,
  required: readonly string[],
  optional: readonly string[] = [],
): Record<string, unknown> | undefined {
  if (!isPlainObject(v)) {
    errs.add(path, 'must be an object');
    return undefined;
  }
  for (const key of Object.keys(v)) {
    if (!required.includes(key) && !optional.includes(key)) errs.add(fieldPath(path, key), 'is not an allowed field');
  }
  for (const key of required) {
    if (v[key] === undefined) errs.add(fieldPath(path, key), 'is required');
  }
  return v;
}

export interface StringRule {
  /** Maximum length in characters (code points). */
  max?: number;
  /** Checked only when the string is not empty: drafts may leave fields blank, completeness is checked on submit. */
  format?: { test: (s: string) => boolean; message: string };
}

/** Reads a string; `undefined` (absent) passes silently, since `readObject` already reported required keys. */
export function readString(errs: FieldErrorList, path: string, v: unknown, rule: StringRule = {}): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    errs.add(path, 'must be a string');
    return undefined;
  }
  if (rule.max !== undefined) {
    const length = charLength(v);
    if (length > rule.max) errs.add(path, `must be at most ${rule.max} characters (has ${length})`);
  }
  if (rule.format && v !== '' && !rule.format.test(v)) errs.add(path, rule.format.message);
  return v;
}

/** Reads an array; one longer than `maxItems` is refused whole, before any item is looked at. */
export function readArray(errs: FieldErrorList, path: string, v: unknown, maxItems: number): unknown[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) {
    errs.add(path, 'must be an array');
    return undefined;
  }
  if (v.length > maxItems) {
    errs.add(path, `must have at most ${maxItems} items (has ${v.length})`);
    return undefined;
  }
  return v;
}

export function readNumber(errs: FieldErrorList, path: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    errs.add(path, 'must be a finite number');
    return undefined;
  }
  return v;
}

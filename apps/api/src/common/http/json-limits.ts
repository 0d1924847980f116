/**
 * Shape limits every JSON body must meet before anything else looks at it. Recursive code downstream
 * (class-transformer, class-validator, canonical JSON for Idempotency-Key) would overflow the stack on deep nesting,
 * and per-item work on a huge list (transforming, validating, one error per item) holds the event loop for
 * seconds, so both are refused while parsing, before authentication, at a cost linear in the body's size.
 *
 * The ceilings sit far above any real body: the application's longest lists hold at most 500 key projects or
 * enterprises, a program at most 100 regions of 200 districts, and the deepest bodies (a workflow definition, a
 * program) nest 5 levels. Each DTO list has its own, lower, `@ArrayMaxSize` (checked by the validation pipe before
 * transforming).
 */
import { fieldPath } from '@shenbao/domain';

/** The deepest nesting of arrays and objects a body may have (`{"a":[1]}` is 2). */
export const JSON_MAX_DEPTH = 32;
/** The most items an array, or members an object, in a body may have. */
export const JSON_MAX_MEMBERS = 1000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * True when the JSON text nests arrays/objects deeper than `max`. One pass over the text, brackets inside strings
 * ignored; malformed text is left to the parser.
 */
export function nestsDeeperThan(text: string, max: number = JSON_MAX_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth -= 1;
  }
  return false;
}

export interface OversizedContainer {
  /** Its path in the body (`keyProjects`, `plan.customTasks[0]`); `body` for the body itself. */
  field: string;
  size: number;
}

/**
 * The first array or object (depth first) with more than `max` items or members, judged by its size before any
 * of them is visited. The value must already be depth-checked (the walk recurses).
 */
export function findOversized(value: unknown, max: number = JSON_MAX_MEMBERS, path = ''): OversizedContainer | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    if (value.length > max) return { field: path || 'body', size: value.length };
    for (let i = 0; i < value.length; i += 1) {
      const found = findOversized(value[i], max, fieldPath(path, i));
      if (found) return found;
    }
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length > max) return { field: path || 'body', size: keys.length };
  for (const key of keys) {
    const found = findOversized((value as Record<string, unknown>)[key], max, fieldPath(path, key));
    if (found) return found;
  }
  return undefined;
}

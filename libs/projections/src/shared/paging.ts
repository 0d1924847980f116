/** Keyset pagination: an opaque cursor over a strictly ordered integer key, and the list limits of API.md. */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Raised for a cursor this module did not issue; the API maps it to 400 VALIDATION_FAILED. */
export class InvalidCursorError extends Error {
  readonly field = 'cursor';
  constructor() {
    super('cursor is not valid');
    this.name = 'InvalidCursorError';
  }
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

export function encodeCursor(key: number): string {
  return Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): number | undefined {
  if (cursor === undefined || cursor === null || cursor === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof parsed.k === 'number' && Number.isSafeInteger(parsed.k) && parsed.k >= 0) return parsed.k;
  } catch {
    // fall through: any undecodable cursor is the caller's error
  }
  throw new InvalidCursorError();
}

/** Items come from a query with limit + 1 rows, newest first; the cursor is the last returned item's key. */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => number, map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(map), nextCursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

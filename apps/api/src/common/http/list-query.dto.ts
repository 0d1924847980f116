/**
 * Lists (API.md, "Lists"): `?limit=` (1–200, default 50) and an opaque `?cursor=`; responses `{items, nextCursor}`.
 * The cursor wraps the sort key of the last item returned, so pages stay stable while items are added.
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '@shenbao/domain';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export class ListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const encodeCursor = (key: string): string => Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const k = (parsed as { k?: unknown } | null)?.k;
    if (typeof k === 'string') return k;
  } catch {
    // fall through to the validation error
  }
  throw DomainError.validation([{ field: 'cursor', messages: ['is not a cursor this list returned'] }]);
}

/**
 * Builds a page from items sorted by `keyOf` that start after the cursor; `fetched` may hold one item more than
 * `limit`, which only tells whether there is a next page.
 */
export function toPage<T, R>(fetched: T[], limit: number, keyOf: (item: T) => string, view: (item: T) => R): Page<R> {
  const items = fetched.slice(0, limit);
  const more = fetched.length > limit && items.length > 0;
  return { items: items.map(view), nextCursor: more ? encodeCursor(keyOf(items[items.length - 1])) : null };
}

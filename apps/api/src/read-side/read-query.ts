/**
 * What every read-model query route shares: the `minPosition` query parameter (read-your-writes), the headers that
 * say how current the answer is, and turning the projections' cursor error into the API's 400 naming `cursor`.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { DomainError } from '@shenbao/domain';
import { InvalidCursorError } from '@shenbao/projections';
import { ListQueryDto } from '../common/http/list-query.dto';
import type { HttpResponse } from '../common/http/http.types';
import type { ReadPosition } from './read-models.service';

/** On every list and dashboard answer: the global position the read models had applied when it was read. */
export const READ_POSITION_HEADER = 'X-Read-Position';
/**
 * Only when `minPosition` was asked for and the 2 s wait ended short of it: `minPosition=<asked>; position=<reached>`.
 * The answer is still 200 with what the read models hold, but it does not include the caller's write yet: read again.
 */
export const READ_STALE_HEADER = 'X-Read-Stale';

/** OpenAPI: the two headers of a read-model answer, so clients generated from the document know them. */
export const ReadPositionHeaders = (): MethodDecorator =>
  applyDecorators(
    ApiResponse({
      status: 200,
      description: 'Read from the read models',
      headers: {
        [READ_POSITION_HEADER]: { description: 'The global position the read models had applied: every event up to it is in the answer', schema: { type: 'integer' } },
        [READ_STALE_HEADER]: { description: 'Only when the wait for minPosition timed out: `minPosition=<asked>; position=<reached>` (the answer lacks the write; read again)', schema: { type: 'string' } },
      },
    }),
  );

export function markReadPosition(res: HttpResponse, read: ReadPosition): void {
  void res.header(READ_POSITION_HEADER, String(read.position));
  if (!read.caughtUp && read.minPosition !== undefined) void res.header(READ_STALE_HEADER, `minPosition=${read.minPosition}; position=${read.position}`);
}

export class MinPositionQueryDto {
  @ApiPropertyOptional({ minimum: 0, description: 'A `position` from a command response: wait (≤ 2 s) until the read models include it' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  minPosition?: number;
}

/** `limit`, `cursor` and `minPosition`. */
export class ReadListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ minimum: 0, description: 'A `position` from a command response: wait (≤ 2 s) until the read models include it' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  minPosition?: number;
}

/** Runs a paged query; a cursor the list did not issue is the caller's error (400 VALIDATION_FAILED, field `cursor`). */
export function pagedQuery<T>(query: () => T): T {
  try {
    return query();
  } catch (e) {
    if (e instanceof InvalidCursorError) {
      throw DomainError.validation([{ field: 'cursor', messages: ['is not a cursor this list returned (use nextCursor of the previous page)'] }]);
    }
    throw e;
  }
}

/** Query-string booleans: exactly `true` or `false`; anything else is left for @IsBoolean to refuse. */
export const queryBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

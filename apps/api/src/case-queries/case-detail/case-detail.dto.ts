import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';
import { isValidInstant } from '@shenbao/domain';
import { MinPositionQueryDto } from '../../read-side/read-query';

/** `GET /cases/:id` query. `minPosition` is accepted but never waits: the detail is folded from the stream itself. */
export class CaseDetailQueryDto extends MinPositionQueryDto {
  @ApiPropertyOptional({ description: 'ISO 8601 instant with a zone: the case as it stood then', example: '2019-04-01T08:00:00+08:00' })
  @IsOptional()
  // An unencoded `+08:00` arrives as ` 08:00` (form decoding of the query string); read it as meant.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/ (\d{2}:\d{2})$/, '+$1') : value))
  @ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value: unknown) => isValidInstant(value),
      defaultMessage: () => 'asOf must be an ISO 8601 instant with a zone, e.g. 2019-04-01T08:00:00+08:00 or 2019-04-01T00:00:00Z',
    },
  })
  asOf?: string;
}

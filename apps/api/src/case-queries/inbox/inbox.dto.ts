import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { ReadListQueryDto, queryBoolean } from '../../read-side/read-query';

export class InboxQueryDto extends ReadListQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Also list work already done and notices already closed' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'includeDone must be true or false' })
  includeDone?: boolean;
}

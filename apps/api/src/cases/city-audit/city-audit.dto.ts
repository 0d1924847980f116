import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { TEXT_MAX } from '../http/common.dto';

export class CityAuditDto {
  @ApiProperty({ enum: ['pass', 'return', 'reject'], description: 'pass → recommendation; return → back to draft; reject → rejected' })
  @IsIn(['pass', 'return', 'reject'])
  decision!: 'pass' | 'return' | 'reject';

  @ApiPropertyOptional({ description: 'Required for return and reject (the reasons)', example: '请补充重点项目投资明细' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  comment?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';
import { TEXT_MAX } from '../http/common.dto';

export class DefenseResultDto {
  @ApiProperty({ enum: ['pass', 'fail', 'defer'] })
  @IsIn(['pass', 'fail', 'defer'])
  decision!: 'pass' | 'fail' | 'defer';

  @ApiPropertyOptional({ example: 85 })
  @IsOptional()
  @IsNumber()
  score?: number;

  @ApiProperty({ description: 'Required (not blank) for fail and defer' })
  @IsString()
  @MaxLength(TEXT_MAX)
  comment!: string;
}

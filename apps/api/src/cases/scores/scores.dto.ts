import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { TEXT_MAX } from '../http/common.dto';

export class ScoresDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'criterion id → points (0 to the criterion maximum); every criterion of the rubric',
    example: { basis: 16, plan: 17, tasks: 16, investment: 12, policy: 8, innovation: 12 },
  })
  @IsObject()
  scores!: Record<string, number>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  comment?: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { TEXT_MAX } from '../http/common.dto';

/** The recommendation letter (推荐函). */
export class RecommendationDto {
  @ApiProperty({ example: '穗工信函〔2019〕58号' })
  @IsString()
  @MaxLength(100)
  letterNo!: string;

  @ApiProperty({ example: '2019-04-10', description: 'YYYY-MM-DD' })
  @IsString()
  @MaxLength(10)
  issuedOn!: string;

  @ApiProperty({ example: '推荐天河区为重点培育对象，申报材料真实有效。' })
  @IsString()
  @MaxLength(TEXT_MAX)
  statement!: string;
}

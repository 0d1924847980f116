import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** The attributes to change, each checked as in `POST /experts`; an attribute left out keeps its value. */
export class UpdateExpertDto {
  @ApiPropertyOptional({ example: '王教授' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ description: 'GB/T 2260 city code of where the expert lives/works (recusal)', example: '440100' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'homeCityCode must be a 6-digit GB/T 2260 city code' })
  homeCityCode?: string;

  @ApiPropertyOptional({ description: 'Employer as written (recusal compares it with the case’s parties)', example: '华南理工大学' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  employer?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 50, example: ['大数据', '智能制造'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  fields?: string[];
}

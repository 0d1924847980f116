import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Either `expertIds` (chosen) or `draw` (drawn reproducibly from the pool, conflicts excluded; the draw is recorded). */
export class PanelDto {
  @ApiPropertyOptional({ type: [String], maxItems: 50, description: 'Chosen experts: the panel size, or the open (recused) seats' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  expertIds?: string[];

  @ApiPropertyOptional({ example: 5, description: 'Draw this many experts (the panel size, or the open seats)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  draw?: number;

  @ApiPropertyOptional({ description: 'Seed of the draw; generated (and recorded) when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  seed?: string;
}

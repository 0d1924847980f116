/**
 * `POST /programs`. Types and sizes only; the program rules (codes, districts belonging to their city, quota
 * order, window dates, min tasks) are `validateProgramSettings`', reported with the same field paths.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class WorkflowRefDto {
  @ApiProperty({ example: 'gd-bdpz-2019' }) @IsString() @MaxLength(64) key!: string;
  @ApiProperty({ example: 1 }) @IsInt() version!: number;
}

export class DistrictDto {
  @ApiProperty({ example: '440106' }) @IsString() @MaxLength(6) code!: string;
  @ApiProperty({ example: '天河' }) @IsString() @MaxLength(100) name!: string;
}

export class RegionDto {
  @ApiProperty({ example: '440100' }) @IsString() @MaxLength(6) cityCode!: string;
  @ApiProperty({ example: '广州' }) @IsString() @MaxLength(100) name!: string;
  @ApiProperty({ example: 3, description: 'District-level cases the city may recommend' }) @IsInt() limit!: number;

  @ApiProperty({ type: [DistrictDto], maxItems: 200 })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DistrictDto)
  districts!: DistrictDto[];
}

export class TaskDto {
  @ApiProperty({ example: 'T1' }) @IsString() @MaxLength(32) code!: string;
  @ApiProperty({ example: '政务数据统筹整合' }) @IsString() @MaxLength(200) name!: string;
}

export class QuotaDto {
  @ApiProperty({ example: 3 }) @IsInt() min!: number;
  @ApiProperty({ example: 5 }) @IsInt() max!: number;
}

export class WindowDto {
  @ApiProperty({ example: '2019-02-27' }) @IsString() @MaxLength(10) opensOn!: string;
  @ApiProperty({ example: '2019-04-26' }) @IsString() @MaxLength(10) closesOn!: string;
}

export class PaperworkDto {
  @ApiProperty({ example: true, description: 'Submitting needs the scan of the sealed 申报书 attached (kind sealedApplication)' })
  @IsBoolean()
  sealedApplicationBeforeSubmit!: boolean;

  @ApiProperty({ example: true, description: "Recommending needs the city's sealed 推荐函 scan attached (kind recommendationLetter)" })
  @IsBoolean()
  recommendationLetterScan!: boolean;

  @ApiProperty({ example: 5, minimum: 0, maximum: 20, description: 'Paper copies of the application to be received (一式五份: 5; 0 for none)' })
  @IsInt()
  @Min(0)
  @Max(20)
  paperCopies!: number;
}

export class CreateProgramDto {
  @ApiProperty({ example: 'gd-bdpz-2020', description: 'Unique; lower-case words separated by -' })
  @IsString()
  @MaxLength(64)
  key!: string;

  @ApiProperty({ example: '广东省大数据综合试验区（2020年）' })
  @IsString()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ type: WorkflowRefDto, description: 'A published workflow version' })
  @ValidateNested()
  @Type(() => WorkflowRefDto)
  workflow!: WorkflowRefDto;

  @ApiProperty({ type: [RegionDto], maxItems: 100 })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RegionDto)
  regions!: RegionDto[];

  @ApiProperty({ type: [TaskDto], maxItems: 100 })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => TaskDto)
  tasks!: TaskDto[];

  @ApiProperty({ example: 6 }) @IsInt() minTasks!: number;

  @ApiProperty({ type: QuotaDto })
  @ValidateNested()
  @Type(() => QuotaDto)
  quota!: QuotaDto;

  @ApiProperty({ type: WindowDto, description: 'Inclusive dates in Asia/Shanghai' })
  @ValidateNested()
  @Type(() => WindowDto)
  window!: WindowDto;

  @ApiProperty({ example: '2020-12-31' })
  @IsString()
  @MaxLength(10)
  targetDate!: string;

  @ApiPropertyOptional({ type: PaperworkDto, description: 'The paper the program asks for; omitted: no scan required, no paper copies counted' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PaperworkDto)
  paperwork?: PaperworkDto;
}

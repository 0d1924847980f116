import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { ApplicantLevel } from '@shenbao/domain';

export class PartyDto {
  @ApiProperty({ example: '440100', description: 'GB/T 2260 city code' })
  @IsString()
  @MaxLength(6)
  cityCode!: string;

  @ApiPropertyOptional({ example: '440106', description: 'GB/T 2260 district code (not for a city-level party)' })
  @IsOptional()
  @IsString()
  @MaxLength(6)
  districtCode?: string;

  @ApiProperty({ example: '广州市天河区人民政府' })
  @IsString()
  @MaxLength(200)
  unitName!: string;
}

export class ApplicantDto extends PartyDto {
  @ApiProperty({ enum: ['district', 'city'] })
  @IsIn(['district', 'city'])
  level!: ApplicantLevel;
}

export class CreateCaseDto {
  @ApiProperty({ description: 'Program id (GET /programs)' })
  @IsString()
  @MaxLength(64)
  programId!: string;

  @ApiProperty({ type: ApplicantDto })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant!: ApplicantDto;

  @ApiPropertyOptional({ type: [PartyDto], maxItems: 20, description: 'Joint application (联合申报): the other districts' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  partners?: PartyDto[];
}

export class CreatedCaseResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'draft' }) stage!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() position!: number;
}

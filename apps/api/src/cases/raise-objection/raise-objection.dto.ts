import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { TEXT_MAX } from '../http/common.dto';

export class ObjectorDto {
  @ApiProperty({ enum: ['person', 'unit'] })
  @IsIn(['person', 'unit'])
  kind!: 'person' | 'unit';

  // Optional here so that an anonymous objection is refused by the rule (422 objection.anonymous) with its reason.
  @ApiProperty({ description: 'Real name (a person) or the unit under its seal; anonymous objections are refused' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiProperty()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contact?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  evidence?: string;
}

export class RaiseObjectionDto {
  @ApiProperty({ type: ObjectorDto, description: 'Visible to the province only' })
  @ValidateNested()
  @Type(() => ObjectorDto)
  objector!: ObjectorDto;

  @ApiProperty()
  @IsString()
  @MaxLength(TEXT_MAX)
  summary!: string;

  @ApiProperty({ example: '2019-07-20', description: 'YYYY-MM-DD, within the publicity period' })
  @IsString()
  @MaxLength(10)
  receivedOn!: string;
}

export class RaisedObjectionResponse {
  @ApiProperty({ format: 'uuid' }) objectionId!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() position!: number;
  @ApiProperty() stage!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class RegisterExpertDto {
  @ApiProperty({ example: '王教授' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ description: 'GB/T 2260 city code of where the expert lives/works (recusal)', example: '440100' })
  @Matches(/^\d{6}$/, { message: 'homeCityCode must be a 6-digit GB/T 2260 city code' })
  homeCityCode!: string;

  @ApiProperty({ example: '华南理工大学' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  employer!: string;

  @ApiProperty({ type: [String], maxItems: 50, example: ['大数据', '智能制造'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  fields!: string[];
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';

export class SiteVisitResultDto {
  @ApiProperty({ enum: ['pass', 'fail', 'defer'] })
  @IsIn(['pass', 'fail', 'defer'])
  decision!: 'pass' | 'fail' | 'defer';

  @ApiProperty({ example: '基础设施完备，需补充数据安全制度。' })
  @IsString()
  @MaxLength(5000)
  findings!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** The formal reply (函复). */
export class GrantApprovalDto {
  @ApiProperty({ example: '粤工信数字产业函〔2019〕900号' })
  @IsString()
  @MaxLength(100)
  replyLetterNo!: string;

  @ApiProperty({ example: '2019-08-01', description: 'YYYY-MM-DD; approvals replied on the same date form one batch' })
  @IsString()
  @MaxLength(10)
  repliedOn!: string;
}

/**
 * Small bodies several actions share. Types and sizes only: whether a text may be blank, and every other rule,
 * is the decider's (VALIDATION_FAILED / RULE_VIOLATION with the same field names).
 */
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export const TEXT_MAX = 5000;

export class ReasonDto {
  @ApiProperty({ example: '申报材料需进一步完善' })
  @IsString()
  @MaxLength(TEXT_MAX)
  reason!: string;
}

export class CommentDto {
  @ApiProperty({ example: '同意' })
  @IsString()
  @MaxLength(TEXT_MAX)
  comment!: string;
}

/** For actions without input: any field sent is rejected as unknown. */
export class EmptyBodyDto {}

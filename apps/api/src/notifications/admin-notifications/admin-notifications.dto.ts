import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { NOTIFICATION_STATUSES, type NotificationStatus } from '@shenbao/notifications';
import { ListQueryDto } from '../../common/http/list-query.dto';

export class ListNotificationsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES, default: 'failed', description: '`waiting` covers queued, backing off and being sent' })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;
}

export class NotificationView {
  @ApiProperty({ description: 'job id: nt-<noticeId>-<userId>' }) id!: string;
  @ApiProperty({ enum: ['waiting', 'delayed', 'active', 'prioritized', 'completed', 'failed'] }) state!: string;
  @ApiProperty({ description: 'notice kind (returned-for-revision, overdue, …)' }) kind!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ description: 'recipient scope key the notice was addressed to (province, city:<code>, …)' }) recipient!: string;
  @ApiProperty() userId!: string;
  @ApiProperty({ description: 'e-mail address' }) to!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'sends tried so far' }) attempts!: number;
  @ApiPropertyOptional() failedReason?: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() finishedAt?: string;
}

export class NotificationPage {
  @ApiProperty({ description: 'false when SMTP_URL is not set: nothing is e-mailed, the list is always empty' }) configured!: boolean;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status!: NotificationStatus;
  @ApiProperty({ type: [NotificationView] }) items!: NotificationView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ description: 'how many e-mails are in this status' }) total!: number;
}

/** The attachment answers' OpenAPI shapes. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATTACHMENT_KINDS } from '@shenbao/domain';

class UploaderDoc {
  @ApiProperty() userId!: string;
  @ApiProperty({ enum: ['applicant', 'city', 'province'] }) role!: string;
  @ApiPropertyOptional({ example: '440100' }) cityCode?: string;
}

export class AttachmentResponse {
  @ApiProperty({ format: 'uuid' }) attachmentId!: string;
  @ApiProperty({ enum: ATTACHMENT_KINDS }) kind!: string;
  @ApiProperty({ description: 'The file name it was uploaded with', example: '申报书（盖章）.pdf' }) name!: string;
  @ApiProperty({ description: 'Bytes' }) size!: number;
  @ApiProperty({ enum: ['application/pdf', 'application/ofd', 'image/jpeg', 'image/png'], description: 'Recognised from the bytes' }) mediaType!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256!: string;
}

export class AddedAttachmentResponse extends AttachmentResponse {
  @ApiProperty() caseId!: string;
  @ApiProperty({ description: 'The case revision after the upload (also the ETag)' }) revision!: number;
  @ApiProperty({ description: 'Global position of the AttachmentAdded event (read-your-writes)' }) position!: number;
}

export class ListedAttachmentResponse extends AttachmentResponse {
  @ApiProperty({ type: UploaderDoc }) uploadedBy!: UploaderDoc;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'Global position of its AttachmentAdded event' }) position!: number;
}

export class AttachmentListResponse {
  @ApiProperty({ type: [ListedAttachmentResponse] }) items!: ListedAttachmentResponse[];
  @ApiProperty({ enum: ATTACHMENT_KINDS, isArray: true, description: 'The kinds the caller may add now' }) kindsAllowed!: string[];
}

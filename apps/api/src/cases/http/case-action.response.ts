import { ApiProperty } from '@nestjs/swagger';
import { STAGES } from '@shenbao/workflows';
import type { Stage } from '@shenbao/workflows';

/** What every case action answers (API.md "Cases"): also sent as `ETag: "<revision>"`. */
export class CaseActionResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ description: 'The case revision after the action; send it back as If-Match' }) revision!: number;
  @ApiProperty({ description: 'Global position of the last event appended; reads accept ?minPosition=' }) position!: number;
  @ApiProperty({ enum: STAGES }) stage!: Stage;
}

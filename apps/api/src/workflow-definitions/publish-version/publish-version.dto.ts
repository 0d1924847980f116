import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

/** Validated here as an object only; the decider validates the definition. OpenAPI shows WorkflowDefinitionInput (see the controller). */
export class PublishVersionDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'A workflow definition (stages, panel, rubric, passThreshold, publicity, monitoring, recusal, timeZone). ' +
      '`key` defaults to the path key and `version` to the next version; versions are published in sequence.',
  })
  @IsObject()
  definition!: Record<string, unknown>;
}

export class PublishedVersionResponse {
  @ApiProperty() key!: string;
  @ApiProperty() version!: number;
}

/**
 * The application form (API.md `PUT /cases/:id/application`) as OpenAPI describes it. The body is checked by the
 * domain's `validateApplicationFormat` alone — shape, types, unknown fields and formats, every problem at once
 * with its path (`cover.head.mobile`, `keyProjects[2].content`) — so these classes carry documentation only and
 * the rules live in one place.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPLICATION_LIMITS } from '@shenbao/domain';

const { listItems, planTasks } = APPLICATION_LIMITS;

class PersonDoc {
  @ApiProperty({ example: '张三' }) name!: string;
  @ApiProperty({ example: '13800138000', description: '1[3-9] followed by 9 digits' }) mobile!: string;
}

class ContactDoc extends PersonDoc {
  @ApiPropertyOptional({ example: '020-38880000' }) fax?: string;
  @ApiProperty({ example: 'bigdata@thnet.gov.cn' }) email!: string;
}

class CoverDoc {
  @ApiProperty() unitName!: string;
  @ApiProperty() address!: string;
  @ApiProperty({ type: PersonDoc }) head!: PersonDoc;
  @ApiProperty({ type: ContactDoc }) contact!: ContactDoc;
}

class CustomTaskDoc {
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
}

class TargetsDoc {
  @ApiProperty() overall!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'task code → target', example: { T1: '…' } })
  perTask!: Record<string, string>;
}

class WorkItemDoc {
  @ApiProperty() title!: string;
  @ApiProperty({ example: '2019-12', description: 'YYYY-MM' }) due!: string;
  @ApiProperty() responsibleUnit!: string;
}

class PlanDoc {
  @ApiProperty() taskStatus!: string;
  @ApiProperty() approach!: string;
  @ApiProperty({ type: [String], maxItems: planTasks, example: ['T1', 'T2', 'T3', 'T4', 'T5', 'T8'], description: 'at least the program minimum on submit' })
  selectedTasks!: string[];
  @ApiProperty({ type: [CustomTaskDoc], maxItems: planTasks }) customTasks!: CustomTaskDoc[];
  @ApiProperty({ type: TargetsDoc }) targets!: TargetsDoc;
  @ApiProperty({ type: [WorkItemDoc], maxItems: listItems }) workItems!: WorkItemDoc[];
  @ApiProperty() policyMeasures!: string;
}

class EnterpriseDoc {
  @ApiProperty() name!: string;
  @ApiProperty({ example: '2016-05', description: 'YYYY-MM' }) enteredOn!: string;
  @ApiProperty() field!: string;
  @ApiProperty() products!: string;
  @ApiPropertyOptional() innovation?: string;
  @ApiPropertyOptional() standing?: string;
  @ApiPropertyOptional() economicResults?: string;
}

class KeyProjectDoc {
  @ApiProperty({ example: 1 }) seq!: number;
  @ApiProperty() name!: string;
  @ApiProperty() undertakingUnit!: string;
  @ApiProperty({ maxLength: 200 }) content!: string;
  @ApiProperty({ example: 1200.5, description: '万元, ≥ 0, ≤ 2 decimals' }) totalInvestment!: number;
  @ApiProperty({ example: '2019-05' }) periodStart!: string;
  @ApiProperty({ example: '2020-12', description: 'not before periodStart' }) periodEnd!: string;
  @ApiProperty({ maxLength: 50 }) expectedResults!: string;
  @ApiPropertyOptional({ description: '万元' }) expectedRevenue?: number;
  @ApiPropertyOptional() remarks?: string;
}

export class ApplicationDoc {
  @ApiProperty({ type: CoverDoc }) cover!: CoverDoc;
  @ApiProperty() basicSituation!: string;
  @ApiProperty() currentStatus!: string;
  @ApiProperty({ type: PlanDoc }) plan!: PlanDoc;
  @ApiProperty({ type: [EnterpriseDoc], maxItems: listItems }) enterprises!: EnterpriseDoc[];
  @ApiProperty({ type: [KeyProjectDoc], maxItems: listItems }) keyProjects!: KeyProjectDoc[];
}

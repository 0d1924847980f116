import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@shenbao/domain';
import { toMermaid } from '@shenbao/workflows';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { Roles } from '../../auth/auth.decorators';
import { versionParam, workflowKeyParam } from '../workflow-key';
import { WorkflowCatalog } from '@shenbao/commands';
import type { PublishedVersion, WorkflowSummary } from '@shenbao/commands';
import { ref } from '../../openapi/schema-helpers';

@ApiTags('workflows')
@ApiBearerAuth()
@Roles('admin', 'province')
@Controller('workflows')
export class ReadVersionsController {
  constructor(private readonly catalog: WorkflowCatalog) {}

  @Get()
  @ApiOperation({ summary: 'Workflows with their published versions (admin, province)' })
  @ApiOkResponse({ schema: ref('WorkflowPage') })
  async list(): Promise<{ items: WorkflowSummary[]; nextCursor: null }> {
    await this.catalog.catchUp();
    return { items: this.catalog.list(), nextCursor: null };
  }

  // Experts read it too: they score against its rubric (criteria and maxima), which is nothing confidential.
  @Get(':key/versions/:version')
  @Roles('admin', 'province', 'expert')
  @ApiOperation({ summary: 'One published version of a workflow definition (admin, province, expert)' })
  @ApiOkResponse({ schema: ref('WorkflowDefinition') })
  async get(@Param('key') key: string, @Param('version') version: string): Promise<WorkflowDefinition> {
    return (await this.find(key, version)).definition;
  }

  @Get(':key/versions/:version/diagram')
  @ApiOperation({ summary: 'The lifecycle under a definition as Mermaid stateDiagram-v2 text (admin, province)' })
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Mermaid stateDiagram-v2 of the lifecycle under this definition', type: String })
  async diagram(@Param('key') key: string, @Param('version') version: string): Promise<string> {
    return toMermaid((await this.find(key, version)).definition);
  }

  private async find(key: string, version: string): Promise<PublishedVersion> {
    const k = workflowKeyParam(key);
    const v = versionParam(version);
    let found = this.catalog.get(k, v);
    if (!found) {
      await this.catalog.catchUp();
      found = this.catalog.get(k, v);
    }
    if (!found) throw new DomainError('NOT_FOUND', `Workflow ${k} has no version ${v}.`);
    return found;
  }
}

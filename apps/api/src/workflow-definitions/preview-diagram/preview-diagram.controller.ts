/**
 * `POST /workflows/:key/diagram {definition}` (admin): the lifecycle diagram (Mermaid stateDiagram-v2) of a
 * definition that is not published yet — the new-version form draws it live as stages are switched on and off.
 * Read off the machine built from the definition, as for a published version; validated as publishing validates
 * (400 naming each field); nothing is recorded.
 */
import { Body, Controller, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { validWorkflowDefinition } from '@shenbao/domain';
import { toMermaid } from '@shenbao/workflows';
import { Roles } from '../../auth/auth.decorators';
import { obj, ref } from '../../openapi/schema-helpers';
import { PublishVersionDto } from '../publish-version/publish-version.dto';
import { workflowKeyParam } from '../workflow-key';
import { WorkflowCatalog } from '@shenbao/commands';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('workflows')
export class PreviewDiagramController {
  constructor(private readonly catalog: WorkflowCatalog) {}

  @Post(':key/diagram')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'The lifecycle diagram of an unpublished definition, as Mermaid text (admin; validated, nothing recorded)' })
  @ApiBody({ schema: obj({ definition: ref('WorkflowDefinitionInput') }) })
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Mermaid stateDiagram-v2 of the lifecycle under this definition', type: String })
  async preview(@Param('key') key: string, @Body() body: PublishVersionDto): Promise<string> {
    const k = workflowKeyParam(key);
    await this.catalog.catchUp();
    // As publishing would fill them: this workflow, its next version (they only label the diagram's comment line).
    const next = (this.catalog.list().find((w) => w.key === k)?.latestVersion ?? 0) + 1;
    return toMermaid(validWorkflowDefinition({ ...body.definition, key: k, version: next }));
  }
}

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, Roles } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { workflowKeyParam } from '../workflow-key';
import { PublishWorkflowVersionCommand } from './publish-version.command';
import { PublishedVersionResponse, PublishVersionDto } from './publish-version.dto';
import { obj, ref } from '../../openapi/schema-helpers';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('workflows')
export class PublishVersionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':key/versions')
  @Roles('admin')
  @ApiOperation({ summary: 'Publish the next version of a workflow definition (admin)' })
  @ApiBody({ schema: obj({ definition: ref('WorkflowDefinitionInput') }) })
  @ApiCreatedResponse({ type: PublishedVersionResponse })
  publish(@Param('key') key: string, @Body() body: PublishVersionDto, @Ctx() ctx: RequestContext): Promise<PublishedVersionResponse> {
    return this.commands.execute(new PublishWorkflowVersionCommand(workflowKeyParam(key), body.definition, ctx.actor, ctx));
  }
}

import { Module } from '@nestjs/common';
import { PublishVersionController } from './publish-version/publish-version.controller';
import { PublishWorkflowVersionHandler } from './publish-version/publish-version.handler';
import { PreviewDiagramController } from './preview-diagram/preview-diagram.controller';
import { ReadVersionsController } from './read-versions/read-versions.controller';
import { WorkflowCatalogModule } from '@shenbao/commands';

/** The workflow versions' endpoints over the catalog (WorkflowCatalogModule: the catalog and the first start's seed). */
@Module({
  imports: [WorkflowCatalogModule],
  controllers: [ReadVersionsController, PublishVersionController, PreviewDiagramController],
  providers: [PublishWorkflowVersionHandler],
  exports: [WorkflowCatalogModule],
})
export class WorkflowDefinitionsModule {}

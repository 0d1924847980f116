import { Module } from '@nestjs/common';
import { PublishVersionController } from './publish-version/publish-version.controller';
import { PublishWorkflowVersionHandler } from './publish-version/publish-version.handler';
import { PreviewDiagramController } from './preview-diagram/preview-diagram.controller';
import { ReadVersionsController } from './read-versions/read-versions.controller';
import { WorkflowSeeder } from './seed/workflow-seeder';
import { WorkflowCatalog } from './workflow-catalog';

@Module({
  controllers: [ReadVersionsController, PublishVersionController, PreviewDiagramController],
  providers: [WorkflowCatalog, PublishWorkflowVersionHandler, WorkflowSeeder],
  exports: [WorkflowCatalog],
})
export class WorkflowDefinitionsModule {}

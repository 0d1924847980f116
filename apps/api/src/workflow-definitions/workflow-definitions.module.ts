import { Module } from '@nestjs/common';
import { PublishVersionController } from './publish-version/publish-version.controller';
import { PublishWorkflowVersionHandler } from './publish-version/publish-version.handler';
import { ReadVersionsController } from './read-versions/read-versions.controller';
import { WorkflowSeeder } from './seed/workflow-seeder';
import { WorkflowCatalog } from './workflow-catalog';

@Module({
  controllers: [ReadVersionsController, PublishVersionController],
  providers: [WorkflowCatalog, PublishWorkflowVersionHandler, WorkflowSeeder],
  exports: [WorkflowCatalog],
})
export class WorkflowDefinitionsModule {}

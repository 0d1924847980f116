import { Module } from '@nestjs/common';
import { WorkflowSeeder } from './seed/workflow-seeder';
import { WorkflowCatalog } from './workflow-catalog';

/**
 * The published workflow definitions (WorkflowCatalog) and the first start's seed of the shipped ones, in every
 * process that runs commands: both resolve a case's definition by key and version, and either may start first.
 */
@Module({
  providers: [WorkflowCatalog, WorkflowSeeder],
  exports: [WorkflowCatalog],
})
export class WorkflowCatalogModule {}

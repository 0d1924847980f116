import { Module } from '@nestjs/common';
import { ExpertDirectoryModule } from '../experts/expert-directory.module';
import { WorkflowCatalogModule } from '../workflow-definitions/workflow-catalog.module';
import { CaseCommandService } from './case-command.service';
import { StreamLoader } from './loading/stream-loader';

/**
 * The one way a case changes (CaseCommandService) and the cached stream loading it shares with the reads of a case
 * (StreamLoader): apps/api's case actions and timers send their commands through it, and so do apps/worker's.
 */
@Module({
  imports: [ExpertDirectoryModule, WorkflowCatalogModule],
  providers: [StreamLoader, CaseCommandService],
  exports: [StreamLoader, CaseCommandService],
})
export class CaseCommandsModule {}

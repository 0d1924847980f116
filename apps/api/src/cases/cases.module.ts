/**
 * Case commands: creating a case, and every registered case action (libs/domain/src/case/actions) mounted by one
 * controller and run by one CommandBus handler through the CaseCommandService; the key-projects table uploaded as
 * XLSX (key-projects-upload/); and the cached stream loading they
 * share (CaseCommandsModule, @shenbao/commands). Exports the service (timers send their commands through it) and
 * the loader (reads of a case fold it the same way).
 */
import { Module } from '@nestjs/common';
import { ExpertsModule } from '../experts/experts.module';
import { WorkflowDefinitionsModule } from '../workflow-definitions/workflow-definitions.module';
import { CaseActionsController } from './actions/case-actions.controller';
import { ExecuteCaseActionHandler } from './actions/execute-case-action.handler';
import { CreateCaseController } from './create-case/create-case.controller';
import { CreateCaseHandler } from './create-case/create-case.handler';
import { KeyProjectsUploadController } from './key-projects-upload/key-projects-upload.controller';
import { UploadKeyProjectsHandler } from './key-projects-upload/upload-key-projects.handler';
import { CaseCommandsModule } from '@shenbao/commands';

@Module({
  imports: [CaseCommandsModule, ExpertsModule, WorkflowDefinitionsModule],
  controllers: [CreateCaseController, CaseActionsController, KeyProjectsUploadController],
  providers: [CreateCaseHandler, ExecuteCaseActionHandler, UploadKeyProjectsHandler],
  exports: [CaseCommandsModule],
})
export class CasesModule {}

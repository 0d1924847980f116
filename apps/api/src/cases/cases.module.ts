/**
 * Case commands: one slice per API action (DTO + controller, dispatched through the CommandBus to the one
 * CaseCommandService), and the cached stream loading they share. Exports the service (timers send their commands
 * through it) and the loader (reads of a case fold it the same way).
 */
import { Module } from '@nestjs/common';
import { ExpertsModule } from '../experts/experts.module';
import { WorkflowDefinitionsModule } from '../workflow-definitions/workflow-definitions.module';
import { CaseActionsController } from './actions/case-actions.controller';
import { ExecuteCaseActionHandler } from './actions/execute-case-action.handler';
import { CaseCommandService } from './case-command.service';
import { CreateCaseController } from './create-case/create-case.controller';
import { StreamLoader } from './loading/stream-loader';
import { RunCaseCommandHandler } from './run-case-command/run-case-command.handler';
import { SaveApplicationController } from './save-application/save-application.controller';

@Module({
  imports: [ExpertsModule, WorkflowDefinitionsModule],
  controllers: [
    CreateCaseController,
    CaseActionsController,
    SaveApplicationController,
  ],
  providers: [StreamLoader, CaseCommandService, RunCaseCommandHandler, ExecuteCaseActionHandler],
  exports: [StreamLoader, CaseCommandService],
})
export class CasesModule {}

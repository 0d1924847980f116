/**
 * The API's read routes: case lists, case detail (folded from the stream, `asOf`), case history, the inbox and the
 * program dashboard and monitoring. Lists read the read models (ReadModelsModule, global); detail and history read the event
 * store. Commands live in cases/ and programs/.
 */
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { WorkflowDefinitionsModule } from '../workflow-definitions/workflow-definitions.module';
import { CaseDetailController } from './case-detail/case-detail.controller';
import { CaseReader } from './case-detail/case-reader';
import { CaseHistoryController } from './case-history/case-history.controller';
import { InboxController } from './inbox/inbox.controller';
import { ListCasesController } from './list-cases/list-cases.controller';
import { ProgramDashboardController } from './program-dashboard/program-dashboard.controller';
import { ProgramMonitoring } from './program-monitoring/program-monitoring';
import { ProgramMonitoringController } from './program-monitoring/program-monitoring.controller';

@Module({
  // AuthModule: the user directory, for the display names in a case's history.
  imports: [AuthModule, CasesModule, WorkflowDefinitionsModule],
  controllers: [ListCasesController, CaseDetailController, CaseHistoryController, InboxController, ProgramDashboardController, ProgramMonitoringController],
  providers: [CaseReader, ProgramMonitoring],
  exports: [CaseReader, ProgramMonitoring],
})
export class CaseQueriesModule {}

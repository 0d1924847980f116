/**
 * The read side's storage: one `ReadModels` per process (read-model database + projection runner). Global, so the
 * query slices and /health can inject it; its lifecycle (catch up on boot, stop before the event store closes)
 * lives in the service.
 */
import { Global, Module } from '@nestjs/common';
import { WorkflowDefinitionsModule } from '../workflow-definitions/workflow-definitions.module';
import { ReadModels } from './read-models.service';

@Global()
@Module({
  imports: [WorkflowDefinitionsModule],
  providers: [ReadModels],
  exports: [ReadModels],
})
export class ReadModelsModule {}

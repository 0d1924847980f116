import { Module } from '@nestjs/common';
import { ExpertDirectoryModule } from '@shenbao/commands';
import { ListExpertsController } from './list-experts/list-experts.controller';
import { RegisterExpertController } from './register-expert/register-expert.controller';
import { RegisterExpertHandler } from './register-expert/register-expert.handler';
import { UpdateExpertController } from './update-expert/update-expert.controller';

/** GET/POST /experts and PATCH /experts/:id over the expert pool (ExpertDirectoryModule, shared with the case commands). */
@Module({
  imports: [ExpertDirectoryModule],
  controllers: [ListExpertsController, RegisterExpertController, UpdateExpertController],
  providers: [RegisterExpertHandler],
  exports: [ExpertDirectoryModule],
})
export class ExpertsModule {}

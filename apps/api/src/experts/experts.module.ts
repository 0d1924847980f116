import { Module } from '@nestjs/common';
import { ExpertDirectoryModule } from '@shenbao/commands';
import { ListExpertsController } from './list-experts/list-experts.controller';
import { RegisterExpertController } from './register-expert/register-expert.controller';
import { RegisterExpertHandler } from './register-expert/register-expert.handler';

/** GET/POST /experts over the expert pool (ExpertDirectoryModule, shared with the case commands). */
@Module({
  imports: [ExpertDirectoryModule],
  controllers: [ListExpertsController, RegisterExpertController],
  providers: [RegisterExpertHandler],
  exports: [ExpertDirectoryModule],
})
export class ExpertsModule {}

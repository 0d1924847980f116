import { Module } from '@nestjs/common';
import { EXPERT_DIRECTORY, InMemoryExpertDirectory } from './expert-directory';
import { ListExpertsController } from './list-experts/list-experts.controller';
import { RegisterExpertController } from './register-expert/register-expert.controller';
import { RegisterExpertHandler } from './register-expert/register-expert.handler';
import { UpdateExpertController } from './update-expert/update-expert.controller';

@Module({
  controllers: [ListExpertsController, RegisterExpertController, UpdateExpertController],
  providers: [{ provide: EXPERT_DIRECTORY, useClass: InMemoryExpertDirectory }, RegisterExpertHandler],
  exports: [EXPERT_DIRECTORY],
})
export class ExpertsModule {}

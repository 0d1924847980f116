import { Module } from '@nestjs/common';
import { EXPERT_DIRECTORY, InMemoryExpertDirectory } from './expert-directory';

/** The expert pool, which case actions that check experts (panels, recusals) decide against. */
@Module({
  providers: [{ provide: EXPERT_DIRECTORY, useClass: InMemoryExpertDirectory }],
  exports: [EXPERT_DIRECTORY],
})
export class ExpertDirectoryModule {}

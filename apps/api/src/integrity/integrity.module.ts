import { Global, Module } from '@nestjs/common';
import { CaseQueriesModule } from '../case-queries/case-queries.module';
import { IntegrityController } from './integrity.controller';
import { IntegrityService } from './integrity.service';

/** The integrity check, tree heads and the verifiable record (issue #16); global so /health can read its state. */
@Global()
@Module({
  imports: [CaseQueriesModule],
  controllers: [IntegrityController],
  providers: [IntegrityService],
  exports: [IntegrityService],
})
export class IntegrityModule {}

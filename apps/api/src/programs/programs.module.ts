/**
 * Programs: creating one (admin), reading them (every role), opening publicity batches (province), and seeding
 * the shipped gd-bdpz-2019 program on first start. Batches change cases too, so this module uses the case
 * streams of CasesModule.
 */
import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { WorkflowDefinitionsModule } from '../workflow-definitions/workflow-definitions.module';
import { CreateProgramController } from './create-program/create-program.controller';
import { CreateProgramHandler } from './create-program/create-program.handler';
import { OpenPublicityBatchController } from './open-publicity-batch/open-publicity-batch.controller';
import { OpenPublicityBatchHandler } from './open-publicity-batch/open-publicity-batch.handler';
import { ProgramDirectory } from './program-directory';
import { ReadProgramsController } from './read-programs/read-programs.controller';
import { ProgramSeeder } from './seed/program-seeder';

@Module({
  imports: [CasesModule, WorkflowDefinitionsModule],
  controllers: [ReadProgramsController, CreateProgramController, OpenPublicityBatchController],
  providers: [ProgramDirectory, CreateProgramHandler, OpenPublicityBatchHandler, ProgramSeeder],
  exports: [ProgramDirectory],
})
export class ProgramsModule {}

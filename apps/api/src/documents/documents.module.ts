/**
 * The program's generated paperwork (issue #15, documents and exports): the 申报书, 重点任务（项目）表, 推荐函 and 函复 of
 * a case, the 公示 notice of a publicity batch, and the program export. Rendering is libs/documents (pure); this
 * module reads the sources through the case detail's read path (CaseReader) and the case list read model.
 */
import { Module } from '@nestjs/common';
import { CaseQueriesModule } from '../case-queries/case-queries.module';
import { CaseDocumentsController } from './case-documents.controller';
import { DocumentSources } from './document-sources';
import { ProgramExportController } from './program-export.controller';
import { PublicityNoticeController } from './publicity-notice.controller';

@Module({
  imports: [CaseQueriesModule],
  controllers: [CaseDocumentsController, PublicityNoticeController, ProgramExportController],
  providers: [DocumentSources],
})
export class DocumentsModule {}

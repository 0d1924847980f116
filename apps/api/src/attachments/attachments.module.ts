/**
 * Attachments of a case (issue #15): the upload, the list and the checked download; the bytes in the blob store
 * (embedded: content-addressed files under DATA_DIR/blobs).
 */
import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@shenbao/host';
import type { AppConfig } from '@shenbao/host';
import { CaseQueriesModule } from '../case-queries/case-queries.module';
import { CasesModule } from '../cases/cases.module';
import { AttachmentsController } from './attachments.controller';
import { BLOB_STORE } from './blob-store';
import { FsBlobStore } from './fs-blob-store';

@Module({
  imports: [CaseQueriesModule, CasesModule],
  controllers: [AttachmentsController],
  providers: [{ provide: BLOB_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new FsBlobStore(config.blobDir) }],
})
export class AttachmentsModule {}

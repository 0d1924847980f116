/** The API: infrastructure, logging, CQRS, the global pipe/filter/interceptor, and one module per feature. */
import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AdminQueuesModule } from './admin-queues/admin-queues.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CaseQueriesModule } from './case-queries/case-queries.module';
import { CasesModule } from './cases/cases.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { IdempotencyInterceptor } from './common/idempotency/idempotency.interceptor';
import { createValidationPipe } from './common/validation/validation.pipe';
import type { AppConfig, AppOverrides } from '@shenbao/host';
import { DeadlinesModule } from '@shenbao/commands';
import { DocumentsModule } from './documents/documents.module';
import { ExpertsModule } from './experts/experts.module';
import { IntegrityModule } from './integrity/integrity.module';
import { ApiInfrastructureModule } from './infrastructure/api-infrastructure.module';
import { apiNotificationsModule } from './notifications/notifications.module';
import { LoggingModule } from '@shenbao/host';
import { ObservabilityModule } from './observability/observability.module';
import { ProgramsModule } from './programs/programs.module';
import { ReadModelsModule } from './read-side/read-models.module';
import { UsersModule } from './users/users.module';
import { WorkflowDefinitionsModule } from './workflow-definitions/workflow-definitions.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiInfrastructureModule.forRoot(config, overrides),
        LoggingModule.forRoot(config.logLevel),
        CqrsModule.forRoot(),
        ObservabilityModule,
        AuthModule,
        UsersModule,
        ExpertsModule,
        WorkflowDefinitionsModule,
        CalendarModule,
        ProgramsModule,
        CasesModule,
        DeadlinesModule.forRoot('api'),
        ReadModelsModule,
        CaseQueriesModule,
        DocumentsModule,
        AttachmentsModule,
        IntegrityModule,
        AdminQueuesModule,
        apiNotificationsModule(config),
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}

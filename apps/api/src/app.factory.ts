/**
 * Builds the configured API application; `main.ts` listens on it, e2e tests drive it with supertest on a
 * temporary DATA_DIR. Routes live under /api/v1 except the operational /health and /metrics; OpenAPI is at
 * /api/docs (UI) and /api/docs-json.
 */
import { RequestMethod } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { correlationIdMiddleware } from './common/http/correlation-id';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import type { AppOverrides } from './infrastructure/app-overrides';

export const API_PREFIX = 'api/v1';
/** Application forms with their tables fit easily; the limit bounds what one request can make the server parse. */
const JSON_LIMIT = '2mb';

export async function createApp(config: AppConfig, overrides: AppOverrides = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, overrides), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // Before every other middleware, so even a body-parser error response carries the correlation id.
  app.use(correlationIdMiddleware);
  app.useBodyParser('json', { limit: JSON_LIMIT });
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  setUpOpenApi(app);
  await app.init();
  return app;
}

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Shenbao (申报) API')
      .setDescription('Event-sourced application-and-review workflow. Errors: {statusCode, error, message, details?}.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

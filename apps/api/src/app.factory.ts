/**
 * Builds the configured API application on Fastify; `main.ts` listens on it, e2e tests drive it with supertest on a
 * temporary DATA_DIR. Routes live under /api/v1 except the operational /health and /metrics; OpenAPI is at
 * /api/docs (UI) and /api/docs-json; the web console (dist/console) at / (console/console-static.ts).
 *
 * Fastify rather than Express: on this project's 2-core machine plain Express with its JSON body parser answered
 * about 3,000 small PUTs a second and Fastify about 12,000, and the draft-save benchmark (bench/http) is bound by
 * the CPU of one process (BENCHMARKS.md).
 */
import { Logger, RequestMethod } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger as Pino } from 'pino';
import { CORRELATION_HEADER, correlationIdFor } from './common/http/correlation-id';
import { jsonBodyParser } from './common/http/json-body';
import { AppModule } from './app.module';
import { serveConsole } from './console/console-static';
import type { AppConfig } from './config/app-config';
import type { AppOverrides } from './infrastructure/app-overrides';
import { accessLogHook, PinoNestLogger, ROOT_LOGGER } from './observability/logging';

export const API_PREFIX = 'api/v1';
/** Application forms with their tables fit easily; the limit bounds what one request can make the server parse. */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export async function createApp(config: AppConfig, overrides: AppOverrides = {}): Promise<INestApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: correlationIdFor,
    // Our own access line (observability/logging.ts) instead of Fastify's two lines per request.
    logger: false,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, overrides), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(PinoNestLogger));
  const fastify = app.getHttpAdapter().getInstance();
  // The guard sets `user`; declaring it keeps every request object the same shape.
  fastify.decorateRequest('user', undefined);
  fastify.addHook('onRequest', (req, reply, done) => {
    // Every response carries the correlation id, errors included.
    void reply.header(CORRELATION_HEADER, req.id);
    done();
  });
  fastify.addHook('onResponse', accessLogHook(app.get<Pino>(ROOT_LOGGER)));
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES }, jsonBodyParser(fastify));
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  setUpOpenApi(app);
  if (!serveConsole(fastify)) new Logger('Console').warn('The web console is not built (npm run build); / serves nothing.');
  await app.init();
  await fastify.ready();
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

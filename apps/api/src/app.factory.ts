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
import fastifyMultipart from '@fastify/multipart';
import { ATTACHMENT_LIMITS } from '@shenbao/domain';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger as Pino } from 'pino';
import { DEFAULT_PREFIX } from '@shenbao/scheduling';
import { CORRELATION_HEADER, correlationIdFor } from './common/http/correlation-id';
import { HttpDrain } from './common/http/http-drain';
import { jsonBodyParser } from './common/http/json-body';
import { acceptXlsxBodies } from './cases/key-projects-upload/xlsx-body';
import { registerRateLimit } from './common/http/rate-limit';
import { registerSecurityHeaders } from './common/http/security-headers';
import { capConnections, serverOptions } from './common/http/server-limits';
import { AppModule } from './app.module';
import { serveConsole } from './console/console-static';
import type { AppConfig, AppOverrides } from '@shenbao/host';
import { setUpOpenApi } from './openapi/openapi-document';
import { accessLogHook, PinoNestLogger, ROOT_LOGGER } from '@shenbao/host';

export const API_PREFIX = 'api/v1';
/** Application forms with their tables fit easily; the limit bounds what one request can make the server parse. */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export async function createApp(config: AppConfig, overrides: AppOverrides = {}): Promise<INestApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: correlationIdFor,
    // Our own access line (@shenbao/host, logging/logging.ts) instead of Fastify's two lines per request.
    logger: false,
    routerOptions: { ignoreTrailingSlash: true },
    ...serverOptions(config.http, config.trustProxy),
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
  capConnections(fastify.server, config.http);
  registerSecurityHeaders(app, config.corsOrigins);
  // After the headers above, so a 503 of a draining process carries them; before the routes' rate-limit hooks.
  HttpDrain.install(app, fastify);
  await registerRateLimit(app, config.rateLimit, { ...(config.redisUrl !== undefined ? { redisUrl: config.redisUrl } : {}), redisPrefix: config.redisPrefix ?? DEFAULT_PREFIX });
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES }, jsonBodyParser(fastify));
  acceptXlsxBodies(fastify);
  // Attachments (POST /cases/:id/attachments): one file, streamed by the route; past the per-file limit the part is
  // cut and the rest dropped, and the route answers 413.
  await app.register(fastifyMultipart, {
    limits: { fileSize: ATTACHMENT_LIMITS.fileBytes, files: 2, fields: 4, fieldSize: 1024, parts: 6, headerPairs: 100 },
    throwFileSizeLimit: false,
  });
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

/**
 * pino / pino-http settings: JSON lines on stdout, the correlation id as `reqId`, secrets redacted, and the
 * health and metrics probes not logged on every scrape.
 */
import type { Params } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '../config/app-config';
import { correlationIdOf } from '../common/http/http.types';

const QUIET = /^\/(health|metrics)(\/|\?|$)/;

export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      // correlationIdMiddleware ran first and set req.id; pino-http logs it as reqId.
      genReqId: (req: IncomingMessage) => correlationIdOf(req),
      // On every line logged while handling the request (nestjs-pino binds app logs to it), not only the access log.
      customProps: (req: IncomingMessage) => ({ reqId: correlationIdOf(req) }),
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'], censor: '[redacted]' },
      autoLogging: { ignore: (req: IncomingMessage) => QUIET.test(req.url ?? '') },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    },
  };
}

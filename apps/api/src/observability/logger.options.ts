/**
 * pino / pino-http settings: JSON lines on stdout, the correlation id as `reqId`, secrets redacted, and the
 * health and metrics probes not logged on every scrape.
 * Kept cheap per request: lines logged while handling a request (nestjs-pino binds app logs to the request logger)
 * carry `reqId` only, the access line carries the request too, and an access line below LOG_LEVEL is dropped before
 * pino-http builds anything for it.
 */
import type { Params } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { LOG_LEVELS } from '../config/app-config';
import type { AppConfig, LogLevel } from '../config/app-config';
import { correlationIdOf } from '../common/http/http.types';

const QUIET = /^\/(health|metrics)(\/|\?|$)/;

/** True when a line at `level` would be written with LOG_LEVEL `configured` (LOG_LEVELS runs from most severe). */
export function isLogged(level: Exclude<LogLevel, 'silent'>, configured: LogLevel): boolean {
  return configured !== 'silent' && LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(configured);
}

export function loggerOptions(config: AppConfig): Params {
  const accessLevel = (status: number, err: unknown): Exclude<LogLevel, 'silent'> =>
    err || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  return {
    pinoHttp: {
      level: config.logLevel,
      // correlationIdMiddleware ran first and set req.id; pino-http logs it as reqId.
      genReqId: (req: IncomingMessage) => correlationIdOf(req),
      // App lines logged while handling the request get `reqId` (pino-http's request-id key) and not the whole
      // request; the access line still has it.
      quietReqLogger: true,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'], censor: '[redacted]' },
      autoLogging: { ignore: (req: IncomingMessage) => QUIET.test(req.url ?? '') },
      customLogLevel: (_req, res, err) => {
        const level = accessLevel(res.statusCode, err);
        return isLogged(level, config.logLevel) ? level : 'silent';
      },
    },
  };
}

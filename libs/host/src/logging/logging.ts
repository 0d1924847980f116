/**
 * Logging: pino JSON lines on stdout at LOG_LEVEL, for the API and the worker.
 * - `PinoNestLogger` is Nest's LoggerService over one root pino logger, so `new Logger('Ctx').log(...)` anywhere in
 *   the code writes a pino line with `context: 'Ctx'`. An object first argument is merged into the line (an Error
 *   becomes `err`), a string after it is the message.
 * - `accessLogHook` writes one line per finished HTTP request with `reqId` (the correlation id), method, url, status
 *   and response time. Successes are `info`, 4xx `warn`, 5xx `error`; a line below LOG_LEVEL costs one comparison,
 *   and the /health and /metrics probes are never logged. Error lines of the exception filter carry `reqId` too.
 * - Nest's own start-up lines (each module initialized, each route mapped: about 55 on a first start) are `debug`, so
 *   the console at `info` shows what this service says about itself.
 * Request-scoped context is passed explicitly, not through AsyncLocalStorage: on Node 20 that turns on promise
 * hooks for every promise in the process, which the HTTP benchmark measured as a real cost.
 */
import { Global, Module } from '@nestjs/common';
import type { DynamicModule, LoggerService } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import type { DestinationStream, Logger as Pino } from 'pino';
import { LOG_LEVELS } from '../config/app-config';
import type { LogLevel } from '../config/app-config';

type Level = Exclude<LogLevel, 'silent'>;

/** True when a line at `level` would be written with LOG_LEVEL `configured` (LOG_LEVELS runs from most severe). */
export function isLogged(level: Level, configured: LogLevel): boolean {
  return configured !== 'silent' && LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(configured);
}

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** The process's root logger; `destination` is for tests (stdout otherwise). */
export function createRootLogger(level: LogLevel, destination?: DestinationStream): Pino {
  const options = {
    level,
    redact: { paths: ['password', 'headers.authorization', 'headers.cookie', 'req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Writes out what the root logger holds, before the caller writes to stdout itself (the first start's password box
 * must come after the log lines). pino's `flush(cb)` may call back while a line is still held by its destination
 * (sonic-boom), so the destination is flushed synchronously; a destination without `flushSync` writes as it goes.
 */
export function flushLogsSync(root: Pino): void {
  const stream = (root as unknown as Record<symbol, { flushSync?: () => void } | undefined>)[pino.symbols.streamSym];
  stream?.flushSync?.();
}

/**
 * Writes `text` after every line the root logger has taken, through the logger's own destination: its queue keeps
 * the order, whatever it still holds or has in flight (pino's default destination writes asynchronously, and a
 * synchronous flush can overtake a write in flight); stdout when the destination cannot write.
 */
export function writeAfterLogs(root: Pino, text: string): void {
  const stream = (root as unknown as Record<symbol, { write?: (s: string) => unknown; flushSync?: () => void } | undefined>)[pino.symbols.streamSym];
  if (typeof stream?.write !== 'function') {
    process.stdout.write(text);
    return;
  }
  stream.write(text);
}

/** Contexts of Nest's start-up lines, written at `debug` instead of `info`. */
export const NEST_STARTUP_CONTEXTS: ReadonlySet<string> = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Nest's LoggerService over pino, with the call shapes nestjs-pino accepted (see the file comment). */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(asked: Level, message: unknown, params: unknown[]): void {
    // Nest's Logger appends its context as the last argument.
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    const level = asked === 'info' && context !== undefined && NEST_STARTUP_CONTEXTS.has(context) ? 'debug' : asked;
    if (!this.root.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    let rest = params;
    if (context !== undefined) {
      fields.context = context;
      rest = params.slice(0, -1);
    }
    const text = rest.find((p): p is string => typeof p === 'string');
    if (message instanceof Error) {
      fields.err = message;
      this.root[level](fields, text ?? message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.root[level](Object.assign(fields, message), text);
    } else if (level === 'error' && text !== undefined && /\n\s+at /.test(text)) {
      // Nest's own `error(message, stack, context)`.
      const err = new Error(String(message));
      err.stack = text;
      fields.err = err;
      this.root[level](fields, String(message));
    } else {
      this.root[level](fields, String(message));
    }
  }
}

@Global()
@Module({})
export class LoggingModule {
  /** Provides the root pino logger (ROOT_LOGGER) and `PinoNestLogger` (pass it to `app.useLogger`). */
  static forRoot(level: LogLevel, destination?: DestinationStream): DynamicModule {
    const root = createRootLogger(level, destination);
    return {
      module: LoggingModule,
      providers: [
        { provide: ROOT_LOGGER, useValue: root },
        { provide: PinoNestLogger, useValue: new PinoNestLogger(root) },
      ],
      exports: [ROOT_LOGGER, PinoNestLogger],
    };
  }
}

const QUIET = /^\/(health|metrics)(\/|\?|$)/;

function accessLevel(status: number): Level {
  return status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}

/** Fastify `onResponse` hook writing the access line (see the file comment). */
export function accessLogHook(root: Pino): (req: FastifyRequest, reply: FastifyReply, done: () => void) => void {
  return (req, reply, done) => {
    const status = reply.statusCode;
    const level = accessLevel(status);
    if (root.isLevelEnabled(level) && !QUIET.test(req.url)) {
      root[level](
        {
          reqId: req.id,
          req: { method: req.method, url: req.url, remoteAddress: req.ip },
          res: { statusCode: status },
          responseTime: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request completed',
      );
    }
    done();
  };
}

/**
 * Starts the API: validate configuration (exit 1 with every problem listed), build the app, listen, and close
 * cleanly on SIGTERM/SIGINT: drain the HTTP side (common/http/http-drain.ts), then the stores are flushed and
 * closed by the shutdown hooks.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { resolve } from 'node:path';
import { configOrExit, ROOT_LOGGER, writeAfterLogs } from '@shenbao/host';
import type { Logger as Pino } from 'pino';
import { createApp } from './app.factory';
import { shutDownGracefully } from './common/http/http-drain';

/** What a person starting the service for the first time needs, in plain text after the log lines. */
function startSummary(port: number, dataDir: string): string {
  const url = `http://localhost:${port}`;
  return [
    '',
    `Shenbao is running at ${url}`,
    `  API        ${url}/api/v1`,
    `  API docs   ${url}/api/docs (OpenAPI: ${url}/api/docs-json)`,
    `  health     ${url}/health`,
    `  data       ${resolve(dataDir)}`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const config = configOrExit();
  // The first start's password box is held back and printed last, after the server listens, so it is not
  // scrolled away by the start-up log lines.
  const firstStart: string[] = [];
  const app = await createApp(config, { adminPasswordSink: (text) => firstStart.push(text) });
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    new Logger('Main').log(`${signal}: draining requests for at most ${config.http.shutdownDrainMs} ms, then stopping`);
    shutDownGracefully(app, config.http.shutdownDrainMs).then(
      ({ drained }) => {
        if (!drained) new Logger('Main').warn('requests still running when the drain time ran out were cut');
        process.exit(0);
      },
      (e: unknown) => {
        process.stderr.write(`Shenbao API failed to stop cleanly: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.listen(config.port);
  // Straight to the root logger rather than through Nest's Logger, which may still hold lines back (bufferLogs): these
  // lines must be out before the first start's box below.
  const root = app.get<Pino>(ROOT_LOGGER);
  for (const notice of config.dataDirNotices ?? []) root.warn({ context: 'DataDir' }, notice);
  const url = `http://localhost:${config.port}`;
  root.info({ context: 'Main' }, `Shenbao API listening on ${url} — API ${url}/api/v1, docs ${url}/api/docs, data in ${config.dataDir}`);
  if (firstStart.length === 0) return;
  // Through the log's own destination, after its lines, so the box really is last.
  writeAfterLogs(root, startSummary(config.port, config.dataDir) + firstStart.join(''));
}

main().catch((e: unknown) => {
  process.stderr.write(`Shenbao API failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

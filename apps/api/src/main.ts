/**
 * Starts the API: validate configuration (exit 1 with every problem listed), build the app, listen, and close
 * cleanly on SIGTERM/SIGINT (stores flushed and closed by the shutdown hooks).
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/app-config';
import type { AppConfig } from './config/app-config';
import { createApp } from './app.factory';

function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  const app = await createApp(config);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen(config.port);
  for (const notice of config.dataDirNotices ?? []) new Logger('DataDir').warn(notice);
  const url = `http://localhost:${config.port}`;
  new Logger('Main').log(`Shenbao API listening on ${url} — API ${url}/api/v1, docs ${url}/api/docs, data in ${config.dataDir}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`Shenbao API failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

/**
 * The read-model worker thread (PROJECTIONS=thread): runs the projection runner on its own connections
 * to the log (DATA_DIR/events.sqlite, or the production profile's PostgreSQL) and to
 * DATA_DIR/read-models.sqlite, exactly as the offline rebuild does (the shipped workflow definitions, later ones from
 * the log), so projecting never takes time from the API's event loop. On SQLite the main thread wakes it after each
 * commit; a server store tells it of appends itself (LISTEN/NOTIFY, a subscription). The main thread learns the
 * checkpoints from its progress messages (read-models.thread.ts); it keeps a connection of its own for the queries.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PostgresEventStore, SqliteEventStore } from '@shenbao/event-store';
import type { EventStore } from '@shenbao/event-store';
import type { ProjectionRunner } from '@shenbao/projections';
import { createReadModelRunner, openReadModelsDb, shippedDefinitions } from './read-models.db';
import type { FromWorker, ReadModelsWorkerData, ToWorker, WorkerLog } from './read-models.messages';
import { EVENTS_FILE } from '@shenbao/host';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('read-models.worker must run as a worker thread');
  const { dataDir, pollIntervalMs, log } = workerData as ReadModelsWorkerData;
  const send = (message: FromWorker): void => port.postMessage(message);

  const store = await openLog(log, dataDir, pollIntervalMs);
  const db = openReadModelsDb(dataDir);
  let runner: ProjectionRunner | undefined;
  const progress = (): void => {
    if (!runner) return;
    const { state, error } = runner.status();
    send({ type: 'progress', state, checkpoints: runner.checkpoints(), ...(error !== undefined ? { error } : {}) });
  };
  runner = createReadModelRunner({
    db,
    store,
    resolveDefinition: shippedDefinitions,
    logger: (level, message, meta) => send({ type: 'log', level, message, ...(meta ? { meta: cloneable(meta) } : {}) }),
    onProgress: progress,
  });
  const running = runner;
  let stopping: Promise<void> | undefined;
  port.on('message', (message: ToWorker) => {
    if (message.type === 'wake' && store instanceof SqliteEventStore) store.poke();
    else if (message.type === 'stop') {
      stopping ??= (async () => {
        await running.stop();
        await store.close();
        db.close();
        port.close();
      })();
    }
  });
  try {
    await running.start();
  } catch {
    // Logged by the runner; the progress below reports it failed, and /health says so.
  }
  // Checkpoints first, so the main thread knows them when it hears the runner started.
  progress();
  send({ type: 'started' });
}

async function openLog(log: WorkerLog, dataDir: string, pollIntervalMs: number): Promise<EventStore> {
  switch (log.kind) {
    case 'sqlite':
      return SqliteEventStore.open({ path: join(dataDir, EVENTS_FILE), pollIntervalMs });
    case 'postgres':
      return PostgresEventStore.open({ connectionString: log.connectionString, schema: log.schema });
  }
}

/** Log details must cross the thread boundary: anything structured clone refuses becomes text. */
function cloneable(meta: Record<string, unknown>): Record<string, unknown> {
  try {
    return structuredClone(meta);
  } catch {
    return Object.fromEntries(Object.entries(meta).map(([k, v]) => [k, String(v)]));
  }
}

main().catch((error: unknown) => {
  // The files could not be opened: say why (an error object does not always survive the thread boundary), then end.
  parentPort?.postMessage({ type: 'fatal', message: error instanceof Error ? error.message : String(error) } satisfies FromWorker);
  process.exitCode = 1;
  parentPort?.close();
});

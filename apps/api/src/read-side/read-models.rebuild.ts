/**
 * Rebuilds DATA_DIR/read-models.sqlite from zero: drops every read model and replays the whole event log into it
 * (`npm run projections:rebuild`). Run it with the API stopped — a running API keeps its own idea of the
 * checkpoints and would not see the tables being replaced under it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@shenbao/event-store';
import type { EventStore } from '@shenbao/event-store';
import { EVENTS_FILE } from '@shenbao/host';
import type { RunnerLogger } from '@shenbao/projections';
import { READ_MODELS_FILE, createReadModelRunner, openReadModelsDb, shippedDefinitions, tableRowCounts } from './read-models.db';

export interface RebuildSummary {
  file: string;
  /** Head of the event log when the rebuild finished; every read model's checkpoint. */
  position: number;
  checkpoints: Record<string, number>;
  /** Rows per table after the rebuild. */
  rows: Record<string, number>;
  ms: number;
}

export interface RebuildOptions {
  dataDir: string;
  logger?: RunnerLogger;
  /** The log to replay when it is not DATA_DIR/events.sqlite (EVENT_STORE=postgres); closed afterwards. */
  openStore?: () => Promise<EventStore>;
}

export async function rebuildReadModels({ dataDir, logger, openStore }: RebuildOptions): Promise<RebuildSummary> {
  const eventsFile = join(dataDir, EVENTS_FILE);
  // Opening a missing file would create an empty log and "rebuild" nothing: most likely a wrong DATA_DIR.
  if (openStore === undefined && !existsSync(eventsFile)) throw new Error(`No event store at ${eventsFile}: is DATA_DIR right?`);
  const started = Date.now();
  const store = openStore !== undefined ? await openStore() : await SqliteEventStore.open({ path: eventsFile });
  const db = openReadModelsDb(dataDir);
  try {
    const runner = createReadModelRunner({ db, store, resolveDefinition: shippedDefinitions, ...(logger ? { logger } : {}) });
    await runner.rebuild();
    return {
      file: join(dataDir, READ_MODELS_FILE),
      position: await store.headPosition(),
      checkpoints: runner.checkpoints(),
      rows: tableRowCounts(db),
      ms: Date.now() - started,
    };
  } finally {
    db.close();
    await store.close();
  }
}

/**
 * `npm run projections:rebuild`: replays the event log in DATA_DIR into a fresh DATA_DIR/read-models.sqlite and
 * says what it did. Reads the same environment as the API (DATA_DIR, …); stop the API first. Exit code 1 on a bad
 * configuration or a failed rebuild. With EVENT_STORE=postgres it replays the PostgreSQL log (DATABASE_URL,
 * DATABASE_SCHEMA) into this replica's DATA_DIR: stop that replica first; with EVENT_STORE=kurrentdb, KurrentDB's log.
 */
import { PostgresEventStore, openKurrentDbEventStore } from '@shenbao/event-store';
import { kurrentDbUrl, refuseStrayKurrentDbUrl } from '@shenbao/commands';
import { ConfigError, parseConfig, prepareDataDir } from '@shenbao/host';
import { rebuildReadModels } from './read-models.rebuild';

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  refuseStrayKurrentDbUrl(config);
  // The new read-models.sqlite is owner-only like the rest of DATA_DIR.
  for (const notice of prepareDataDir(config.dataDir)) process.stderr.write(`[warn] ${notice}\n`);
  const { databaseUrl, databaseSchema } = config;
  const source = config.eventStore === 'kurrentdb' ? 'KurrentDB (KURRENTDB_URL)' : databaseUrl !== undefined ? `PostgreSQL (schema ${databaseSchema})` : config.dataDir;
  process.stdout.write(`Rebuilding the read models in ${config.dataDir} from the event log in ${source} …\n`);
  const summary = await rebuildReadModels({
    dataDir: config.dataDir,
    ...(config.eventStore === 'kurrentdb'
      ? { openStore: () => openKurrentDbEventStore({ connectionString: kurrentDbUrl(config) }) }
      : databaseUrl !== undefined
        ? { openStore: () => PostgresEventStore.open({ connectionString: databaseUrl, schema: databaseSchema }) }
        : {}),
    logger: (level, message) => {
      if (level !== 'info') process.stderr.write(`[${level}] ${message}\n`);
    },
  });
  const tables = Object.entries(summary.rows).map(([table, n]) => `  ${table}: ${n} row(s)`);
  const checkpoints = Object.entries(summary.checkpoints).map(([name, position]) => `${name}@${position}`);
  process.stdout.write(
    [
      `Rebuilt ${summary.file} up to event position ${summary.position} in ${summary.ms} ms.`,
      `Checkpoints: ${checkpoints.join(', ')}`,
      'Tables:',
      ...tables,
      '',
    ].join('\n'),
  );
}

main().catch((e: unknown) => {
  const message = e instanceof ConfigError || e instanceof Error ? e.message : String(e);
  process.stderr.write(`projections:rebuild failed: ${message}\n`);
  process.exit(1);
});

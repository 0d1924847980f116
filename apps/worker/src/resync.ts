/**
 * `npm run deadlines:resync`: rebuilds the BullMQ deadline schedule from the event log in DATA_DIR (see
 * deadlines-resync.ts) and prints what it did. Reads the same environment as the API (DATA_DIR, REDIS_URL,
 * REDIS_PREFIX, …). Exit code 1 on a bad configuration or a failed rebuild.
 */
import { ConfigError, parseConfig } from '@shenbao/host';
import { resyncDeadlinesFromLog } from './deadlines-resync';

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const source = config.eventStore === 'postgres' ? `PostgreSQL (schema ${config.databaseSchema})` : config.eventStore === 'kurrentdb' ? 'KurrentDB (KURRENTDB_URL)' : config.dataDir;
  process.stdout.write(`Rebuilding the deadline schedule from the event log in ${source} …\n`);
  const s = await resyncDeadlinesFromLog(config);
  process.stdout.write(
    [
      `Rebuilt queue ${s.prefix}:deadlines up to event position ${s.position} in ${s.ms} ms.`,
      `Pending deadlines: ${s.pending} (waiting ${s.jobs.waiting}, delayed ${s.jobs.delayed}, active ${s.jobs.active}); failed jobs kept: ${s.jobs.failed}.`,
      '',
    ].join('\n'),
  );
}

main().catch((e: unknown) => {
  const message = e instanceof ConfigError || e instanceof Error ? e.message : String(e);
  process.stderr.write(`deadlines:resync failed: ${message}\n`);
  process.exit(1);
});

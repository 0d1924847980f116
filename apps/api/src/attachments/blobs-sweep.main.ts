/**
 * `npm run blobs:sweep [-- --remove] [-- --older-than <hours>]`: reports the attachments' blobs no event names and the
 * partial uploads a dead process left (fs-blob-sweep.ts says which, and why they are safe to take), and removes them
 * with `--remove`. Reads the same environment as the API (DATA_DIR, BLOB_DIR, EVENT_STORE, …). On the embedded
 * profile stop the API first (the tool takes DATA_DIR's instance lock, as admin:reset-password does); with
 * EVENT_STORE=postgres or kurrentdb it runs beside the replicas, from any host that mounts BLOB_DIR.
 * Exit code 1 on a bad argument, a bad configuration or a failure; 0 otherwise, whatever it found.
 */
import { lockExclusively, openEventStore } from '@shenbao/commands';
import { parseConfig } from '@shenbao/host';
import { describeSweep, parseSweepArguments } from './blobs-sweep.cli';
import { sweepBlobs } from './fs-blob-sweep';

async function main(): Promise<void> {
  const args = parseSweepArguments(process.argv.slice(2));
  const config = parseConfig(process.env);
  const lock = config.eventStore === 'sqlite' ? lockExclusively(config.dataDir) : undefined;
  if (config.eventStore === 'sqlite' && lock === undefined) {
    throw new Error(`an API process is running on ${config.dataDir}: stop it first (the embedded store has one process per DATA_DIR)`);
  }
  try {
    const store = await openEventStore(config);
    try {
      process.stdout.write(`Sweeping ${config.blobDir}${args.remove ? '' : ' (report only)'} …\n`);
      const report = await sweepBlobs({ blobDir: config.blobDir, store, olderThanMs: args.olderThanMs, remove: args.remove });
      process.stdout.write(describeSweep(report, args));
    } finally {
      await store.close();
    }
  } finally {
    lock?.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`blobs:sweep failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

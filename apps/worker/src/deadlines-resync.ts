/**
 * Rebuilds the BullMQ deadline schedule from the event log (`npm run deadlines:resync`): after Redis lost its data,
 * or to be sure the queue matches the log. Empties the jobs not started, replays the whole log and schedules what
 * the cases' current stage entries still need, under the same job ids; done marks (what already fired) stay, so
 * nothing fires twice. Moves the consumer's checkpoint to the end of the log.
 *
 * Stop apps/worker (or the API with WORKERS=inline) first: a running deadline consumer would race the rebuild. The
 * tool takes the consumer's lease (`deadlines`, LEASE) for the rebuild and refuses to run while a process holds it.
 * A worker that starts and finds the checkpoint gone rebuilds by itself, so after a Redis loss restarting it is
 * enough; this command is for doing it by hand.
 */
import { join } from 'node:path';
import { PostgresEventStore, SqliteEventStore, openKurrentDbEventStore } from '@shenbao/event-store';
import { BullmqDeadlineScheduler, CALENDAR_MARK, CONSUMER_CHECKPOINT, currentWorkingCalendar, DEFAULT_PREFIX, resyncDeadlines } from '@shenbao/scheduling';
import type { DeadlineJobCounts } from '@shenbao/scheduling';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { ConfigError, EVENTS_FILE } from '@shenbao/host';
import type { ParsedConfig, Clock } from '@shenbao/host';
import { CalendarBook, WorkflowCatalog, kurrentDbUrl, leaseFor, refuseStrayKurrentDbUrl } from '@shenbao/commands';

export interface ResyncSummary {
  prefix: string;
  /** The log position the schedule now reflects (the consumer's new checkpoint). */
  position: number;
  /** Deadlines scheduled and not fired. */
  pending: number;
  jobs: DeadlineJobCounts;
  ms: number;
}

/** With `eventStore: 'postgres'` the schedule is rebuilt from the PostgreSQL log (DATABASE_URL, DATABASE_SCHEMA); with `kurrentdb`, from KurrentDB's (KURRENTDB_URL). */
export type ResyncConfig = Pick<ParsedConfig, 'dataDir' | 'sqliteSynchronous' | 'redisUrl' | 'redisPrefix' | 'kurrentdbUrl' | 'lease' | 'databaseUrl'> &
  Partial<Pick<ParsedConfig, 'eventStore' | 'databaseSchema'>>;

export async function resyncDeadlinesFromLog(config: ResyncConfig, now: Clock = () => new Date()): Promise<ResyncSummary> {
  if (config.redisUrl === undefined) {
    throw new ConfigError(['deadlines:resync needs REDIS_URL: without it deadlines are local timers, rebuilt by the API itself']);
  }
  try {
    refuseStrayKurrentDbUrl({ kurrentdbUrl: config.kurrentdbUrl, eventStore: config.eventStore ?? 'sqlite' });
  } catch (e) {
    throw new ConfigError([(e as Error).message]);
  }
  const started = Date.now();
  const prefix = config.redisPrefix ?? DEFAULT_PREFIX;
  const lease = leaseFor(config, 'deadlines');
  if (!(await lease.tryAcquire().catch(() => false))) {
    const why = lease.state().error ?? 'another process runs the deadline consumer (it holds the lease)';
    await lease.close();
    throw new ConfigError([`deadlines:resync could not take the deadlines lease (${lease.kind}): ${why}; stop apps/worker (or the API with WORKERS=inline) first`]);
  }
  const store =
    config.eventStore === 'kurrentdb'
      ? await openKurrentDbEventStore({ connectionString: kurrentDbUrl(config) })
      : config.eventStore === 'postgres' && config.databaseUrl !== undefined
        ? await PostgresEventStore.open({ connectionString: config.databaseUrl, schema: config.databaseSchema ?? 'public' })
        : await SqliteEventStore.open({ path: join(config.dataDir, EVENTS_FILE), synchronous: config.sqliteSynchronous });
  const scheduler = new BullmqDeadlineScheduler({ connection: config.redisUrl, prefix, now });
  try {
    const catalog = new WorkflowCatalog(store);
    await catalog.catchUp();
    // Working days by the calendar of this log (published arrangements), which the schedule is then marked with.
    await new CalendarBook(store).onModuleInit();
    const resolveDefinition = (key: string, version: number): WorkflowDefinition => {
      const published = catalog.get(key, version);
      if (!published) throw new Error(`workflow ${key}@${version} is not published in this event log`);
      return published.definition;
    };
    const position = await resyncDeadlines({ store, scheduler, resolveDefinition, checkpoints: scheduler.checkpointStore(CONSUMER_CHECKPOINT), now });
    await scheduler.checkpointStore(CALENDAR_MARK).save(currentWorkingCalendar().fingerprint());
    const jobs = await scheduler.counts();
    return { prefix, position, pending: jobs.waiting + jobs.delayed + jobs.active, jobs, ms: Date.now() - started };
  } finally {
    await scheduler.close();
    await store.close();
    await lease.close();
  }
}

/**
 * A contender for a lease in a process of its own, for the failover tests (lease-failover.int.spec.ts) and the
 * benchmark (bench/lease-failover.bench.ts): the parent kills it with SIGKILL, as an operator or the OOM killer would.
 * Prints one line per change: `held <epoch ms>`, `lost <reason>`, and for `follow`, `handled <n>` after each batch.
 *
 *   hold   <postgres|redis> <lease name> <lease url> <prefix> [ttl ms]
 *     takes the lease and keeps it until killed.
 *   follow <postgres|redis> <lease name> <lease url> <prefix> <database url> <schema>
 *     runs a follower of the PostgreSQL event store in <schema> under the lease (LeasedWork, as the app's run-once
 *     followers do). Its effect is a row per event in <schema>.handled (position, pid), written in one transaction
 *     with its checkpoint in <schema>.follower_checkpoint, which it reads FOR UPDATE first: a batch applied already
 *     (by a holder that lost the lease while finishing it) is passed over, so each event takes effect once.
 * Run: node -r @swc-node/register lease.child.ts …
 */
import { Pool } from 'pg';
import { LogFollower, PostgresEventStore } from '@shenbao/event-store';
import type { StoredEvent } from '@shenbao/event-store';
import type { Lease } from './lease';
import { LeasedWork } from './leased-work';
import { PostgresLease } from './postgres-lease';
import { RedisLease } from './redis-lease';

const [mode, kind, name, url, prefix, ...rest] = process.argv.slice(2);
const say = (line: string): void => void process.stdout.write(`${line}\n`);

function makeLease(ttl?: string): Lease {
  if (kind === 'postgres') return new PostgresLease({ connectionString: url!, name: name!, namespace: prefix, retryMs: 100, checkMs: 500 });
  if (kind === 'redis') return new RedisLease({ url: url!, name: name!, prefix: prefix!, ...(ttl ? { ttlMs: Number(ttl) } : {}), retryMs: 100 });
  throw new Error(`unknown lease kind ${kind}`);
}

async function hold(): Promise<void> {
  const lease = makeLease(rest[0]);
  lease.onLost((reason) => say(`lost ${reason}`));
  say('ready');
  await lease.acquire();
  say(`held ${Date.now()}`);
  setInterval(() => undefined, 60_000);
}

async function follow(): Promise<void> {
  const [databaseUrl, schema] = rest;
  const store = await PostgresEventStore.open({ connectionString: databaseUrl!, schema, poolSize: 2 });
  const db = new Pool({ connectionString: databaseUrl, max: 2 });
  let handled = 0;
  const follower = new LogFollower(store, {
    name: 'lease-test',
    batchSize: 20,
    start: async () => Number((await db.query(`SELECT position FROM ${schema}.follower_checkpoint`)).rows[0].position),
    handle: async (events: readonly StoredEvent[], checkpoint: number) => {
      const client = await db.connect();
      try {
        await client.query('BEGIN');
        const at = Number((await client.query(`SELECT position FROM ${schema}.follower_checkpoint FOR UPDATE`)).rows[0].position);
        const fresh = events.filter((e) => e.position > at);
        for (const e of fresh) await client.query(`INSERT INTO ${schema}.handled (position, pid) VALUES ($1, $2)`, [e.position, process.pid]);
        if (checkpoint > at) await client.query(`UPDATE ${schema}.follower_checkpoint SET position = $1`, [checkpoint]);
        await client.query('COMMIT');
        handled += fresh.length;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
      say(`handled ${handled}`);
    },
  });
  const lease = makeLease();
  const work = new LeasedWork(lease, {
    start: () => {
      say(`held ${Date.now()}`);
      follower.rewind();
      follower.follow((e) => say(`error ${e instanceof Error ? e.message : String(e)}`), { retryDelayMs: 200 });
    },
    stop: () => follower.stop(),
  });
  lease.onLost((reason) => say(`lost ${reason}`));
  say('ready');
  void work.run();
  setInterval(() => undefined, 60_000);
}

(mode === 'follow' ? follow() : hold()).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

/**
 * A follower under a lease processes each event exactly once across a holder killed mid-stream (issue #17): two
 * processes (lease.child.ts `follow`) contend for the lease and follow a PostgreSQL event store this test appends to;
 * the holder is killed with SIGKILL while events keep coming; the standby takes over from the checkpoint. Every
 * position must be in `handled` once. The follower's policy (as the child states it): its effect and its checkpoint
 * commit in one transaction, which reads the checkpoint FOR UPDATE first — so a kill loses an uncommitted batch
 * whole and the next holder applies it once. For PostgreSQL and for Redis leases.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore } from '@shenbao/event-store';
import type { NewEvent } from '@shenbao/event-store';
import { Contender, firstToHold } from './lease-contender';

const TOTAL = 400;
/** With the events appended after the kill. */
const ALL = TOTAL + 50;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function databaseUrl(): string {
  const url = process.env.SHENBAO_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error(process.env.SHENBAO_TEST_DATABASE_ERROR ?? 'no PostgreSQL server: run through jest (test/postgres-global-setup.cjs) or set DATABASE_URL');
  return url;
}

function event(i: number): NewEvent {
  const at = new Date().toISOString();
  return { id: randomUUID(), type: 'LeaseTested', data: { i }, metadata: { actor: 'test', role: 'system', at, correlationId: `c-${i}`, causationId: `c-${i}`, schemaVersion: 1 } };
}

describe.each([
  ['postgres', () => databaseUrl()],
  ['redis', () => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'],
] as const)('a follower under a %s lease, its holder killed mid-stream', (kind, leaseUrl) => {
  const schema = `lf_${kind}_${randomBytes(4).toString('hex')}`;
  let admin: Client;
  let store: PostgresEventStore;
  const contenders: Contender[] = [];

  beforeAll(async () => {
    admin = new Client({ connectionString: databaseUrl() });
    await admin.connect();
    store = await PostgresEventStore.open({ connectionString: databaseUrl(), schema, poolSize: 2 });
    await admin.query(`CREATE TABLE ${schema}.handled (position bigint NOT NULL, pid int NOT NULL)`);
    await admin.query(`CREATE TABLE ${schema}.follower_checkpoint (position bigint NOT NULL)`);
    await admin.query(`INSERT INTO ${schema}.follower_checkpoint VALUES (0)`);
  });
  afterAll(async () => {
    await Promise.all(contenders.map((c) => c.kill()));
    await store?.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it(`handles each of ${ALL} events once; the standby takes over from the checkpoint`, async () => {
    const args = ['follow', kind, 'follower', leaseUrl(), `lf-${schema}`, databaseUrl(), schema];
    contenders.push(new Contender(args), new Contender(args));
    await Promise.all(contenders.map((c) => c.waitFor(/^ready$/, 30_000)));
    const holder = await firstToHold(contenders, 30_000);
    const standby = contenders.find((c) => c !== holder)!;
    let killedAt = 0;
    for (let i = 0; i < TOTAL; i += 10) {
      await store.append([{ stream: `lease-test-${i}`, expectedRevision: 'no_stream', events: Array.from({ length: 10 }, (_, j) => event(i + j)) }]);
      await wait(20);
      // Mid-stream, once the holder has handled something: kill it.
      if (killedAt === 0 && i >= TOTAL / 2 && holder.lines.some((l) => /^handled [1-9]/.test(l))) {
        killedAt = Date.now();
        await holder.kill();
      }
    }
    if (killedAt === 0) {
      // A slow start (a loaded machine): kill it once it has handled something, with events still to handle.
      await holder.waitFor(/^handled [1-9]/, 20_000);
      killedAt = Date.now();
      await holder.kill();
    }
    // And some after the kill, for the standby whatever the holder had done.
    for (let i = TOTAL; i < ALL; i += 10) {
      await store.append([{ stream: `lease-test-${i}`, expectedRevision: 'no_stream', events: Array.from({ length: 10 }, (_, j) => event(i + j)) }]);
    }
    const took = Number((await standby.waitFor(/^held (\d+)/, 15_000))[1]) - killedAt;
    expect(took).toBeLessThanOrEqual(10_000);
    const deadline = Date.now() + 30_000;
    let counts = { n: 0, distinct: 0 };
    while (Date.now() < deadline) {
      const { rows } = await admin.query(`SELECT count(*)::int AS n, count(DISTINCT position)::int AS distinct FROM ${schema}.handled`);
      counts = rows[0];
      if (counts.distinct >= ALL) break;
      await wait(100);
    }
    expect(counts).toEqual({ n: ALL, distinct: ALL });
    const { rows: byPid } = await admin.query(`SELECT pid, count(*)::int AS n FROM ${schema}.handled GROUP BY pid`);
    // Both did part of the work: the killed holder before, the standby after.
    expect(byPid.map((r) => r.pid).sort()).toEqual([holder.pid, standby.pid].sort());
    const { rows: max } = await admin.query(`SELECT min(position)::int AS lo, max(position)::int AS hi FROM ${schema}.handled`);
    expect(max[0]).toEqual({ lo: 1, hi: ALL });
  }, 90_000);
});

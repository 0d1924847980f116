/**
 * Killing the lease holder mid-publicity still ends the period once (issue #17), on PostgreSQL: the API replica runs
 * WORKERS=external (it plans and fires nothing); two apps/worker processes on one schema and Redis prefix, each on a
 * DATA_DIR of its own, contend for the deadlines lease (LEASE=auto: PostgreSQL advisory locks). One holds it and
 * plans the first case's publicity end; it is killed with SIGKILL during that period. The second case's period opens
 * right after the kill, while nobody holds the lease. The standby takes the lease over within 10 s, plans the
 * second end from the shared checkpoint (planning the first again changes nothing: deterministic job ids), and its
 * BullMQ worker ends both periods: one PublicityEnded per case, each fired by its planned deadline.
 *
 * What can fail here is the failover: without a standby that takes the lease over (and plans from the shared
 * checkpoint), the second period is never planned and `c-after` never reaches approval. "Once" is the decider's as
 * much as the lease's (a second EndPublicity on a case already in approval is refused as an illegal transition and
 * appends nothing), so one PublicityEnded per case is asserted as the requirement, not as proof of the lease.
 */
import { LiveClock } from './support/redis-test';
import { PostgresWorld } from './support/postgres-world';
import { P, SHORT_PERIOD_DAYS, T0, World, admin, prov, until } from './support/redis-world';
import { WorkerProcess } from './support/worker-process';

/** Publicity periods here: 8 s of real time. */
const PERIOD_DAYS = 4 * SHORT_PERIOD_DAYS;

describe('the deadlines lease holder killed mid-publicity, on PostgreSQL (e2e)', () => {
  // 1 ms per seeded command (not the default 10 min), so the children's clocks, set once, stay in step with it.
  const clock = new LiveClock(T0, 1);
  const world = new PostgresWorld(clock);
  const workers: WorkerProcess[] = [];
  let w: World;

  const spawnWorker = (): WorkerProcess => {
    const worker = new WorkerProcess(world.processEnv(), clock.now().getTime() - Date.now());
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    w = new World(await world.replica({ WORKERS: 'external' }), clock, world.prefix);
    await w.seed.createProgram(P, admin);
    await w.awaitingPublicity('c-before', '440106');
    await w.awaitingPublicity('c-after', '440105');
  }, 60_000);
  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await world.close();
  });

  it('ends both periods once: the one its planner was killed in, and the one opened while the lease was orphaned', async () => {
    const first = spawnWorker();
    await first.waitFor('ready', 60_000);
    await first.waitFor('deadlines held', 10_000);
    const second = spawnWorker();
    await second.waitFor('ready', 60_000);
    await second.waitFor('deadlines standby', 5_000);

    const opened = await w.seed.openPublicity(P, 'c-before', 'b-before', prov, PERIOD_DAYS);
    const endBefore = await w.pendingDeadline('c-before', 'end', opened.position);
    expect(await w.stage('c-before')).toBe('publicity');

    const killedAt = clock.now();
    const from = second.lines.length;
    await first.kill();
    const killed = Date.now();
    expect(killedAt.getTime()).toBeLessThan(Date.parse(endBefore.dueAt));
    const reopened = await w.seed.openPublicity(P, 'c-after', 'b-after', prov, PERIOD_DAYS);
    await second.waitFor('deadlines held', 10_000, from);
    const failoverMs = Date.now() - killed;
    expect(failoverMs).toBeLessThan(10_000);

    const endAfter = await w.pendingDeadline('c-after', 'end', reopened.position);
    await w.reaches('c-before', 'approval', 20_000);
    await w.reaches('c-after', 'approval', 20_000);
    // Long enough for a second firing of either end to show (a job fires within ms of its due time here).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const [caseId, end] of [['c-before', endBefore], ['c-after', endAfter]] as const) {
      const ended = await w.ofType(caseId, 'PublicityEnded');
      expect(ended).toHaveLength(1);
      expect(ended[0].metadata).toMatchObject({ actor: 'system', correlationId: end.id });
      // Ended by the deadline, not before it: at or after the period's end, on the clock of the worker that fired it.
      expect(Date.parse(ended[0].metadata.at)).toBeGreaterThanOrEqual(Date.parse(end.dueAt));
    }
    expect(await until('no pending deadline of either case left', async () => ((await w.deadlines.pending()).some((d) => d.caseId.startsWith('c-') && d.kind === 'end') ? undefined : true))).toBe(true);
  }, 90_000);
});

/**
 * "A deadline's effect happens exactly once" on BullMQ, with the production path end to end: the deadline the planner
 * makes, the app's FiredDeadlineHandler sending MarkOverdue through the case command service (events with random
 * ids, nothing derived from the deadline id), and a DeadlineWorker that stops mid-job without renewing its lock (as a
 * killed process does), so BullMQ's stalled-job check hands the job to another worker. The API runs with
 * WORKERS=external, so the only workers on this suite's queue are the test's own.
 */
import { caseStream, foldCase } from '@shenbao/domain';
import type { CaseEvent } from '@shenbao/domain';
import type { StoredEvent } from '@shenbao/event-store';
import { BullmqDeadlineScheduler, DeadlineWorker, planDeadlines } from '@shenbao/scheduling';
import type { Deadline, DeadlineHandler } from '@shenbao/scheduling';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import type { Redis } from 'ioredis';
import { FiredDeadlineHandler } from '@shenbao/commands';
import { LiveClock, REDIS_URL, adminRedis, dropPrefix, uniquePrefix } from './support/redis-test';
import { P, T0, admin, boot, until } from './support/redis-world';
import type { World } from './support/redis-world';

/** A promise the test opens by hand. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
const forever = (): Promise<never> => new Promise<never>(() => undefined);

describe('a deadline fired by the real handler on BullMQ, its worker stopped mid-job (e2e)', () => {
  const prefix = uniquePrefix();
  let redis: Redis;
  let w: World;
  let scheduler: BullmqDeadlineScheduler;
  let fired: DeadlineHandler;
  const workers: DeadlineWorker[] = [];

  /** The stalled check is queue-wide: every worker here gets the same short intervals. */
  const worker = (handler: DeadlineHandler): DeadlineWorker => {
    const dw = new DeadlineWorker({ connection: REDIS_URL, prefix, handler, lockDurationMs: 500, stalledIntervalMs: 200 });
    workers.push(dw);
    return dw;
  };
  const marks = (caseId: string): Promise<StoredEvent[]> => w.ofType(caseId, 'StageOverdueMarked');
  const done = async (id: string): Promise<true | undefined> => ((await redis.zscore(scheduler.keys.done, id)) !== null ? true : undefined);

  /** The city-audit time limit the planner gives the case's current entry, scheduled with the clock past it. */
  async function dueNow(caseId: string): Promise<Deadline> {
    const events = await w.store.readStream(caseStream(caseId));
    const s = foldCase(GD_BDPZ_2019, events.map((e) => ({ type: e.type, data: e.data }) as CaseEvent))!;
    const entered = new Date(events.find((e) => e.type === 'CaseSubmitted')!.metadata.at);
    const due = planDeadlines(GD_BDPZ_2019, caseId, 'cityAudit', s.machine.context.entry, entered).find((d) => d.kind === 'due')!;
    if (w.clock.now().getTime() <= Date.parse(due.dueAt)) w.clock.set(new Date(Date.parse(due.dueAt) + 1000));
    await scheduler.schedule([due]);
    return due;
  }

  beforeAll(async () => {
    redis = adminRedis();
    w = await boot(prefix, new LiveClock(T0), 'external');
    await w.seed.createProgram(P, admin);
    await w.inCityAudit('c-after', '440106');
    await w.inCityAudit('c-before', '440105');
    scheduler = new BullmqDeadlineScheduler({ connection: REDIS_URL, prefix, now: w.clock.now, retry: { attempts: 3, backoffMs: 50 } });
    const handler = w.t.app.get(FiredDeadlineHandler);
    fired = async (d) => void (await handler.handle(d));
  });
  afterEach(async () => {
    for (const dw of workers.splice(0)) await dw.close(true);
  });
  afterAll(async () => {
    await scheduler.close();
    await w.t.close();
    await dropPrefix(redis, prefix);
    await redis.quit();
  });

  it('stopped after the command ran, before the job was marked done: handled again by another worker, marked once', async () => {
    const d = await dueNow('c-after');
    const ran = gate();
    const first = worker(async (deadline) => {
      await fired(deadline);
      ran.open();
      await forever(); // never reports completion
    });
    await ran.opened;
    expect(await marks('c-after')).toHaveLength(1);
    await first.close(true);

    let calls = 0;
    worker(async (deadline) => {
      calls += 1;
      await fired(deadline);
    });
    await until(`${d.id} done`, () => done(d.id));
    expect(calls).toBe(1);
    const [mark, ...more] = await marks('c-after');
    expect(more).toEqual([]);
    expect(mark.data).toMatchObject({ stage: 'cityAudit', entry: d.entry, dueAt: d.dueAt });
    expect(mark.metadata).toMatchObject({ actor: 'system', correlationId: d.id });
  });

  it('stopped before the command ran: another worker marks the stage, and the first one, resuming late, adds nothing', async () => {
    const d = await dueNow('c-before');
    const started = gate();
    const resume = gate();
    const finished = gate();
    let lateError: unknown;
    const first = worker(async (deadline) => {
      started.open();
      await resume.opened;
      try {
        await fired(deadline);
      } catch (e) {
        lateError = e;
      } finally {
        finished.open();
      }
    });
    await started.opened;
    await first.close(true);

    worker(fired);
    await until(`${d.id} done`, () => done(d.id));
    expect(await marks('c-before')).toHaveLength(1);

    resume.open(); // the stopped worker's handler carries on: its MarkOverdue comes after the mark
    await finished.opened;
    expect(lateError).toBeUndefined(); // decided nothing, rather than failed (a failure would be retried, then kept)
    const all = await marks('c-before');
    expect(all).toHaveLength(1);
    expect(all[0].metadata).toMatchObject({ correlationId: d.id });
  });
});

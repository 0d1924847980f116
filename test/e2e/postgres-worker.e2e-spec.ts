/**
 * apps/worker on PostgreSQL (EVENT_STORE=postgres): the API replica runs WORKERS=external, so it plans and fires no
 * deadline; the worker, on a DATA_DIR of its own and the same schema and Redis prefix, follows the PostgreSQL log,
 * plans the publicity period's end on BullMQ and ends it. Then `deadlines:resync` rebuilds the schedule from the
 * PostgreSQL log.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { PostgresEventStore } from '@shenbao/event-store';
import type { EventStore } from '@shenbao/event-store';
import { EVENT_STORE } from '@shenbao/host';
import { resyncDeadlinesFromLog } from '../../apps/worker/src/deadlines-resync';
import { PostgresWorld } from './support/postgres-world';
import { LiveClock } from './support/redis-test';
import { P, SHORT_PERIOD_DAYS, T0, World, admin, prov } from './support/redis-world';

describe('apps/worker on PostgreSQL (e2e)', () => {
  const clock = new LiveClock(T0);
  const world = new PostgresWorld(clock);
  let w: World;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    w = new World(await world.replica({ WORKERS: 'external' }), clock, world.prefix);
    await w.seed.createProgram(P, admin);
  });
  afterAll(() => world.close());

  it('ends a publicity period the API only recorded, from the PostgreSQL log; deadlines:resync reads that log too', async () => {
    await w.awaitingPublicity('c-pg', '440106');
    const { position } = await w.seed.openPublicity(P, 'c-pg', 'b-pg', prov, 2 * SHORT_PERIOD_DAYS);
    expect(await w.deadlines.caughtUp(position, 300)).toBe(false);

    worker = await world.worker();
    expect(worker.get<EventStore>(EVENT_STORE)).toBeInstanceOf(PostgresEventStore);
    const end = await w.pendingDeadline('c-pg', 'end', position);
    await w.reaches('c-pg', 'approval');
    const [ended] = await w.ofType('c-pg', 'PublicityEnded');
    expect(ended.metadata).toMatchObject({ actor: 'system', correlationId: end.id });

    await world.stopWorker(worker);
    const head = await w.store.headPosition();
    const summary = await resyncDeadlinesFromLog(world.config(), clock.now);
    expect(summary).toMatchObject({ prefix: world.prefix, position: head });
  });
});

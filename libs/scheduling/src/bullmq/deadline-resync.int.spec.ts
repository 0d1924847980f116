import type { Redis } from 'ioredis';
import { MemoryEventStore } from '@shenbao/event-store';
import { DeadlineConsumer } from '../deadline.consumer';
import { BullmqDeadlineScheduler } from './bullmq-deadline.scheduler';
import { resyncDeadlines, resyncDeadlinesIfLost, type ResyncOptions } from './deadline-resync';
import { adminRedis, appendCase, caseEvents as e, dropPrefix, REDIS_URL, resolveDefinition, sh, uniquePrefix } from './redis.spec-helpers';

// Before any reminder of the cases below falls due, so a rebuild plans the same deadlines the live path did.
const NOW = new Date(sh('2019-04-03T00:00:00'));

let redis: Redis;
let prefix: string;
let scheduler: BullmqDeadlineScheduler;
let store: MemoryEventStore;

const checkpoints = () => scheduler.checkpointStore('deadlines');
const options = (): ResyncOptions & { checkpoints: ReturnType<typeof checkpoints> } => ({
  store,
  scheduler,
  resolveDefinition,
  checkpoints: checkpoints(),
  now: () => NOW,
});
const consumer = () => new DeadlineConsumer(options());
const pendingIds = async (): Promise<string[]> => (await scheduler.pending()).map((d) => d.id).sort();

/** Four cases: in cityAudit (entry 2), back in cityAudit after a return (entry 4), in draft, in recommendation. */
async function buildLog(): Promise<void> {
  await appendCase(store, 'c1', e.created('c1', sh('2019-04-01T09:00:00')), e.submitted(sh('2019-04-02T10:00:00')));
  await appendCase(
    store,
    'c2',
    e.created('c2', sh('2019-03-20T09:00:00')),
    e.submitted(sh('2019-03-21T10:00:00')),
    e.returned(sh('2019-03-25T10:00:00')),
    e.submitted(sh('2019-04-02T11:00:00')),
  );
  await appendCase(store, 'c3', e.created('c3', sh('2019-04-01T09:00:00')));
  await appendCase(
    store,
    'c4',
    e.created('c4', sh('2019-03-25T09:00:00')),
    e.submitted(sh('2019-03-26T10:00:00')),
    e.auditPassed(sh('2019-04-02T15:00:00')),
  );
}

beforeAll(() => {
  redis = adminRedis();
});
afterAll(async () => {
  await redis.quit();
});
beforeEach(() => {
  prefix = uniquePrefix();
  scheduler = new BullmqDeadlineScheduler({ connection: REDIS_URL, prefix, now: () => NOW });
  store = new MemoryEventStore();
});
afterEach(async () => {
  await scheduler.close();
  await store.close();
  await dropPrefix(redis, prefix);
});

describe('resyncing the BullMQ schedule from the log', () => {
  it('after Redis lost its data, brings back every pending deadline under the same job ids', async () => {
    await buildLog();
    const head = await consumer().catchUp();
    const before = await pendingIds();
    expect(before).toEqual([
      'dl-c1-cityAudit-2-due',
      'dl-c1-cityAudit-2-reminder-0',
      'dl-c1-cityAudit-2-reminder-1',
      'dl-c2-cityAudit-4-due',
      'dl-c2-cityAudit-4-reminder-0',
      'dl-c2-cityAudit-4-reminder-1',
      'dl-c4-recommendation-3-due',
      'dl-c4-recommendation-3-reminder-0',
    ]);

    expect(await dropPrefix(redis, prefix)).toBeGreaterThan(0); // Redis restarted empty
    expect(await pendingIds()).toEqual([]);
    expect(await checkpoints().exists()).toBe(false);

    expect(await resyncDeadlinesIfLost(options())).toBe(true);
    expect(await pendingIds()).toEqual(before);
    for (const id of before) {
      expect((await scheduler.queue.getJob(id))?.id).toBe(id);
      expect(await scheduler.queue.getJobState(id)).toBe('delayed');
    }
    expect(await checkpoints().load()).toBe(head);

    // The live path carries on from there: leaving the stage still cancels the rebuilt jobs (the index came back too).
    await appendCase(store, 'c1', e.returned(sh('2019-04-04T10:00:00')));
    await consumer().catchUp();
    expect(await pendingIds()).toEqual(before.filter((id) => !id.startsWith('dl-c1-')));
  });

  it('drops jobs of entries that are gone, and does not bring back a deadline already handled', async () => {
    await buildLog();
    await consumer().catchUp();
    await scheduler.schedule([{ ...(await scheduler.pending())[0]!, id: 'dl-c9-cityAudit-2-due', caseId: 'c9' }]);
    await redis.zadd(scheduler.keys.done, Date.now(), 'dl-c1-cityAudit-2-reminder-0');

    await resyncDeadlines(options());
    const ids = await pendingIds();
    expect(ids).not.toContain('dl-c9-cityAudit-2-due');
    expect(ids).not.toContain('dl-c1-cityAudit-2-reminder-0');
    expect(ids).toContain('dl-c1-cityAudit-2-due');
    expect(ids).toHaveLength(7);
  });

  it('leaves the schedule alone when the checkpoint is there', async () => {
    await buildLog();
    await consumer().catchUp();
    await scheduler.cancelEntry('c4', 'recommendation', 3);
    expect(await resyncDeadlinesIfLost(options())).toBe(false);
    expect(await pendingIds()).toHaveLength(6);
  });
});

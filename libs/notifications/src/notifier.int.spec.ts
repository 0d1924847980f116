/**
 * The notifier over a memory event log and the real Redis (unique prefix): notice-bearing case events become e-mail
 * jobs for the users behind the recipients, once, however often the log is replayed; the checkpoint lives in Redis.
 */
import type { Redis } from 'ioredis';
import { MemoryEventStore, type NewEvent } from '@shenbao/event-store';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import { emailJobId } from './email';
import { NotificationOutbox } from './notification.outbox';
import { noticeId } from './notices-for';
import { Notifier, type NotifierOptions } from './notifier';
import { recipientsAmong, type NotifiableUser, type RecipientDirectory } from './recipients';
import { NOTIFIER_CHECKPOINT } from './redis';
import { REDIS_URL, adminRedis, dropPrefix, uniquePrefix, waitFor } from './testing/redis-test.helpers';

const GZ = '440100';
const USERS: NotifiableUser[] = [
  { id: 'u-th', displayName: '天河', role: 'applicant', active: true, cityCode: GZ, districtCode: '440106', email: 'th@example.gov.cn' },
  { id: 'u-gz', displayName: '广州市', role: 'city', active: true, cityCode: GZ, email: 'gz@example.gov.cn' },
  { id: 'u-prov', displayName: '省厅', role: 'province', active: true, email: 'prov@example.gov.cn' },
  { id: 'u-x1', displayName: '专家一', role: 'expert', active: true, expertId: 'x1', email: 'x1@example.edu.cn' },
  { id: 'u-x2', displayName: '专家二', role: 'expert', active: true, expertId: 'x2' },
];
const directory: RecipientDirectory = { recipients: async (key) => recipientsAmong(USERS, key) };

let seq = 0;
const event = (type: string, data: unknown): NewEvent => {
  seq += 1;
  const id = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  return { id, type, data, metadata: { actor: 'u1', role: 'city', at: '2019-04-02T02:00:00.000Z', correlationId: id, causationId: id, schemaVersion: 1 } };
};
const created = (caseId: string) =>
  event('CaseCreated', {
    caseId,
    programId: 'p1',
    workflow: { key: GD_BDPZ_2019.key, version: GD_BDPZ_2019.version },
    applicant: { level: 'district', cityCode: GZ, districtCode: '440106', unitName: '广州市天河区人民政府' },
    partners: [],
    cities: [GZ],
    createdBy: 'u-th',
  });
const submitted = () => event('CaseSubmitted', { cities: [GZ] });
const returned = () => event('CaseReturnedForRevision', { cityCode: GZ, comment: '补充材料' });

let redis: Redis;
let prefix: string;
let store: MemoryEventStore;
let outbox: NotificationOutbox;
const notifiers: Notifier[] = [];

function notifier(over: Partial<NotifierOptions> = {}): Notifier {
  const n = new Notifier({
    store,
    outbox,
    recipients: directory,
    checkpoints: outbox.checkpointStore(NOTIFIER_CHECKPOINT),
    resolveDefinition: () => GD_BDPZ_2019,
    retryDelayMs: 20,
    ...over,
  });
  notifiers.push(n);
  return n;
}
const append = (caseId: string, ...events: NewEvent[]) => store.append([{ stream: `case-${caseId}`, expectedRevision: 'any', events }]);
const jobIds = async (): Promise<string[]> => ((await outbox.list('waiting', { limit: 200 })).items.map((r) => r.id)).sort();

beforeAll(() => {
  redis = adminRedis();
});
afterAll(async () => {
  await redis.quit();
});
beforeEach(() => {
  prefix = uniquePrefix();
  store = new MemoryEventStore();
  outbox = new NotificationOutbox({ connection: REDIS_URL, prefix });
});
afterEach(async () => {
  try {
    for (const n of notifiers.splice(0)) await n.stop();
    await outbox.close();
    await store.close();
  } finally {
    await dropPrefix(redis, prefix);
  }
});

describe('Notifier', () => {
  it('turns a return and a panel into e-mail jobs for the users with an address, and checkpoints in Redis', async () => {
    const ret = returned();
    const panel = event('ExpertPanelFormed', { expertIds: ['x1', 'x2'], method: 'chosen' });
    await append('c1', created('c1'), submitted(), ret, submitted(), event('CityAuditPassed', { cityCode: GZ, comment: 'ok' }));
    await append('c1', event('RecommendationIssued', { cityCode: GZ, letterNo: 'L1', issuedOn: '2019-04-20', statement: 's' }), panel);

    const head = await store.headPosition();
    expect(await notifier({ fromBeginning: true }).catchUp()).toBe(head);

    expect(await jobIds()).toEqual(
      [
        emailJobId(noticeId(ret.id, 'returned-for-revision', 'applicant:440100:440106'), 'u-th'),
        emailJobId(noticeId(panel.id, 'assignment', 'expert:x1'), 'u-x1'),
      ].sort(),
    );
    const [mail] = (await outbox.list('waiting')).items.filter((r) => r.userId === 'u-th');
    expect(mail).toMatchObject({ to: 'th@example.gov.cn', caseId: 'c1', kind: 'returned-for-revision', subject: expect.stringContaining('退回修改') });
    expect(await redis.get(`${prefix}:checkpoint:notifier`)).toBe(String(head));
  });

  it('replaying the log enqueues nothing new', async () => {
    await append('c1', created('c1'), submitted(), returned());
    await notifier({ fromBeginning: true }).catchUp();
    const before = await jobIds();
    expect(before).toHaveLength(1);

    await redis.del(`${prefix}:checkpoint:notifier`);
    await notifier({ fromBeginning: true }).catchUp();
    expect(await jobIds()).toEqual(before);
    expect((await outbox.counts()).waiting).toBe(1);
  });

  it('with no checkpoint, starts at the head (history is not mailed), then follows live appends', async () => {
    await append('c1', created('c1'), submitted(), returned());
    const n = notifier();
    n.start();
    await waitFor('the start position', async () => (await redis.get(`${prefix}:checkpoint:notifier`)) === String(await store.headPosition()));
    expect(await jobIds()).toEqual([]);

    const overdue = event('StageOverdueMarked', { stage: 'cityAudit', entry: 3, dueAt: '2019-04-26T09:00:00.000Z', holder: { role: 'city', cityCodes: [GZ] }, escalatedTo: 'province' });
    const { position } = await append('c1', submitted(), overdue);
    expect(await n.caughtUp(position)).toBe(true);
    expect(await jobIds()).toEqual(
      [emailJobId(noticeId(overdue.id, 'overdue', 'city:440100'), 'u-gz'), emailJobId(noticeId(overdue.id, 'escalation', 'province'), 'u-prov')].sort(),
    );
  });

  it('after a restart, folds a case met again from its stream (an old overdue mark goes to the pending city and the province)', async () => {
    await append('c1', created('c1'), submitted());
    await notifier({ fromBeginning: true }).catchUp();
    await append('c1', event('StageOverdueMarked', { stage: 'cityAudit', entry: 2, dueAt: '2019-04-26T09:00:00.000Z' }));
    await notifier().catchUp();
    expect((await outbox.list('waiting')).items.map((r) => r.userId).sort()).toEqual(['u-gz', 'u-prov']);
  });

  it('a failing outbox stops the checkpoint at the event; the live loop retries it', async () => {
    await append('c1', created('c1'), submitted());
    let failures = 1;
    const flaky = {
      enqueue: async (emails: Parameters<NotificationOutbox['enqueue']>[0]) => {
        if (failures-- > 0) throw new Error('redis down');
        return outbox.enqueue(emails);
      },
    };
    const errors: unknown[] = [];
    const n = notifier({ outbox: flaky, fromBeginning: true, onError: (e) => errors.push(e) });
    n.start();
    const { position } = await append('c1', returned());
    expect(await n.caughtUp(position)).toBe(true);
    expect(errors.map((e) => (e as Error).message)).toEqual(['redis down']);
    expect((await outbox.list('waiting')).items.map((r) => r.userId)).toEqual(['u-th']);
  });

  it('skips events of other streams and events the fold cannot take, and goes on', async () => {
    const errors: unknown[] = [];
    await store.append([{ stream: 'user-someone', expectedRevision: 'any', events: [event('UserRegistered', { userId: 'u9' })] }]);
    await append('c1', created('c1'), submitted(), event('SomethingFromTheFuture', { x: 1 }), returned());
    await notifier({ fromBeginning: true, onError: (e) => errors.push(e) }).catchUp();
    expect((await outbox.list('waiting')).items.map((r) => r.userId)).toEqual(['u-th']);
  });
});

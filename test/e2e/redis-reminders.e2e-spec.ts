/**
 * A stage reminder on BullMQ (REDIS_URL, WORKERS=inline), against the real Redis under a prefix of this suite's own
 * (REDIS_PREFIX), deleted afterwards: the same scenario as urge-reminders.e2e-spec.ts runs on the local timer. The
 * app's CLOCK is a frozen TestClock, so the delayed jobs (computed from it) stay days away in real time; moving the
 * clock and calling `runDueNow` promotes exactly the jobs the clock has reached and waits until the worker ran them.
 */
import type { Redis } from 'ioredis';
import type { Deadline } from '@shenbao/scheduling';
import { DeadlinesService, DEADLINE_BACKEND } from '@shenbao/commands';
import type { DeadlineBackend } from '@shenbao/commands';
import { TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS } from './support/case-http';
import type { CaseHttp, CaseRef } from './support/case-http';
import { REDIS_URL, adminRedis, dropPrefix, uniquePrefix } from './support/redis-test';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');

interface HistoryItem {
  position: number;
  type: string;
  actor: { id: string; role: string };
  data: Record<string, unknown>;
}
interface InboxRow {
  caseId: string;
  kind: string;
  title: { zh: string; en: string };
}

describe('stage reminders on BullMQ, WORKERS=inline (e2e)', () => {
  const prefix = uniquePrefix();
  const clock = new TestClock(T0);
  let redis: Redis;
  let t: TestApp;
  let h: CaseHttp;
  let c: CaseRef;
  let submittedAt: number;

  const deadlines = (): DeadlinesService => t.app.get(DeadlinesService);
  const backend = (): DeadlineBackend => t.app.get<DeadlineBackend>(DEADLINE_BACKEND);
  const history = async (type: string): Promise<HistoryItem[]> =>
    ((await h.call('prov', 'get', `/cases/${c.id}/history`).expect(200)).body.items as HistoryItem[]).filter((i) => i.type === type);
  /** The caller's open inbox rows of the case, once the read models have reached `position`. */
  const inbox = async (user: string, position: number): Promise<InboxRow[]> =>
    ((await h.call(user, 'get', `/inbox?minPosition=${position}`).expect(200)).body.items as InboxRow[]).filter((i) => i.caseId === c.id);

  beforeAll(async () => {
    redis = adminRedis();
    let programId: string;
    ({ t, h, programId } = await bootCaseWorld(clock, {
      env: { REDIS_URL, REDIS_PREFIX: prefix, WORKERS: 'inline' },
      users: { prov: OFFICERS.prov, 'city-gz': OFFICERS['city-gz'], 'app-hz': applicantIn({ cityCode: '440100', districtCode: '440105' }) },
    }));
    c = await h.createCase('app-hz', 'city-gz', { level: 'district', cityCode: '440100', districtCode: '440105', unitName: '广州市海珠区人民政府' }, programId);
    await h.saveApplication(c);
    await h.attachScan('app-hz', c.id, 'sealedApplication');
    submittedAt = (await h.expectStage(h.act('app-hz', c.id, 'submit'), 'cityAudit')).body.position as number;
  });

  afterAll(async () => {
    await t?.close();
    await dropPrefix(redis, prefix);
    await redis.quit();
  });

  it('sends the P3D reminder through its delayed BullMQ job once the clock reaches it, once, to the city', async () => {
    expect(backend().kind).toBe('bullmq');
    expect(await deadlines().caughtUp(submittedAt, 10_000)).toBe(true);
    const ofCase = (await deadlines().pending()).filter((d) => d.caseId === c.id && d.stage === 'cityAudit');
    const byKind = new Map<string, Deadline>(ofCase.map((d) => [d.kind, d]));
    const reminder = byKind.get('reminder-0');
    if (!reminder) throw new Error(`no reminder-0 deadline for ${c.id}`);
    if (reminder.action.type !== 'SendReminder') throw new Error(`reminder-0 fires ${reminder.action.type}`);
    expect(reminder.action.data).toMatchObject({ stage: 'cityAudit', offset: 'P3D' });
    expect(byKind.get('reminder-1')?.action).toMatchObject({ type: 'SendReminder', data: { offset: 'P1D' } });

    // One delayed job per deadline, named by its id; its delay comes from the frozen app clock (days, not ms).
    const entry = reminder.entry;
    for (const kind of ['reminder-0', 'reminder-1', 'due']) {
      const id = `dl-${c.id}-cityAudit-${entry}-${kind}`;
      expect(byKind.get(kind)?.id).toBe(id);
      const job = await backend().queue!.getJob(id);
      expect(job?.data).toEqual(byKind.get(kind));
      expect(await job!.isDelayed()).toBe(true);
      expect(job!.delay).toBeGreaterThan(24 * 3600 * 1000);
    }

    clock.set(new Date(Date.parse(reminder.dueAt) - 1000));
    expect(await deadlines().runDueNow()).toBe(0);
    expect(await history('StageReminderSent')).toEqual([]);
    expect(await backend().queue!.getJob(reminder.id).then((j) => j?.isDelayed())).toBe(true);

    clock.set(new Date(Date.parse(reminder.dueAt) + 1000));
    expect(await deadlines().runDueNow()).toBe(1);
    const sent = await history('StageReminderSent');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      actor: { id: 'system', role: 'province' },
      data: { stage: 'cityAudit', entry, dueAt: reminder.action.data.dueAt, offset: 'P3D', holder: { role: 'city', cityCodes: ['440100'] } },
    });
    expect((await deadlines().timer(reminder.id))?.status).toBe('done');
    // The P1D reminder and the time limit are still ahead, still delayed.
    for (const kind of ['reminder-1', 'due']) {
      expect(await backend().queue!.getJob(byKind.get(kind)!.id).then((j) => j?.isDelayed())).toBe(true);
    }

    const rows = await inbox('city-gz', sent[0]!.position);
    expect(rows.map((r) => r.kind)).toEqual(['reminder', 'audit-pending']);
    expect(rows[0]!.title.zh).toBe('即将到期（市级审核）：广州市海珠区人民政府');
    expect((await inbox('app-hz', sent[0]!.position)).map((r) => r.kind)).toEqual([]);

    // Run due again at the same clock: the reminder's job is done, nothing is promoted, nothing appended.
    expect(await deadlines().runDueNow()).toBe(0);
    expect(await history('StageReminderSent')).toHaveLength(1);
    expect((await inbox('city-gz', sent[0]!.position)).map((r) => r.kind)).toEqual(['reminder', 'audit-pending']);
  });
});

/**
 * The working-day calendar over HTTP: GET /calendar/:year (official or provisional), PUT /calendar/:year (admin)
 * publishing a year's official arrangement, and what that does to open deadlines: a working-day due time counted
 * into 2027 (no official arrangement shipped) is provisional — flagged in GET /cases/:id and warned about in
 * /health — until the arrangement is published, which re-plans the timer and tells the holder.
 */
import { caseStream } from '@shenbao/domain';
import type { Actor } from '@shenbao/domain';
import type { EventStore } from '@shenbao/event-store';
import type { Deadline } from '@shenbao/scheduling';
import { DEADLINE_BACKEND, DeadlinesService } from '@shenbao/commands';
import type { DeadlineBackend } from '@shenbao/commands';
import { EVENT_STORE } from '@shenbao/host';
import { CaseHttp } from './support/case-http';
import { CaseSeeder, TestClock } from './support/case-seeding';
import { cityGz, seedInCityAudit } from './support/guangzhou-journeys';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';
import { until } from './support/until';

const P = 'p-cal';
const admin: Actor = { userId: 'u-admin', role: 'admin' };
const FIXED_2027 = ['2027-01-01', '2027-05-01', '2027-05-02', '2027-10-01', '2027-10-02', '2027-10-03'];
/** An arrangement for 2027 that works Saturday 2027-01-02 (调休): one more working day before the due time. */
const ARRANGEMENT_2027 = {
  holidays: [...FIXED_2027, '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09'],
  adjustedWorkdays: ['2027-01-02'],
  notice: '国办发明电〔2026〕7号',
};
const STATUTORY_2027 = [
  '2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05', '2027-05-01', '2027-05-02',
  '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03',
];

describe('calendar (e2e)', () => {
  const clock = new TestClock(new Date('2019-03-15T02:00:00Z'));
  let t: TestApp;
  let h: CaseHttp;
  let seed: CaseSeeder;
  const store = (): EventStore => t.app.get<EventStore>(EVENT_STORE);
  const deadlines = (): DeadlinesService => t.app.get(DeadlinesService);
  const pendingDue = async (caseId: string): Promise<Deadline | undefined> =>
    (await deadlines().pending()).find((d) => d.caseId === caseId && d.kind === 'due');

  beforeAll(async () => {
    t = await bootTestApp({}, { clock: clock.now });
    h = new CaseHttp(t);
    await h.signInAdmin();
    await h.addUser('city-gz', { role: 'city', cityCode: '440100' });
    await h.addUser('prov-1', { role: 'province' });
    seed = new CaseSeeder(t.app, clock);
    await seed.createProgram(P, admin);
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /calendar/:year: the shipped years are official, 2027 is provisional with the statutory holidays', async () => {
    const official = await h.call('city-gz', 'get', '/calendar/2026').expect(200);
    expect(official.body).toMatchObject({ year: 2026, status: 'official' });
    expect(official.body.holidays).toContain('2026-02-17');
    const provisional = await h.call('city-gz', 'get', '/calendar/2027').expect(200);
    expect(provisional.body).toEqual({ year: 2027, status: 'provisional', holidays: STATUTORY_2027, adjustedWorkdays: [] });
  });

  it.each<[string, string, Record<string, unknown>, number, Record<string, unknown>]>([
    ['a year out of range', '1999', ARRANGEMENT_2027, 400, { field: 'year' }],
    ['a date of another year', '2027', { ...ARRANGEMENT_2027, holidays: [...FIXED_2027, '2026-12-31'] }, 400, { field: 'holidays[6]' }],
    ['no notice', '2027', { ...ARRANGEMENT_2027, notice: '' }, 400, { field: 'notice' }],
    ['a weekday as an adjusted workday', '2027', { ...ARRANGEMENT_2027, adjustedWorkdays: ['2027-01-04'] }, 422, { rule: 'calendar.adjustedWorkdayOnWeekend' }],
  ])('PUT /calendar/:year refuses %s, changing nothing', async (_what, year, body, status, detail) => {
    const head = await store().headPosition();
    const res = await h.call('admin', 'put', `/calendar/${year}`, body);
    expect(res.status).toBe(status);
    expect(await store().headPosition()).toBe(head);
    expect(res.body).toMatchObject({ statusCode: status, details: expect.arrayContaining([expect.objectContaining(detail)]) });
    expect((await h.call('admin', 'get', '/calendar/2027').expect(200)).body.status).toBe('provisional');
  });

  it('a due time counted into provisional 2027 is flagged; publishing 2027 re-plans it and the flag goes', async () => {
    await seedInCityAudit(seed, P, 'c-cal', '440106');
    // Mon 2026-12-21 10:00 in Shanghai: the city passes the audit and the case enters recommendation (P10D working):
    // 12-22 … 12-25, 12-28 … 12-31 (8), 01-01 元旦, 01-04 (9), 01-05 (10).
    clock.set(new Date('2026-12-21T02:00:00Z'));
    const passed = await seed.act(P, 'c-cal', cityGz, { type: 'AuditCase', data: { decision: 'pass', comment: '同意推荐' } });
    expect(await deadlines().caughtUp(passed.position)).toBe(true);
    const provisionalDue = '2027-01-05T15:59:59.999Z';
    expect(await pendingDue('c-cal')).toMatchObject({ stage: 'recommendation', dueAt: provisionalDue, provisional: true });
    const before = await h.call('city-gz', 'get', '/cases/c-cal').expect(200);
    expect(before.body.deadlines).toEqual([{ kind: 'due', stage: 'recommendation', dueAt: provisionalDue, provisional: true }]);
    const warned = await t.http().get('/health').expect(200);
    expect(warned.body.details.calendar).toMatchObject({ status: 'up', provisionalDeadlines: 2, provisionalYears: [2027], warning: expect.stringContaining('2027') });

    const put = await h.call('admin', 'put', '/calendar/2027', ARRANGEMENT_2027).expect(200);
    expect(put.body).toEqual({ year: 2027, status: 'official', ...ARRANGEMENT_2027, holidays: [...ARRANGEMENT_2027.holidays].sort() });

    // With Saturday 01-02 worked, the 10th working day is Mon 01-04.
    const officialDue = '2027-01-04T15:59:59.999Z';
    const replanned = await until('the due timer re-planned', async () => {
      const due = await pendingDue('c-cal');
      return due?.dueAt === officialDue ? due : undefined;
    });
    expect(replanned.provisional).toBeUndefined();
    expect(replanned.action).toEqual({ type: 'MarkOverdue', data: { stage: 'recommendation', entry: replanned.entry, dueAt: officialDue } });
    const after = await h.call('city-gz', 'get', '/cases/c-cal').expect(200);
    expect(after.body.deadlines).toEqual([{ kind: 'due', stage: 'recommendation', dueAt: officialDue }]);
    const calm = await t.http().get('/health').expect(200);
    expect(calm.body.details.calendar).toEqual({ status: 'up', provisionalDeadlines: 0 });
    expect((await h.call('prov-1', 'get', '/calendar/2027').expect(200)).body).toMatchObject({ status: 'official', notice: ARRANGEMENT_2027.notice });

    // The holder (the city, which owes the recommendation letter) is told, in the case's history and its inbox.
    const told = await until('the StageDueMoved event', async () => {
      const events = await store().readStream(caseStream('c-cal'));
      return events.find((e) => e.type === 'StageDueMoved');
    });
    expect(told.data).toEqual({
      stage: 'recommendation',
      entry: replanned.entry,
      from: provisionalDue,
      to: officialDue,
      year: 2027,
      notice: ARRANGEMENT_2027.notice,
      holder: { role: 'city', cityCodes: ['440100'] },
    });
    const inbox = await h.call('city-gz', 'get', `/inbox?minPosition=${told.position}`).expect(200);
    const notices = (inbox.body.items as { kind: string; caseId: string; title: { zh: string } }[]).filter((i) => i.caseId === 'c-cal' && i.kind === 'due-moved');
    expect(notices).toEqual([expect.objectContaining({ title: expect.objectContaining({ zh: expect.stringContaining('2027-01-04') }) })]);
  });

  it('publishing the same arrangement again appends nothing and moves nothing', async () => {
    const head = await store().headPosition();
    await h.call('admin', 'put', '/calendar/2027', ARRANGEMENT_2027).expect(200);
    expect(await store().headPosition()).toBe(head);
  });

  it('after a restart the calendar is folded from its stream again: 2027 stays official', async () => {
    await t.restart();
    expect((await h.call('admin', 'get', '/calendar/2027').expect(200)).body).toMatchObject({ status: 'official', adjustedWorkdays: ['2027-01-02'] });
    const c = await h.call('city-gz', 'get', '/cases/c-cal').expect(200);
    expect(c.body.deadlines).toEqual([{ kind: 'due', stage: 'recommendation', dueAt: '2027-01-04T15:59:59.999Z' }]);
  });

  it('a schedule planned under another calendar (before this one existed) is re-planned at the next start', async () => {
    const backend = (): DeadlineBackend => t.app.get<DeadlineBackend>(DEADLINE_BACKEND);
    const due = (await pendingDue('c-cal'))!;
    // As the version before the calendar planned it: 2027-01-01 counted as a working day, no calendar mark.
    const stale = '2027-01-01T15:59:59.999Z';
    await backend().scheduler.cancelEntry(due.caseId, due.stage, due.entry);
    await backend().scheduler.schedule([{ ...due, dueAt: stale, action: { type: 'MarkOverdue', data: { stage: due.stage, entry: due.entry, dueAt: stale } } }]);
    await backend().calendarMark.save(0);
    expect((await pendingDue('c-cal'))?.dueAt).toBe(stale);

    await t.restart();
    expect((await pendingDue('c-cal'))?.dueAt).toBe('2027-01-04T15:59:59.999Z');
    expect(await backend().calendarMark.load()).toBeGreaterThan(0);
  });
});

/**
 * Timed events of the pilot and of the application window, on the embedded profile with the local timer: the app's
 * CLOCK is a TestClock the test moves, and `DeadlinesService.runDueNow()` fires what fell due. Report cadence: a case
 * approved into progressEvaluation gets `P1` due (ProgressReportDue, a `report-due` row for the applicant), then
 * missed after the grace (ProgressReportMissed, `report-overdue` for the applicant, `escalation` for the city); a
 * report filed before its period falls due answers it, so nothing is marked. Window: a program created over HTTP
 * reminds the cities of their unsent cases three days before its last day and closes after it, each exactly once.
 */
import { dateIn, GD_BDPZ_2019_PROGRAM, programStream } from '@shenbao/domain';
import type { Actor } from '@shenbao/domain';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import type { Deadline } from '@shenbao/scheduling';
import { DeadlinesService, FiredDeadlineHandler } from '@shenbao/commands';
import { EVENT_STORE } from '@shenbao/host';
import { EXPERT_POOL, TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS } from './support/case-http';
import type { CaseHttp, CaseRef, Party } from './support/case-http';
import { StageSeeder } from './support/stage-seeding';
import type { StationCast } from './support/stage-seeding';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');
const SECOND = 1000;

interface HistoryItem {
  type: string;
  data: Record<string, unknown>;
}
interface InboxRow {
  caseId: string;
  kind: string;
  title: { zh: string; en: string };
}

/** Boots an app on `clock` with the users the tests read as: province, two cities, two Guangzhou applicants. */
const world = (clock: TestClock) =>
  bootCaseWorld(clock, { users: { ...OFFICERS, 'app-th': applicantIn({ cityCode: '440100', districtCode: '440106' }), 'app-hz': applicantIn({ cityCode: '440100', districtCode: '440105' }) } });

const inboxOf = async (h: CaseHttp, user: string, caseId: string, position: number): Promise<InboxRow[]> =>
  ((await h.call(user, 'get', `/inbox?minPosition=${position}`).expect(200)).body.items as InboxRow[]).filter((i) => i.caseId === caseId);
const kinds = (rows: InboxRow[]): string[] => rows.map((r) => r.kind).sort();

describe('report cadence (e2e)', () => {
  const clock = new TestClock(T0);
  const P = 'p-report-cadence';
  const C = 'c-report-cadence';
  const cast: StationCast = {
    applicant: { userId: 'u-th', role: 'applicant', cityCode: '440100', districtCode: '440106' },
    unitName: '广州市天河区人民政府',
    city: { userId: 'u-gz', role: 'city', cityCode: '440100' },
    province: { userId: 'u-prov', role: 'province' },
    panel: ['e3', 'e4', 'e5', 'e6', 'e7'],
  };
  let t: TestApp;
  let h: CaseHttp;
  let seeder: StageSeeder;

  const deadlines = (): DeadlinesService => t.app.get(DeadlinesService);
  const store = (): EventStore => t.app.get<EventStore>(EVENT_STORE);
  const history = async (type: string): Promise<HistoryItem[]> =>
    ((await h.call('prov', 'get', `/cases/${C}/history`).expect(200)).body.items as HistoryItem[]).filter((i) => i.type === type);
  const head = (): Promise<number> => store().headPosition();
  async function pendingOf(kind: string): Promise<Deadline> {
    expect(await deadlines().caughtUp()).toBe(true);
    const found = (await deadlines().pending()).find((d) => d.caseId === C && d.kind === kind);
    if (!found) throw new Error(`no pending ${kind} deadline for ${C}`);
    return found;
  }
  /** Moves the clock just past `at` and fires what is due, twice (a second run finds nothing new to do). */
  async function passAndFire(at: string): Promise<void> {
    clock.set(new Date(Date.parse(at) + SECOND));
    await deadlines().runDueNow();
    await deadlines().runDueNow();
    expect(await deadlines().caughtUp()).toBe(true);
  }
  const fileReport = (period: string): Promise<void> =>
    seeder.act(C, cast.applicant, {
      type: 'FileProgressReport',
      data: { reportId: `r-${period}`, period, narrative: '按计划推进。', indicators: [], projects: [{ seq: 1, investedToDate: 100, status: 'in_progress' }] },
    });

  beforeAll(async () => {
    ({ t, h } = await world(clock));
    seeder = new StageSeeder(t.app, clock, P, EXPERT_POOL);
    const admin: Actor = { userId: 'u-admin', role: 'admin' };
    await seeder.createProgram({ ...GD_BDPZ_2019_PROGRAM, key: 'e2e-report-cadence' }, admin);
    await seeder.caseAt('progressEvaluation', C, cast);
  });

  afterAll(async () => {
    await t.close();
  });

  it('plans P1 due at approval + reportEvery and its miss after the grace, and nothing is marked before', async () => {
    const [approved] = (await store().readStream(`case-${C}`)).filter((e) => e.type === 'ApprovalGranted');
    const due = await pendingOf('report-due-1');
    const missed = await pendingOf('report-missed-1');
    // P6M after approval (2019-03-01 + a few hours), the miss P15D later.
    const sixMonthsOn = new Date(approved!.metadata.at);
    sixMonthsOn.setUTCMonth(sixMonthsOn.getUTCMonth() + 6);
    expect(due.dueAt).toBe(sixMonthsOn.toISOString());
    expect(missed.dueAt).toBe(new Date(Date.parse(due.dueAt) + 15 * 24 * 3600 * SECOND).toISOString());
    expect(due.action).toEqual({ type: 'MarkReportDue', data: { period: 'P1', entry: due.entry, dueAt: due.dueAt } });

    clock.set(new Date(Date.parse(due.dueAt) - SECOND));
    await deadlines().runDueNow();
    expect(await history('ProgressReportDue')).toEqual([]);
  });

  it('shows the report due dates the inbox speaks of on the case, to the applicant and the city', async () => {
    const due = await pendingOf('report-due-1');
    const missed = await pendingOf('report-missed-1');
    const position = await head();
    expect(kinds(await inboxOf(h, 'app-th', C, position))).toContain('report-due');
    for (const user of ['app-th', 'city-gz', 'prov']) {
      const detail = await h.call(user, 'get', `/cases/${C}`).expect(200);
      expect(detail.body.deadlines).toEqual(expect.arrayContaining([
        expect.objectContaining({ kind: 'report-due-1', dueAt: due.dueAt, stage: 'progressEvaluation' }),
        expect.objectContaining({ kind: 'report-missed-1', dueAt: missed.dueAt }),
      ]));
    }
  });

  it('marks P1 due once its time passes: in the history, and a report-due row for the applicant only', async () => {
    const due = await pendingOf('report-due-1');
    await passAndFire(due.dueAt);
    // A redelivered firing changes nothing.
    await t.app.get(FiredDeadlineHandler).handle(due);

    const marks = await history('ProgressReportDue');
    expect(marks.map((m) => m.data)).toEqual([{ period: 'P1', dueAt: due.dueAt }]);
    const position = await head();
    const rows = await inboxOf(h, 'app-th', C, position);
    expect(kinds(rows)).toContain('report-due');
    expect(rows.find((r) => r.kind === 'report-due')!.title.zh).toContain('（P1）');
    expect(kinds(await inboxOf(h, 'app-hz', C, position))).toEqual([]);
    expect(kinds(await inboxOf(h, 'city-gz', C, position))).not.toContain('report-due');
    // The next period is planned once this one fell due; the case shows it beside the open period's miss.
    const next = await pendingOf('report-due-2');
    const shown = (await h.call('app-th', 'get', `/cases/${C}`).expect(200)).body.deadlines as { kind: string; dueAt: string }[];
    expect(shown.filter((d) => d.kind.startsWith('report-')).map((d) => d.kind).sort()).toEqual(['report-due-2', 'report-missed-1', 'report-missed-2']);
    expect(shown.find((d) => d.kind === 'report-due-2')!.dueAt).toBe(next.dueAt);
  });

  it('marks P1 missed after the grace: report-overdue for the applicant, an escalation for the city', async () => {
    const missed = await pendingOf('report-missed-1');
    await passAndFire(missed.dueAt);

    const marks = await history('ProgressReportMissed');
    const dueAt = (missed.action.data as { dueAt: string }).dueAt;
    expect(marks.map((m) => m.data)).toEqual([{ period: 'P1', dueAt, missedInRow: 1, escalatedTo: 'city' }]);
    const position = await head();
    expect(kinds(await inboxOf(h, 'app-th', C, position))).toEqual(expect.arrayContaining(['report-due', 'report-overdue']));
    const cityRows = await inboxOf(h, 'city-gz', C, position);
    expect(kinds(cityRows)).toContain('escalation');
    expect(cityRows.find((r) => r.kind === 'escalation')!.title.zh).toContain('（P1）');
    expect(kinds(await inboxOf(h, 'city-sz', C, position))).toEqual([]);
  });

  it('closes the P1 notices once P1 is filed, late', async () => {
    await fileReport('P1');
    const position = await head();
    expect(kinds(await inboxOf(h, 'app-th', C, position)).filter((k) => k.startsWith('report-'))).toEqual([]);
    expect(kinds(await inboxOf(h, 'city-gz', C, position))).not.toContain('escalation');
  });

  it('marks nothing for P2 when its report is filed before it falls due', async () => {
    const due2 = await pendingOf('report-due-2');
    const missed2 = await pendingOf('report-missed-2');
    expect(Date.parse(clock.now().toISOString())).toBeLessThan(Date.parse(due2.dueAt));
    await fileReport('P2');
    await passAndFire(missed2.dueAt);

    expect((await history('ProgressReportDue')).map((m) => m.data.period)).toEqual(['P1']);
    expect((await history('ProgressReportMissed')).map((m) => m.data.period)).toEqual(['P1']);
    expect((await deadlines().status()).failed).toBe(0);
    // And the cadence goes on with P3.
    expect((await pendingOf('report-due-3')).action).toMatchObject({ type: 'MarkReportDue', data: { period: 'P3' } });
  });

  it('shows an open rectification’s due day on the case, as the inbox and the notice tell it', async () => {
    const dueOn = dateIn(new Date(clock.now().getTime() + 30 * 24 * 3600 * SECOND));
    await h.expectStage(h.act('city-gz', C, 'evaluations', { period: 'P1', rating: 'pass', comment: '基本达标' }), 'progressEvaluation');
    await h.expectStage(h.act('prov', C, 'evaluations', { period: 'P1', rating: 'fail', comment: '进度滞后', rectificationDueOn: dueOn }), 'progressEvaluation');
    expect(kinds(await inboxOf(h, 'app-th', C, await head()))).toContain('rectification-due');
    const shown = (await h.call('app-th', 'get', `/cases/${C}`).expect(200)).body;
    // The end of dueOn in Asia/Shanghai: 16:00 UTC that day.
    expect(shown.deadlines).toContainEqual({ kind: 'rectification', dueAt: `${dueOn}T16:00:00.000Z`, stage: 'progressEvaluation' });
    expect(shown.monitoring.rectifications).toEqual([{ period: 'P1', dueOn }]);
  });
});

describe('program window closing (e2e)', () => {
  const clock = new TestClock(T0);
  const party = (districtCode: string, name: string): Party => ({ level: 'district', cityCode: '440100', districtCode, unitName: `广州市${name}区人民政府` });
  let t: TestApp;
  let h: CaseHttp;
  let programId: string;
  let drafted: CaseRef;
  let submitted: CaseRef;

  const deadlines = (): DeadlinesService => t.app.get(DeadlinesService);
  const programEvents = async (type: string): Promise<StoredEvent[]> =>
    (await t.app.get<EventStore>(EVENT_STORE).readStream(programStream(programId))).filter((e) => e.type === type);
  async function windowDeadline(kind: string): Promise<Deadline> {
    expect(await deadlines().caughtUp()).toBe(true);
    const found = (await deadlines().pending()).find((d) => d.id === `dl-program-${programId}-${kind}`);
    if (!found) throw new Error(`no pending ${kind} deadline for ${programId}`);
    return found;
  }
  async function passAndFire(at: string): Promise<void> {
    clock.set(new Date(Date.parse(at) + SECOND));
    await deadlines().runDueNow();
    await deadlines().runDueNow();
  }

  beforeAll(async () => {
    ({ t, h } = await world(clock));
    const res = await h
      .call('admin', 'post', '/programs', { ...GD_BDPZ_2019_PROGRAM, key: 'e2e-window', name: 'window e2e', window: { opensOn: '2019-02-27', closesOn: '2019-03-08' } })
      .expect(201);
    programId = res.body.id as string;
    drafted = await h.createCase('app-th', 'city-gz', party('440106', '天河'), programId);
    submitted = await h.submitted('app-hz', 'city-gz', party('440105', '海珠'), programId);
  });

  afterAll(async () => {
    await t.close();
  });

  it('schedules the reminder at 00:00 Shanghai three days before the last day and the close at its end', async () => {
    expect((await windowDeadline('window-closing')).dueAt).toBe('2019-03-04T16:00:00.000Z');
    expect((await windowDeadline('window-closed')).dueAt).toBe('2019-03-08T16:00:00.000Z');
  });

  it('reminds once, naming the unsent cases, with a window-closing row per case for their city', async () => {
    const closing = await windowDeadline('window-closing');
    clock.set(new Date(Date.parse(closing.dueAt) - SECOND));
    await deadlines().runDueNow();
    expect(await programEvents('ProgramWindowClosing')).toEqual([]);

    await passAndFire(closing.dueAt);
    await t.app.get(FiredDeadlineHandler).handle(closing);
    const events = await programEvents('ProgramWindowClosing');
    expect(events).toHaveLength(1);
    const data = events[0]!.data as { closesOn: string; pendingCases: { caseId: string; cityCode: string; stage: string }[] };
    expect(data.closesOn).toBe('2019-03-08');
    expect([...data.pendingCases].sort((a, b) => a.stage.localeCompare(b.stage))).toEqual([
      { caseId: submitted.id, cityCode: '440100', stage: 'cityAudit' },
      { caseId: drafted.id, cityCode: '440100', stage: 'draft' },
    ]);
    expect(events[0]!.metadata).toMatchObject({ actor: 'system', correlationId: closing.id });

    const position = events[0]!.position;
    for (const c of [drafted, submitted]) {
      const rows = await inboxOf(h, 'city-gz', c.id, position);
      expect(kinds(rows)).toContain('window-closing');
      expect(kinds(await inboxOf(h, 'city-sz', c.id, position))).toEqual([]);
    }
  });

  it('closes the row once the case moves on', async () => {
    const res = await h.expectStage(h.act('city-gz', submitted.id, 'city-audit', { decision: 'pass', comment: '同意' }), 'recommendation');
    expect(kinds(await inboxOf(h, 'city-gz', submitted.id, res.body.position as number))).not.toContain('window-closing');
    expect(kinds(await inboxOf(h, 'city-gz', drafted.id, res.body.position as number))).toContain('window-closing');
  });

  it('closes the window once after its last day', async () => {
    const closed = await windowDeadline('window-closed');
    await passAndFire(closed.dueAt);
    await t.app.get(FiredDeadlineHandler).handle(closed);
    const events = await programEvents('ProgramWindowClosed');
    expect(events.map((e) => e.data)).toEqual([{ closesOn: '2019-03-08' }]);
    expect(await programEvents('ProgramWindowClosing')).toHaveLength(1);
    expect((await deadlines().status()).failed).toBe(0);
  });
});

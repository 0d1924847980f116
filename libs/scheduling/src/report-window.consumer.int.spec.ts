/**
 * The DeadlineConsumer (with the case tracker behind it) over the report cadence of progressEvaluation and the
 * program window: what each event schedules or cancels, and what a resync keeps. Timers are never fired here, so a
 * deadline stays pending until the consumer cancels its entry.
 */
import { MemoryEventStore, type NewEvent } from '@shenbao/event-store';
import { GD_BDPZ_2019, type WorkflowDefinition } from '@shenbao/workflows';
import { DeadlineConsumer, type DeadlineConsumerOptions } from './deadline.consumer';
import { LocalTimerScheduler } from './local-timer.scheduler';

const GZ = '440100';
const sh = (local: string): string => new Date(`${local}+08:00`).toISOString();

let seq = 0;
function event(type: string, data: unknown, at: string): NewEvent {
  seq += 1;
  return {
    id: `00000000-0000-4000-9000-${String(seq).padStart(12, '0')}`,
    type,
    data,
    metadata: { actor: 'u1', role: 'province', at, correlationId: `c${seq}`, causationId: `c${seq}`, schemaVersion: 1 },
  };
}

/** c1 from creation to ApprovalGranted at `approvedAt` (entry 9 = progressEvaluation). */
function toApproval(approvedAt: string): NewEvent[] {
  const at = (day: string): string => sh(`2019-${day}T10:00:00`);
  return [
    event(
      'CaseCreated',
      {
        caseId: 'c1',
        programId: 'p1',
        workflow: { key: GD_BDPZ_2019.key, version: GD_BDPZ_2019.version },
        applicant: { cityCode: GZ, districtCode: '440106', unitName: '天河区人民政府', level: 'district' },
        partners: [],
        cities: [GZ],
        createdBy: 'u1',
      },
      at('04-01'),
    ),
    event('CaseSubmitted', { cities: [GZ] }, at('04-02')),
    event('CityAuditPassed', { cityCode: GZ, comment: 'ok' }, at('04-03')),
    event('RecommendationIssued', { cityCode: GZ, letterNo: '穗工信函〔2019〕1号', issuedOn: '2019-04-04', statement: '属实' }, at('04-04')),
    event('ExpertPanelFormed', { expertIds: ['e1'], method: 'chosen' }, at('04-10')),
    event('ScoresSubmitted', { expertId: 'e1', scores: { basis: 18 }, total: 80, comment: '' }, at('04-11')),
    event('ExpertReviewConcluded', { outcome: 'pass', score: 80, threshold: 70 }, at('04-12')),
    event('DefenseScheduled', { scheduledAt: at('04-15'), venue: '省厅', panelExpertIds: ['e1'] }, at('04-15')),
    event('DefenseResultRecorded', { decision: 'pass', comment: '' }, at('04-20')),
    event('SiteVisitScheduled', { scheduledAt: at('04-22'), team: ['e1'] }, at('04-22')),
    event('SiteVisitResultRecorded', { decision: 'pass', findings: '' }, at('05-20')),
    event('PublicityStarted', { batchId: 'b1', startsAt: at('06-03'), endsAt: sh('2019-06-10T23:59:59.999') }, at('06-03')),
    event('PublicityEnded', { batchId: 'b1' }, at('06-11')),
    event('ApprovalGranted', { replyLetterNo: '粤工信函〔2019〕9号', repliedOn: '2019-09-01', batchNo: 1 }, approvedAt),
  ];
}

const report = {
  due: (n: number, dueAt: string, at: string) => event('ProgressReportDue', { period: `P${n}`, dueAt }, at),
  missed: (n: number, dueAt: string, at: string, missedInRow = 1) =>
    event('ProgressReportMissed', { period: `P${n}`, dueAt, missedInRow, escalatedTo: 'city' }, at),
  filed: (period: string, at: string) =>
    event('ProgressReportFiled', { reportId: `r-${period}`, period, narrative: 'n', indicators: [], projects: [] }, at),
};

const programCreated = (programId: string, closesOn: string, at: string): NewEvent =>
  event('ProgramCreated', { programId, key: programId, name: programId, window: { opensOn: '2019-02-27', closesOn } }, at);

const resolveDefinition = (key: string, version: number): WorkflowDefinition => {
  if (key === GD_BDPZ_2019.key && version === GD_BDPZ_2019.version) return GD_BDPZ_2019;
  throw new Error(`unknown workflow ${key}@${version}`);
};

let store: MemoryEventStore;
let scheduler: LocalTimerScheduler;
const consumer = (extra: Partial<DeadlineConsumerOptions> = {}): DeadlineConsumer =>
  new DeadlineConsumer({ store, scheduler, checkpoints: scheduler.checkpointStore('deadlines'), resolveDefinition, ...extra });
const append = (stream: string, ...events: NewEvent[]): Promise<unknown> => store.append([{ stream, expectedRevision: 'any', events }]);
const pendingIds = async (): Promise<string[]> => (await scheduler.pending()).map((d) => d.id).sort();

beforeEach(() => {
  store = new MemoryEventStore();
  scheduler = LocalTimerScheduler.open({ path: ':memory:' });
});
afterEach(async () => {
  await scheduler.close();
  await store.close();
});

const APPROVED = sh('2019-09-01T10:00:00');
// P6M per period, missed P15D after the due time.
const DUE = { 1: sh('2020-03-01T10:00:00'), 2: sh('2020-09-01T10:00:00'), 3: sh('2021-03-01T10:00:00') };
const ids = (...kinds: string[]): string[] => kinds.map((k) => `dl-c1-progressEvaluation-9-${k}`).sort();

describe('DeadlineConsumer: report cadence', () => {
  it('plans P1 due and missed on entering progressEvaluation, with the due time as the period due time', async () => {
    await append('case-c1', ...toApproval(APPROVED));
    await consumer().catchUp();
    expect(await pendingIds()).toEqual(ids('report-due-1', 'report-missed-1'));
    const [due, missed] = await scheduler.pending();
    expect(due).toMatchObject({ stage: 'progressEvaluation', entry: 9, dueAt: DUE[1], action: { type: 'MarkReportDue', data: { period: 'P1', entry: 9, dueAt: DUE[1] } } });
    expect(missed).toMatchObject({ dueAt: sh('2020-03-16T10:00:00'), action: { type: 'MarkReportMissed', data: { period: 'P1', dueAt: DUE[1] } } });
  });

  it('plans period n + 1 when period n falls due, is missed or is filed — and nothing for another label', async () => {
    const c = consumer();
    await append('case-c1', ...toApproval(APPROVED));
    await c.catchUp();

    await append('case-c1', report.due(1, DUE[1], DUE[1]));
    await c.catchUp();
    expect(await pendingIds()).toEqual(ids('report-due-1', 'report-missed-1', 'report-due-2', 'report-missed-2'));
    const due2 = (await scheduler.pending()).find((d) => d.kind === 'report-due-2')!;
    // Counted from the entry (n × P6M), not chained from P1.
    expect(due2.dueAt).toBe(DUE[2]);

    await append('case-c1', report.missed(1, DUE[1], sh('2020-03-16T10:00:01')));
    await c.catchUp();
    expect(await pendingIds()).toEqual(ids('report-due-1', 'report-missed-1', 'report-due-2', 'report-missed-2'));

    // A report under an older free-text label answers no period.
    await append('case-c1', report.filed('2020H1', sh('2020-04-01T10:00:00')));
    await c.catchUp();
    expect(await pendingIds()).toHaveLength(4);

    // P2 filed early: P3 is planned (P2's own timers fire and decide nothing).
    await append('case-c1', report.filed('P2', sh('2020-08-01T10:00:00')));
    await c.catchUp();
    expect(await pendingIds()).toEqual(ids('report-due-1', 'report-missed-1', 'report-due-2', 'report-missed-2', 'report-due-3', 'report-missed-3'));
    expect((await scheduler.pending()).find((d) => d.kind === 'report-due-3')!.dueAt).toBe(DUE[3]);
  });

  it('cancels the cadence when the case leaves progressEvaluation', async () => {
    const c = consumer();
    await append('case-c1', ...toApproval(APPROVED), report.due(1, DUE[1], DUE[1]));
    await c.catchUp();
    expect(await pendingIds()).toHaveLength(4);
    await append('case-c1', event('PilotRevoked', { reason: '连续未报送进展报告' }, sh('2020-04-01T10:00:00')));
    await c.catchUp();
    expect(await pendingIds()).toEqual([]);
  });

  it('resync keeps the next period and the miss of a period that fell due and is still open', async () => {
    await append('case-c1', ...toApproval(APPROVED), report.due(1, DUE[1], DUE[1]));
    await consumer().catchUp();
    expect(await pendingIds()).toHaveLength(4);
    // P1's due is answered by the log: dropped; its miss is still wanted, with P2.
    await consumer({ now: () => new Date(sh('2020-03-05T00:00:00')) }).resync();
    expect(await pendingIds()).toEqual(ids('report-missed-1', 'report-due-2', 'report-missed-2'));

    await append('case-c1', report.missed(1, DUE[1], sh('2020-03-16T10:00:01')));
    await consumer({ now: () => new Date(sh('2020-03-17T00:00:00')) }).resync();
    expect(await pendingIds()).toEqual(ids('report-due-2', 'report-missed-2'));

    await append('case-c1', report.filed('P2', sh('2020-08-01T10:00:00')));
    await consumer({ now: () => new Date(sh('2020-08-02T00:00:00')) }).resync();
    expect(await pendingIds()).toEqual(ids('report-due-3', 'report-missed-3'));
  });
});

describe('DeadlineConsumer: program window', () => {
  const CLOSING = 'dl-program-p1-window-closing';
  const CLOSED = 'dl-program-p1-window-closed';

  it('schedules the reminder and the close when it sees ProgramCreated', async () => {
    await append('program-p1', programCreated('p1', '2019-04-26', sh('2019-02-27T10:00:00')));
    await consumer().catchUp();
    expect(await scheduler.pending()).toEqual([
      {
        id: CLOSING,
        caseId: 'program-p1',
        stage: 'window',
        entry: 0,
        kind: 'window-closing',
        dueAt: sh('2019-04-23T00:00:00'),
        action: { type: 'RemindWindowClosing', data: { programId: 'p1', closesOn: '2019-04-26' } },
      },
      {
        id: CLOSED,
        caseId: 'program-p1',
        stage: 'window',
        entry: 0,
        kind: 'window-closed',
        dueAt: sh('2019-04-27T00:00:00'),
        action: { type: 'CloseProgramWindow', data: { programId: 'p1', closesOn: '2019-04-26' } },
      },
    ]);
  });

  it('takes the reminder lead time from its options', async () => {
    await append('program-p1', programCreated('p1', '2019-04-26', sh('2019-02-27T10:00:00')));
    await consumer({ windowReminderDays: 5 }).catchUp();
    expect((await scheduler.pending()).find((d) => d.id === CLOSING)!.dueAt).toBe(sh('2019-04-21T00:00:00'));
  });

  it('schedules nothing for a program created after its window was over', async () => {
    await append('program-p1', programCreated('p1', '2019-04-26', sh('2019-04-27T00:00:00')));
    await append('program-p2', programCreated('p2', '2019-04-26', sh('2019-04-26T23:59:00')));
    await consumer().catchUp();
    // p2 came in on the last day: the reminder is already due, the close still ahead.
    expect(await pendingIds()).toEqual(['dl-program-p2-window-closed', 'dl-program-p2-window-closing']);
  });

  it('ignores the other events of a program stream and of non-case streams', async () => {
    await append('program-p1', programCreated('p1', '2019-04-26', sh('2019-02-27T10:00:00')));
    await append('program-p1', event('CaseRegistered', { caseId: 'c9', cityCode: GZ }, sh('2019-03-01T10:00:00')));
    await append('user-u1', event('ProgramCreated', { programId: 'x', window: { opensOn: '2019-02-27', closesOn: '2019-04-26' } }, sh('2019-03-01T10:00:00')));
    await consumer().catchUp();
    expect(await pendingIds()).toEqual([CLOSED, CLOSING]);
  });

  it('resync keeps what the log has not answered yet: both, then the close, then nothing', async () => {
    await append('program-p1', programCreated('p1', '2019-04-26', sh('2019-02-27T10:00:00')));
    await consumer({ now: () => new Date(sh('2019-03-01T00:00:00')) }).resync();
    expect(await pendingIds()).toEqual([CLOSED, CLOSING]);

    await append('program-p1', event('ProgramWindowClosing', { closesOn: '2019-04-26', pendingCases: [] }, sh('2019-04-23T00:00:01')));
    await consumer({ now: () => new Date(sh('2019-04-23T00:00:02')) }).resync();
    expect(await pendingIds()).toEqual([CLOSED]);

    await append('program-p1', event('ProgramWindowClosed', { closesOn: '2019-04-26' }, sh('2019-04-27T00:00:01')));
    await consumer({ now: () => new Date(sh('2019-04-27T00:00:02')) }).resync();
    expect(await pendingIds()).toEqual([]);
  });

  it('resync keeps window deadlines beside the case deadlines', async () => {
    await append('program-p1', programCreated('p1', '2019-04-26', sh('2019-02-27T10:00:00')));
    await append('case-c1', ...toApproval(APPROVED));
    await consumer({ now: () => new Date(sh('2019-09-02T00:00:00')) }).resync();
    // The window is long over by then, but nothing in the log closed it: the close is still wanted.
    expect(await pendingIds()).toEqual([...ids('report-due-1', 'report-missed-1'), CLOSED, CLOSING].sort());
  });
});

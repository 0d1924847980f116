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
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    type,
    data,
    metadata: { actor: 'u1', role: 'province', at, correlationId: `c${seq}`, causationId: `c${seq}`, schemaVersion: 1 },
  };
}

const e = {
  created: (caseId: string, at: string) =>
    event(
      'CaseCreated',
      {
        caseId,
        programId: 'p1',
        workflow: { key: GD_BDPZ_2019.key, version: GD_BDPZ_2019.version },
        applicant: { cityCode: GZ, districtCode: '440106', unitName: '天河区人民政府', level: 'district' },
        partners: [],
        cities: [GZ],
        createdBy: 'u1',
      },
      at,
    ),
  submitted: (at: string) => event('CaseSubmitted', { cities: [GZ] }, at),
  returned: (at: string) => event('CaseReturnedForRevision', { cityCode: GZ, comment: '补充材料' }, at),
  auditPassed: (at: string) => event('CityAuditPassed', { cityCode: GZ, comment: 'ok' }, at),
  recommended: (at: string) =>
    event('RecommendationIssued', { cityCode: GZ, letterNo: '穗工信函〔2019〕1号', issuedOn: '2019-04-20', statement: '属实' }, at),
  panel: (at: string) => event('ExpertPanelFormed', { expertIds: ['e1'], method: 'chosen' }, at),
  scored: (at: string) => event('ScoresSubmitted', { expertId: 'e1', scores: { basis: 18 }, total: 80, comment: '' }, at),
  concluded: (at: string) => event('ExpertReviewConcluded', { outcome: 'pass', score: 80, threshold: 70 }, at),
  defenseScheduled: (at: string) => event('DefenseScheduled', { scheduledAt: at, venue: '省厅', panelExpertIds: ['e1'] }, at),
  defensePassed: (at: string) => event('DefenseResultRecorded', { decision: 'pass', comment: '' }, at),
  visitScheduled: (at: string) => event('SiteVisitScheduled', { scheduledAt: at, team: ['e1'] }, at),
  visitPassed: (at: string) => event('SiteVisitResultRecorded', { decision: 'pass', findings: '' }, at),
  publicityStarted: (at: string, endsAt: string) => event('PublicityStarted', { batchId: 'b1', startsAt: at, endsAt }, at),
  objectionRaised: (at: string) =>
    event('ObjectionRaised', { objectionId: 'o1', objector: { kind: 'person', name: '张三', contact: '138' }, summary: 's', receivedOn: '2019-06-05' }, at),
  objectionDismissed: (at: string) => event('ObjectionResolved', { objectionId: 'o1', upheld: false, comment: '不成立' }, at),
  publicityEnded: (at: string) => event('PublicityEnded', { batchId: 'b1' }, at),
  overdue: (stage: string, entry: number, dueAt: string, at: string) => event('StageOverdueMarked', { stage, entry, dueAt }, at),
};

async function append(store: MemoryEventStore, caseId: string, ...events: NewEvent[]): Promise<void> {
  await store.append([{ stream: `case-${caseId}`, expectedRevision: 'any', events }]);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const resolveDefinition = (key: string, version: number): WorkflowDefinition => {
  if (key === GD_BDPZ_2019.key && version === GD_BDPZ_2019.version) return GD_BDPZ_2019;
  throw new Error(`unknown workflow ${key}@${version}`);
};

let store: MemoryEventStore;
let scheduler: LocalTimerScheduler;
function consumer(extra: Partial<DeadlineConsumerOptions> = {}): DeadlineConsumer {
  return new DeadlineConsumer({ store, scheduler, checkpoints: scheduler.checkpointStore('deadlines'), resolveDefinition, ...extra });
}
const pendingIds = async (): Promise<string[]> => (await scheduler.pending()).map((d) => d.id).sort();

beforeEach(() => {
  store = new MemoryEventStore();
  scheduler = LocalTimerScheduler.open({ path: ':memory:' });
});
afterEach(async () => {
  await scheduler.close();
  await store.close();
});

const CITY_AUDIT_2 = ['dl-c1-cityAudit-2-due', 'dl-c1-cityAudit-2-reminder-0', 'dl-c1-cityAudit-2-reminder-1'];
const CITY_AUDIT_4 = ['dl-c1-cityAudit-4-due', 'dl-c1-cityAudit-4-reminder-0', 'dl-c1-cityAudit-4-reminder-1'];

describe('DeadlineConsumer', () => {
  it('schedules a cityAudit entry, cancels it on return, and schedules the next entry', async () => {
    const c = consumer();
    await append(store, 'c1', e.created('c1', sh('2019-04-01T09:00:00')), e.submitted(sh('2019-04-02T10:00:00')));
    await c.catchUp();
    expect(await pendingIds()).toEqual(CITY_AUDIT_2);

    await append(store, 'c1', e.returned(sh('2019-04-04T10:00:00')));
    await c.catchUp();
    expect(await pendingIds()).toEqual([]); // draft has no limit

    await append(store, 'c1', e.submitted(sh('2019-04-08T10:00:00')));
    expect(await c.catchUp()).toBe(4);
    expect(await pendingIds()).toEqual(CITY_AUDIT_4);
    // Entered Mon 2019-04-08; 10 working days (Qingming Apr 5–7 is behind it) → end of Mon 2019-04-22.
    const due = (await scheduler.pending()).find((d) => d.kind === 'due')!;
    expect(due.dueAt).toBe(sh('2019-04-22T23:59:59.999'));
    expect(await scheduler.checkpointStore('deadlines').load()).toBe(4);
  });

  it('schedules the publicity end on PublicityStarted and moves on when the period ends', async () => {
    const c = consumer();
    await append(
      store,
      'c1',
      e.created('c1', sh('2019-04-01T09:00:00')),
      e.submitted(sh('2019-04-02T10:00:00')),
      e.auditPassed(sh('2019-04-03T10:00:00')),
      e.recommended(sh('2019-04-04T10:00:00')),
      e.panel(sh('2019-04-10T10:00:00')),
      e.scored(sh('2019-04-11T10:00:00')),
      e.concluded(sh('2019-04-12T10:00:00')),
      e.defenseScheduled(sh('2019-04-15T10:00:00')),
      e.defensePassed(sh('2019-04-20T10:00:00')),
      e.visitScheduled(sh('2019-04-22T10:00:00')),
      e.visitPassed(sh('2019-05-20T10:00:00')),
    );
    await c.catchUp();
    expect(await pendingIds()).toEqual([]); // publicity waits for its batch: no limit of its own

    const endsAt = sh('2019-06-10T23:59:59.999');
    await append(store, 'c1', e.publicityStarted(sh('2019-06-03T09:00:00'), endsAt));
    await c.catchUp();
    expect(await scheduler.pending()).toEqual([
      expect.objectContaining({ id: 'dl-c1-publicity-7-end', dueAt: endsAt, action: { type: 'EndPublicity', data: { batchId: 'b1', entry: 7 } } }),
    ]);

    // An objection held the period open past its end; once dismissed, ending is tried again at once.
    await append(store, 'c1', e.objectionRaised(sh('2019-06-05T09:00:00')), e.objectionDismissed(sh('2019-06-12T09:00:00')));
    await c.catchUp();
    expect(await pendingIds()).toEqual(['dl-c1-publicity-7-end', 'dl-c1-publicity-7-end-1']);

    await append(store, 'c1', e.publicityEnded(sh('2019-06-12T09:05:00')));
    await c.catchUp();
    expect(await pendingIds()).toEqual(['dl-c1-approval-8-due', 'dl-c1-approval-8-reminder-0']);
  });

  it('resumes after a restart: a fresh consumer folds the case from its stream and cancels the old entry', async () => {
    await append(store, 'c1', e.created('c1', sh('2019-04-01T09:00:00')), e.submitted(sh('2019-04-02T10:00:00')));
    await consumer().catchUp();
    expect(await pendingIds()).toEqual(CITY_AUDIT_2);

    await append(store, 'c1', e.returned(sh('2019-04-04T10:00:00')), e.submitted(sh('2019-04-08T10:00:00')));
    const restarted = consumer();
    expect(await restarted.catchUp()).toBe(4);
    expect(await pendingIds()).toEqual(CITY_AUDIT_4);
  });

  it('keeps a bounded number of cases in memory; a case pushed out is folded again from its stream', async () => {
    const c = consumer({ cacheSize: 1 });
    await append(store, 'c1', e.created('c1', sh('2019-04-01T09:00:00')), e.submitted(sh('2019-04-02T10:00:00')));
    await append(store, 'c2', e.created('c2', sh('2019-04-01T09:30:00')), e.submitted(sh('2019-04-02T10:30:00')));
    // c2 pushed c1 out of the one-case cache; c1's return and resubmission must still cancel and replan its entry.
    await append(store, 'c1', e.returned(sh('2019-04-04T10:00:00')), e.submitted(sh('2019-04-08T10:00:00')));
    await c.catchUp();
    expect(await pendingIds()).toEqual([...CITY_AUDIT_4, ...CITY_AUDIT_2.map((id) => id.replace('-c1-', '-c2-'))].sort());
  });

  it('follows the log live until stopped', async () => {
    const c = consumer();
    c.start();
    await append(store, 'c1', e.created('c1', sh('2019-04-01T09:00:00')), e.submitted(sh('2019-04-02T10:00:00')));
    await waitFor(async () => (await pendingIds()).length === 3);
    await append(store, 'c1', e.returned(sh('2019-04-04T10:00:00')));
    await waitFor(async () => (await pendingIds()).length === 0);
    await c.stop();
    expect(await scheduler.checkpointStore('deadlines').load()).toBe(3);
  });

  it('a failure of the live loop is reported and retried from the checkpoint, without waiting for another append', async () => {
    const inner = scheduler.checkpointStore('deadlines');
    let failures = 0;
    const errors: unknown[] = [];
    const c = consumer({
      retryDelayMs: 5,
      onError: (error) => errors.push(error),
      checkpoints: { load: () => inner.load(), save: async (p) => (failures-- > 0 ? Promise.reject(new Error('disk full')) : inner.save(p)) },
    });
    c.start();
    await append(store, 'c1', e.created('c1', sh('2019-04-01T09:00:00')));
    await waitFor(async () => (await inner.load()) === 1);
    failures = 1;
    await append(store, 'c1', e.submitted(sh('2019-04-02T10:00:00')));
    await waitFor(async () => (await inner.load()) === 2);
    await c.stop();
    expect(errors.map((x) => (x as Error).message)).toEqual(['disk full']);
    expect(await pendingIds()).toEqual(CITY_AUDIT_2);
  });

  it('saves its checkpoint once per burst of live events, and passes draft saves by without a stage change', async () => {
    const inner = scheduler.checkpointStore('deadlines');
    const saves: number[] = [];
    const c = consumer({ checkpoints: { load: () => inner.load(), save: async (p) => (saves.push(p), inner.save(p)) } });
    c.start();
    await append(store, 'c1', e.created('c1', sh('2019-04-01T09:00:00')));
    await waitFor(async () => (await inner.load()) === 1);
    const drafts = Array.from({ length: 30 }, (_, i) => event('ApplicationSaved', { application: { n: i } }, sh('2019-04-01T10:00:00')));
    await append(store, 'c1', ...drafts, e.submitted(sh('2019-04-02T10:00:00')));
    await waitFor(async () => (await inner.load()) === 32);
    await c.stop();
    expect(saves.length).toBeLessThan(5);
    expect(saves[saves.length - 1]).toBe(32);
    expect(await pendingIds()).toEqual(CITY_AUDIT_2);
  });

  it('skips an event the machine refuses, reporting it, and carries on', async () => {
    const errors: unknown[] = [];
    const c = consumer({ onError: (error) => errors.push(error) });
    await append(store, 'c1', e.created('c1', sh('2019-04-01T09:00:00')), e.publicityEnded(sh('2019-04-01T10:00:00')));
    await append(store, 'c1', e.submitted(sh('2019-04-02T10:00:00')));
    await c.catchUp();
    expect(errors).toHaveLength(1);
    expect(await pendingIds()).toEqual(CITY_AUDIT_2);
  });

  it('resync rebuilds the schedule from zero: stale entries go, handled and past deadlines are not planned again', async () => {
    await append(store, 'c1', e.created('c1', sh('2019-04-01T09:00:00')), e.submitted(sh('2019-04-02T10:00:00')));
    await append(store, 'c2', e.created('c2', sh('2019-04-01T09:00:00')), e.submitted(sh('2019-04-02T10:00:00')));
    // c2's due passed and was marked overdue; c1 is still within its limit.
    await append(store, 'c2', e.overdue('cityAudit', 2, sh('2019-04-17T23:59:59.999'), sh('2019-04-18T00:00:01')));
    // A leftover from an entry that no longer exists.
    await scheduler.schedule([
      {
        id: 'dl-c9-cityAudit-2-due',
        caseId: 'c9',
        stage: 'cityAudit',
        entry: 2,
        kind: 'due',
        dueAt: sh('2019-04-20T00:00:00'),
        action: { type: 'MarkOverdue', data: { stage: 'cityAudit', entry: 2, dueAt: sh('2019-04-20T00:00:00') } },
      },
    ]);

    // Now: after c1's first reminder (end of 04-12) but before its second (end of 04-16).
    const c = consumer({ now: () => new Date(sh('2019-04-13T12:00:00')) });
    expect(await c.resync()).toBe(5);
    expect(await pendingIds()).toEqual(['dl-c1-cityAudit-2-due', 'dl-c1-cityAudit-2-reminder-1']);
    expect(await scheduler.checkpointStore('deadlines').load()).toBe(5);

    // And it keeps following from there.
    await append(store, 'c1', e.returned(sh('2019-04-14T10:00:00')));
    await c.catchUp();
    expect(await pendingIds()).toEqual([]);
  });
});

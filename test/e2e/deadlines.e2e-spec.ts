/**
 * Deadlines in the embedded profile: timers in DATA_DIR/timers.sqlite planned from the event log and fired as case
 * commands on the app's CLOCK. Time is a TestClock handed to the app as CLOCK (the timers and the commands' `now`
 * both read it); after moving it, a test either waits for the background loop (it re-checks at least every second)
 * or calls `DeadlinesService.runDueNow()`. Cases are seeded through the domain deciders and the app's CommandRunner
 * (support/case-seeding.ts); objections go through the app's CaseCommandService.
 */
import { caseStream, dateIn, foldCase } from '@shenbao/domain';
import type { Actor, CaseEvent } from '@shenbao/domain';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import type { Deadline } from '@shenbao/scheduling';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import { CaseCommandService, DEADLINE_BACKEND, DeadlinesService, FiredDeadlineHandler, ProgramWindowSender } from '@shenbao/commands';
import type { DeadlineBackend } from '@shenbao/commands';
import { EVENT_STORE } from '@shenbao/host';
import { CaseSeeder, TestClock } from './support/case-seeding';
import { applicantOf, cityGz, prov, seedAwaitingPublicity, seedInCityAudit } from './support/guangzhou-journeys';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const P = 'p-dl';
const T0 = new Date('2019-03-15T02:00:00Z');
const METRICS_TOKEN = 'deadlines-metrics-token-0123456789abcdef';
const HOUR = 3600 * 1000;

const admin: Actor = { userId: 'u-admin', role: 'admin' };

/** Polls `probe` until it gives a value (a condition, not a fixed sleep); fails after `timeoutMs`. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One booted app with its clock, seeder and deadline service, and helpers over one program. */
class World {
  readonly seed: CaseSeeder;

  constructor(
    readonly t: TestApp,
    readonly clock: TestClock,
  ) {
    this.seed = new CaseSeeder(t.app, clock);
  }

  /** Of the app running now (a restart opens a new one). */
  get store(): EventStore {
    return this.t.app.get<EventStore>(EVENT_STORE);
  }

  get deadlines(): DeadlinesService {
    return this.t.app.get(DeadlinesService);
  }

  /** Created, form saved and submitted: in cityAudit. Returns the submission's position. */
  inCityAudit(caseId: string, districtCode: string): Promise<number> {
    return seedInCityAudit(this.seed, P, caseId, districtCode);
  }

  /** Recommended, reviewed, defended and visited: awaiting publicity. */
  awaitingPublicity(caseId: string, districtCode: string): Promise<void> {
    return seedAwaitingPublicity(this.seed, P, caseId, districtCode);
  }

  events(caseId: string): Promise<StoredEvent[]> {
    return this.store.readStream(caseStream(caseId));
  }

  async ofType(caseId: string, type: string): Promise<StoredEvent[]> {
    return (await this.events(caseId)).filter((e) => e.type === type);
  }

  async stage(caseId: string): Promise<string | undefined> {
    const events = await this.events(caseId);
    return foldCase(GD_BDPZ_2019, events.map((e) => ({ type: e.type, data: e.data }) as CaseEvent))?.stage;
  }

  /** The pending deadline of `kind` for the case, once the consumer has applied the log up to `position`. */
  async pendingDeadline(caseId: string, kind: string, position?: number): Promise<Deadline> {
    expect(await this.deadlines.caughtUp(position)).toBe(true);
    const found = (await this.deadlines.pending()).find((d) => d.caseId === caseId && d.kind === kind);
    if (!found) throw new Error(`no pending ${kind} deadline for ${caseId}`);
    return found;
  }
}

describe('deadlines (e2e)', () => {
  const clock = new TestClock(T0);
  let w: World;

  beforeAll(async () => {
    w = new World(await bootTestApp({ METRICS_TOKEN }, { clock: clock.now }), clock);
    await w.seed.createProgram(P, admin);
  });
  afterAll(async () => {
    await w.t.close();
  });

  it('ends a publicity period by the local timer: the case reaches approval by itself', async () => {
    await w.awaitingPublicity('c-pub', '440106');
    const { position } = await w.seed.openPublicity(P, 'c-pub', 'b-pub', prov, 1 / 24);
    const end = await w.pendingDeadline('c-pub', 'end', position);
    expect(end.stage).toBe('publicity');
    expect(await w.stage('c-pub')).toBe('publicity');

    clock.set(new Date(Date.parse(end.dueAt) + 1000));
    // No runDueNow here: the background loop notices the clock has passed the end.
    await until('approval', async () => ((await w.stage('c-pub')) === 'approval' ? true : undefined));
    const [ended] = await w.ofType('c-pub', 'PublicityEnded');
    expect(ended.data).toEqual({ batchId: 'b-pub' });
    expect(ended.metadata).toMatchObject({ actor: 'system', role: 'province', correlationId: end.id, at: clock.now().toISOString() });
    // Fired, and not kept pending or failed (the stage change may cancel the entry's row while its handler runs).
    await until('end timer settled', async () => ((await w.deadlines.pending()).some((d) => d.id === end.id) ? undefined : true));
    expect((await w.deadlines.timer(end.id))?.status ?? 'cancelled').not.toMatch(/pending|failed/);
  });

  it('does not end publicity while an objection is open; dismissing it after the end moves the case to approval', async () => {
    await w.awaitingPublicity('c-obj', '440105');
    await w.seed.openPublicity(P, 'c-obj', 'b-obj', prov, 1 / 24);
    const cases = w.t.app.get(CaseCommandService);
    const ctx = { actor: prov, correlationId: 'test-objection' };
    const raised = await cases.execute(
      'c-obj',
      {
        type: 'RaiseObjection',
        data: {
          objectionId: 'o-1',
          objector: { kind: 'person', name: '王某', contact: '13800000000' },
          summary: '申报材料中的企业名录有误。',
          receivedOn: dateIn(clock.now(), GD_BDPZ_2019.timeZone),
        },
      },
      ctx,
    );
    const end = await w.pendingDeadline('c-obj', 'end', raised.position);

    clock.set(new Date(Date.parse(end.dueAt) + HOUR));
    await w.deadlines.runDueNow();
    // Refused for now (objections.open) and settled: done, not failed, and the case still in publicity.
    expect((await w.deadlines.timer(end.id))?.status).toBe('done');
    expect((await w.deadlines.status()).failed).toBe(0);
    expect(await w.stage('c-obj')).toBe('publicity');
    expect(await w.ofType('c-obj', 'PublicityEnded')).toHaveLength(0);

    const resolved = await cases.execute('c-obj', { type: 'ResolveObjection', data: { objectionId: 'o-1', upheld: false, comment: '经核查不属实。' } }, ctx);
    expect(resolved.stage).toBe('approval');
    // The retry timer planned for the resolution (if it got in before the stage change cancelled it) changes nothing.
    expect(await w.deadlines.caughtUp(resolved.position)).toBe(true);
    await w.deadlines.runDueNow();
    expect(await w.ofType('c-obj', 'PublicityEnded')).toHaveLength(1);
    expect(await w.stage('c-obj')).toBe('approval');
  });

  it('marks a stage entry overdue when its working-day limit passes, exactly once', async () => {
    const position = await w.inCityAudit('c-late', '440104');
    const due = await w.pendingDeadline('c-late', 'due', position);
    expect(due).toMatchObject({ stage: 'cityAudit', action: { type: 'MarkOverdue' } });
    // P10D working from a Friday in March 2019: the end of Friday 2019-03-29 in Shanghai.
    expect(due.dueAt).toBe('2019-03-29T15:59:59.999Z');

    clock.set(new Date(Date.parse(due.dueAt) - 1000));
    await w.deadlines.runDueNow();
    expect(await w.ofType('c-late', 'StageOverdueMarked')).toHaveLength(0);

    clock.set(new Date(Date.parse(due.dueAt) + 1000));
    await w.deadlines.runDueNow();
    await w.deadlines.runDueNow();
    // A redelivered firing (at least once) and the same deadline scheduled again change nothing either.
    await w.t.app.get(FiredDeadlineHandler).handle(due);
    await w.t.app.get<DeadlineBackend>(DEADLINE_BACKEND).scheduler.schedule([due]);
    await w.deadlines.runDueNow();

    const marks = await w.ofType('c-late', 'StageOverdueMarked');
    const escalation = { holder: { role: 'city', cityCodes: ['440100'] }, escalatedTo: 'province' };
    expect(marks.map((e) => e.data)).toEqual([{ stage: 'cityAudit', entry: due.entry, dueAt: due.dueAt, ...escalation }]);
    expect(marks[0].metadata).toMatchObject({ actor: 'system', role: 'province', correlationId: due.id });
    expect((await w.deadlines.timer(due.id))?.status).toBe('done');
    expect(await w.stage('c-late')).toBe('cityAudit');
  });

  it('does nothing for a stale timer: the case was returned for revision before the due time', async () => {
    const position = await w.inCityAudit('c-back', '440103');
    const due = await w.pendingDeadline('c-back', 'due', position);
    const returned = await w.seed.act(P, 'c-back', cityGz, { type: 'AuditCase', data: { decision: 'return', comment: '请补充重点项目表。' } });
    expect(await w.deadlines.caughtUp(returned.position)).toBe(true);
    // Leaving the stage cancelled the entry's timers.
    expect((await w.deadlines.pending()).filter((d) => d.caseId === 'c-back' && d.entry === due.entry)).toEqual([]);

    clock.set(new Date(Date.parse(due.dueAt) + 1000));
    await w.deadlines.runDueNow();
    const revision = (await w.events('c-back')).length;
    // A timer that outlived its entry all the same (cancelled too late, or a replayed job) fires and decides nothing.
    await w.t.app.get<DeadlineBackend>(DEADLINE_BACKEND).scheduler.schedule([due]);
    await w.deadlines.runDueNow();
    expect((await w.deadlines.timer(due.id))?.status).toBe('done');
    expect(await w.events('c-back')).toHaveLength(revision);
    expect(await w.ofType('c-back', 'StageOverdueMarked')).toHaveLength(0);
    expect(await w.stage('c-back')).toBe('draft');
  });

  it('names in the window-closing reminder the open cases not yet sent to the province, read from the program stream', async () => {
    const PW = 'p-window';
    await w.seed.createProgram(PW, admin);
    await w.seed.act(PW, 'w-draft', applicantOf('440103'), {
      type: 'CreateCase',
      data: { caseId: 'w-draft', programId: PW, applicant: { level: 'district', cityCode: '440100', districtCode: '440103', unitName: '广州市荔湾区人民政府' } },
    });
    await seedInCityAudit(w.seed, PW, 'w-audit', '440104');
    await seedInCityAudit(w.seed, PW, 'w-gone', '440105');
    await w.seed.act(PW, 'w-gone', applicantOf('440105'), { type: 'WithdrawCase', data: { reason: '材料需重新准备' } });
    await seedAwaitingPublicity(w.seed, PW, 'w-sent', '440106');

    expect(await w.t.app.get(ProgramWindowSender).pendingCases(PW)).toEqual([
      { caseId: 'w-draft', cityCode: '440100', stage: 'draft' },
      { caseId: 'w-audit', cityCode: '440100', stage: 'cityAudit' },
    ]);
    await expect(w.t.app.get(ProgramWindowSender).pendingCases('no-such-program')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports pending and failed timers on /metrics and the deadline consumer on /health', async () => {
    const pending = (await w.deadlines.pending()).length;
    const metrics = await w.t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(metrics.text).toContain(`shenbao_deadlines_pending ${pending}\n`);
    expect(metrics.text).toContain('shenbao_deadlines_failed 0\n');
    expect(metrics.text).toMatch(/^shenbao_follower_lag_events\{follower="deadlines"\} \d+$/m);
    expect(metrics.text).toMatch(/shenbao_deadlines_fired_total\{action="MarkOverdue",outcome="sent"\} \d+/);
    expect(metrics.text).toMatch(/shenbao_deadlines_fired_total\{action="EndPublicity",outcome="refused"\} 1/);
    expect(metrics.text).toMatch(/shenbao_projection_lag_events\{projection="deadlines"\} \d+/);

    const health = await w.t.http().get('/health').expect(200);
    expect(health.body.info.deadlines).toMatchObject({ status: 'up', state: 'running', backend: 'local', pending, failed: 0 });
  });
});

describe('deadlines across a restart (e2e)', () => {
  it('fires on start a timer that fell due while the process was down; a stuck consumer turns /health 503', async () => {
    const before = new TestClock(T0);
    const w = new World(await bootTestApp({}, { clock: before.now }), before);
    try {
      await w.seed.createProgram(P, admin);
      const position = await w.inCityAudit('c-down', '440106');
      const due = await w.pendingDeadline('c-down', 'due', position);

      // Down before the due time; back up after it, on the same DATA_DIR, with the clock moved on meanwhile.
      const after = new TestClock(new Date(Date.parse(due.dueAt) + 6 * HOUR));
      expect(await w.ofType('c-down', 'StageOverdueMarked')).toHaveLength(0);
      await w.t.restart({ clock: after.now });
      const mark = await until('overdue mark after restart', async () => (await w.ofType('c-down', 'StageOverdueMarked'))[0]);
      expect(mark.data).toEqual({ stage: 'cityAudit', entry: due.entry, dueAt: due.dueAt, holder: { role: 'city', cityCodes: ['440100'] }, escalatedTo: 'province' });
      expect(mark.metadata.at).toBe(after.now().toISOString());
      await until('timer done', async () => ((await w.deadlines.timer(due.id))?.status === 'done' ? true : undefined));
      await w.t.http().get('/health').expect(200);

      // A case on a workflow version nobody published: the consumer cannot plan it and stays behind the log.
      await w.store.append([
        {
          stream: caseStream('c-orphan'),
          expectedRevision: 'no_stream',
          events: [
            {
              id: '7b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d',
              type: 'CaseCreated',
              data: {
                caseId: 'c-orphan',
                programId: P,
                workflow: { key: 'gd-bdpz-2019', version: 99 },
                applicant: { level: 'district', cityCode: '440100', districtCode: '440105', unitName: '广州市海珠区人民政府' },
                partners: [],
                cities: ['440100'],
                createdBy: 'u-440105',
              },
              metadata: { actor: 'u-440105', role: 'applicant', at: after.now().toISOString(), correlationId: 'orphan', causationId: 'orphan', schemaVersion: 1 },
            },
          ],
        },
      ]);
      const down = await until('health 503', async () => {
        const res = await w.t.http().get('/health');
        return res.status === 503 ? res : undefined;
      });
      expect(down.body.details.error.deadlines).toMatchObject({ status: 'down', state: 'running', error: expect.stringContaining('gd-bdpz-2019@99') });
      expect(down.body.details.error.deadlines.lag).toBeGreaterThan(0);
    } finally {
      await w.t.close();
    }
  });
});

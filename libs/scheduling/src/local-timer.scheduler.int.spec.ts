import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deadline } from './deadline.types';
import { LocalTimerScheduler, type LocalTimerOptions } from './local-timer.scheduler';

function deadline(caseId: string, entry: number, kind: Deadline['kind'], dueAt: Date, stage = 'cityAudit'): Deadline {
  const due = dueAt.toISOString();
  return {
    id: `dl-${caseId}-${stage}-${entry}-${kind}`,
    caseId,
    stage,
    entry,
    kind,
    dueAt: due,
    action: { type: 'MarkOverdue', data: { stage, entry, dueAt: due } },
  };
}

/** Polls until `check` holds (never a fixed sleep). */
async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

class FakeClock {
  constructor(public t: number) {}
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
}

const T0 = Date.parse('2019-05-13T00:00:00.000Z');
const open: LocalTimerScheduler[] = [];
function openScheduler(options: Partial<LocalTimerOptions> = {}): LocalTimerScheduler {
  const s = LocalTimerScheduler.open({ path: ':memory:', ...options });
  open.push(s);
  return s;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

describe('LocalTimerScheduler (fake clock)', () => {
  it('fires due timers once, in due order, and leaves later ones pending', async () => {
    const clock = new FakeClock(T0);
    const s = openScheduler({ now: clock.now });
    await s.schedule([
      deadline('c1', 2, 'due', new Date(T0 + 3000)),
      deadline('c2', 2, 'due', new Date(T0 + 1000)),
      deadline('c3', 2, 'due', new Date(T0 + 2000)),
      deadline('c4', 2, 'due', new Date(T0 + 60_000)),
    ]);
    const fired: string[] = [];
    const handler = async (d: Deadline): Promise<void> => {
      fired.push(d.caseId);
    };
    expect(await s.runDue(handler)).toBe(0);
    clock.advance(3000);
    expect(await s.runDue(handler)).toBe(3);
    expect(await s.runDue(handler)).toBe(0);
    expect(fired).toEqual(['c2', 'c3', 'c1']);
    expect((await s.pending()).map((d) => d.caseId)).toEqual(['c4']);
    expect((await s.get('dl-c1-cityAudit-2-due'))!.status).toBe('done');
  });

  it('keeps one timer when the same id is scheduled twice, and never refires a done one', async () => {
    const clock = new FakeClock(T0);
    const s = openScheduler({ now: clock.now });
    const first = deadline('c1', 2, 'due', new Date(T0 + 1000));
    await s.schedule([first, first]);
    await s.schedule([{ ...first, dueAt: new Date(T0 + 5000).toISOString() }]);
    expect(await s.pending()).toEqual([first]);
    clock.advance(1000);
    const handler = jest.fn(async () => undefined);
    await s.runDue(handler);
    await s.schedule([first]);
    clock.advance(10_000);
    await s.runDue(handler);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('cancels the pending timers of one stage entry only', async () => {
    const clock = new FakeClock(T0);
    const s = openScheduler({ now: clock.now });
    await s.schedule([
      deadline('c1', 2, 'reminder-0', new Date(T0 + 1000)),
      deadline('c1', 2, 'due', new Date(T0 + 2000)),
      deadline('c1', 4, 'due', new Date(T0 + 3000)),
      deadline('c2', 2, 'due', new Date(T0 + 3000)),
    ]);
    clock.advance(1000);
    await s.runDue(async () => undefined);
    await s.cancelEntry('c1', 'cityAudit', 2);
    expect((await s.pending()).map((d) => d.id)).toEqual(['dl-c1-cityAudit-4-due', 'dl-c2-cityAudit-2-due']);
    // The fired reminder stays as history.
    expect((await s.get('dl-c1-cityAudit-2-reminder-0'))!.status).toBe('done');
  });

  it('counts the pending timers counted over a provisional year, and the latest of them, without reading payloads out', async () => {
    const clock = new FakeClock(T0);
    const s = openScheduler({ now: clock.now });
    expect(await s.provisionalPending()).toEqual({ count: 0 });
    const flagged = (d: Deadline): Deadline => ({ ...d, provisional: true });
    await s.schedule([
      deadline('c1', 2, 'due', new Date(T0 + 1000)),
      flagged(deadline('c2', 2, 'reminder-0', new Date(T0 + 2000))),
      flagged(deadline('c2', 2, 'due', new Date('2027-01-05T15:59:59.999Z'))),
      flagged(deadline('c3', 2, 'due', new Date(T0 + 500))),
    ]);
    clock.advance(600);
    await s.runDue(async () => undefined); // c3 fired: no longer pending
    expect(await s.provisionalPending()).toEqual({ count: 2, lastDueAt: '2027-01-05T15:59:59.999Z' });
  });

  it('retries a failing handler with backoff, then keeps it as failed with the error', async () => {
    const clock = new FakeClock(T0);
    const s = openScheduler({ now: clock.now, retry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 } });
    const d = deadline('c1', 2, 'due', new Date(T0));
    const later = deadline('c2', 2, 'due', new Date(T0 + 86_400_000));
    await s.schedule([d, later]);
    expect(await s.counts()).toEqual({ pending: 2, failed: 0 });
    const handler = jest.fn(async () => {
      throw new Error('command bus down');
    });

    expect(await s.runDue(handler)).toBe(1);
    let record = (await s.get(d.id))!;
    expect(record).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: new Date(T0 + 1000).toISOString() });
    expect(record.lastError).toContain('command bus down');
    expect(await s.runDue(handler)).toBe(0); // not before the backoff

    clock.advance(1000);
    expect(await s.runDue(handler)).toBe(1);
    expect((await s.get(d.id))!.nextAttemptAt).toBe(new Date(T0 + 3000).toISOString()); // doubled

    clock.advance(2000);
    expect(await s.runDue(handler)).toBe(1);
    record = (await s.get(d.id))!;
    expect(record).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await s.failed()).map((r) => r.deadline.id)).toEqual([d.id]);
    expect((await s.pending()).map((p) => p.id)).toEqual([later.id]);
    expect(await s.counts()).toEqual({ pending: 1, failed: 1 });

    clock.advance(3_600_000);
    expect(await s.runDue(handler)).toBe(0);
    expect(handler).toHaveBeenCalledTimes(3);

    await s.retry(d.id);
    expect(await s.runDue(async () => undefined)).toBe(1);
    expect((await s.get(d.id))!.status).toBe('done');
  });

  it('keeps checkpoints per consumer name', async () => {
    const s = openScheduler();
    const a = s.checkpointStore('deadlines');
    expect(await a.load()).toBe(0);
    await a.save(42);
    await a.save(43);
    expect(await a.load()).toBe(43);
    expect(await s.checkpointStore('other').load()).toBe(0);
  });
});

describe('LocalTimerScheduler (real time)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shenbao-timers-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('fires timers at their due time, in order', async () => {
    const s = openScheduler();
    const start = Date.now();
    await s.schedule([deadline('late', 2, 'due', new Date(start + 800)), deadline('early', 2, 'due', new Date(start + 300))]);
    const fired: { caseId: string; at: number }[] = [];
    s.start(async (d) => {
      fired.push({ caseId: d.caseId, at: Date.now() });
    });
    await waitFor(() => fired.length === 2);
    expect(fired.map((f) => f.caseId)).toEqual(['early', 'late']);
    expect(fired[0]!.at).toBeGreaterThanOrEqual(start + 300);
    expect(fired[1]!.at).toBeGreaterThanOrEqual(start + 800);
  });

  it('wakes early when an earlier timer is scheduled while it sleeps', async () => {
    // A sleep cap far beyond the test timeout: only the wake-up can make this fire in time.
    const s = openScheduler({ maxSleepMs: 600_000 });
    await s.schedule([deadline('far', 2, 'due', new Date(Date.now() + 3_600_000))]);
    const fired: string[] = [];
    s.start(async (d) => {
      fired.push(d.caseId);
    });
    await s.schedule([deadline('near', 2, 'due', new Date(Date.now() + 200))]);
    await waitFor(() => fired.length === 1);
    expect(fired).toEqual(['near']);
  });

  it('survives a restart: a timer that fell due while the process was down fires on start', async () => {
    const path = join(dir, 'timers.db');
    const due = Date.now() + 200;
    const before = LocalTimerScheduler.open({ path });
    await before.schedule([deadline('c1', 2, 'due', new Date(due))]);
    await before.close();
    await waitFor(() => Date.now() > due); // the process is "down" while the timer falls due

    const after = openScheduler({ path });
    expect((await after.pending()).map((d) => d.caseId)).toEqual(['c1']);
    const fired: string[] = [];
    after.start(async (d) => {
      fired.push(d.caseId);
    });
    await waitFor(() => fired.length === 1);
    await after.stop();
    expect(await after.pending()).toEqual([]);
    expect((await after.get('dl-c1-cityAudit-2-due'))!.status).toBe('done');
  });

  it('stop waits for the running handler and marks its timer done', async () => {
    const s = openScheduler();
    await s.schedule([deadline('c1', 2, 'due', new Date(Date.now() - 1))]);
    let started = false;
    let finished = false;
    s.start(async () => {
      started = true;
      // Slow work: still running when stop() is called below.
      await new Promise((r) => setTimeout(r, 50));
      finished = true;
    });
    await waitFor(() => started);
    await s.stop();
    expect(finished).toBe(true);
    expect((await s.get('dl-c1-cityAudit-2-due'))!.status).toBe('done');
  });
});

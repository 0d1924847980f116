import type { Deadline } from '@shenbao/scheduling';
import { LocalDeadlineBackend } from './local-deadline.backend';

const deadline = (id: string, dueAt: string): Deadline => ({
  id,
  caseId: 'c1',
  stage: 'cityAudit',
  entry: 1,
  kind: 'due',
  dueAt,
  action: { type: 'MarkOverdue', data: { stage: 'cityAudit', entry: 1, dueAt } },
});

describe('LocalDeadlineBackend', () => {
  let now = new Date('2019-03-15T02:00:00Z');
  let backend: LocalDeadlineBackend;

  beforeEach(() => {
    now = new Date('2019-03-15T02:00:00Z');
    backend = LocalDeadlineBackend.open({ path: ':memory:', now: () => now, onError: () => undefined });
  });
  afterEach(async () => {
    await backend.close();
  });

  it('runDue fires what the clock has reached, once, and counts pending and failed', async () => {
    await backend.scheduler.schedule([deadline('dl-a', '2019-03-16T00:00:00Z'), deadline('dl-b', '2019-03-20T00:00:00Z')]);
    const fired: string[] = [];
    const handler = async (d: Deadline) => {
      fired.push(d.id);
    };
    await expect(backend.runDue(handler)).resolves.toBe(0);
    now = new Date('2019-03-17T00:00:00Z');
    await expect(backend.runDue(handler)).resolves.toBe(1);
    await expect(backend.runDue(handler)).resolves.toBe(0);
    expect(fired).toEqual(['dl-a']);
    await expect(backend.counts()).resolves.toEqual({ pending: 1, failed: 0 });
    expect((await backend.timer('dl-a'))?.status).toBe('done');
  });

  it('pauses the background loop during runDue, so a timer whose handler is running is not fired twice', async () => {
    await backend.scheduler.schedule([deadline('dl-a', '2019-03-15T01:00:00Z')]);
    const calls: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const handler = async (d: Deadline) => {
      calls.push(d.id);
      entered();
      await gate;
    };
    backend.start(handler);
    await inHandler; // the loop fired it at start and is waiting on the gate
    const manual = backend.runDue(handler);
    release();
    await expect(manual).resolves.toBe(0);
    expect(calls).toEqual(['dl-a']);
    expect((await backend.timer('dl-a'))?.status).toBe('done');
  });

  it('keeps the consumer checkpoint in the same file', async () => {
    await backend.checkpoints.save(17);
    await expect(backend.checkpoints.load()).resolves.toBe(17);
  });
});

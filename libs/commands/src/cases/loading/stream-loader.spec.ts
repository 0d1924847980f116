import { caseStream, decideCase, foldCase, GD_BDPZ_2019_PROGRAM, programStream } from '@shenbao/domain';
import { completeApplication } from '../../../../domain/src/rules/application.fixture';
import type { Actor, CaseCommand, CaseEvent } from '@shenbao/domain';
import { MemoryEventStore, MemorySnapshotStore } from '@shenbao/event-store';
import type { NewEvent, ReadStreamOptions } from '@shenbao/event-store';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import { StreamTurns } from '../../infrastructure/stream-turns';
import { MetricsService } from '../../observability/metrics.service';
import { WorkflowCatalog } from '../../workflow-definitions/workflow-catalog';
import { SNAPSHOT_EVERY, StreamLoader } from './stream-loader';

const PROGRAM = 'p1';
const CASE = 'c1';
const at = new Date('2019-03-01T02:00:00.000Z');
const applicant: Actor = { userId: 'u-th', role: 'applicant', cityCode: '440100', districtCode: '440106' };
const meta = { actor: 'u', role: 'admin', at: at.toISOString(), correlationId: 'c', causationId: 'c', schemaVersion: 1 };
let n = 0;
const ev = (type: string, data: unknown): NewEvent => ({ id: `e${++n}`, type, data, metadata: meta });

describe('StreamLoader', () => {
  let store: MemoryEventStore;
  let loader: StreamLoader;
  let snapshots: MemorySnapshotStore;
  let catalog: WorkflowCatalog;
  let reads: { stream: string; options?: ReadStreamOptions }[];

  /** Decides a case command on the stored stream and appends its events directly (as another process would). */
  async function appendElsewhere(command: CaseCommand): Promise<void> {
    const events = await store.readStream(caseStream(CASE));
    const state = foldCase(GD_BDPZ_2019, events.map((e) => ({ type: e.type, data: e.data }) as CaseEvent));
    const program = (await loader.loadProgram(PROGRAM))!.state;
    const decision = decideCase(command, state, { actor: applicant, now: at, definition: GD_BDPZ_2019, program });
    await store.append([{ stream: caseStream(CASE), expectedRevision: events.length - 1, events: decision.caseEvents.map((e) => ev(e.type, e.data)) }]);
  }

  beforeEach(async () => {
    store = new MemoryEventStore();
    await store.append([{ stream: 'workflow-gd-bdpz-2019', expectedRevision: 'no_stream', events: [ev('WorkflowVersionPublished', { key: GD_BDPZ_2019.key, version: 1, definition: GD_BDPZ_2019 })] }]);
    await store.append([{ stream: programStream(PROGRAM), expectedRevision: 'no_stream', events: [ev('ProgramCreated', { programId: PROGRAM, ...GD_BDPZ_2019_PROGRAM })] }]);
    catalog = new WorkflowCatalog(store);
    snapshots = new MemorySnapshotStore();
    loader = new StreamLoader(store, () => at, new MetricsService(), catalog, snapshots, new StreamTurns());
    reads = [];
    const read = store.readStream.bind(store);
    jest.spyOn(store, 'readStream').mockImplementation((stream, options) => {
      reads.push({ stream, ...(options ? { options } : {}) });
      return read(stream, options);
    });
    await appendElsewhere({ type: 'CreateCase', data: { caseId: CASE, programId: PROGRAM, applicant: { level: 'district', cityCode: '440100', districtCode: '440106', unitName: '天河' } } });
  });

  it('leaves a snapshot after a long cold load, and a cold loader then reads only the events after it', async () => {
    for (let i = 0; i < SNAPSHOT_EVERY; i++) await appendElsewhere({ type: 'SaveApplication', data: { application: { ...completeApplication(), basicSituation: `稿${i}` } } });
    const full = await loader.loadCase(CASE);
    expect(full!.revision).toBe(SNAPSHOT_EVERY);
    await expect(snapshots.latest(caseStream(CASE))).resolves.toMatchObject({ revision: SNAPSHOT_EVERY });

    await appendElsewhere({ type: 'WithdrawCase', data: { reason: '撤回' } });
    const cold = new StreamLoader(store, () => at, new MetricsService(), catalog, snapshots, new StreamTurns());
    reads = [];
    const loaded = await cold.loadCase(CASE);
    expect(reads).toEqual([{ stream: caseStream(CASE), options: { fromRevision: SNAPSHOT_EVERY + 1 } }]);
    const all = (await store.readStream(caseStream(CASE))).map((e) => ({ type: e.type, data: e.data }) as CaseEvent);
    expect(loaded).toMatchObject({ revision: SNAPSHOT_EVERY + 1, state: foldCase(GD_BDPZ_2019, all) });
  });

  it('ignores a snapshot made by another fold (its key does not match)', async () => {
    await snapshots.save({ stream: caseStream(CASE), key: 'case:gd-bdpz-2019@1:0000000000000000', revision: 0, state: { bogus: true } });
    const loaded = await loader.loadCase(CASE);
    expect(loaded).toMatchObject({ revision: 0, state: { stage: 'draft', caseId: CASE } });
  });

  it('returns undefined for a case or program that does not exist', async () => {
    expect(await loader.loadCase('nope')).toBeUndefined();
    expect(await loader.loadProgram('nope')).toBeUndefined();
  });

  it('reads only the events after the cached revision, and sees appends made elsewhere', async () => {
    const first = await loader.loadCase(CASE);
    expect(first).toMatchObject({ revision: 0, state: { stage: 'draft', caseId: CASE }, definition: GD_BDPZ_2019 });
    await appendElsewhere({ type: 'WithdrawCase', data: { reason: '撤回' } });
    reads = [];
    const second = await loader.loadCase(CASE);
    expect(second).toMatchObject({ revision: 1, state: { stage: 'withdrawn' } });
    expect(reads).toEqual([{ stream: caseStream(CASE), options: { fromRevision: 1 } }]);
    // The same as folding the whole stream.
    const all = (await store.readStream(caseStream(CASE))).map((e) => ({ type: e.type, data: e.data }) as CaseEvent);
    expect(second!.state).toEqual(foldCase(GD_BDPZ_2019, all));
  });

  it('lets the command runner start from the cached fold and check the revision against the tail', async () => {
    await loader.loadCase(CASE);
    await appendElsewhere({ type: 'SaveApplication', data: { application: { cover: { unitName: '天河', address: '', head: { name: '', mobile: '' }, contact: { name: '', mobile: '', email: '' } }, basicSituation: '', currentStatus: '', plan: { taskStatus: '', approach: '', selectedTasks: [], customTasks: [], targets: { overall: '', perTask: {} }, workItems: [], policyMeasures: '' }, enterprises: [], keyProjects: [] } } });
    reads = [];
    const seen: number[] = [];
    const spec = { case: loader.caseSpec(CASE, GD_BDPZ_2019) };
    await loader.runner.run('Probe', spec, ({ case: c }) => {
      seen.push(c.revision);
      expect(c.state).toMatchObject({ stage: 'draft', application: expect.any(Object) });
      return {};
    }, { actor: applicant, correlationId: 'x' });
    expect(seen).toEqual([1]);
    expect(reads).toEqual([{ stream: caseStream(CASE), options: { fromRevision: 1 } }]);

    await expect(
      loader.runner.run('Probe', { case: loader.caseSpec(CASE, GD_BDPZ_2019, 0) }, () => ({}), { actor: applicant, correlationId: 'x' }),
    ).rejects.toMatchObject({ code: 'REVISION_CONFLICT', details: { currentRevision: 1 } });
  });

  it('lets the command runner fold the whole stream when nothing is cached', async () => {
    reads = [];
    let stage: string | undefined;
    await loader.runner.run('Probe', { case: loader.caseSpec(CASE, GD_BDPZ_2019) }, ({ case: c }) => {
      stage = c.state?.stage;
      return {};
    }, { actor: applicant, correlationId: 'x' });
    expect(stage).toBe('draft');
    expect(reads).toEqual([{ stream: caseStream(CASE) }]);
  });
});

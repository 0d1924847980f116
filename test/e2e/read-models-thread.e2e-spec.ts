/**
 * PROJECTIONS=thread: the read models are projected in a worker thread with its own
 * connections. Commands answer on the main thread; lists and dashboards follow within milliseconds, `minPosition`
 * waits for the thread, a restart resumes from the thread's checkpoints (nothing counted twice), and /health says
 * where the projections run.
 */
import { ReadModels } from '../../apps/api/src/read-side/read-models.service';
import { TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS, TIANHE } from './support/case-http';
import type { CaseHttp, Party } from './support/case-http';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';
import { until } from './support/until';

const T0 = new Date('2019-03-01T02:00:00Z');
const HAIZHU: Party = { level: 'district', cityCode: '440100', districtCode: '440105', unitName: '广州市海珠区人民政府' };

describe('read models in a worker thread (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  let programId: string;

  const listed = async (minPosition?: number) =>
    (await h.call('prov', 'get', `/cases?programId=${programId}${minPosition !== undefined ? `&minPosition=${minPosition}` : ''}`).expect(200)).body
      .items as { id: string; stage: string }[];
  const funnel = async (minPosition: number) =>
    (await h.call('prov', 'get', `/programs/${programId}/dashboard?minPosition=${minPosition}`).expect(200)).body.funnel as Record<string, number>;

  beforeAll(async () => {
    ({ t, h, programId } = await bootCaseWorld(clock, {
      env: { PROJECTIONS: 'thread' },
      users: { prov: OFFICERS.prov, 'city-gz': OFFICERS['city-gz'], 'app-th': applicantIn(TIANHE), 'app-hz': applicantIn(HAIZHU) },
    }));
  });

  afterAll(async () => {
    await t.close();
  });

  it('says in /health that the projections run in a thread, following the log', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body.info.readModels).toMatchObject({ status: 'up', state: 'following', runsIn: 'thread' });
  });

  it('follows the commands: minPosition waits for the thread, and without it the list catches up by itself', async () => {
    const th = await h.submitted('app-th', 'city-gz', TIANHE, programId);
    const hz = await h.createCase('app-hz', 'city-gz', HAIZHU, programId);
    const saved = await h.saveApplication(hz);
    const position = saved.body.position as number;
    expect(position).toBeGreaterThan(0);

    const items = await listed(position);
    expect(new Map(items.map((i) => [i.id, i.stage]))).toEqual(new Map([[th.id, 'cityAudit'], [hz.id, 'draft']]));
    expect(await funnel(position)).toMatchObject({ draft: 1, cityAudit: 1 });

    // Eventually consistent without minPosition (API.md): the next write shows up on its own, without a wait.
    await h.attachScan('app-hz', hz.id, 'sealedApplication');
    await h.expectStage(h.act('app-hz', hz.id, 'submit'), 'cityAudit');
    await until('the submitted case in the list', async () => ((await listed()).find((i) => i.id === hz.id)?.stage === 'cityAudit' ? true : undefined), 10_000, 10);
    expect(t.app.get(ReadModels).status()).toMatchObject({ state: 'following', runsIn: 'thread' });
  });

  it('resumes from its checkpoints after a restart, counting nothing twice', async () => {
    const before = t.app.get(ReadModels).status().position;
    await t.restart();
    expect(t.app.get(ReadModels).status()).toMatchObject({ state: 'following', runsIn: 'thread', position: before });
    expect(await funnel(before)).toMatchObject({ draft: 0, cityAudit: 2 });
    const c = await h.createCase('app-th', 'city-gz', TIANHE, programId);
    const saved = await h.saveApplication(c);
    expect(await funnel(saved.body.position as number)).toMatchObject({ draft: 1, cityAudit: 2 });
  });

  it('runs them on the event loop by default (PROJECTIONS=inline)', async () => {
    const inline = await bootTestApp();
    try {
      const res = await inline.http().get('/health').expect(200);
      expect(res.body.info.readModels).toMatchObject({ status: 'up', state: 'following', runsIn: 'event loop' });
    } finally {
      await inline.close();
    }
  });
});

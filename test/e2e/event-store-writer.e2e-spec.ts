/**
 * EVENT_STORE_WRITER=thread: the embedded event store writes in a thread of its own (appends and the idempotency
 * records, in shared group commits). Through the API nothing differs: revisions and conflicts, idempotent replays,
 * lists following, a restart keeping everything; /health says where the store writes.
 */
import { completeApplication, TestClock } from './support/case-seeding';
import { CaseHttp, TIANHE } from './support/case-http';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');

describe('event store writing in a thread of its own (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  let programId: string;

  beforeAll(async () => {
    t = await bootTestApp({ EVENT_STORE_WRITER: 'thread' }, { clock: clock.now });
    h = new CaseHttp(t);
    await h.signInAdmin();
    await h.addUser('city-gz', { role: 'city', cityCode: '440100' });
    await h.addUser('app-th', { role: 'applicant', cityCode: TIANHE.cityCode, districtCode: TIANHE.districtCode });
    programId = await h.programIdOf('gd-bdpz-2019');
  });

  afterAll(async () => {
    await t.close();
  });

  it('says in /health that the event store writes in a thread', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body.info.eventStore).toMatchObject({ status: 'up', writesIn: 'thread' });
  });

  it('saves with If-Match and Idempotency-Key: a replay appends nothing, a stale revision is 409, and all survives a restart', async () => {
    const c = await h.createCase('app-th', 'city-gz', TIANHE, programId);
    const form = completeApplication(TIANHE.unitName);
    const save = (key: string, revision: number) =>
      h.call('app-th', 'put', `/cases/${c.id}/application`, form, { 'Idempotency-Key': key, 'If-Match': `"${revision}"` });

    const first = await save('save-1', 0).expect(200);
    expect(first.body).toMatchObject({ caseId: c.id, revision: 1 });
    const replay = await save('save-1', 0).expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    const stale = await save('save-2', 0).expect(409);
    expect(stale.body.error).toBe('REVISION_CONFLICT');
    await save('save-3', 1).expect(200);

    const listed = await h.call('city-gz', 'get', `/cases?programId=${programId}&minPosition=${first.body.position}`).expect(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(c.id);

    await t.restart();
    const history = (await h.call('app-th', 'get', `/cases/${c.id}/history`).expect(200)).body.items as { type: string }[];
    expect(history.filter((e) => e.type === 'ApplicationSaved')).toHaveLength(2);
    const again = await save('save-1', 0).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await t.http().get('/health').expect(200)).body.info.eventStore).toMatchObject({ writesIn: 'thread' });
  });

  it('writes on the event loop by default (EVENT_STORE_WRITER=inline)', async () => {
    const inline = await bootTestApp();
    try {
      const res = await inline.http().get('/health').expect(200);
      expect(res.body.info.eventStore).toMatchObject({ status: 'up', writesIn: 'event loop' });
    } finally {
      await inline.close();
    }
  });
});

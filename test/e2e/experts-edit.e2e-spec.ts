/**
 * `PATCH /experts/:id` over HTTP: an administrator changes an expert's home city, employer, name and fields (an
 * `ExpertUpdated` event on the expert's stream), validated like `POST /experts`; 404 for an id not in the pool, 403
 * for anyone but an administrator. Recusal uses the new values: an expert moved to Guangzhou is refused for a
 * 天河 case (409 CONFLICT_OF_INTEREST naming the home city), one whose employer becomes the applicant is refused
 * too, and moved back the same panel is formed.
 */
import { expertStream } from '@shenbao/domain';
import type { EventStore } from '@shenbao/event-store';
import { EVENT_STORE } from '@shenbao/host';
import { CaseHttp, TIANHE } from './support/case-http';
import type { CaseRef } from './support/case-http';
import { TestClock } from './support/case-seeding';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');
const POOL = ['exp-1', 'exp-2', 'exp-3', 'exp-4', 'exp-5'];
const HOMES = ['440400', '440600', '440700', '441200', '441300'];

describe('editing an expert: PATCH /experts/:id (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  let c: CaseRef;
  const id = (u: string): string => h.expertIds[u];
  const patch = (user: string, expertId: string, body: unknown) => h.call(user, 'patch', `/experts/${expertId}`, body);
  const events = async (expertId: string): Promise<unknown[]> => {
    const list = await t.app.get<EventStore>(EVENT_STORE).readStream(expertStream(expertId));
    return list.map((e) => ({ type: e.type, data: e.data }));
  };

  beforeAll(async () => {
    t = await bootTestApp({}, { clock: clock.now });
    h = new CaseHttp(t);
    await h.signInAdmin();
    await h.addUser('prov', { role: 'province' });
    await h.addUser('city-gz', { role: 'city', cityCode: '440100' });
    await h.addUser('app-th', { role: 'applicant', cityCode: '440100', districtCode: '440106' });
    for (const [i, u] of POOL.entries()) await h.addExpert(u, HOMES[i]);
    const programId = await h.programIdOf('gd-bdpz-2019');
    c = await h.toRecommendation('app-th', 'city-gz', TIANHE, programId);
    await h.expectStage(h.recommend(c), 'expertReview');
  });

  afterAll(async () => {
    await t.close();
  });

  it('changes what is sent, keeps the rest, and records only the change', async () => {
    const res = await patch('admin', id('exp-1'), { employer: ' 中山大学 ', fields: ['大数据', '人工智能'], name: 'exp-1' }).expect(200);
    expect(res.body).toEqual({ id: id('exp-1'), name: 'exp-1', homeCityCode: '440400', employer: '中山大学', fields: ['大数据', '人工智能'], active: true, createdAt: expect.any(String) });
    const list = await h.call('admin', 'get', '/experts?limit=200').expect(200);
    expect(list.body.items).toContainEqual(res.body);
    expect((await events(id('exp-1'))).slice(1)).toEqual([{ type: 'ExpertUpdated', data: { expertId: id('exp-1'), employer: '中山大学', fields: ['大数据', '人工智能'] } }]);
  });

  it('validates like POST /experts and changes nothing on a bad input', async () => {
    const before = await events(id('exp-2'));
    const bad = await patch('admin', id('exp-2'), { homeCityCode: '4401', employer: '', fields: [''], nickname: 'x' }).expect(400);
    expect(bad.body).toMatchObject({ error: 'VALIDATION_FAILED' });
    expect((bad.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['employer', 'fields', 'homeCityCode', 'nickname']);
    expect(await events(id('exp-2'))).toEqual(before);
  });

  it('answers 404 for an id not in the pool and 403 for a province officer', async () => {
    const missing = await patch('admin', 'no-such-expert', { homeCityCode: '440100' }).expect(404);
    expect(missing.body).toMatchObject({ error: 'NOT_FOUND' });
    await patch('prov', id('exp-2'), { homeCityCode: '440100' }).expect(403);
    expect((await events(id('exp-2'))).length).toBe(1);
  });

  it('recusal uses the new home city and employer: refused for the 天河 case, then formed once moved back', async () => {
    await patch('admin', id('exp-5'), { homeCityCode: '440100' }).expect(200);
    const moved = await h.act('prov', c.id, 'panel', { expertIds: POOL.map(id) });
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({ error: 'CONFLICT_OF_INTEREST', details: [{ expertId: id('exp-5'), reasons: ['home city 440100 is a city of the case'] }] });

    await patch('admin', id('exp-5'), { homeCityCode: '441300', employer: TIANHE.unitName }).expect(200);
    const employed = await h.act('prov', c.id, 'panel', { expertIds: POOL.map(id) });
    expect(employed.status).toBe(409);
    expect(employed.body).toMatchObject({ error: 'CONFLICT_OF_INTEREST', details: [{ expertId: id('exp-5') }] });

    await patch('admin', id('exp-5'), { employer: '惠州学院' }).expect(200);
    await h.expectStage(h.act('prov', c.id, 'panel', { expertIds: POOL.map(id) }), 'expertReview');
  });
});

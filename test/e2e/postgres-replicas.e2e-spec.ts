/**
 * The recommendation race over two API replicas on one PostgreSQL schema (issue #17: "the recommendation race sent
 * to two replicas at once gives exactly the city's limit"). Guangzhou's limit in the seeded program is 3; eight of
 * its cases wait for the recommendation. The city officer's eight recommendations are sent at once, half through
 * replica A and half through replica B (half of each replica's with the case's `If-Match`, the rest without). Each
 * replica's first recommendation is held before its append until the other's has decided too, so both decide on the
 * same program revision and one must meet PostgreSQL's revision conflict, reload and decide again. Exactly 3 succeed,
 * the other 5 are CITY_LIMIT_REACHED, none is a 5xx, and both replicas then show the same counts (minPosition).
 */
import { programStream } from '@shenbao/domain';
import type { EventStore } from '@shenbao/event-store';
import { EVENT_STORE } from '@shenbao/host';
import { TestClock } from './support/case-seeding';
import { CaseHttp } from './support/case-http';
import type { CaseRef, Party } from './support/case-http';
import { PostgresWorld } from './support/postgres-world';
import { StoreGate, counted } from './support/store-gate';
import type { TestApp } from './support/test-app';
import { until } from './support/until';

const T0 = new Date('2019-03-01T02:00:00Z');
const GZ_DISTRICTS = ['440106', '440105', '440103', '440104', '440111', '440112', '440113', '440114'];
const party = (code: string): Party => ({ level: 'district', cityCode: '440100', districtCode: code, unitName: `广州市${code}区人民政府` });
const LIMIT = 3;

describe('two API replicas on one PostgreSQL schema: the recommendation race (e2e)', () => {
  const clock = new TestClock(T0);
  const world = new PostgresWorld(clock);
  const gate = new StoreGate();
  let a: TestApp;
  let b: TestApp;
  let ha: CaseHttp;
  let hb: CaseHttp;
  let programId: string;

  beforeAll(async () => {
    a = await world.replica({}, (store) => gate.wrap('a', store));
    ha = new CaseHttp(a);
    await ha.signInAdmin();
    await ha.addUser('prov', { role: 'province' });
    await ha.addUser('city-gz', { role: 'city', cityCode: '440100' });
    for (const code of GZ_DISTRICTS) await ha.addUser(`app-${code}`, { role: 'applicant', cityCode: '440100', districtCode: code });
    programId = await ha.programIdOf('gd-bdpz-2019');
    b = await world.replica({}, (store) => gate.wrap('b', store));
    hb = ha.on(b);
  });
  afterAll(() => world.close());

  it(`gives exactly the city's limit of ${LIMIT} out of 8 recommendations sent through both replicas at once`, async () => {
    const cases: CaseRef[] = [];
    for (const code of GZ_DISTRICTS) cases.push(await ha.toRecommendation(`app-${code}`, 'city-gz', party(code), programId));
    const prepared = await head(a);
    // Every other request carries the case's ETag as read on the replica it is sent to (B once it has the case).
    const sends = await Promise.all(
      cases.map(async (c, i) => {
        const via = i % 2 === 0 ? ha : hb;
        const headers: Record<string, string> = {};
        if (i % 4 >= 2) return { via, c, headers };
        const detail = await via.call('city-gz', 'get', `/cases/${c.id}?minPosition=${prepared}`).expect(200);
        expect(detail.body).toMatchObject({ stage: 'recommendation' });
        headers['If-Match'] = detail.headers.etag as string;
        return { via, c, headers };
      }),
    );

    // Each replica's first recommendation waits before its append until the other's has decided too.
    gate.holdAppends('RecommendationSlotUsed', ['a', 'b']);
    const results = await Promise.all(
      sends.map(({ via, c, headers }) =>
        via.act(c.city, c.id, 'recommendation', { letterNo: `推荐函-${c.id.slice(0, 8)}`, issuedOn: '2019-03-01', statement: '材料真实，同意推荐' }, headers),
      ),
    );

    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    const statuses = results.map((r) => (r.status === 200 ? 'ok' : `${r.status} ${r.body.error as string}`)).sort();
    expect(statuses).toEqual([...Array(8 - LIMIT).fill('409 CITY_LIMIT_REACHED'), ...Array(LIMIT).fill('ok')]);
    // The two replicas really raced: PostgreSQL refused at least one append, and the command retried it.
    expect(gate.conflicts).toBeGreaterThanOrEqual(1);
    const retried = (await counted(a, 'shenbao_command_retries_total{type="IssueRecommendation"}')) + (await counted(b, 'shenbao_command_retries_total{type="IssueRecommendation"}'));
    expect(retried).toBe(gate.conflicts);
    // The program stream holds exactly the limit's slots.
    const slots = (await a.app.get<EventStore>(EVENT_STORE).readStream(programStream(programId))).filter((e) => e.type === 'RecommendationSlotUsed');
    expect(slots.map((e) => (e.data as { cityCode: string }).cityCode)).toEqual(Array(LIMIT).fill('440100'));

    // Both replicas' read models, once at the last write, show the same counts and the same stages.
    const position = Math.max(...results.filter((r) => r.status === 200).map((r) => r.body.position as number));
    const recommendedIds = results.flatMap((r, i) => (r.status === 200 ? [cases[i].id] : [])).sort();
    const views = [];
    for (const h of [ha, hb]) {
      const dashboard = (await h.call('prov', 'get', `/programs/${programId}/dashboard?minPosition=${position}`).expect(200)).body;
      expect(dashboard.cities).toContainEqual(expect.objectContaining({ cityCode: '440100', limit: LIMIT, recommended: LIMIT }));
      const list = (await h.call('prov', 'get', `/cases?programId=${programId}&stage=expertReview&minPosition=${position}`).expect(200)).body.items as { id: string }[];
      expect(list.map((i) => i.id).sort()).toEqual(recommendedIds);
      views.push({ cities: dashboard.cities, funnel: dashboard.funnel });
      // The program directory follows the log too (no minPosition on GET /programs/:id): it reaches the same count.
      const program = await until('the program directory at the race result', async () => {
        const res = await h.call('city-gz', 'get', `/programs/${programId}`).expect(200);
        const gz = (res.body.cities as { cityCode: string; recommended: number }[]).find((c) => c.cityCode === '440100');
        return gz && gz.recommended >= LIMIT ? gz : undefined;
      });
      expect(program).toMatchObject({ recommended: LIMIT, remaining: 0 });
    }
    expect(views[1]).toEqual(views[0]);
  });
});

const head = (t: TestApp): Promise<number> => t.app.get<EventStore>(EVENT_STORE).headPosition();

/**
 * Case search (`GET /cases?q&districtCode&sort&submittedFrom&submittedTo`) and post-approval monitoring
 * (`GET /programs/:id/monitoring`) over HTTP, on the scenario of support/monitoring.scenario.ts: scoping (a city sees
 * only its own cases and zones, a joint case as a partner too), partial Chinese unit names, each sort, each bad
 * parameter refused by name, and a zone with two reports and a failed evaluation shown at risk with its
 * rectification's due day.
 */
import type { EventStore } from '@shenbao/event-store';
import { EVENT_STORE } from '@shenbao/host';
import { ReadModels } from '../../apps/api/src/read-side/read-models.service';
import { schemaMismatches } from '../support/schema-conformance';
import type { SchemaLike } from '../support/schema-conformance';
import { CaseSeeder, TestClock } from './support/case-seeding';
import { IDS, OTHER_PROGRAM, PROGRAM, seedMonitoringScenario } from './support/monitoring.scenario';
import type { Username } from './support/monitoring.scenario';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const { A, C, Y, Z } = IDS;
interface Item { id: string; updatedAt: string; createdAt: string; dueAt: string | null; submittedOn: string | null }

describe('case search and monitoring (e2e)', () => {
  const clock = new TestClock(new Date('2019-03-01T02:00:00Z'));
  let t: TestApp;
  let tokens: Record<Username, string>;

  const get = (path: string, user: Username) => t.http().get(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[user]}`);
  const search = async (query: string, user: Username = 'prov'): Promise<Item[]> => (await get(`/cases?programId=${PROGRAM}&${query}`, user).expect(200)).body.items as Item[];
  const ids = async (query: string, user: Username = 'prov') => (await search(query, user)).map((i) => i.id);

  beforeAll(async () => {
    t = await bootTestApp({}, { clock: clock.now });
    tokens = await seedMonitoringScenario(t, clock);
    const head = await t.app.get<EventStore>(EVENT_STORE).headPosition();
    expect(await t.app.get(ReadModels).waitFor(head)).toBe(true);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('GET /cases search', () => {
    it('finds a partial Chinese unit name, a joint case by its partner, and a case by part of its number', async () => {
      expect(await ids(`q=${encodeURIComponent('天河')}`)).toEqual([A]);
      expect(await ids(`q=${encodeURIComponent('南山')}`)).toEqual([C, A]);
      expect(await ids(`q=${encodeURIComponent('区人民政府')}`)).toEqual([C, A, Z, Y]);
      expect(await ids('q=2019-XZ')).toEqual([Z]);
      expect(await ids(`q=${encodeURIComponent('%')}`)).toEqual([]);
    });

    it('keeps the scoping: a city finds only the cases involving it, a joint case as a partner too', async () => {
      expect(await ids(`q=${encodeURIComponent('天河')}`, 'city-sz')).toEqual([A]);
      expect(await ids(`q=${encodeURIComponent('天河')}`, 'city-zh')).toEqual([]);
      expect(await ids(`q=${encodeURIComponent('区人民政府')}`, 'city-gz')).toEqual([A, Y]);
      expect(await ids(`q=${encodeURIComponent('区人民政府')}`, 'city-zh')).toEqual([Z]);
      expect(await ids(`q=${encodeURIComponent('海珠')}`, 'app-th')).toEqual([]);
    });

    it('filters by district and by the day of the first submission', async () => {
      expect(await ids('districtCode=440305')).toEqual([C, A]);
      expect(await ids('districtCode=440402')).toEqual([Z]);
      expect(await ids('submittedFrom=2019-03-02')).toEqual([A]);
      expect(await ids('submittedTo=2019-03-04')).toEqual([Z, Y]);
      expect(await ids('submittedFrom=2019-03-01&submittedTo=2019-03-05')).toEqual([A, Z, Y]);
      expect(await ids('submittedFrom=2019-03-06')).toEqual([]);
      expect((await search(`q=${encodeURIComponent('天河')}`))[0]).toMatchObject({ submittedOn: '2019-03-05' });
    });

    it('sorts by unit name in code-point order and by the current stage\'s due time, soonest first and none last', async () => {
      // 广 U+5E7F < 深 U+6DF1 < 珠 U+73E0; 天 U+5929 < 海 U+6D77.
      expect(await ids('sort=unitName')).toEqual([A, Y, C, Z]);
      const byDue = await search('sort=dueAt');
      expect(byDue.map((i) => i.id)).toEqual([A, Y, Z, C]);
      // cityAudit: 10 working days after Tuesday 2019-03-05, to the end of Tuesday 2019-03-19 in Shanghai.
      expect(byDue[0]!.dueAt).toBe('2019-03-19T15:59:59.999Z');
      expect(byDue.slice(1).map((i) => i.dueAt)).toEqual([null, null, null]);
    });

    it('sorts by the time of the last change both ways, and pages through a sort', async () => {
      const up = await search('sort=updatedAt');
      expect(up.map((i) => i.id).sort()).toEqual([A, C, Y, Z].sort());
      const key = (i: Item) => `${i.updatedAt} ${i.createdAt}`;
      expect(up.map(key)).toEqual(up.map(key).sort());
      expect(up.at(-1)!.id).toBe(Z);
      expect(await ids('sort=-updatedAt')).toEqual(up.map((i) => i.id).reverse());
      for (const sort of ['updatedAt', '-updatedAt', 'dueAt', 'unitName']) {
        const all = await ids(`sort=${sort}`);
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const res: { body: { items: Item[]; nextCursor: string | null } } = await get(`/cases?programId=${PROGRAM}&sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`, 'prov').expect(200);
          paged.push(...res.body.items.map((i) => i.id));
          cursor = res.body.nextCursor;
        } while (cursor !== null);
        expect(paged).toEqual(all);
      }
    });

    it('takes a q of 50 characters, the most', async () => {
      expect(await ids(`q=${encodeURIComponent('天'.repeat(50))}`)).toEqual([]);
    });

    const longQ = `q=${encodeURIComponent('天'.repeat(51))}`;
    it.each<[string, string]>([
      ['sort=name', 'sort'],
      ['sort=-dueAt', 'sort'],
      ['submittedFrom=2019-02-30', 'submittedFrom'],
      ['submittedFrom=2019-3-1', 'submittedFrom'],
      ['submittedTo=yesterday', 'submittedTo'],
      ['submittedFrom=2019-03-06&submittedTo=2019-03-05', 'submittedFrom'],
      ['q=<51 characters>', 'q'],
      ['q=', 'q'],
      ['q=%20%20', 'q'],
      ['q=%E5%A4%A9%0A%E6%B2%B3', 'q'],
      ['districtCode=4401', 'districtCode'],
    ])('refuses %s with 400 naming %s', async (query, field) => {
      const res = await get(`/cases?${query.replace('q=<51 characters>', longQ)}`, 'prov').expect(400);
      expect(res.body.error).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    });

    it('refuses a cursor of another sort, naming cursor', async () => {
      const cursor = (await get(`/cases?programId=${PROGRAM}&sort=unitName&limit=1`, 'prov').expect(200)).body.nextCursor as string;
      const res = await get(`/cases?programId=${PROGRAM}&sort=dueAt&cursor=${cursor}`, 'prov').expect(400);
      expect(res.body.details).toEqual([{ field: 'cursor', messages: [expect.any(String)] }]);
    });
  });

  it('answers as the OpenAPI document describes (CasePage with dueAt and submittedOn, Monitoring)', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as { components: { schemas: Record<string, SchemaLike> } };
    const mismatches: string[] = [];
    for (const [path, schema] of [[`/cases?programId=${PROGRAM}&sort=dueAt`, 'CasePage'], [`/programs/${PROGRAM}/monitoring`, 'Monitoring']] as const) {
      const res = await get(path, 'prov').expect(200);
      mismatches.push(...schemaMismatches({ $ref: `#/components/schemas/${schema}` }, res.body, doc.components.schemas, path));
    }
    expect(mismatches).toEqual([]);
  });

  describe('GET /programs/:id/monitoring', () => {
    it('shows the zone with two reports and a failed evaluation at risk first, with its rectification due day', async () => {
      const res = await get(`/programs/${PROGRAM}/monitoring`, 'prov').expect(200);
      expect(res.headers['x-read-position']).toBeDefined();
      const zones = res.body.zones as Record<string, unknown>[];
      expect(zones.map((z) => z.caseId)).toEqual([Z, Y]);
      expect(zones[0]).toEqual({
        caseId: Z,
        unitName: '珠海市香洲区人民政府',
        cityCode: '440400',
        cities: ['440400'],
        approvedOn: '2019-03-20',
        stage: 'progressEvaluation',
        reports: [
          { period: 'P1', dueOn: '2019-09-20', filedAt: '2019-09-01T02:20:00.000Z', status: 'filed' },
          { period: 'P2', dueOn: '2020-03-20', filedAt: '2020-03-25T02:10:00.000Z', status: 'late' },
          { period: 'P3', dueOn: '2020-09-20', status: 'due' },
        ],
        ratings: [{ period: 'P2', city: 'fail', province: 'fail' }],
        investment: { planned: 1200.5, toDate: 400, percent: 33.3 },
        investmentByPeriod: [
          { period: 'P1', toDate: 200, percent: 16.7 },
          { period: 'P2', toDate: 400, percent: 33.3 },
        ],
        rectifications: [{ period: 'P2', dueOn: '2020-04-20', status: 'open' }],
        atRisk: true,
        riskReasons: ['ratingFail', 'rectificationDueSoon'],
      });
      expect(zones[1]).toMatchObject({
        caseId: Y,
        approvedOn: '2019-03-20',
        reports: [
          { period: 'P1', dueOn: '2019-09-20', status: 'filed' },
          { period: 'P2', dueOn: '2020-03-20', status: 'filed' },
          { period: 'P3', dueOn: '2020-09-20', status: 'due' },
        ],
        ratings: [],
        investment: { planned: 1200.5, toDate: 600.25, percent: 50 },
        investmentByPeriod: [
          { period: 'P1', toDate: 300, percent: 25 },
          { period: 'P2', toDate: 600.25, percent: 50 },
        ],
        rectifications: [],
        atRisk: false,
        riskReasons: [],
      });
    });

    it('shows a city only its own zones; the province and admin all', async () => {
      const zonesOf = async (user: Username) => ((await get(`/programs/${PROGRAM}/monitoring`, user).expect(200)).body.zones as { caseId: string }[]).map((z) => z.caseId);
      expect(await zonesOf('city-zh')).toEqual([Z]);
      expect(await zonesOf('city-gz')).toEqual([Y]);
      expect(await zonesOf('city-sz')).toEqual([]);
      expect(await zonesOf('admin')).toEqual([Z, Y]);
      expect((await get(`/programs/${OTHER_PROGRAM}/monitoring`, 'prov').expect(200)).body).toEqual({ zones: [] });
    });

    it('answers anew after an event, though the same answer was read just before', async () => {
      const path = `/programs/${PROGRAM}/monitoring`;
      const before = (await get(path, 'prov').expect(200)).body as { zones: { caseId: string; reports: { period: string; status: string }[] }[] };
      expect(before.zones.find((z) => z.caseId === Y)!.reports.at(-1)).toEqual({ period: 'P3', dueOn: '2020-09-20', status: 'due' });
      // Y's applicant files P3 early (the clock stands at 2020-03-26).
      const haizhu = { userId: 'u-hz', role: 'applicant' as const, cityCode: '440100', districtCode: '440105' };
      const written = await new CaseSeeder(t.app, clock).act(PROGRAM, Y, haizhu, {
        type: 'FileProgressReport',
        data: { reportId: 'y-p3', period: 'P3', narrative: '提前报送', indicators: [], projects: [{ seq: 1, investedToDate: 900, status: 'in_progress' }] },
      });
      const after = (await get(`${path}?minPosition=${written.position}`, 'prov').expect(200)).body as typeof before & { zones: { investment: unknown }[] };
      const y = after.zones.find((z) => z.caseId === Y)!;
      expect(y.reports.at(-1)).toMatchObject({ period: 'P3', dueOn: '2020-09-20', status: 'filed' });
      expect((y as unknown as { investment: unknown }).investment).toEqual({ planned: 1200.5, toDate: 900, percent: 75 });
      expect((y as unknown as { investmentByPeriod: { period: string; percent: number }[] }).investmentByPeriod.map((p) => [p.period, p.percent])).toEqual([
        ['P1', 25],
        ['P2', 50],
        ['P3', 75],
      ]);
    });

    it('refuses applicants and experts (403) and answers 404 for an unknown program', async () => {
      expect((await get(`/programs/${PROGRAM}/monitoring`, 'app-th').expect(403)).body.error).toBe('FORBIDDEN');
      expect((await get(`/programs/${PROGRAM}/monitoring`, 'exp-e1').expect(403)).body.error).toBe('FORBIDDEN');
      expect((await get('/programs/nope/monitoring', 'prov').expect(404)).body.error).toBe('NOT_FOUND');
    });
  });
});

/**
 * The read side over HTTP: case lists scoped to the caller, filters and pages, read-your-writes, the case detail
 * folded from its stream (allowed actions, ETag, asOf, redaction), history, inbox, dashboard and batches, health
 * and metrics, and a rebuild from zero giving the very same read-model tables. Cases are seeded through the domain
 * deciders and the app's CommandRunner (not the case routes), on the embedded SQLite store.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Logger } from '@nestjs/common';
import type { EventStore } from '@shenbao/event-store';
import { dateIn } from '@shenbao/domain';
import { EVENT_STORE } from '@shenbao/host';
import { READ_MODELS_FILE, dumpTables } from '../../apps/api/src/read-side/read-models.db';
import { rebuildReadModels } from '../../apps/api/src/read-side/read-models.rebuild';
import { ReadModels } from '../../apps/api/src/read-side/read-models.service';
import { TestClock } from './support/case-seeding';
import { P, P2, TIANHE, seedReadSideScenario } from './support/read-side.scenario';
import type { ReadSideScenario, Username } from './support/read-side.scenario';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');

describe('read side (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let s: ReadSideScenario;
  let closed = false;

  const get = (path: string, user: Username | 'admin') => t.http().get(`/api/v1${path}`).set('Authorization', `Bearer ${s.tokens[user]}`);
  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id).sort();

  beforeAll(async () => {
    t = await bootTestApp({}, { clock: clock.now });
    s = await seedReadSideScenario(t, clock);
    const head = await t.app.get<EventStore>(EVENT_STORE).headPosition();
    expect(await t.app.get(ReadModels).waitFor(head)).toBe(true);
  });

  afterAll(async () => {
    if (!closed) await t.close();
    else rmSync(t.dataDir, { recursive: true, force: true });
  });

  describe('GET /cases', () => {
    it.each<[Username, string[]]>([
      ['prov', ['A', 'B', 'C', 'D', 'E']],
      ['city-gz', ['A', 'B']],
      ['city-sz', ['C']],
      ['city-dg', []],
      ['app-th', ['A']],
      ['app-hz', ['B']],
      ['exp-e1', ['A']],
      ['exp-e9', []],
    ])('shows %s only what it may see', async (user, expected) => {
      const res = await get(`/cases?programId=${P}`, user).expect(200);
      expect(ids(res)).toEqual(expected);
      expect(res.body.nextCursor).toBeNull();
    });

    it('filters by stage, city, overdue and program', async () => {
      expect(ids(await get('/cases?stage=cityAudit', 'prov').expect(200))).toEqual(['B']);
      expect(ids(await get('/cases?stage=publicity', 'prov').expect(200))).toEqual(['E']);
      expect(ids(await get('/cases?cityCode=440300', 'prov').expect(200))).toEqual(['C']);
      expect(ids(await get('/cases?overdue=true', 'prov').expect(200))).toEqual(['B']);
      expect(ids(await get(`/cases?programId=${P2}`, 'prov').expect(200))).toEqual([]);
      // Overdue work by the role holding it: B waits for Guangzhou's audit.
      expect(ids(await get('/cases?overdueRole=city', 'prov').expect(200))).toEqual(['B']);
      expect(ids(await get('/cases?overdueRole=province', 'prov').expect(200))).toEqual([]);
      expect(ids(await get('/cases?overdueRole=city', 'city-sz').expect(200))).toEqual([]);
      const bad = await get('/cases?overdueRole=mayor', 'prov').expect(400);
      expect(bad.body.details).toEqual([{ field: 'overdueRole', messages: ['overdueRole must be one of applicant, city, expert, province'] }]);
      expect(ids(await get('/cases?stage=cityAudit', 'city-sz').expect(200))).toEqual([]);
      const item = (await get('/cases?stage=progressEvaluation', 'prov').expect(200)).body.items[0];
      expect(item).toMatchObject({ id: 'D', programId: P, stage: 'progressEvaluation', cities: ['440400'], overdue: false });
    });

    it('pages newest first with a cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await get(`/cases?programId=${P}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, 'prov').expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((i: { id: string }) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['D', 'E', 'C', 'B', 'A']);
    });

    it.each([
      ['stage=nowhere', 'stage'],
      ['limit=201', 'limit'],
      ['limit=0', 'limit'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['overdue=yes', 'overdue'],
      ['cityCode=44', 'cityCode'],
      ['minPosition=-1', 'minPosition'],
      ['colour=red', 'colour'],
    ])('answers 400 naming the field for %s', async (query, field) => {
      const res = await get(`/cases?${query}`, 'prov').expect(400);
      expect(res.body).toMatchObject({ error: 'VALIDATION_FAILED', details: [expect.objectContaining({ field })] });
    });

    it('waits for minPosition: a case appended while the request waits is in the answer', async () => {
      const store = t.app.get<EventStore>(EVENT_STORE);
      const readModels = t.app.get(ReadModels);
      const next = (await store.headPosition()) + 1;
      // Append only once the request is inside waitFor, so the answer can hold F only if the read waited for it.
      const waitFor = readModels.waitFor.bind(readModels);
      let entered!: () => void;
      const waiting = new Promise<void>((resolve) => (entered = resolve));
      const spy = jest.spyOn(readModels, 'waitFor').mockImplementation((position) => {
        const result = waitFor(position);
        entered();
        return result;
      });
      try {
        const pending = get(`/cases?programId=${P2}&minPosition=${next + 1}`, 'prov').then((r) => r);
        await waiting;
        await s.draft('F', s.actors['app-th'], TIANHE, P2);
        const res = await pending;
        expect(res.status).toBe(200);
        expect(ids(res)).toEqual(['F']);
        expect(Number(res.headers['x-read-position'])).toBeGreaterThanOrEqual(next + 1);
        expect(res.headers['x-read-stale']).toBeUndefined();
      } finally {
        spy.mockRestore();
      }
    });
    it('says on every list and dashboard read which position it includes (X-Read-Position), stale only when asked for more', async () => {
      const head = await t.app.get<EventStore>(EVENT_STORE).headPosition();
      for (const path of [`/cases?programId=${P}`, '/inbox', `/programs/${P}/dashboard`, `/programs/${P}/batches`]) {
        const res = await get(path, 'prov').expect(200);
        expect({ path, position: res.headers['x-read-position'], stale: res.headers['x-read-stale'] }).toEqual({ path, position: String(head), stale: undefined });
        const reached = await get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${head}`, 'prov').expect(200);
        expect({ path, position: reached.headers['x-read-position'], stale: reached.headers['x-read-stale'] }).toEqual({ path, position: String(head), stale: undefined });
      }
      // …and the OpenAPI document names both headers, for clients generated from it.
      const doc = (await t.http().get('/api/docs-json').expect(200)).body;
      for (const path of ['/api/v1/cases', '/api/v1/inbox', '/api/v1/programs/{id}/dashboard', '/api/v1/programs/{id}/batches']) {
        expect(Object.keys(doc.paths[path].get.responses['200'].headers).sort()).toEqual(['X-Read-Position', 'X-Read-Stale']);
      }
    });

    it('answers with what it has after 2 s when minPosition never comes, and logs it with the request id', async () => {
      const beyond = (await t.app.get<EventStore>(EVENT_STORE).headPosition()) + 1000;
      const warn = jest.spyOn(Logger.prototype, 'warn');
      try {
        const started = Date.now();
        const res = await get(`/cases?programId=${P}&minPosition=${beyond}`, 'prov').set('X-Correlation-Id', 'late-read-1').expect(200);
        expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
        expect(ids(res)).toEqual(['A', 'B', 'C', 'D', 'E']);
        // The client can tell: the position reached, and the stale marker naming what it asked for.
        const head = await t.app.get<EventStore>(EVENT_STORE).headPosition();
        expect(res.headers['x-read-position']).toBe(String(head));
        expect(res.headers['x-read-stale']).toBe(`minPosition=${beyond}; position=${head}`);
        expect(warn).toHaveBeenCalledWith(
          expect.objectContaining({ reqId: 'late-read-1', minPosition: beyond }),
          expect.stringContaining('did not reach minPosition'),
        );
      } finally {
        warn.mockRestore();
      }
    });
  });

  describe('GET /cases/:id', () => {
    it('folds the case from its stream with ETag and the actions each caller may take', async () => {
      const res = await get('/cases/A', 'prov').expect(200);
      expect(res.headers.etag).toBe(`"${res.body.revision}"`);
      expect(res.body).toMatchObject({
        id: 'A', programId: P, workflow: { key: 'gd-bdpz-2019', version: 1 }, stage: 'expertReview', substate: 'scoring',
        applicant: { cityCode: '440100', districtCode: '440106' }, partners: [], approval: null,
        application: expect.objectContaining({ basicSituation: expect.any(String) }),
        createdAt: expect.any(String), updatedAt: expect.any(String),
      });
      expect(Object.keys(res.body.review.scores)).toEqual(['e1']);
      expect(res.body.allowedActions).not.toContain('scores');

      const e2 = (await get('/cases/A', 'exp-e2').expect(200)).body;
      expect(e2.allowedActions).toEqual(expect.arrayContaining(['scores', 'recusal']));
      expect(e2.review.scores).toEqual({});
      const e1 = (await get('/cases/A', 'exp-e1').expect(200)).body;
      expect(Object.keys(e1.review.scores)).toEqual(['e1']);
      expect(e1.allowedActions).not.toContain('scores');
      expect((await get('/cases/B', 'city-gz').expect(200)).body.allowedActions).toContain('city-audit');
      expect((await get('/cases/C', 'app-ns').expect(200)).body.allowedActions).toEqual(expect.arrayContaining(['application', 'submit', 'withdraw']));
      expect((await get('/cases/C', 'city-sz').expect(200)).body.allowedActions).toEqual([]);
    });

    it('gives the deadline of the current stage entry from its entry time', async () => {
      const detail = (await get('/cases/A', 'prov').expect(200)).body;
      const history = (await get('/cases/A/history', 'prov').expect(200)).body.items as { type: string; at: string }[];
      const entered = history.find((h) => h.type === 'RecommendationIssued')!.at;
      expect(dateIn(new Date(entered))).toBe('2019-03-01'); // a Friday, in Shanghai
      // P20D working from Fri 2019-03-01 (no holiday in March 2019): Mar 4–8, 11–15, 18–22, 25–29 → end of Fri Mar 29.
      expect(detail.deadlines).toEqual([{ kind: 'due', dueAt: '2019-03-29T15:59:59.999Z', stage: 'expertReview' }]);
      // D is approved: no stage limit, but its first report period (due, and missed after the grace).
      const approved = (await get('/cases/D', 'prov').expect(200)).body.deadlines as { kind: string }[];
      expect(approved.map((d) => d.kind).sort()).toEqual(['report-due-1', 'report-missed-1']);
    });

    it('hides objector identity from everyone but the province', async () => {
      const prov = (await get('/cases/D', 'prov').expect(200)).body;
      expect(prov.publicity.objections[0].objector).toMatchObject({ name: '王某', contact: '13700000000' });
      const city = (await get('/cases/D', 'city-zh').expect(200)).body;
      expect(city).toMatchObject({ stage: 'progressEvaluation', approval: { batchNo: 1 } });
      // The lifecycle drawn on the case page: the shipped workflow runs defense and site visit.
      expect(city.lifecycle).toEqual(['draft', 'cityAudit', 'recommendation', 'expertReview', 'defense', 'siteVisit', 'publicity', 'approval', 'progressEvaluation', 'completed']);
      expect(city.publicity.objections[0].objector).toEqual({ kind: 'person', name: '', contact: '' });
    });

    it('shows the case as it stood at asOf', async () => {
      const now = await get('/cases/A', 'app-th').expect(200);
      const then = await get(`/cases/A?asOf=${encodeURIComponent(s.afterSubmitA)}`, 'app-th').expect(200);
      expect(then.body).toMatchObject({ stage: 'cityAudit', asOf: s.afterSubmitA, allowedActions: [], updatedAt: s.afterSubmitA });
      expect(then.body.revision).toBeLessThan(now.body.revision);
      expect(then.headers.etag).toBe(`"${then.body.revision}"`);
      // +08:00 sent unencoded arrives as a space; the same instant either way.
      const shanghai = new Date(Date.parse(s.afterSubmitA) + 8 * 3600 * 1000).toISOString().replace('Z', '+08:00');
      expect((await get(`/cases/A?asOf=${shanghai}`, 'app-th').expect(200)).body.revision).toBe(then.body.revision);
      await get(`/cases/A?asOf=${T0.toISOString()}`, 'app-th').expect(404);
      const bad = await get('/cases/A?asOf=yesterday', 'app-th').expect(400);
      expect(bad.body.details).toEqual([expect.objectContaining({ field: 'asOf' })]);
    });

    it.each<[string, Username]>([
      ['A', 'city-sz'],
      ['A', 'app-hz'],
      ['A', 'exp-e9'],
      ['D', 'exp-e1'],
      ['nope', 'prov'],
    ])('answers 404 for case %s to %s', async (id, user) => {
      const res = await get(`/cases/${id}`, user).expect(404);
      expect(res.body.error).toBe('NOT_FOUND');
      await get(`/cases/${id}/history`, user).expect(404);
    });
  });

  describe('GET /cases/:id/history', () => {
    it('lists every event with actor, time and the stream hash', async () => {
      const items = (await get('/cases/A/history', 'prov').expect(200)).body.items;
      const stored = await t.app.get<EventStore>(EVENT_STORE).readStream('case-A');
      expect(items).toHaveLength(stored.length);
      expect(items.map((i: { revision: number }) => i.revision)).toEqual(stored.map((_, i) => i));
      expect(items.map((i: { hash: string }) => i.hash)).toEqual(stored.map((e) => e.metadata.hash));
      expect(items[0]).toMatchObject({ type: 'CaseCreated', actor: { id: s.actors['app-th'].userId, role: 'applicant' }, at: expect.any(String) });
      expect(items[0].hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it("hides another expert's scores until the review is concluded", async () => {
      const sheetOf = (items: { type: string; data: unknown; redacted?: boolean }[]) => items.find((i) => i.type === 'ScoresSubmitted')!;
      expect(sheetOf((await get('/cases/A/history', 'exp-e2').expect(200)).body.items)).toMatchObject({ data: {}, redacted: true });
      expect(sheetOf((await get('/cases/A/history', 'exp-e1').expect(200)).body.items).data).toMatchObject({ expertId: 'e1', total: 90 });
      expect(sheetOf((await get('/cases/A/history', 'prov').expect(200)).body.items).redacted).toBeUndefined();
    });

    it('hides the objector from the city', async () => {
      const raised = async (user: Username) =>
        ((await get('/cases/D/history', user).expect(200)).body.items as { type: string; data: { objector: unknown } }[]).find((i) => i.type === 'ObjectionRaised')!;
      expect((await raised('city-zh')).data.objector).toEqual({ kind: 'person', name: '', contact: '' });
      expect((await raised('prov')).data.objector).toMatchObject({ name: '王某' });
    });
  });

  describe('GET /inbox', () => {
    it("lists the city officer's pending audit, and done work only on request", async () => {
      const open = (await get('/inbox', 'city-gz').expect(200)).body;
      // Newest first: B's overdue notice, then its audit.
      expect(open.items.map((i: { caseId: string; kind: string }) => `${i.caseId}:${i.kind}`)).toEqual(['B:overdue', 'B:audit-pending']);
      expect(open.items[1]).toMatchObject({ done: false, recipient: 'city:440100', title: { zh: expect.stringContaining('海珠') } });
      // Each item with its case as the case list has it (what 待办 shows without reading the case): unit, stage, due, mark.
      const listed = (await get('/cases?stage=cityAudit', 'city-gz').expect(200)).body.items.find((c: { id: string }) => c.id === 'B');
      for (const item of open.items) {
        expect(item.case).toEqual({ unitName: listed.unitName, stage: 'cityAudit', dueAt: listed.dueAt, overdue: true });
      }
      expect(listed.dueAt).toEqual(expect.any(String));
      const all = (await get('/inbox?includeDone=true', 'city-gz').expect(200)).body;
      expect(all.items.filter((i: { done: boolean }) => i.done).map((i: { caseId: string; kind: string }) => `${i.caseId}:${i.kind}`))
        .toEqual(expect.arrayContaining(['A:audit-pending', 'A:recommendation-pending']));
      expect(all.nextCursor).toBeNull();
    });

    it('shows an expert its pending scoring, and pages', async () => {
      const e2 = (await get('/inbox', 'exp-e2').expect(200)).body.items;
      // Newest first: the scoring it owes, then the notice of its assignment to the panel.
      expect(e2.map((i: { caseId: string; kind: string }) => `${i.caseId}:${i.kind}`)).toEqual(['A:scoring-pending', 'A:assignment']);
      const first = (await get('/inbox?limit=1', 'prov').expect(200)).body;
      expect(first.items).toHaveLength(1);
      const second = (await get(`/inbox?limit=1&cursor=${first.nextCursor}`, 'prov').expect(200)).body;
      expect(second.items[0].id).not.toBe(first.items[0].id);
      await get('/inbox?includeDone=maybe', 'prov').expect(400);
      await get('/inbox?cursor=garbage', 'prov').expect(400);
    });
  });

  describe('GET /programs/:id/dashboard and /batches', () => {
    it('shows the funnel, city limits, quota, batches, overdue and what is ready for publicity', async () => {
      const res = await get(`/programs/${P}/dashboard`, 'prov').expect(200);
      expect(res.body).toMatchObject({
        funnel: { draft: 1, cityAudit: 1, expertReview: 1, publicity: 1, progressEvaluation: 1, approval: 0 },
        approvals: { granted: 1, min: 3, max: 5 },
        overdue: 1,
        overdueByStage: expect.objectContaining({ cityAudit: 1, draft: 0 }),
        overdueByRole: { applicant: 0, city: 1, expert: 0, province: 0 },
        readyForPublicity: ['E'],
        publicityBatches: [expect.objectContaining({ id: 'b1', caseIds: ['D'] })],
        approvalBatches: [expect.objectContaining({ batchNo: 1, caseIds: ['D'] })],
      });
      const city = (code: string) => res.body.cities.find((c: { cityCode: string }) => c.cityCode === code);
      expect(city('440100')).toMatchObject({ recommended: 1, limit: 3 });
      expect(city('440400')).toMatchObject({ recommended: 1, limit: 2 });
      expect(city('440300')).toMatchObject({ recommended: 0, limit: 3 });
      await get(`/programs/${P}/dashboard`, 'admin').expect(200);
    });

    it('lists the batches', async () => {
      const res = await get(`/programs/${P}/batches`, 'prov').expect(200);
      expect(res.body).toEqual({
        publicity: [{ id: 'b1', caseIds: ['D'], startsAt: expect.any(String), endsAt: expect.any(String) }],
        approval: [{ batchNo: 1, caseIds: ['D'], repliedOn: expect.stringMatching(/^2019-03-\d\d$/) }],
      });
      expect((await get(`/programs/${P2}/batches`, 'prov').expect(200)).body).toEqual({ publicity: [], approval: [] });
    });

    it('is for the province and admins only, and 404 for an unknown program', async () => {
      expect((await get(`/programs/${P}/dashboard`, 'city-gz').expect(403)).body.error).toBe('FORBIDDEN');
      await get(`/programs/${P}/batches`, 'app-th').expect(403);
      expect((await get('/programs/nope/dashboard', 'prov').expect(404)).body.error).toBe('NOT_FOUND');
      await get('/programs/nope/batches', 'prov').expect(404);
    });
  });

  describe('operations', () => {
    it('reports the read models in /health and their lag in /metrics', async () => {
      const health = await t.http().get('/health').expect(200);
      expect(health.body.info.readModels).toMatchObject({ status: 'up', state: 'following', position: expect.any(Number) });
      const metrics = await t.http().get('/metrics').set('Authorization', `Bearer ${s.tokens.admin}`).expect(200);
      expect(metrics.text).toMatch(/shenbao_projection_lag_events\{projection="case-list"\} \d+/);
    });
  });

  describe('rebuild', () => {
    it('rebuilds from zero to exactly the tables the live projections built, also through the npm script', async () => {
      const head = await t.app.get<EventStore>(EVENT_STORE).headPosition();
      expect(await t.app.get(ReadModels).waitFor(head)).toBe(true);
      const live = dumpTables(t.app.get(ReadModels).db);
      await t.app.close();
      closed = true;

      const summary = await rebuildReadModels({ dataDir: t.dataDir });
      expect(summary).toMatchObject({ position: head, checkpoints: { 'case-list': head, dashboard: head, inbox: head } });
      const dump = () => {
        const db = new Database(join(t.dataDir, READ_MODELS_FILE), { readonly: true });
        try {
          return dumpTables(db);
        } finally {
          db.close();
        }
      };
      expect(dump()).toEqual(live);

      const cli = spawnSync(process.execPath, [join(__dirname, '../../scripts/projections-rebuild.cjs')], {
        env: { ...process.env, DATA_DIR: t.dataDir, ADMIN_PASSWORD: '' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(cli.stderr).toBe('');
      expect(cli.status).toBe(0);
      expect(cli.stdout).toContain(`up to event position ${head}`);
      expect(dump()).toEqual(live);
    });
  });
});

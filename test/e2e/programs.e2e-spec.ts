/**
 * Programs over HTTP: the seeded gd-bdpz-2019 program (stable id, seeded once, after its workflow), creating and
 * reading programs, and publicity batches — validation, the start and end of the period, and all-or-nothing.
 */
import { dateIn, GD_BDPZ_2019_PROGRAM, programStream } from '@shenbao/domain';
import type { EventStore } from '@shenbao/event-store';
import { StreamLoader } from '@shenbao/commands';
import { EVENT_STORE } from '@shenbao/host';
import { programIdForKey } from '../../apps/api/src/programs/program-id';
import { FAST_WORKFLOW } from './support/fast-workflow';
import { TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS, PASSWORD } from './support/case-http';
import type { CaseHttp, CaseRef, Party } from './support/case-http';
import { ADMIN_PASSWORD } from './support/test-app';
import type { TestApp } from './support/test-app';

/** Friday 2019-03-01, 10:00 in Guangzhou. */
const T0 = new Date('2019-03-01T02:00:00Z');
const gz = (districtCode: string): Party => ({ level: 'district', cityCode: '440100', districtCode, unitName: `广州市${districtCode}区人民政府` });

describe('programs (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  const store = (): EventStore => t.app.get<EventStore>(EVENT_STORE);
  const settings = (key: string) => ({ ...GD_BDPZ_2019_PROGRAM, key, name: `program ${key}`, workflow: { key: 'e2e-fast', version: 1 } });

  beforeAll(async () => {
    ({ t, h } = await bootCaseWorld(clock, {
      users: { prov: OFFICERS.prov, 'city-gz': OFFICERS['city-gz'], 'app-th': applicantIn(gz('440106')), 'app-hz': applicantIn(gz('440105')), 'app-lw': applicantIn(gz('440103')) },
      experts: { 'exp-1': '440400', 'exp-2': '440600', 'exp-3': '440700' },
    }));
    await h.call('admin', 'post', '/workflows/e2e-fast/versions', { definition: FAST_WORKFLOW }).expect(201);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('the seeded program', () => {
    it('has an id derived from its key, readable by every role', async () => {
      const id = programIdForKey('gd-bdpz-2019');
      expect(await h.programIdOf('gd-bdpz-2019')).toBe(id);
      const res = await h.call('app-th', 'get', `/programs/${id}`).expect(200);
      expect(res.body).toMatchObject({ ...GD_BDPZ_2019_PROGRAM, id, approvals: { granted: 0, min: 3, max: 5 }, publicityBatches: [], approvalBatches: [] });
      expect(res.body.cities).toHaveLength(9);
    });

    it('is seeded once, after its workflow, and again never on a restart', async () => {
      const stream = programStream(programIdForKey('gd-bdpz-2019'));
      const [created] = await store().readStream(stream);
      const [workflow] = await store().readStream('workflow-gd-bdpz-2019');
      expect(created.position).toBeGreaterThan(workflow.position);
      await t.restart();
      h.tokens.admin = await t.token('admin', ADMIN_PASSWORD);
      expect(await store().readStream(stream)).toHaveLength(1);
      expect((await store().readStream(stream))[0].id).toBe(created.id);
      for (const u of ['prov', 'city-gz', 'app-th', 'app-hz', 'app-lw', 'exp-1', 'exp-2', 'exp-3']) h.tokens[u] = await t.token(u, PASSWORD);
    });
  });

  describe('POST /programs', () => {
    it('creates a program (admin) that lists and reads', async () => {
      const res = await h.call('admin', 'post', '/programs', settings('e2e-alpha')).expect(201);
      expect(res.body).toEqual({ id: programIdForKey('e2e-alpha') });
      const read = await h.call('city-gz', 'get', `/programs/${res.body.id as string}`).expect(200);
      expect(read.body).toMatchObject({ key: 'e2e-alpha', workflow: { key: 'e2e-fast', version: 1 }, createdAt: expect.any(String) });

      const first = await h.call('app-th', 'get', '/programs?limit=1').expect(200);
      expect(first.body.items.map((p: { key: string }) => p.key)).toEqual(['e2e-alpha']);
      const next = await h.call('app-th', 'get', `/programs?limit=1&cursor=${first.body.nextCursor as string}`).expect(200);
      expect(next.body.items.map((p: { key: string }) => p.key)).toEqual(['gd-bdpz-2019']);
    });

    it('refuses a second program with the same key', async () => {
      const res = await h.call('admin', 'post', '/programs', settings('e2e-alpha')).expect(422);
      expect(res.body).toMatchObject({ error: 'RULE_VIOLATION', details: [{ rule: 'program.exists', message: expect.any(String) }] });
    });

    it('is for administrators only', async () => {
      await h.call('prov', 'post', '/programs', settings('e2e-beta')).expect(403);
    });

    it('names every invalid field, unknown fields and an unpublished workflow', async () => {
      const bad = { ...settings('e2e-gamma'), quota: { min: 5, max: 3 }, regions: [{ cityCode: '440100', name: '广州', limit: 3, districts: [{ code: '440305', name: '南山' }] }] };
      const res = await h.call('admin', 'post', '/programs', bad).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['quota.max', 'regions[0].districts[0].code']));
      const unknown = await h.call('admin', 'post', '/programs', { ...settings('e2e-gamma'), window: { opensOn: '2019-03-01', closesOn: '2019-04-01', extra: 1 } }).expect(400);
      expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'window.extra' })]);
      const workflow = await h.call('admin', 'post', '/programs', { ...settings('e2e-gamma'), workflow: { key: 'nope', version: 1 } }).expect(400);
      expect(workflow.body.details).toEqual([{ field: 'workflow', messages: [expect.stringContaining('nope')] }]);
      await h.call('admin', 'get', `/programs/${programIdForKey('e2e-gamma')}`).expect(404);
    });
  });

  describe('POST /programs/:id/publicity-batches', () => {
    let programId: string;
    let ready: CaseRef[];
    let notReady: CaseRef;
    const stageOf = async (c: CaseRef) => {
      const loaded = await t.app.get(StreamLoader).loadCase(c.id);
      return `${loaded?.state.stage}/${loaded?.state.substate ?? ''}`;
    };
    const open = (body: Record<string, unknown>, user = 'prov') => h.call(user, 'post', `/programs/${programId}/publicity-batches`, body);

    beforeAll(async () => {
      programId = (await h.call('admin', 'post', '/programs', settings('e2e-batches')).expect(201)).body.id as string;
      ready = [];
      for (const [user, code] of [['app-th', '440106'], ['app-hz', '440105']]) {
        const c = await h.toRecommendation(user, 'city-gz', gz(code), programId);
        await h.expectStage(h.recommend(c), 'expertReview');
        await h.throughExpertReview(c, ['exp-1', 'exp-2', 'exp-3'], 'publicity');
        ready.push(c);
      }
      notReady = await h.submitted('app-lw', 'city-gz', gz('440103'), programId);
    });

    it('validates the request', async () => {
      const ids = ready.map((c) => c.id);
      const bad = async (body: Record<string, unknown>, field: string) => {
        const res = await open(body).expect(400);
        expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      };
      await bad({ caseIds: ids, startsOn: '2019-02-28' }, 'startsOn');
      await bad({ caseIds: ids, startsOn: '2019-3-4' }, 'startsOn');
      await bad({ caseIds: ids, startsOn: '2019-03-04', duration: 'a week' }, 'duration');
      await bad({ caseIds: ids, startsOn: '2019-03-04', duration: 'PT12H', unit: 'working' }, 'duration');
      await bad({ caseIds: [ids[0], ids[0]], startsOn: '2019-03-04' }, 'caseIds');
      await bad({ caseIds: [], startsOn: '2019-03-04' }, 'caseIds');
      await bad({ caseIds: ids, startsOn: '2019-03-04', unit: 'lunar' }, 'unit');
      await open({ caseIds: ids, startsOn: '2019-03-04' }, 'city-gz').expect(403);
      await h.call('prov', 'post', '/programs/no-such-program/publicity-batches', { caseIds: ids, startsOn: '2019-03-04' }).expect(404);
    });

    it('starts nothing when one case of the batch is not awaiting publicity', async () => {
      const res = await open({ caseIds: [ready[0].id, notReady.id], startsOn: dateIn(clock.now()) }).expect(409);
      expect(res.body).toMatchObject({ error: 'ILLEGAL_TRANSITION', details: { caseId: notReady.id, stage: 'cityAudit' } });
      const foreign = await open({ caseIds: [ready[0].id, '00000000-0000-4000-8000-000000000000'], startsOn: dateIn(clock.now()) }).expect(409);
      expect(foreign.body.error).toBe('ILLEGAL_TRANSITION');
      expect(await stageOf(ready[0])).toBe('publicity/awaiting');
      expect((await h.call('prov', 'get', `/programs/${programId}`).expect(200)).body.publicityBatches).toEqual([]);
    });

    it('opens a batch on a later date at 00:00 Shanghai time, running working days', async () => {
      const res = await open({ caseIds: ready.map((c) => c.id), startsOn: '2019-03-04', duration: 'P5D', unit: 'working' }).expect(201);
      // Monday 4 March 00:00 +08:00; five working days after it: 5, 6, 7, 8 and 11 March, to the end of that day.
      expect(res.body).toEqual({ id: expect.any(String), startsAt: '2019-03-03T16:00:00.000Z', endsAt: '2019-03-11T15:59:59.999Z', position: expect.any(Number) });
      for (const c of ready) expect(await stageOf(c)).toBe('publicity/open');
      const program = await h.call('prov', 'get', `/programs/${programId}`).expect(200);
      expect(program.body.publicityBatches).toEqual([{ batchId: res.body.id, caseIds: ready.map((c) => c.id), startsAt: res.body.startsAt, endsAt: res.body.endsAt }]);
      // The cases are in it now: a second batch for them is refused.
      await open({ caseIds: [ready[0].id], startsOn: '2019-03-04' }).expect(409);
    });
  });
});

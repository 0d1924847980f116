/**
 * The approval quota raced over two API replicas on one PostgreSQL schema (issue #17: the limits hold across
 * replicas). A program with a quota of at most 2 runs a short workflow (panel of 3, no defense or site visit); four
 * of its cases end their publicity and wait for the province's reply letter. The four approvals are sent at once, two
 * through replica A and two through replica B; each replica's first approval is held before its append until the
 * other's has decided too, so both decide on the same program revision and one must meet PostgreSQL's revision
 * conflict, reload the program and decide again. Exactly 2 are approved, 2 are QUOTA_REACHED, none is a 5xx, the
 * program stream holds exactly 2 approvals in one batch, and both replicas then show the same dashboard.
 */
import { dateIn, GD_BDPZ_2019_PROGRAM, programStream } from '@shenbao/domain';
import type { Actor } from '@shenbao/domain';
import type { EventStore } from '@shenbao/event-store';
import { CaseCommandService } from '@shenbao/commands';
import { EVENT_STORE } from '@shenbao/host';
import { FAST_WORKFLOW } from './support/fast-workflow';
import { TestClock } from './support/case-seeding';
import { CaseHttp } from './support/case-http';
import type { CaseRef, Party } from './support/case-http';
import { PostgresWorld } from './support/postgres-world';
import { StoreGate, counted } from './support/store-gate';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');
const DAY = 24 * 3600 * 1000;
const SYSTEM: Actor = { userId: 'system', role: 'province' };
const DISTRICTS = ['440106', '440105', '440103', '440104'];
const EXPERTS: [string, string][] = [['exp-1', '440400'], ['exp-2', '440600'], ['exp-3', '440700']];
const party = (code: string): Party => ({ level: 'district', cityCode: '440100', districtCode: code, unitName: `广州市${code}区人民政府` });
const QUOTA = 2;

describe('two API replicas on one PostgreSQL schema: the approval quota race (e2e)', () => {
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
    for (const code of DISTRICTS) await ha.addUser(`app-${code}`, { role: 'applicant', cityCode: '440100', districtCode: code });
    for (const [username, city] of EXPERTS) await ha.addExpert(username, city);
    await ha.call('admin', 'post', '/workflows/e2e-fast/versions', { definition: FAST_WORKFLOW }).expect(201);
    const gz = GD_BDPZ_2019_PROGRAM.regions.find((r) => r.cityCode === '440100')!;
    const program = await ha.call('admin', 'post', '/programs', {
      ...GD_BDPZ_2019_PROGRAM,
      key: 'e2e-quota-two',
      name: 'quota of two',
      workflow: { key: 'e2e-fast', version: 1 },
      regions: [{ ...gz, limit: DISTRICTS.length }],
      quota: { min: 1, max: QUOTA },
    }).expect(201);
    programId = program.body.id as string;
    b = await world.replica({}, (store) => gate.wrap('b', store));
    hb = ha.on(b);
  });
  afterAll(() => world.close());

  it(`approves exactly ${QUOTA} of 4 cases whose approvals are sent through both replicas at once`, async () => {
    const cases: CaseRef[] = [];
    for (const code of DISTRICTS) {
      const c = await ha.toRecommendation(`app-${code}`, 'city-gz', party(code), programId);
      await ha.expectStage(ha.recommend(c), 'expertReview');
      await ha.throughExpertReview(c, EXPERTS.map(([u]) => u), 'publicity');
      cases.push(c);
    }
    const batch = await ha.openPublicity(programId, cases.map((c) => c.id), clock.now());
    clock.set(new Date(T0.getTime() + 8 * DAY));
    const service = a.app.get(CaseCommandService);
    for (const c of cases) {
      const ended = await service.execute(c.id, { type: 'EndPublicity', data: { batchId: batch.id } }, { actor: SYSTEM, correlationId: 'test-timer' });
      expect(ended.stage).toBe('approval');
    }

    const repliedOn = dateIn(clock.now());
    gate.holdAppends('ApprovalRecorded', ['a', 'b']);
    const results = await Promise.all(
      cases.map((c, i) => (i % 2 === 0 ? ha : hb).act('prov', c.id, 'approval', { replyLetterNo: `粤工信函〔2019〕${900 + i}号`, repliedOn })),
    );

    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    const statuses = results.map((r) => (r.status === 200 ? 'ok' : `${r.status} ${r.body.error as string}`)).sort();
    expect(statuses).toEqual([...Array(cases.length - QUOTA).fill('409 QUOTA_REACHED'), ...Array(QUOTA).fill('ok')]);
    // The replicas really raced: PostgreSQL refused at least one append, and the command decided again.
    expect(gate.conflicts).toBeGreaterThanOrEqual(1);
    const retried = (await counted(a, 'shenbao_command_retries_total{type="GrantApproval"}')) + (await counted(b, 'shenbao_command_retries_total{type="GrantApproval"}'));
    expect(retried).toBe(gate.conflicts);
    // The program stream holds exactly the quota's approvals, in one batch (one reply date).
    const approvals = (await a.app.get<EventStore>(EVENT_STORE).readStream(programStream(programId))).filter((e) => e.type === 'ApprovalRecorded');
    expect(approvals).toHaveLength(QUOTA);
    expect(new Set(approvals.map((e) => (e.data as { batchNo: number }).batchNo)).size).toBe(1);
    const approvedIds = results.flatMap((r, i) => (r.status === 200 ? [cases[i].id] : [])).sort();
    expect(approvals.map((e) => (e.data as { caseId: string }).caseId).sort()).toEqual(approvedIds);

    // Both replicas, once at the last write, show the same quota use and the same approved cases.
    const position = Math.max(...results.filter((r) => r.status === 200).map((r) => r.body.position as number));
    const views = [];
    for (const h of [ha, hb]) {
      const dashboard = (await h.call('prov', 'get', `/programs/${programId}/dashboard?minPosition=${position}`).expect(200)).body;
      const list = (await h.call('prov', 'get', `/cases?programId=${programId}&stage=progressEvaluation&minPosition=${position}`).expect(200)).body.items as { id: string }[];
      expect(list.map((i) => i.id).sort()).toEqual(approvedIds);
      views.push({ approvals: dashboard.approvals, approvalBatches: dashboard.approvalBatches, funnel: dashboard.funnel });
    }
    expect(views[0].approvals).toMatchObject({ granted: QUOTA, max: QUOTA });
    expect(views[1]).toEqual(views[0]);
  });
});

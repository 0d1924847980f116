/**
 * Every error code of API.md reachable through the case endpoints, with its status and details; concurrent
 * recommendations against a city's remaining limit; and an Idempotency-Key replay that appends nothing. A second
 * program (quota max 1) runs a short workflow version (panel of 3, no defense or site visit) to reach approval fast.
 */
import { caseStream, dateIn, GD_BDPZ_2019_PROGRAM } from '@shenbao/domain';
import type { Actor } from '@shenbao/domain';
import type { EventStore } from '@shenbao/event-store';
import { CaseCommandService } from '@shenbao/commands';
import { EVENT_STORE } from '@shenbao/host';
import { FAST_WORKFLOW } from './support/fast-workflow';
import { TestClock, completeApplication } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS } from './support/case-http';
import type { CaseHttp, CaseRef, Party } from './support/case-http';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');
const DAY = 24 * 3600 * 1000;
const SYSTEM: Actor = { userId: 'system', role: 'province' };
const GZ_DISTRICTS: [string, string][] = [
  ['th', '440106'], ['hz', '440105'], ['lw', '440103'], ['yx', '440104'], ['by', '440111'], ['hp', '440112'], ['py', '440113'], ['hd', '440114'],
];
const party = (code: string): Party => ({ level: 'district', cityCode: '440100', districtCode: code, unitName: `广州市${code}区人民政府` });
const districtOf = (name: string): string => GZ_DISTRICTS.find(([n]) => n === name)![1];

describe('case errors (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  let seeded: string;
  let quotaOne: string;
  const store = (): EventStore => t.app.get<EventStore>(EVENT_STORE);
  const experts = ['exp-1', 'exp-2', 'exp-3'];

  const draft = async (name: string, programId = seeded): Promise<CaseRef> => h.createCase(`app-${name}`, 'city-gz', party(districtOf(name)), programId);
  const expectError = (res: { status: number; body: Record<string, unknown> }, status: number, error: string) => {
    expect({ status: res.status, error: res.body.error }).toEqual({ status, error });
    expect(res.body).toMatchObject({ statusCode: status, message: expect.any(String) });
  };
  /** On the quota-one program: recommended, reviewed by the panel of 3 and waiting for publicity. */
  const awaitingPublicity = async (name: string): Promise<CaseRef> => {
    const c = await h.toRecommendation(`app-${name}`, 'city-gz', party(districtOf(name)), quotaOne);
    await h.expectStage(h.recommend(c), 'expertReview');
    await h.throughExpertReview(c, experts, 'publicity');
    return c;
  };

  beforeAll(async () => {
    ({ t, h, programId: seeded } = await bootCaseWorld(clock, {
      users: { ...OFFICERS, ...Object.fromEntries(GZ_DISTRICTS.map(([name, code]) => [`app-${name}`, applicantIn({ cityCode: '440100', districtCode: code })])) },
      experts: { [experts[0]]: '440400', [experts[1]]: '440600', [experts[2]]: '440700', 'exp-gz': '440100' },
    }));

    await h.call('admin', 'post', '/workflows/e2e-fast/versions', { definition: FAST_WORKFLOW }).expect(201);
    const gzRegion = GD_BDPZ_2019_PROGRAM.regions.find((r) => r.cityCode === '440100')!;
    const program = await h.call('admin', 'post', '/programs', {
      ...GD_BDPZ_2019_PROGRAM,
      key: 'e2e-quota-one',
      name: 'quota of one',
      workflow: { key: 'e2e-fast', version: 1 },
      regions: [gzRegion],
      quota: { min: 1, max: 1 },
    }).expect(201);
    quotaOne = program.body.id as string;
  });

  afterAll(async () => {
    await t.close();
  });

  describe('VALIDATION_FAILED (400)', () => {
    it('names the field of a bad mobile number', async () => {
      const c = await draft('th');
      const application = completeApplication('天河');
      application.cover.head.mobile = '12345';
      const res = await h.call('app-th', 'put', `/cases/${c.id}/application`, application);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual([{ field: 'cover.head.mobile', messages: [expect.stringContaining('mobile')] }]);
    });

    it('rejects unknown fields, in the form and in an action body', async () => {
      const c = await draft('hz');
      const form = await h.call('app-hz', 'put', `/cases/${c.id}/application`, { ...completeApplication('海珠'), secret: 1 });
      expectError(form, 400, 'VALIDATION_FAILED');
      expect(form.body.details).toEqual([{ field: 'secret', messages: ['is not an allowed field'] }]);
      const action = await h.act('app-hz', c.id, 'withdraw', { reason: '撤回', extra: true });
      expectError(action, 400, 'VALIDATION_FAILED');
      expect(action.body.details).toEqual([expect.objectContaining({ field: 'extra' })]);
      expectError(await h.act('app-hz', c.id, 'submit', { now: true }), 400, 'VALIDATION_FAILED');
    });

    it('refuses over-long lists by their length, with at most 20 problems listed and their total, changing nothing', async () => {
      const c = await draft('th');
      const revision = async () => (await h.call('app-th', 'get', `/cases/${c.id}`).expect(200)).body.revision as number;
      const fields = (res: { body: { details: { field: string }[] } }) => res.body.details.map((d) => d.field);
      const huge = await h.call('app-th', 'put', `/cases/${c.id}/application`, { keyProjects: Array.from({ length: 300_000 }, () => ({})) });
      expectError(huge, 400, 'VALIDATION_FAILED');
      expect(fields(huge)).toEqual(['keyProjects']);
      const over = await h.call('app-th', 'put', `/cases/${c.id}/application`, { ...completeApplication('天河'), keyProjects: Array.from({ length: 501 }, () => ({})) });
      expect(over.body.details).toEqual([{ field: 'keyProjects', messages: ['must have at most 500 items (has 501)'] }]);
      // Within the limit, every item is checked, and the answer stays small.
      const many = await h.call('app-th', 'put', `/cases/${c.id}/application`, { ...completeApplication('天河'), keyProjects: Array.from({ length: 500 }, () => ({})) });
      expectError(many, 400, 'VALIDATION_FAILED');
      expect(many.body.details).toHaveLength(20);
      expect(many.body.message).toContain('(4000 problems in all, the first 20 listed)');
      expect(many.text.length).toBeLessThan(10_000);
      const report = await h.act('app-th', c.id, 'progress-reports', { period: '2019H2', narrative: 'x', indicators: Array.from({ length: 400_000 }, () => ({})), projects: [] });
      expectError(report, 400, 'VALIDATION_FAILED');
      expect(fields(report)).toEqual(['indicators']);
      const overDto = await h.act('app-th', c.id, 'progress-reports', { period: '2019H2', narrative: 'x', indicators: Array.from({ length: 201 }, () => ({})), projects: [] });
      expect(overDto.body.details).toEqual([{ field: 'indicators', messages: ['must have at most 200 items (has 201)'] }]);
      expect(await revision()).toBe(0);
    });

    it('refuses an array for an object, a missing object and null for a list by name (POST /cases)', async () => {
      const programId = seeded;
      const asArray = await h.call('app-yx', 'post', '/cases', { programId, applicant: Array.from({ length: 500_000 }, () => ({})) });
      expectError(asArray, 400, 'VALIDATION_FAILED');
      expect(asArray.body.details).toEqual([{ field: 'applicant', messages: [expect.any(String)] }]);
      const small = await h.call('app-yx', 'post', '/cases', { programId, applicant: [party(districtOf('yx'))] });
      expect(small.body.details).toEqual([{ field: 'applicant', messages: ['must be an object'] }]);
      const nullPartners = await h.call('app-yx', 'post', '/cases', { programId, applicant: party(districtOf('yx')), partners: null });
      expectError(nullPartners, 400, 'VALIDATION_FAILED');
      expect(nullPartners.body.details).toEqual([{ field: 'partners', messages: ['must not be null (leave the field out instead)'] }]);
      const nullDistrict = await h.call('app-yx', 'post', '/cases', { programId, applicant: { ...party(districtOf('yx')), districtCode: null } });
      expect(nullDistrict.body.details).toEqual([{ field: 'applicant.districtCode', messages: ['must not be null (leave the field out instead)'] }]);
      const missing = await h.call('app-yx', 'post', '/cases', { programId });
      expect(missing.body.details).toEqual([{ field: 'applicant', messages: ['is required'] }]);
      const list = await h.call('app-yx', 'get', '/cases').expect(200);
      expect(list.body.items).toEqual([]);
    });

    it('refuses a panel that is neither chosen nor drawn, and a blank return reason', async () => {
      const c = await h.submitted('app-lw', 'city-gz', party(districtOf('lw')), seeded);
      expectError(await h.act('city-gz', c.id, 'city-audit', { decision: 'return', comment: '  ' }), 400, 'VALIDATION_FAILED');
      expectError(await h.act('prov', c.id, 'panel', { draw: 5, expertIds: [] }), 400, 'VALIDATION_FAILED');
    });
  });

  it('FORBIDDEN (403): a role that may not take the action, or a case outside the caller’s unit', async () => {
    const c = await draft('yx');
    expectError(await h.act('app-yx', c.id, 'city-audit', { decision: 'pass' }), 403, 'FORBIDDEN');
    expectError(await h.call('city-sz', 'post', '/cases', { programId: seeded, applicant: party(districtOf('yx')) }), 403, 'FORBIDDEN');
    expectError(await h.call('app-yx', 'post', `/programs/${seeded}/publicity-batches`, { caseIds: [c.id], startsOn: '2019-03-01' }), 403, 'FORBIDDEN');
  });

  it('NOT_FOUND (404): another city’s or unit’s case, even with a stale If-Match, and unknown ids', async () => {
    const c = await draft('by');
    await h.saveApplication(c);
    expectError(await h.act('city-sz', c.id, 'city-audit', { decision: 'pass' }, { 'If-Match': '"0"' }), 404, 'NOT_FOUND');
    expectError(await h.call('app-hp', 'put', `/cases/${c.id}/application`, completeApplication('x'), { 'If-Match': '"0"' }), 404, 'NOT_FOUND');
    expectError(await h.act('app-by', '00000000-0000-4000-8000-000000000000', 'submit'), 404, 'NOT_FOUND');
    expectError(await h.act('app-by', 'not%20an%20id', 'submit'), 404, 'NOT_FOUND');
    expectError(await h.call('app-by', 'post', '/cases', { programId: 'no-such-program', applicant: party(districtOf('by')) }), 404, 'NOT_FOUND');
    expectError(await h.call('app-by', 'get', '/programs/no-such-program'), 404, 'NOT_FOUND');
  });

  it('REVISION_CONFLICT (409): a stale If-Match, with the current revision', async () => {
    const c = await draft('hp');
    await h.call('app-hp', 'put', `/cases/${c.id}/application`, completeApplication('黄埔'), { 'If-Match': '"0"' }).expect(200);
    const res = await h.call('app-hp', 'put', `/cases/${c.id}/application`, completeApplication('黄埔'), { 'If-Match': '"0"' });
    expectError(res, 409, 'REVISION_CONFLICT');
    expect(res.body.details).toEqual({ currentRevision: 1 });
    await h.call('app-hp', 'put', `/cases/${c.id}/application`, completeApplication('黄埔'), { 'If-Match': '"1"' }).expect(200);
  });

  it('ILLEGAL_TRANSITION (409): an action the stage does not allow, with the stage and what is allowed', async () => {
    const c = await draft('py');
    const res = await h.recommend(c);
    expectError(res, 409, 'ILLEGAL_TRANSITION');
    expect(res.body.details).toEqual({ stage: 'draft', allowedActions: [] });
    await h.saveApplication(c);
    await h.attachScan('app-py', c.id, 'sealedApplication');
    await h.act('app-py', c.id, 'submit').expect(200);
    const again = await h.act('app-py', c.id, 'submit');
    expectError(again, 409, 'ILLEGAL_TRANSITION');
    expect(again.body.details).toEqual({ stage: 'cityAudit', allowedActions: ['withdraw'] });
    // A publicity batch with a case that is not awaiting publicity starts nothing.
    const batch = await h.call('prov', 'post', `/programs/${seeded}/publicity-batches`, { caseIds: [c.id], startsOn: dateIn(clock.now()) });
    expectError(batch, 409, 'ILLEGAL_TRANSITION');
    expect(batch.body.details).toMatchObject({ caseId: c.id, stage: 'cityAudit' });
  });

  it('RULE_VIOLATION (422): submitting an incomplete application lists what is missing', async () => {
    const c = await draft('hd');
    const partial = completeApplication('花都');
    partial.basicSituation = '';
    partial.plan.selectedTasks = ['T1', 'T2'];
    await h.call('app-hd', 'put', `/cases/${c.id}/application`, partial).expect(200);
    const res = await h.act('app-hd', c.id, 'submit');
    expectError(res, 422, 'RULE_VIOLATION');
    const rules = (res.body.details as { rule: string; message: string }[]).map((d) => d.rule);
    expect(rules).toEqual(expect.arrayContaining(['application.missing', 'tasks.minimum']));
  });

  it('WINDOW_CLOSED (409): submitting after the program window closed', async () => {
    const c = await draft('th');
    await h.saveApplication(c);
    await h.attachScan('app-th', c.id, 'sealedApplication');
    clock.set(new Date('2019-04-27T02:00:00Z'));
    try {
      expectError(await h.act('app-th', c.id, 'submit'), 409, 'WINDOW_CLOSED');
    } finally {
      clock.set(T0);
    }
    await h.act('app-th', c.id, 'submit').expect(200);
  });

  it('CITY_LIMIT_REACHED (409): of five concurrent recommendations against a limit of 3, exactly 3 succeed', async () => {
    const cases: CaseRef[] = [];
    for (const name of ['lw', 'yx', 'by', 'hp', 'py']) cases.push(await h.toRecommendation(`app-${name}`, 'city-gz', party(districtOf(name)), seeded));
    // In one process these take turns on the program stream; concurrency.e2e-spec.ts forces the real race.
    const results = await Promise.all(cases.map((c) => h.recommend(c)));
    const statuses = results.map((r) => (r.status === 200 ? 'ok' : (r.body.error as string))).sort();
    expect(statuses).toEqual(['CITY_LIMIT_REACHED', 'CITY_LIMIT_REACHED', 'ok', 'ok', 'ok']);
    const program = await h.call('city-gz', 'get', `/programs/${seeded}`).expect(200);
    expect(program.body.cities).toContainEqual(expect.objectContaining({ cityCode: '440100', recommended: 3, remaining: 0 }));
  });

  it('CONFLICT_OF_INTEREST (409): choosing an expert from the applicant’s city', async () => {
    const c = await h.toRecommendation('app-th', 'city-gz', party(districtOf('th')), quotaOne);
    await h.expectStage(h.recommend(c), 'expertReview');
    const res = await h.act('prov', c.id, 'panel', { expertIds: [h.expertIds['exp-gz'], h.expertIds['exp-1'], h.expertIds['exp-2']] });
    expectError(res, 409, 'CONFLICT_OF_INTEREST');
  });

  it('PUBLICITY_CLOSED and QUOTA_REACHED (409) on a program with a quota of one', async () => {
    const first = await awaitingPublicity('hz');
    const second = await awaitingPublicity('hd');
    const batch = await h.openPublicity(quotaOne, [first.id, second.id], clock.now());

    const late = await h.act('prov', first.id, 'objections', {
      objector: { kind: 'person', name: '王某', contact: '13700000000' },
      summary: '材料不实',
      receivedOn: dateIn(new Date(T0.getTime() - 3 * DAY)),
    });
    expectError(late, 409, 'PUBLICITY_CLOSED');
    const anonymous = await h.act('prov', first.id, 'objections', { objector: { kind: 'person' }, summary: '匿名', receivedOn: dateIn(clock.now()) });
    expectError(anonymous, 422, 'RULE_VIOLATION');

    clock.set(new Date(T0.getTime() + 8 * DAY));
    try {
      const service = t.app.get(CaseCommandService);
      for (const c of [first, second]) {
        const ended = await service.execute(c.id, { type: 'EndPublicity', data: { batchId: batch.id } }, { actor: SYSTEM, correlationId: 'test-timer' });
        expect(ended.stage).toBe('approval');
      }
      // Once the period is over an objection is PUBLICITY_CLOSED, whatever date it carries.
      const over = await h.act('prov', first.id, 'objections', { objector: { kind: 'person', name: '王某', contact: '13700000000' }, summary: '材料不实', receivedOn: dateIn(clock.now()) });
      expectError(over, 409, 'PUBLICITY_CLOSED');
      expect(over.body.message).toMatch(/ended/);

      // A reply dated in the future, or inside the publicity period, is 422 naming the rule; nothing is appended.
      const before = (await store().readStream(caseStream(first.id))).length;
      const future = await h.act('prov', first.id, 'approval', { replyLetterNo: '函〔2019〕1号', repliedOn: dateIn(new Date(clock.now().getTime() + DAY)) });
      expectError(future, 422, 'RULE_VIOLATION');
      expect(future.body.details).toEqual([expect.objectContaining({ rule: 'approval.repliedOn.notFuture' })]);
      const early = await h.act('prov', first.id, 'approval', { replyLetterNo: '函〔2019〕1号', repliedOn: dateIn(new Date(T0.getTime() + 3 * DAY)) });
      expectError(early, 422, 'RULE_VIOLATION');
      expect(early.body.details).toEqual([expect.objectContaining({ rule: 'approval.repliedOn.afterPublicity' })]);
      expect((await store().readStream(caseStream(first.id))).length).toBe(before);

      const repliedOn = dateIn(clock.now());
      await h.expectStage(h.act('prov', first.id, 'approval', { replyLetterNo: '函〔2019〕1号', repliedOn }), 'progressEvaluation');
      const res = await h.act('prov', second.id, 'approval', { replyLetterNo: '函〔2019〕2号', repliedOn });
      expectError(res, 409, 'QUOTA_REACHED');
    } finally {
      clock.set(T0);
    }
  });

  it('replays an action sent again with the same Idempotency-Key and appends nothing', async () => {
    const c = await draft('lw');
    const headers = { 'Idempotency-Key': `save-${c.id}` };
    const first = await h.call('app-lw', 'put', `/cases/${c.id}/application`, completeApplication('荔湾'), headers).expect(200);
    const length = (await store().readStream(caseStream(c.id))).length;
    const again = await h.call('app-lw', 'put', `/cases/${c.id}/application`, completeApplication('荔湾'), headers).expect(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect((await store().readStream(caseStream(c.id))).length).toBe(length);

    const withdrawn = await h.act('app-lw', c.id, 'withdraw', { reason: '撤回' }, { 'Idempotency-Key': `wd-${c.id}` }).expect(200);
    const replay = await h.act('app-lw', c.id, 'withdraw', { reason: '撤回' }, { 'Idempotency-Key': `wd-${c.id}` }).expect(200);
    expect(replay.body).toEqual(withdrawn.body);
    expect((await store().readStream(caseStream(c.id))).length).toBe(length + 1);
  });
});

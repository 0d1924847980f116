/**
 * Recusal on a joint case over HTTP: 天河 (Guangzhou) applies with 南山 (Shenzhen) as its partner, so an expert whose
 * home city is Shenzhen has a conflict of interest although the applicant is in Guangzhou. The expert is refused when
 * chosen (409), left out of a draw where it would otherwise be eligible, and refused on the defense panel.
 */
import { scoreSheet, TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS, TIANHE } from './support/case-http';
import type { CaseHttp, CaseRef } from './support/case-http';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');
const NANSHAN = { cityCode: '440300', districtCode: '440305', unitName: '深圳市南山区人民政府' };
const OUTSIDE = ['exp-1', 'exp-2', 'exp-3', 'exp-4', 'exp-5'];
const SZ_REASON = 'home city 440300 is a city of the case';

describe('recusal on a joint case 天河 + 南山 (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  let c: CaseRef;
  const id = (u: string): string => h.expertIds[u];
  const history = async (type: string): Promise<Record<string, unknown>[]> => {
    const res = await h.call('prov', 'get', `/cases/${c.id}/history`).expect(200);
    return (res.body.items as { type: string; data: Record<string, unknown> }[]).filter((e) => e.type === type).map((e) => e.data);
  };

  beforeAll(async () => {
    const homes = ['440400', '440600', '440700', '440800', '441200'];
    let programId: string;
    ({ t, h, programId } = await bootCaseWorld(clock, {
      users: { ...OFFICERS, 'app-th': applicantIn(TIANHE) },
      experts: { ...Object.fromEntries(OUTSIDE.map((u, i) => [u, homes[i]])), 'exp-sz': '440300' },
    }));

    const res = await h.call('app-th', 'post', '/cases', { programId, applicant: TIANHE, partners: [NANSHAN] }).expect(201);
    c = { id: res.body.id as string, applicant: 'app-th', city: 'city-gz', party: TIANHE, programId };
    await h.saveApplication(c);
    await h.attachScan('app-th', c.id, 'sealedApplication');
    await h.expectStage(h.act('app-th', c.id, 'submit'), 'cityAudit');
    await h.expectStage(h.act('city-gz', c.id, 'city-audit', { decision: 'pass', comment: '同意' }), 'cityAudit');
    await h.expectStage(h.act('city-sz', c.id, 'city-audit', { decision: 'pass', comment: '同意' }), 'recommendation');
    const letter = (city: string) => ({ letterNo: `${city}-推荐函`, issuedOn: '2019-03-01', statement: '材料真实，同意推荐' });
    for (const city of ['city-gz', 'city-sz']) await h.attachScan(city, c.id, 'recommendationLetter');
    await h.expectStage(h.act('city-gz', c.id, 'recommendation', letter('gz')), 'recommendation');
    await h.expectStage(h.act('city-sz', c.id, 'recommendation', letter('sz')), 'expertReview');
  });

  afterAll(async () => {
    await t.close();
  });

  it('refuses the Shenzhen expert chosen for the panel: 409 CONFLICT_OF_INTEREST, naming the partner city', async () => {
    const res = await h.act('prov', c.id, 'panel', { expertIds: [...OUTSIDE.slice(0, 4), 'exp-sz'].map(id) });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'CONFLICT_OF_INTEREST', details: [{ expertId: id('exp-sz'), reasons: [SZ_REASON] }] });
    expect(await history('ExpertPanelFormed')).toEqual([]);
  });

  it('never draws the Shenzhen expert: six look eligible for five seats, the draw takes the five from outside', async () => {
    // Expert ids are random, so which seed would pick exp-sz is not fixed: the recorded exclusion is what is checked.
    const res = await h.act('prov', c.id, 'panel', { draw: 5, seed: 'joint-1' });
    expect(res.status).toBe(200);
    const [formed] = await history('ExpertPanelFormed');
    const outside = OUTSIDE.map(id);
    expect(formed).toEqual({
      expertIds: expect.arrayContaining(outside),
      method: 'drawn',
      draw: { seed: 'joint-1', pool: [...outside].sort(), excluded: [{ expertId: id('exp-sz'), reason: SZ_REASON }] },
    });
  });

  it('leaves a recused seat open rather than fill it with the Shenzhen expert, drawn or chosen', async () => {
    await h.expectStage(h.act('exp-1', c.id, 'recusal', { reason: '与申报单位有合作' }), 'expertReview');
    const drawn = await h.act('prov', c.id, 'panel', { draw: 1, seed: 'joint-2' });
    expect(drawn.status).toBe(422);
    expect(drawn.body).toMatchObject({ error: 'RULE_VIOLATION', details: [expect.objectContaining({ rule: 'panel.poolTooSmall' })] });
    const chosen = await h.act('prov', c.id, 'panel', { expertIds: [id('exp-sz')] });
    expect(chosen.status).toBe(409);
    expect(chosen.body).toMatchObject({ error: 'CONFLICT_OF_INTEREST' });
    expect(await history('ExpertReplaced')).toEqual([]);
  });

  it('refuses the Shenzhen expert on the defense panel', async () => {
    await h.addExpert('exp-6', '441300');
    await h.expectStage(h.act('prov', c.id, 'panel', { expertIds: [id('exp-6')] }), 'expertReview');
    for (const u of [...OUTSIDE.slice(1), 'exp-6']) {
      await h.expectStage(h.act(u, c.id, 'scores', { scores: scoreSheet(0.8), comment: '意见' }), 'expertReview');
    }
    await h.expectStage(h.act('prov', c.id, 'expert-review/conclude', { comment: '评审通过' }), 'defense');
    const res = await h.act('prov', c.id, 'defense', { scheduledAt: '2019-03-20T09:00:00+08:00', venue: '省工信厅', panelExpertIds: [id('exp-2'), id('exp-sz')] });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'CONFLICT_OF_INTEREST', details: [{ expertId: id('exp-sz'), reasons: [SZ_REASON] }] });
    expect(await history('DefenseScheduled')).toEqual([]);
  });
});

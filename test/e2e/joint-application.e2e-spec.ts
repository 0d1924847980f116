/**
 * A joint application (联合申报) across two cities over HTTP: 广州市天河区 (440100/440106) applies with 深圳市南山区
 * (440300/440305) as partner. Both parties and both cities see the case; every involved city audits it and it
 * reaches recommendation only when each has passed; then each city issues its own recommendation letter, taking a
 * slot of its own limit, and the case goes to the province only when both letters are in (DOMAIN.md). Letter numbers
 * are unique per issuing city and program; a letter may not be dated in the future nor before its city's audit pass.
 */
import { dateIn } from '@shenbao/domain';
import { completeApplication, TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS, TIANHE } from './support/case-http';
import type { CaseHttp, Party } from './support/case-http';
import type { TestApp } from './support/test-app';

/** Friday 2019-03-01, 10:00 in Guangzhou. */
const T0 = new Date('2019-03-01T02:00:00Z');
const DAY = 24 * 3600 * 1000;
const NANSHAN = { cityCode: '440300', districtCode: '440305', unitName: '深圳市南山区人民政府' };
const HAIZHU: Party = { level: 'district', cityCode: '440100', districtCode: '440105', unitName: '广州市海珠区人民政府' };

describe('joint application across two cities (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  let programId: string;
  let caseId: string;

  const detail = async (user: string) => (await h.call(user, 'get', `/cases/${caseId}`).expect(200)).body;
  const recommendedIn = async (cityCode: string): Promise<number> => {
    const res = await h.call('prov', 'get', `/programs/${programId}`).expect(200);
    return (res.body.cities as { cityCode: string; recommended: number }[]).find((c) => c.cityCode === cityCode)!.recommended;
  };
  const letter = (letterNo: string, issuedOn: string) => ({ letterNo, issuedOn, statement: '材料真实，同意推荐' });

  beforeAll(async () => {
    ({ t, h, programId } = await bootCaseWorld(clock, {
      users: {
        ...OFFICERS,
        'app-th': applicantIn(TIANHE),
        'app-ns': applicantIn(NANSHAN),
        'app-hz': applicantIn(HAIZHU),
        'app-ft': applicantIn({ cityCode: '440300', districtCode: '440304' }),
      },
    }));
  });

  afterAll(async () => {
    await t.close();
  });

  it('is created by the lead applicant with its partner, and seen by both parties and both cities only', async () => {
    const res = await h.call('app-th', 'post', '/cases', { programId, applicant: TIANHE, partners: [NANSHAN] }).expect(201);
    caseId = res.body.id as string;
    for (const user of ['app-th', 'app-ns', 'city-gz', 'city-sz', 'prov']) {
      expect(await detail(user)).toMatchObject({ applicant: TIANHE, partners: [NANSHAN], cities: ['440100', '440300'] });
    }
    await h.call('app-ft', 'get', `/cases/${caseId}`).expect(404);
    const listed = await h.call('app-ns', 'get', `/cases?programId=${programId}`).expect(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(caseId);

    await h.call('app-th', 'put', `/cases/${caseId}/application`, completeApplication(TIANHE.unitName)).expect(200);
    await h.attachScan('app-th', caseId, 'sealedApplication');
    await h.expectStage(h.act('app-th', caseId, 'submit'), 'cityAudit');
  });

  it('needs the audit of every involved city: after Guangzhou passes it waits for Shenzhen', async () => {
    await h.expectStage(h.act('city-gz', caseId, 'city-audit', { decision: 'pass', comment: '同意' }), 'cityAudit');
    expect((await detail('city-gz')).allowedActions).not.toContain('city-audit');
    expect((await detail('city-sz')).allowedActions).toContain('city-audit');
    const again = await h.act('city-gz', caseId, 'city-audit', { decision: 'pass', comment: '再次' }).expect(409);
    expect(again.body).toMatchObject({ error: 'ILLEGAL_TRANSITION', details: { stage: 'cityAudit' } });
    // Nobody may recommend before every city passed.
    expect((await h.act('city-gz', caseId, 'recommendation', letter('穗工信函〔2019〕1号', dateIn(clock.now()))).expect(409)).body.error).toBe('ILLEGAL_TRANSITION');

    clock.set(new Date(T0.getTime() + DAY));
    await h.expectStage(h.act('city-sz', caseId, 'city-audit', { decision: 'pass', comment: '同意' }), 'recommendation');
    for (const city of ['city-gz', 'city-sz']) await h.attachScan(city, caseId, 'recommendationLetter');
    const audits = (await detail('prov')).audits as { cityCode: string; decision: string; passedOn: string }[];
    expect(audits.map((a) => [a.cityCode, a.decision, a.passedOn])).toEqual([
      ['440100', 'pass', dateIn(T0)],
      ['440300', 'pass', dateIn(clock.now())],
    ]);
  });

  it('takes a letter from each city, each against its own limit, and reaches the province only with both', async () => {
    const [gzBefore, szBefore] = [await recommendedIn('440100'), await recommendedIn('440300')];
    await h.expectStage(h.act('city-gz', caseId, 'recommendation', letter('推荐函〔2019〕1号', dateIn(T0))), 'recommendation');
    expect([await recommendedIn('440100'), await recommendedIn('440300')]).toEqual([gzBefore + 1, szBefore]);
    expect((await detail('city-gz')).allowedActions).not.toContain('recommendation');
    expect((await detail('city-sz')).allowedActions).toContain('recommendation');

    // Shenzhen passed on T0 + 1 day: a letter dated before that, or tomorrow, is refused, naming the rule.
    const early = await h.act('city-sz', caseId, 'recommendation', letter('推荐函〔2019〕1号', dateIn(T0))).expect(422);
    expect(early.body).toMatchObject({ error: 'RULE_VIOLATION', details: [{ rule: 'recommendation.issuedOn.afterAudit', message: expect.any(String) }] });
    const future = await h.act('city-sz', caseId, 'recommendation', letter('推荐函〔2019〕1号', dateIn(new Date(clock.now().getTime() + DAY)))).expect(422);
    expect(future.body.details).toEqual([expect.objectContaining({ rule: 'recommendation.issuedOn.notFuture' })]);

    // The same number as Guangzhou's is Shenzhen's own: numbers are unique per issuing city.
    await h.expectStage(h.act('city-sz', caseId, 'recommendation', letter('推荐函〔2019〕1号', dateIn(clock.now()))), 'expertReview');
    expect([await recommendedIn('440100'), await recommendedIn('440300')]).toEqual([gzBefore + 1, szBefore + 1]);
    const body = await detail('app-ns');
    expect(body.recommendations.map((r: { cityCode: string; letterNo: string }) => [r.cityCode, r.letterNo])).toEqual([
      ['440100', '推荐函〔2019〕1号'],
      ['440300', '推荐函〔2019〕1号'],
    ]);
  });

  it('refuses a number the city already issued in the program, on another case', async () => {
    const other = await h.toRecommendation('app-hz', 'city-gz', HAIZHU, programId);
    const reused = await h.act('city-gz', other.id, 'recommendation', letter('推荐函 〔2019〕1号', dateIn(clock.now()))).expect(422);
    expect(reused.body.details).toEqual([expect.objectContaining({ rule: 'recommendation.letterNo.unique', message: expect.stringContaining('推荐函') })]);
    await h.expectStage(h.act('city-gz', other.id, 'recommendation', letter('推荐函〔2019〕2号', dateIn(clock.now()))), 'expertReview');
  });

  it('lets either party withdraw, freeing the slot of each city', async () => {
    const [gz, sz] = [await recommendedIn('440100'), await recommendedIn('440300')];
    await h.expectStage(h.act('app-ns', caseId, 'withdraw', { reason: '联合申报方调整' }), 'withdrawn');
    expect([await recommendedIn('440100'), await recommendedIn('440300')]).toEqual([gz - 1, sz - 1]);
  });
});

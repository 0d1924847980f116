/**
 * The program's paperwork over HTTP (API.md "Additions"): `paperwork` in POST /programs (optional) and GET
 * /programs/:id (the seeded gd-bdpz-2019: true, true, 5); on the seeded program a submission without the sealed
 * 申报书 scan, and a recommendation without the city's own sealed 推荐函 scan, are 422 RULE_VIOLATION naming the
 * document and change nothing; a program created without paperwork asks for neither. The case list shows each
 * case's paper copies received against the program's, and the dashboard the open cases from the recommendation on
 * that still lack them.
 */
import { GD_BDPZ_2019_PROGRAM } from '@shenbao/domain';
import { TestClock } from './support/case-seeding';
import { CaseHttp } from './support/case-http';
import type { Party } from './support/case-http';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');
const party = (districtCode: string, name: string): Party => ({ level: 'district', cityCode: '440100', districtCode, unitName: `广州市${name}区人民政府` });
const { paperwork: _seeded, ...WITHOUT_PAPERWORK } = GD_BDPZ_2019_PROGRAM;

describe('paperwork (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  let seeded: string;

  const revisionOf = async (caseId: string) => (await h.call('prov', 'get', `/cases/${caseId}`).expect(200)).body.revision as number;

  beforeAll(async () => {
    t = await bootTestApp({}, { clock: clock.now });
    h = new CaseHttp(t);
    await h.signInAdmin();
    await h.addUser('prov', { role: 'province' });
    await h.addUser('city-gz', { role: 'city', cityCode: '440100' });
    await h.addUser('app-th', { role: 'applicant', cityCode: '440100', districtCode: '440106' });
    await h.addUser('app-hz', { role: 'applicant', cityCode: '440100', districtCode: '440105' });
    seeded = await h.programIdOf('gd-bdpz-2019');
  });

  afterAll(async () => {
    await t.close();
  });

  it('shows the program’s paperwork: the seeded round asks for both scans and five copies; omitted asks for nothing', async () => {
    expect((await h.call('app-th', 'get', `/programs/${seeded}`).expect(200)).body.paperwork).toEqual({ sealedApplicationBeforeSubmit: true, recommendationLetterScan: true, paperCopies: 5 });
    const plain = await h.call('admin', 'post', '/programs', { ...WITHOUT_PAPERWORK, key: 'paper-none' }).expect(201);
    expect((await h.call('app-th', 'get', `/programs/${plain.body.id}`).expect(200)).body.paperwork).toEqual({ sealedApplicationBeforeSubmit: false, recommendationLetterScan: false, paperCopies: 0 });
    const custom = await h.call('admin', 'post', '/programs', { ...WITHOUT_PAPERWORK, key: 'paper-custom', paperwork: { sealedApplicationBeforeSubmit: true, recommendationLetterScan: false, paperCopies: 3 } }).expect(201);
    expect((await h.call('app-th', 'get', `/programs/${custom.body.id}`).expect(200)).body.paperwork).toEqual({ sealedApplicationBeforeSubmit: true, recommendationLetterScan: false, paperCopies: 3 });
  });

  it('refuses bad paperwork settings naming the field', async () => {
    const bad = await h.call('admin', 'post', '/programs', { ...WITHOUT_PAPERWORK, key: 'paper-bad', paperwork: { sealedApplicationBeforeSubmit: 'yes', recommendationLetterScan: true, paperCopies: -1 } }).expect(400);
    const fields = (bad.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['paperwork.paperCopies', 'paperwork.sealedApplicationBeforeSubmit']);
    const extra = await h.call('admin', 'post', '/programs', { ...WITHOUT_PAPERWORK, key: 'paper-extra', paperwork: { sealedApplicationBeforeSubmit: true, recommendationLetterScan: true, paperCopies: 5, stamps: 2 } }).expect(400);
    expect(extra.body.details).toEqual([expect.objectContaining({ field: 'paperwork.stamps' })]);
  });

  it('refuses a submission without the sealed application scan (422 naming the document), then takes it with the scan', async () => {
    const c = await h.createCase('app-th', 'city-gz', party('440106', '天河'), seeded);
    await h.saveApplication(c);
    const before = await revisionOf(c.id);
    const res = await h.act('app-th', c.id, 'submit').expect(422);
    expect(res.body).toMatchObject({ error: 'RULE_VIOLATION', details: [{ rule: 'paperwork.sealedApplication', message: expect.stringContaining('申报书') }] });
    expect(res.body.message).toContain('sealedApplication');
    expect(await revisionOf(c.id)).toBe(before);
    await h.attachScan('app-th', c.id, 'sealedApplication');
    await h.expectStage(h.act('app-th', c.id, 'submit'), 'cityAudit');
  });

  it('refuses a recommendation without the city’s sealed letter scan (422 naming the document), then takes it with the scan', async () => {
    const c = await h.submitted('app-hz', 'city-gz', party('440105', '海珠'), seeded);
    await h.expectStage(h.act('city-gz', c.id, 'city-audit', { decision: 'pass', comment: '同意' }), 'recommendation');
    const before = await revisionOf(c.id);
    const res = await h.recommend(c).expect(422);
    expect(res.body).toMatchObject({ error: 'RULE_VIOLATION', details: [{ rule: 'paperwork.recommendationLetter', message: expect.stringContaining('推荐函') }] });
    expect(await revisionOf(c.id)).toBe(before);
    await h.attachScan('city-gz', c.id, 'recommendationLetter');
    await h.expectStage(h.recommend(c), 'expertReview');
  });

  it('asks for no scan in a program created without paperwork', async () => {
    const plain = await h.programIdOf('paper-none');
    const c = await h.createCase('app-th', 'city-gz', party('440106', '天河'), plain);
    await h.saveApplication(c);
    await h.expectStage(h.act('app-th', c.id, 'submit'), 'cityAudit');
    await h.expectStage(h.act('city-gz', c.id, 'city-audit', { decision: 'pass', comment: '同意' }), 'recommendation');
    await h.expectStage(h.recommend(c), 'expertReview');
  });

  it('shows paper copies received against the program’s in the list, and the recommended cases lacking them on the dashboard', async () => {
    const c = await h.toRecommendation('app-th', 'city-gz', party('440106', '天河'), seeded);
    const recommended = await h.expectStage(h.recommend(c), 'expertReview');
    const lacking = async (minPosition: number) =>
      (await h.call('prov', 'get', `/programs/${seeded}/dashboard?minPosition=${minPosition}`).expect(200)).body.paperCopies as { required: number; lacking: number; lackingCaseIds: string[] };
    const listed = async (minPosition: number) =>
      ((await h.call('city-gz', 'get', `/cases?programId=${seeded}&minPosition=${minPosition}`).expect(200)).body.items as { id: string; paperCopies: unknown }[]).find((i) => i.id === c.id)!;
    const before = await lacking(recommended.body.position);
    expect(before).toMatchObject({ required: 5 });
    expect(before.lackingCaseIds).toContain(c.id);
    expect(before.lacking).toBe(before.lackingCaseIds.length);
    expect((await listed(recommended.body.position)).paperCopies).toEqual({ received: 0, required: 5 });

    const three = await h.act('city-gz', c.id, 'paper-copies', { copies: 3, receivedOn: '2019-03-01', receiver: '李四' }).expect(200);
    expect((await listed(three.body.position)).paperCopies).toEqual({ received: 3, required: 5 });
    expect((await lacking(three.body.position)).lackingCaseIds).toContain(c.id);
    const five = await h.act('prov', c.id, 'paper-copies', { copies: 2, receivedOn: '2019-03-01', receiver: '王五' }).expect(200);
    expect((await listed(five.body.position)).paperCopies).toEqual({ received: 5, required: 5 });
    const after = await lacking(five.body.position);
    expect(after.lackingCaseIds).not.toContain(c.id);
    expect(after.lacking).toBe(before.lacking - 1);
    // A program without paperwork owes no copies.
    const plain = await h.programIdOf('paper-none');
    expect((await h.call('prov', 'get', `/programs/${plain}/dashboard?minPosition=${five.body.position}`).expect(200)).body.paperCopies).toEqual({ required: 0, lacking: 0, lackingCaseIds: [] });
  });
});

/**
 * The generated paperwork over HTTP (issue #15): the 申报书 (PDF, DOCX), the 重点任务（项目）表 (XLSX), the 推荐函
 * (PDF, DOCX), the 函复 (PDF) and the 公示 notice (PDF, HTML) read back and checked for the case's own content; the
 * Chinese file names; the same bytes twice; 404 for a document whose source does not exist yet; and scope exactly as
 * `GET /cases/:id` (another city's case, an expert off the panel: 404). Cases are seeded through the deciders
 * (support/stage-seeding.ts) on a program of the gd-bdpz-2019 workflow.
 */
import { dateIn, GD_BDPZ_2019_PROGRAM, PROGRAM_TIME_ZONE } from '@shenbao/domain';
import type { ExpertInfo } from '@shenbao/domain';
import { docxText, pdfText, xlsxSheets } from '../../libs/documents/src/testing/read-back';
import { TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS } from './support/case-http';
import type { CaseHttp } from './support/case-http';
import { StageSeeder } from './support/stage-seeding';
import type { SeededCase, StationCast } from './support/stage-seeding';
import type { TestApp } from './support/test-app';

const UNIT = '广州市天河区人民政府';
const TH = { cityCode: '440100', districtCode: '440106' };
/** Experts `exp-0`, `exp-1`, … of these home cities. */
const expertsFrom = (homes: string[]): Record<string, string> => Object.fromEntries(homes.map((home, i) => [`exp-${i}`, home]));
const squeeze = (s: string): string => s.replace(/\s+/g, '');
const binary = (res: { body: unknown }): Buffer => res.body as Buffer;

describe('Generated documents (e2e)', () => {
  let t: TestApp;
  let h: CaseHttp;
  const programId = 'docs-program';
  let approved: SeededCase;
  let inPublicity: SeededCase;
  let draft: SeededCase;
  let atRecommendation: SeededCase;
  let atAudit: SeededCase;
  let panel: string[];
  let clock: TestClock;

  const get = (user: string, path: string) => h.call(user, 'get', path).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

  beforeAll(async () => {
    clock = new TestClock(new Date('2019-03-01T01:00:00Z'));
    let pool: ExpertInfo[];
    ({ t, h, pool } = await bootCaseWorld(clock, { users: { ...OFFICERS, 'app-th': applicantIn(TH) }, experts: expertsFrom(['440400', '440600', '440700', '440800', '440900', '441200']) }));
    panel = pool.slice(0, 5).map((e) => e.id);
    const me = (user: string) => h.actorOf(user);
    const seeder = new StageSeeder(t.app, clock, programId, pool);
    await seeder.createProgram({
      ...GD_BDPZ_2019_PROGRAM,
      key: 'docs-round',
      regions: GD_BDPZ_2019_PROGRAM.regions.map((r) => ({ ...r, limit: 10 })),
      window: { opensOn: '2019-02-27', closesOn: '2019-12-31' },
    }, { userId: 'system', role: 'admin' });
    const cast: StationCast = { applicant: await me('app-th'), unitName: UNIT, city: await me('city-gz'), province: await me('prov'), panel };
    approved = await seeder.caseAt('progressEvaluation', 'doc-approved', cast);
    inPublicity = await seeder.caseAt('publicityOpen', 'doc-publicity', cast);
    draft = await seeder.caseAt('draft', 'doc-draft', cast);
    atRecommendation = await seeder.caseAt('recommendation', 'doc-to-recommend', cast);
    atAudit = await seeder.caseAt('cityAudit', 'doc-in-audit', cast);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('申报书 PDF: the unit, the headings and a key project as text, a Chinese file name, the same bytes twice', async () => {
    const res = await get('app-th', `/cases/${approved.caseId}/documents/application.pdf`).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="application-${approved.caseId}.pdf"; filename*=UTF-8''${encodeURIComponent(`${UNIT}-申报书.pdf`)}`,
    );
    const text = squeeze(pdfText(binary(res)));
    for (const s of [UNIT, '一、基本情况', '三、广东省大数据综合试验区建设方案', '（三）试验重点。', '政务数据统筹整合', '综合试验重点任务（项目）表', '政务大数据中心']) {
      expect(text).toContain(s);
    }
    const again = await get('app-th', `/cases/${approved.caseId}/documents/application.pdf`).expect(200);
    expect(binary(again).equals(binary(res))).toBe(true);
  });

  it('申报书 DOCX and the 重点任务（项目）表 XLSX read back', async () => {
    const docx = await get('city-gz', `/cases/${approved.caseId}/documents/application.docx`).expect(200);
    expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const text = await docxText(binary(docx));
    for (const s of [UNIT, '二、大数据发展现状、已开展的工作和取得的成效', '四、所辖大数据领域企业、研究机构名录。', '政务大数据中心']) expect(text).toContain(s);
    const xlsx = await get('prov', `/cases/${approved.caseId}/documents/key-projects.xlsx`).expect(200);
    const rows = Object.values(await xlsxSheets(binary(xlsx)))[0]!;
    expect(rows[1]![1]).toBe('任务（项目）名称');
    expect(rows[2]!.slice(0, 3)).toEqual(['1', '政务大数据中心', '政务数据局']);
  });

  it('推荐函 and 函复: the wording of 附件1, the letter numbers, the place by name', async () => {
    const rec = squeeze(pdfText(binary(await get('city-gz', `/cases/${approved.caseId}/documents/recommendation-letter.pdf`).expect(200))));
    expect(rec).toContain('现推荐广州市天河区为广东省大数据综合试验区重点培育对象。本推荐所提交的资料真实无误。');
    expect(rec).toContain(squeeze(`${approved.caseId}-推荐函`));
    expect(rec).toContain('广州市工业和信息化主管部门');
    const recDocx = await docxText(binary(await get('city-gz', `/cases/${approved.caseId}/documents/recommendation-letter.docx`).expect(200)));
    expect(recDocx).toContain('广东省工业和信息化厅：');
    const reply = squeeze(pdfText(binary(await get('app-th', `/cases/${approved.caseId}/documents/approval-letter.pdf`).expect(200))));
    expect(reply).toContain(`${approved.caseId}-批复`);
    expect(reply).toContain('同意广州市天河区建设广东省大数据综合试验区');
    expect(reply).toContain(UNIT);
  });

  it('answers 404 NOT_FOUND naming what is missing when the source does not exist yet', async () => {
    const rec = await h.call('app-th', 'get', `/cases/${draft.caseId}/documents/recommendation-letter.pdf`).expect(404);
    expect(rec.body).toMatchObject({ error: 'NOT_FOUND', message: expect.stringContaining('no recommendation') });
    const reply = await h.call('prov', 'get', `/cases/${inPublicity.caseId}/documents/approval-letter.pdf`).expect(404);
    expect(reply.body.message).toContain('no approval');
    await h.call('city-gz', 'get', `/cases/${approved.caseId}/documents/recommendation-letter.pdf?cityCode=440300`).expect(404);
    const bad = await h.call('city-gz', 'get', `/cases/${approved.caseId}/documents/recommendation-letter.pdf?cityCode=gz`).expect(400);
    expect(bad.body.details).toEqual([{ field: 'cityCode', messages: [expect.stringContaining('6-digit')] }]);
  });

  it('推荐函 before its recommendation: made from the letter number and date the city gives, to seal and upload; judged by the letter rules', async () => {
    const path = `/cases/${atRecommendation.caseId}/documents/recommendation-letter`;
    const today = dateIn(clock.now(), PROGRAM_TIME_ZONE);
    const letterNo = '穗工信函〔2019〕77号';
    const query = (no: string, on: string) => `?letterNo=${encodeURIComponent(no)}&issuedOn=${on}`;
    // Without them, 404 saying how to get it; one without the other, 400 naming the missing one.
    const none = await h.call('city-gz', 'get', `${path}.pdf`).expect(404);
    expect(none.body.message).toContain('?letterNo=…&issuedOn=…');
    const half = await h.call('city-gz', 'get', `${path}.pdf?letterNo=${encodeURIComponent(letterNo)}`).expect(400);
    expect(half.body).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'issuedOn', messages: [expect.stringContaining('required with letterNo')] }] });
    const badDate = await h.call('city-gz', 'get', `${path}.pdf${query(letterNo, '1 March')}`).expect(400);
    expect(badDate.body.details).toEqual([{ field: 'issuedOn', messages: [expect.stringContaining('YYYY-MM-DD')] }]);
    // The recommendation's own letter rules: a date in the future, a number the city used already in this program.
    const future = await h.call('city-gz', 'get', `${path}.pdf${query(letterNo, '2019-12-31')}`).expect(422);
    expect(future.body.details).toEqual([expect.objectContaining({ rule: 'recommendation.issuedOn.notFuture' })]);
    const used = await h.call('city-gz', 'get', `${path}.pdf${query(`${approved.caseId}-推荐函`, today)}`).expect(422);
    expect(used.body.details).toEqual([expect.objectContaining({ rule: 'recommendation.letterNo.unique' })]);

    const pdf = await get('city-gz', `${path}.pdf${query(letterNo, today)}`).expect(200);
    expect(pdf.headers['content-disposition']).toContain(encodeURIComponent('广州市天河区-推荐函.pdf'));
    const text = squeeze(pdfText(binary(pdf)));
    expect(text).toContain('现推荐广州市天河区为广东省大数据综合试验区重点培育对象。本推荐所提交的资料真实无误。');
    expect(text).toContain(squeeze(letterNo));
    expect(text).toContain('广州市工业和信息化主管部门');
    expect(await docxText(binary(await get('city-gz', `${path}.docx${query(letterNo, today)}`).expect(200)))).toContain(letterNo);
    // Only a city that may recommend the case now: not the applicant, the province, or a city past its recommendation.
    await h.call('app-th', 'get', `${path}.pdf${query(letterNo, today)}`).expect(404);
    await h.call('prov', 'get', `${path}.pdf${query(letterNo, today)}`).expect(404);
    await h.call('city-sz', 'get', `${path}.pdf${query(letterNo, today)}`).expect(404);
    // Nor the city itself while the case waits for its audit (it sees the case, it may not recommend it yet).
    await h.call('city-gz', 'get', `/cases/${atAudit.caseId}`).expect(200);
    const early = await h.call('city-gz', 'get', `/cases/${atAudit.caseId}/documents/recommendation-letter.pdf${query(letterNo, today)}`).expect(404);
    expect(early.body.message).toContain('cannot be recommended by city 440100 now');
    // Once recommended, the letter is the recorded one whatever the query says.
    const recorded = squeeze(pdfText(binary(await get('city-gz', `/cases/${approved.caseId}/documents/recommendation-letter.pdf${query(letterNo, today)}`).expect(200))));
    expect(recorded).toContain(squeeze(`${approved.caseId}-推荐函`));
    expect(recorded).not.toContain(squeeze(letterNo));
  });

  it('is scoped like GET /cases/:id: another city and an expert off the panel get 404, a panel expert may read', async () => {
    for (const doc of ['application.pdf', 'application.docx', 'key-projects.xlsx', 'recommendation-letter.pdf', 'approval-letter.pdf']) {
      const res = await h.call('city-sz', 'get', `/cases/${approved.caseId}/documents/${doc}`).expect(404);
      expect(res.body.error).toBe('NOT_FOUND');
    }
    await h.call('city-sz', 'get', `/cases/${approved.caseId}`).expect(404);
    await h.call('exp-5', 'get', `/cases/${approved.caseId}/documents/application.pdf`).expect(404);
    await h.call('exp-0', 'get', `/cases/${approved.caseId}/documents/application.pdf`).expect(200);
  });

  it('公示 notice: PDF and a self-contained HTML page with the zones, the period and how to object; province and admin only', async () => {
    const path = `/programs/${programId}/publicity-batches/${inPublicity.batchId}`;
    const html = await h.call('prov', 'get', `${path}/notice.html`).expect(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.text).toContain(UNIT);
    expect(html.text).toContain('广州市天河区');
    expect(html.text).toContain('公示期：2019年');
    expect(html.text).toContain('匿名或逾期反映的，不予受理');
    expect(html.text).not.toMatch(/<script|src=|href=/);
    const pdf = squeeze(pdfText(binary(await get('admin', `${path}/notice.pdf`).expect(200))));
    expect(pdf).toContain(UNIT);
    expect(pdf).toContain('拟确定名单的公示');
    await h.call('city-gz', 'get', `${path}/notice.pdf`).expect(403);
    await h.call('prov', 'get', `/programs/${programId}/publicity-batches/no-such-batch/notice.html`).expect(404);
  });
});

describe('Program export (e2e)', () => {
  let t: TestApp;
  let h: CaseHttp;
  const programId = 'export-program';

  beforeAll(async () => {
    const clock = new TestClock(new Date('2019-03-01T01:00:00Z'));
    let pool: ExpertInfo[];
    ({ t, h, pool } = await bootCaseWorld(clock, {
      users: { ...OFFICERS, 'app-th': applicantIn(TH), 'app-ns': applicantIn({ cityCode: '440300', districtCode: '440305' }) },
      experts: expertsFrom(['440400', '440600', '440700', '440800', '440900']),
    }));
    const me = (user: string) => h.actorOf(user);
    const seeder = new StageSeeder(t.app, clock, programId, pool);
    await seeder.createProgram({
      ...GD_BDPZ_2019_PROGRAM, key: 'export-round', window: { opensOn: '2019-02-27', closesOn: '2019-12-31' },
    }, { userId: 'system', role: 'admin' });
    const panel = pool.map((e) => e.id);
    const prov = await me('prov');
    await seeder.caseAt('cityEvaluated', 'exp-gz', { applicant: await me('app-th'), unitName: UNIT, city: await me('city-gz'), province: prov, panel });
    await seeder.caseAt('recommendation', 'exp-sz', { applicant: await me('app-ns'), unitName: '深圳市南山区人民政府', city: await me('city-sz'), province: prov, panel });
    // The export reads the case list read model: wait until it holds both cases.
    for (let i = 0; i < 100; i++) {
      const res = await h.call('prov', 'get', `/cases?programId=${programId}`).expect(200);
      if (res.body.items.length === 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('CSV (one table: the monitoring sheet is the XLSX\'s): UTF-8 with a BOM, a header, one row per case with its unit, place, stage, dates, score, investment and reply letter', async () => {
    const res = await h.call('prov', 'get', `/programs/${programId}/export.csv`).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''export-round-${encodeURIComponent('申报汇总')}.csv`);
    const body = Buffer.from(res.text, 'utf8');
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((l) => l.split(','));
    expect(lines[0]!.slice(0, 7)).toEqual(['申报编号', '申报单位', '申报级别', '所在地市', '所在区县', '联合申报单位', '当前阶段']);
    expect(lines).toHaveLength(3);
    const gz = lines.find((l) => l[0] === 'exp-gz')!;
    const col = (name: string) => gz[lines[0]!.indexOf(name)];
    expect([col('申报单位'), col('申报级别'), col('所在地市'), col('所在区县')]).toEqual([UNIT, '区县', '广州市', '天河区']);
    expect(col('批复文号')).toBe('exp-gz-批复');
    expect(col('计划总投资（万元）')).toMatch(/^\d+(\.\d+)?$/);
    expect(Number(col('专家评审得分'))).toBeGreaterThan(0);
    expect(col('公示期')).toMatch(/^2019-\d{2}-\d{2}至2019-\d{2}-\d{2}$/);
  });

  it('XLSX reads back; a city exports its own cases only; an applicant may not export', async () => {
    const res = await h.call('city-sz', 'get', `/programs/${programId}/export.xlsx`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    const rows = (await xlsxSheets(res.body as Buffer))['申报汇总']!;
    expect(rows.map((r) => r[0])).toEqual(['申报编号', 'exp-sz']);
    expect(rows[1]![1]).toBe('深圳市南山区人民政府');
    await h.call('app-th', 'get', `/programs/${programId}/export.csv`).expect(403);
  });

  it('XLSX: a second sheet 跟踪监测 with the zones as GET /programs/:id/monitoring gives them; a city sees its own zones', async () => {
    const sheetsOf = async (user: string) => xlsxSheets((await h.call(user, 'get', `/programs/${programId}/export.xlsx`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200)).body as Buffer);
    const monitoring = (await h.call('prov', 'get', `/programs/${programId}/monitoring`).expect(200)).body;
    expect(monitoring.zones).toEqual([expect.objectContaining({
      caseId: 'exp-gz', reports: [{ period: 'P1', dueOn: '2019-09-01', status: 'due' }], ratings: [{ period: '2019H1', city: 'good' }],
      investment: { planned: 1200.5, toDate: 100, percent: 8.3 }, rectifications: [], riskReasons: [],
    })]);
    const header = ['申报编号', '申报单位', '所在地市', '批复日期', '当前阶段', '按时报送', '迟报', '缺报', '待报送'];
    const trailing = ['最近市级评价', '最近省级评价', '计划投资（万元）', '累计完成投资（万元）', '投资完成率（%）', '未完成整改', '最早整改期限', '风险提示'];
    const sheets = await sheetsOf('prov');
    expect(Object.keys(sheets)).toEqual(['申报汇总', '跟踪监测']);
    expect(sheets['跟踪监测']).toEqual([
      [...header, '第1期报告', ...trailing],
      ['exp-gz', UNIT, '广州市', '2019-03-01', '跟踪评估', '0', '0', '0', '1', '待报送（应报 2019-09-01）', '良好（2019H1）', '', '1200.5', '100', '8.3', '0'],
    ]);
    expect((await sheetsOf('city-gz'))['跟踪监测']!.map((r) => r[0])).toEqual(['申报编号', 'exp-gz']);
    expect((await sheetsOf('city-sz'))['跟踪监测']).toEqual([[...header, ...trailing]]);

    await h.call('prov', 'get', '/programs/no-such-program/export.csv').expect(404);
  });
});

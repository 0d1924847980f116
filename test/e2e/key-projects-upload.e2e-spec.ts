/**
 * `PUT /cases/:id/application/key-projects` over HTTP (issue #15): the 重点任务（项目）表 downloaded, filled in and
 * uploaded again gives the same key projects (and the edits), the rest of the form untouched; a table with a bad
 * cell is 400 naming its row and column and saves nothing; a body that is no XLSX is 415, one over the limit 413;
 * only the applicant owning the draft may upload, only while it is editable; `If-Match` and `Idempotency-Key` work
 * as for every command.
 */
import ExcelJS from 'exceljs';
import { TestClock, completeApplication } from './support/case-seeding';
import { CaseHttp, TIANHE } from './support/case-http';
import type { CaseRef } from './support/case-http';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SHEET = '重点任务（项目）表';

describe('Key projects uploaded as XLSX (e2e)', () => {
  let t: TestApp;
  let h: CaseHttp;
  let programId: string;
  let draft: CaseRef;

  const download = async (user: string, caseId: string): Promise<Buffer> => {
    const res = await h.call(user, 'get', `/cases/${caseId}/documents/key-projects.xlsx`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    return res.body as Buffer;
  };
  const upload = (user: string, caseId: string, body: Buffer | string, headers: Record<string, string> = {}) =>
    h.call(user, 'put', `/cases/${caseId}/application/key-projects`, undefined, { 'Content-Type': XLSX, ...headers }).send(body);
  /** The downloaded table as the applicant fills it in Excel. */
  const fill = async (file: Buffer, edit: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    edit(wb.getWorksheet(SHEET)!);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const caseOf = async (caseId: string) => (await h.call('app-th', 'get', `/cases/${caseId}`).expect(200)).body;

  beforeAll(async () => {
    const clock = new TestClock(new Date('2019-03-01T01:00:00Z'));
    t = await bootTestApp({}, { clock: clock.now });
    h = new CaseHttp(t);
    await h.signInAdmin();
    await h.addUser('city-gz', { role: 'city', cityCode: '440100' });
    await h.addUser('app-th', { role: 'applicant', cityCode: '440100', districtCode: '440106' });
    await h.addUser('app-hz', { role: 'applicant', cityCode: '440100', districtCode: '440105' });
    programId = await h.programIdOf('gd-bdpz-2019');
    draft = await h.createCase('app-th', 'city-gz', TIANHE, programId);
    await h.saveApplication(draft);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('round trip: the downloaded table uploaded as it is gives the same key projects; filled in, the new rows; the rest of the form kept', async () => {
    const before = await caseOf(draft.id);
    const same = await upload('app-th', draft.id, await download('app-th', draft.id)).expect(200);
    expect(same.body).toEqual({ caseId: draft.id, revision: before.revision + 1, position: expect.any(Number), stage: 'draft' });
    expect(same.headers.etag).toBe(`"${before.revision + 1}"`);
    expect((await caseOf(draft.id)).application).toEqual(before.application);

    const filled = await fill(await download('app-th', draft.id), (ws) => {
      ws.getCell('E3').value = ' 1,300 ';
      ws.spliceRows(4, 0, [2, '智慧城市运行中心', '区城管局', '建设城市运行管理平台。', 880, '2019年7月—2021年6月', '接入 30 个部门（预计产值或营业收入 120.5 万元）', '财政投资']);
    });
    await upload('app-th', draft.id, filled).expect(200);
    const after = await caseOf(draft.id);
    expect(after.application.keyProjects).toEqual([
      { seq: 1, name: '政务大数据中心', undertakingUnit: '政务数据局', content: '建设政务大数据中心。', totalInvestment: 1300, periodStart: '2019-05', periodEnd: '2020-12', expectedResults: '汇聚数据 10 亿条' },
      {
        seq: 2, name: '智慧城市运行中心', undertakingUnit: '区城管局', content: '建设城市运行管理平台。', totalInvestment: 880,
        periodStart: '2019-07', periodEnd: '2021-06', expectedResults: '接入 30 个部门', expectedRevenue: 120.5, remarks: '财政投资',
      },
    ]);
    const { keyProjects: _k, ...rest } = after.application;
    const { keyProjects: _b, ...restBefore } = completeApplication(TIANHE.unitName);
    expect(rest).toEqual(restBefore);
    const history = (await h.call('app-th', 'get', `/cases/${draft.id}/history`).expect(200)).body.items;
    expect(history.slice(-2).map((e: { type: string }) => e.type)).toEqual(['ApplicationSaved', 'ApplicationSaved']);
  });

  it('names a bad cell by its row and column, and saves nothing when any row is wrong', async () => {
    const before = await caseOf(draft.id);
    const bad = await fill(await download('app-th', draft.id), (ws) => {
      ws.spliceRows(5, 0, [3, '数据交易平台', '某公司', '建设数据交易平台。', 500, '2019年8月—2020年8月', '交易额 1 亿元'], [], [4, '算力中心', '某公司', '建设算力中心。', '约五百万', '2019年9月—2020年9月', '机架 500 个']);
    });
    const res = await upload('app-th', draft.id, bad).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'VALIDATION_FAILED',
      message: 'The key-projects table was not saved — row 7, 总投资（万元）: not a number: "约五百万" (an amount in 万元, e.g. 1200.5)',
      details: [{ row: 7, column: '总投资（万元）', cell: 'E7', messages: ['not a number: "约五百万" (an amount in 万元, e.g. 1200.5)'] }],
    });
    const after = await caseOf(draft.id);
    expect(after.revision).toBe(before.revision);
    expect(after.application).toEqual(before.application);
  });

  it('answers 415 for a body that is no XLSX, 413 over the limit', async () => {
    const csv = await upload('app-th', draft.id, '序号,任务（项目）名称\n1,政务大数据中心\n').expect(415);
    expect(csv.body).toEqual({ statusCode: 415, error: 'UNSUPPORTED_MEDIA_TYPE', message: 'The file is not an XLSX workbook. Save it as an Excel workbook (.xlsx) and upload that.' });
    const json = await h.call('app-th', 'put', `/cases/${draft.id}/application/key-projects`, { keyProjects: [] }).expect(415);
    expect(json.body.message).toBe('Send the filled-in 重点任务（项目）表 as the request body with Content-Type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.');
    const big = await upload('app-th', draft.id, Buffer.alloc(5 * 1024 * 1024 + 1, 0x50)).expect(413);
    expect(big.body.statusCode).toBe(413);
  });

  it('is the owning applicant\'s, while the draft is editable; If-Match and Idempotency-Key as for every command', async () => {
    const file = await download('app-th', draft.id);
    expect((await upload('app-hz', draft.id, file).expect(404)).body.error).toBe('NOT_FOUND');
    expect((await upload('city-gz', draft.id, file).expect(403)).body.error).toBe('FORBIDDEN');
    // The guard comes before the file: a non-owner learns nothing from the table's problems.
    await upload('app-hz', draft.id, Buffer.from('not a workbook')).expect(404);
    const { revision } = await caseOf(draft.id);
    const stale = await upload('app-th', draft.id, file, { 'If-Match': `"${revision - 1}"` }).expect(409);
    expect(stale.body).toMatchObject({ error: 'REVISION_CONFLICT', details: { currentRevision: revision } });
    const first = await upload('app-th', draft.id, file, { 'If-Match': `"${revision}"`, 'Idempotency-Key': 'kp-upload-1' }).expect(200);
    const again = await upload('app-th', draft.id, file, { 'If-Match': `"${revision}"`, 'Idempotency-Key': 'kp-upload-1' }).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await caseOf(draft.id)).revision).toBe(revision + 1);

    await h.attachScan('app-th', draft.id, 'sealedApplication');
    await h.expectStage(h.act('app-th', draft.id, 'submit'), 'cityAudit');
    const closed = await upload('app-th', draft.id, file).expect(409);
    expect(closed.body).toMatchObject({ error: 'ILLEGAL_TRANSITION', details: { stage: 'cityAudit', allowedActions: ['withdraw'] } });
  });

  it('fills a draft never saved: the blank form with the unit\'s name and the uploaded projects', async () => {
    const fresh = await h.createCase('app-th', 'city-gz', TIANHE, programId);
    await upload('app-th', fresh.id, await download('app-th', draft.id)).expect(200);
    const { application } = await caseOf(fresh.id);
    expect(application.cover).toEqual({ unitName: TIANHE.unitName, address: '', head: { name: '', mobile: '' }, contact: { name: '', mobile: '', email: '' } });
    expect(application.keyProjects.map((p: { name: string }) => p.name)).toEqual(['政务大数据中心', '智慧城市运行中心']);
  });
});

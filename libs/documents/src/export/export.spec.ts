import { Readable } from 'node:stream';
import { GD_BDPZ_2019_PROGRAM } from '@shenbao/domain';
import { completeApplication } from '../../../domain/src/rules/application.fixture';
import { xlsxSheets } from '../testing/read-back';
import { exportRow, type ExportRow } from './export-row';
import { csvField, exportCsv, exportXlsx, EXPORT_SHEET } from './export-writers';
import { MONITORING_SHEET, type MonitoringZone } from './monitoring-sheet';

const regions = GD_BDPZ_2019_PROGRAM.regions;
const applicant = { level: 'district' as const, cityCode: '440700', districtCode: '440781', unitName: '台山市人民政府' };

const streamed = async (s: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
};
async function* rowsOf(rows: ExportRow[]): AsyncGenerator<ExportRow> {
  yield* rows;
}

describe('exportRow', () => {
  it('reads the row off the events: last application, first submission, last review score, publicity, approval', () => {
    const app = completeApplication();
    app.keyProjects.push({ ...app.keyProjects[0]!, seq: 2, totalInvestment: 99.5 });
    const row = exportRow({
      caseId: 'c1', stage: 'progressEvaluation', applicant,
      partners: [{ cityCode: '440600', districtCode: '440605', unitName: '南海区人民政府' }],
      events: [
        { type: 'CaseCreated', data: {}, at: '2019-03-01T17:00:00Z' },
        { type: 'ApplicationSaved', data: { application: completeApplication() }, at: '2019-03-02T01:00:00Z' },
        { type: 'ApplicationSaved', data: { application: app }, at: '2019-03-03T01:00:00Z' },
        { type: 'CaseSubmitted', data: { cities: [] }, at: '2019-03-04T01:00:00Z' },
        { type: 'CaseSubmitted', data: { cities: [] }, at: '2019-03-09T01:00:00Z' },
        { type: 'RecommendationIssued', data: { cityCode: '440700', letterNo: '江工信函〔2019〕1号', issuedOn: '2019-03-10', statement: '' }, at: '2019-03-10T01:00:00Z' },
        { type: 'ExpertReviewConcluded', data: { outcome: 'defer', score: 60, threshold: 70 }, at: '2019-03-11T01:00:00Z' },
        { type: 'ExpertReviewConcluded', data: { outcome: 'pass', score: 82.5, threshold: 70 }, at: '2019-03-12T01:00:00Z' },
        { type: 'PublicityStarted', data: { batchId: 'b', startsAt: '2019-04-01T00:00:00+08:00', endsAt: '2019-04-09T00:00:00+08:00' }, at: '2019-04-01T01:00:00Z' },
        { type: 'ApprovalGranted', data: { replyLetterNo: '粤工信函〔2019〕9号', repliedOn: '2019-04-20', batchNo: 1 }, at: '2019-04-20T01:00:00Z' },
      ],
    }, regions);
    expect(row).toEqual({
      caseId: 'c1', unitName: '广州市天河区人民政府', level: '区县', city: '江门市', district: '台山市',
      partners: '南海区人民政府（佛山市南海区）', stage: '跟踪评估', createdOn: '2019-03-02', submittedOn: '2019-03-04',
      recommendedOn: '2019-03-10', recommendationLetters: '江工信函〔2019〕1号', reviewScore: 82.5,
      publicity: '2019-04-01至2019-04-09', approvedOn: '2019-04-20', replyLetterNo: '粤工信函〔2019〕9号', totalInvestment: 1300,
    });
  });

  it('leaves what has not happened empty', () => {
    const row = exportRow({ caseId: 'c2', stage: 'draft', applicant, partners: [], events: [{ type: 'CaseCreated', data: {}, at: '2019-03-01T01:00:00Z' }] }, regions);
    expect(row).toMatchObject({ unitName: '台山市人民政府', submittedOn: '', reviewScore: null, totalInvestment: null, replyLetterNo: '' });
  });
});

describe('export writers', () => {
  it('quotes CSV fields with commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('说"明"')).toBe('"说""明"""');
    expect(csvField('一\n二')).toBe('"一\n二"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });

  const row = exportRow({ caseId: 'c3', stage: 'cityAudit', applicant, partners: [], events: [{ type: 'CaseCreated', data: {}, at: '2019-03-01T01:00:00Z' }] }, regions);

  it('writes the CSV with a BOM and CRLF lines', async () => {
    const csv = await streamed(exportCsv(rowsOf([row, { ...row, caseId: 'c4' }])));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]!.startsWith('申报编号,申报单位,申报级别')).toBe(true);
    expect(lines.slice(1, 3).map((l) => l.split(',')[0])).toEqual(['c3', 'c4']);
    expect(lines[3]).toBe('');
  });

  it('writes the XLSX as a stream that reads back', async () => {
    const xlsx = await streamed(exportXlsx(rowsOf([row]), new Date('2019-05-01T00:00:00Z')));
    const rows = (await xlsxSheets(xlsx))[EXPORT_SHEET]!;
    expect(rows[0]!.slice(0, 2)).toEqual(['申报编号', '申报单位']);
    expect(rows[1]!.slice(0, 7)).toEqual(['c3', '台山市人民政府', '区县', '江门市', '台山市', '', '市级审核']);
  });
});

describe('the 跟踪监测 sheet', () => {
  const row = exportRow({ caseId: 'c5', stage: 'cityAudit', applicant, partners: [], events: [{ type: 'CaseCreated', data: {}, at: '2019-03-01T01:00:00Z' }] }, regions);
  const zone = (caseId: string, over: Partial<MonitoringZone> = {}): MonitoringZone => ({
    caseId, unitName: '台山市人民政府', cityCode: '440700', approvedOn: '2019-07-01', stage: 'progressEvaluation',
    reports: [], ratings: [], investment: { planned: 1200.5, toDate: 0, percent: 0 }, rectifications: [], riskReasons: [], ...over,
  });

  it('has a row per zone: reports by period, latest ratings, investment, open rectifications, risks; a column per period any zone lists', async () => {
    const zones = [
      zone('z1', {
        reports: [
          { period: 'P1', dueOn: '2020-01-01', filedAt: '2019-12-31T17:00:00Z', status: 'filed' },
          { period: 'P2', dueOn: '2020-07-01', filedAt: '2020-07-05T02:00:00Z', status: 'late' },
          { period: 'P3', dueOn: '2021-01-01', status: 'missing' },
          { period: 'P4', dueOn: '2021-07-01', status: 'due' },
        ],
        ratings: [{ period: 'P1', city: 'good', province: 'excellent' }, { period: 'P2', city: 'fail' }],
        investment: { planned: 1200.5, toDate: 600, percent: 50 },
        rectifications: [{ period: 'P1', dueOn: '2020-03-01', status: 'passed' }, { period: 'P2', dueOn: '2020-09-30', status: 'open' }, { period: 'P2', dueOn: '2020-08-31', status: 'open' }],
        riskReasons: ['reportMissing', 'ratingFail', 'rectificationOverdue'],
      }),
      zone('z2', { stage: 'completed', unitName: '南海区人民政府', cityCode: '440600', reports: [{ period: 'P1', dueOn: '2020-01-01', status: 'due' }] }),
    ];
    const xlsx = await streamed(exportXlsx(rowsOf([row]), new Date('2021-03-01T00:00:00Z'), { zones, regions }));
    const sheets = await xlsxSheets(xlsx);
    expect(Object.keys(sheets)).toEqual([EXPORT_SHEET, MONITORING_SHEET]);
    expect(sheets[MONITORING_SHEET]).toEqual([
      ['申报编号', '申报单位', '所在地市', '批复日期', '当前阶段', '按时报送', '迟报', '缺报', '待报送', '第1期报告', '第2期报告', '第3期报告', '第4期报告',
        '最近市级评价', '最近省级评价', '计划投资（万元）', '累计完成投资（万元）', '投资完成率（%）', '未完成整改', '最早整改期限', '风险提示'],
      ['z1', '台山市人民政府', '江门市', '2019-07-01', '跟踪评估', '1', '1', '1', '1', '按时报送 2020-01-01', '迟报 2020-07-05', '缺报（应报 2021-01-01）', '待报送（应报 2021-07-01）',
        '不合格（第2期）', '优秀（第1期）', '1200.5', '600', '50', '2', '2020-08-31', '有进展报告缺报；评价为不合格；整改已逾期'],
      ['z2', '南海区人民政府', '佛山市', '2019-07-01', '已验收', '0', '0', '0', '1', '待报送（应报 2020-01-01）', '', '', '',
        '', '', '1200.5', '0', '0', '0'], // empty cells at the end of a row are not written
    ]);
  });

  it('is only a header when no zone is approved yet; the CSV stays one table', async () => {
    const sheets = await xlsxSheets(await streamed(exportXlsx(rowsOf([row]), new Date('2019-05-01T00:00:00Z'), { zones: [], regions })));
    expect(sheets[MONITORING_SHEET]).toEqual([[
      '申报编号', '申报单位', '所在地市', '批复日期', '当前阶段', '按时报送', '迟报', '缺报', '待报送',
      '最近市级评价', '最近省级评价', '计划投资（万元）', '累计完成投资（万元）', '投资完成率（%）', '未完成整改', '最早整改期限', '风险提示',
    ]]);
    const csv = (await streamed(exportCsv(rowsOf([row])))).toString('utf8');
    expect(csv).not.toContain('跟踪监测');
    expect(csv.split('\r\n')).toHaveLength(3);
  });
});

import { Readable } from 'node:stream';
import { GD_BDPZ_2019_PROGRAM } from '@shenbao/domain';
import { completeApplication } from '../../../domain/src/rules/application.fixture';
import { xlsxSheets } from '../testing/read-back';
import { exportRow, type ExportRow } from './export-row';
import { csvField, exportCsv, exportXlsx, EXPORT_SHEET } from './export-writers';

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

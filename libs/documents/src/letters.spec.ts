import JSZip from 'jszip';
import { approvalLetter, publicityNotice, recommendationLetter } from './letters.blocks';
import { letterheadFor } from './letterhead';
import { districtSuffix, placeName, chineseDate } from './names';
import { renderDocx } from './render-docx';
import { renderHtml } from './render-html';
import { renderPdf } from './render-pdf';
import { GD_BDPZ_2019_PROGRAM } from '@shenbao/domain';
import { docxText, pdfText } from './testing/read-back';

const letterhead = letterheadFor('gd-bdpz-2019')!;
const squeeze = (s: string): string => s.replace(/\s+/g, '');

describe('place names and dates', () => {
  it('names a county-level division by its GB/T 2260 code: 区 (01–20), 县 (21–80), 市 (81–99)', () => {
    expect(['440106', '441223', '440781'].map(districtSuffix)).toEqual(['区', '县', '市']);
    const r = GD_BDPZ_2019_PROGRAM.regions;
    expect([placeName(r, '440100', '440106'), placeName(r, '441200', '441223'), placeName(r, '440700', '440781'), placeName(r, '441900')])
      .toEqual(['广州市天河区', '肇庆市广宁县', '江门市台山市', '东莞市']);
  });

  it('writes dates as 2019年4月2日 in Asia/Shanghai', () => {
    expect(chineseDate('2019-04-02')).toBe('2019年4月2日');
    expect(chineseDate('2019-04-01T16:30:00Z')).toBe('2019年4月2日');
  });
});

describe('推荐函', () => {
  const spec = recommendationLetter({ letterhead, letterNo: '穗工信函〔2019〕12号', issuedOn: '2019-04-20', place: '广州市天河区', unit: '广州市工业和信息化主管部门' });
  const wording = '现推荐广州市天河区为广东省大数据综合试验区重点培育对象。本推荐所提交的资料真实无误。';

  it('keeps the wording of 附件1 with the addressee, the notice, the unit and the date (PDF)', async () => {
    const text = squeeze(pdfText(await renderPdf(spec)));
    for (const s of ['推荐函', '广东省工业和信息化厅：', '粤工信数字产业函〔2019〕452号', wording, '广州市工业和信息化主管部门（盖章）', '2019年4月20日', '穗工信函〔2019〕12号']) {
      expect(text).toContain(s);
    }
  });

  it('says the same in the DOCX, in GB/T 9704\'s 仿宋', async () => {
    const docx = await renderDocx(spec);
    const text = await docxText(docx);
    expect(text).toContain(wording);
    expect(text).toContain('2019年4月20日');
    const styles = await (await JSZip.loadAsync(docx)).file('word/styles.xml')!.async('string');
    expect(styles).toContain('w:eastAsia="仿宋"');
  });
});

describe('函复 and 公示', () => {
  it('the reply names the letter number, the place, the publicity period and the target date', async () => {
    const text = squeeze(pdfText(await renderPdf(approvalLetter({
      letterhead, replyLetterNo: '粤工信数字产业函〔2019〕800号', repliedOn: '2019-06-20', addressee: '广州市天河区人民政府', place: '广州市天河区',
      publicity: { startsAt: '2019-06-01T00:00:00+08:00', endsAt: '2019-06-10T00:00:00+08:00' }, targetDate: '2020-12-31',
    }))));
    for (const s of ['粤工信数字产业函〔2019〕800号', '广州市天河区人民政府：', '2019年6月1日至2019年6月10日', '同意广州市天河区建设广东省大数据综合试验区', '2020年12月31日前']) {
      expect(text).toContain(s);
    }
  });

  it('the notice page escapes what the cases hold', () => {
    const html = renderHtml(publicityNotice({
      letterhead, programName: '广东省大数据综合试验区（2019年）', startsAt: '2019-06-01T00:00:00+08:00', endsAt: '2019-06-10T00:00:00+08:00',
      zones: [{ unitName: '<script>alert(1)</script>', place: '广州市天河区' }],
    }));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('公示期：2019年6月1日至2019年6月10日。');
  });
});

import i18next from 'i18next';
import { ApiError } from '../api/client';
import { en } from '../i18n/en';
import { zh } from '../i18n/zh';
import { errorLines } from '../features/applicant/api-errors';
import { paperworkRule, uploadRefusal } from './paperwork-errors';

const i18n = i18next.createInstance();
void i18n.init({ resources: { 'zh-CN': { translation: zh }, 'en-US': { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false }, initAsync: false });
const zhT = i18n.getFixedT('zh-CN');
const enT = i18n.getFixedT('en-US');
const answer = (status: number, error: string, details?: unknown) => new ApiError(status, { statusCode: status, error, message: `${error} said in English`, details });

describe('paperwork refusals in the reader\'s language', () => {
  it('names the file and the type its content was found to be, with what to upload instead', () => {
    const e = answer(415, 'UNSUPPORTED_MEDIA_TYPE', [{ field: 'file', messages: ['must be PDF, OFD, JPEG or PNG (recognised from its bytes: application/x-elf)'], detectedType: 'application/x-elf' }]);
    expect(uploadRefusal(e, '申报书.pdf', zhT)).toBe('「申报书.pdf」未上传：文件类型不被接受（按文件内容识别为 application/x-elf）。只收 PDF、OFD、JPG、PNG，请上传扫描件的 PDF 或图片。');
    expect(uploadRefusal(e, 'a.pdf', enT)).toBe('"a.pdf" was not uploaded: this type of file is not accepted (its content is application/x-elf). Only PDF, OFD, JPG and PNG: upload the scan as a PDF or an image.');
    const unknown = answer(415, 'UNSUPPORTED_MEDIA_TYPE', [{ field: 'file', messages: ['…'], detectedType: null }]);
    expect(uploadRefusal(unknown, '说明.txt', zhT)).toBe('「说明.txt」未上传：无法识别文件内容的类型。只收 PDF、OFD、JPG、PNG，请上传扫描件的 PDF 或图片。');
  });

  it('tells a file over 20 MB from a case over its 200 MB, and says what to do', () => {
    const file = answer(413, 'PAYLOAD_TOO_LARGE', [{ field: 'file', messages: ['must be at most 20971520 bytes (20 MB)'], limit: 'file' }]);
    const full = answer(413, 'PAYLOAD_TOO_LARGE', [{ field: 'file', messages: ['…'], limit: 'case' }]);
    expect(uploadRefusal(file, '扫描件.pdf', zhT)).toBe('「扫描件.pdf」未上传：文件超过 20 MB。请压缩扫描件（如降低分辨率）或分成几份后再上传。');
    expect(uploadRefusal(full, '扫描件.pdf', zhT)).toBe('「扫描件.pdf」未上传：本申报的附件合计将超过 200 MB。请压缩扫描件后再上传。');
    expect(uploadRefusal(file, 'scan.pdf', enT)).toMatch(/^"scan\.pdf" was not uploaded: it is over 20 MB\./);
    expect(uploadRefusal(full, 'scan.pdf', enT)).toMatch(/^"scan\.pdf" was not uploaded: the attachments of this application would exceed 200 MB/);
  });

  it('says which sealed scan a refused submit or recommendation needs, without the rule id or the route', () => {
    const submit = answer(422, 'RULE_VIOLATION', [
      { rule: 'paperwork.sealedApplication', message: 'The program asks for the sealed application (申报书, 加盖单位公章) before submitting: attach its scan as a sealedApplication (POST /cases/:id/attachments).' },
    ]);
    expect(errorLines(submit, zhT)).toEqual(['尚未上传加盖单位公章的申报书扫描件：请在本页「附件」中选择「申报书（盖章扫描件）」上传后再提交。']);
    expect(errorLines(submit, enT)).toEqual(['The sealed application has not been uploaded yet: under Attachments on this page, choose "Application (sealed scan)" and upload its scan, then submit.']);
    expect(paperworkRule('paperwork.recommendationLetter', zhT)).toBe('尚未上传本市加盖公章的推荐函扫描件：请在本页「附件」中选择「推荐函（盖章扫描件）」上传后再出具推荐。');
    expect(paperworkRule('paperwork.recommendationLetter', enT)).toMatch(/^The city's sealed recommendation letter has not been uploaded yet/);
    for (const t of [zhT, enT]) {
      for (const rule of ['paperwork.sealedApplication', 'paperwork.recommendationLetter']) expect(paperworkRule(rule, t)).not.toMatch(/paperwork|POST|\/cases|sealedApplication|recommendationLetter/);
    }
    expect(paperworkRule('tasks.minimum', zhT)).toBeUndefined();
    expect(paperworkRule(undefined, zhT)).toBeUndefined();
  });
});

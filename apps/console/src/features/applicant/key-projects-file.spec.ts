import i18next from 'i18next';
import { ApiError } from '../../api/client';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { errorTitle } from './api-errors';
import { problemPlace, tableProblems, translateTableMessage } from './key-projects-file';

const i18n = i18next.createInstance();
void i18n.init({ resources: { 'zh-CN': { translation: zh }, 'en-US': { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false }, initAsync: false });
const zhT = i18n.getFixedT('zh-CN');
const enT = i18n.getFixedT('en-US');

describe("the uploaded table's problems in the reader's language", () => {
  const refused = new ApiError(400, {
    statusCode: 400, error: 'VALIDATION_FAILED', message: 'The key-projects table was not saved — …',
    details: [
      { row: 7, column: '总投资（万元）', cell: 'E7', messages: ['not a number: "约五百万" (an amount in 万元, e.g. 1200.5)'] },
      { row: 8, column: '实施期限', cell: 'F8', messages: ['ends before it starts: "2020年1月—2019年12月"'] },
      { row: 9, column: '任务（项目）内容', cell: 'D9', messages: ['must be at most 200 characters (has 201)'] },
      { row: 2, column: '总投资（万元）', cell: 'E2', messages: ['header must be "总投资（万元）", found "金额"'] },
      { row: null, column: null, messages: ['The sheet "重点任务（项目）表" has the table\'s header row (序号 | …) in its first 10 rows: upload …'] },
      { row: 3, column: '序号', cell: 'A3', messages: ['something new the console does not know'] },
    ],
  });

  it('reads the row/column details of a refused upload, and nothing of other answers', () => {
    expect(tableProblems(refused).map((p) => [p.row, p.column, p.cell])).toEqual([
      [7, '总投资（万元）', 'E7'], [8, '实施期限', 'F8'], [9, '任务（项目）内容', 'D9'], [2, '总投资（万元）', 'E2'], [null, null, undefined], [3, '序号', 'A3'],
    ]);
    const fieldErrors = new ApiError(400, { statusCode: 400, error: 'VALIDATION_FAILED', message: 'x', details: [{ field: 'cover.unitName', messages: ['is required'] }] });
    expect(tableProblems(fieldErrors)).toEqual([]);
    expect(tableProblems(new ApiError(415, { statusCode: 415, error: 'UNSUPPORTED_MEDIA_TYPE', message: 'x' }))).toEqual([]);
    expect(tableProblems(new Error('network'))).toEqual([]);
  });

  it('says where and what in Chinese and English; a message it does not know as the API wrote it', () => {
    const lines = (t: typeof zhT) => tableProblems(refused).map((p) => `${problemPlace(p, t)}: ${p.messages.map((m) => translateTableMessage(m, t)).join('')}`);
    expect(lines(zhT)).toEqual([
      '第 7 行 · 总投资（万元）（E7）: 不是数字：“约五百万”（应填金额，单位万元，如 1200.5）',
      '第 8 行 · 实施期限（F8）: 结束月份早于开始月份：“2020年1月—2019年12月”',
      '第 9 行 · 任务（项目）内容（D9）: 不能超过 200 字（现有 201 字）',
      '第 2 行 · 总投资（万元）（E2）: 表头应为“总投资（万元）”，现为“金额”',
      '整个文件: 找不到本表的表头（序号、任务（项目）名称……）：请上传从本申报下载的“重点任务（项目）表”',
      `第 3 行 · 序号（A3）: ${zhT('appl.messages.other', { message: 'something new the console does not know' })}`,
    ]);
    expect(lines(enT)[0]).toBe('Row 7 · 总投资（万元） (E7): not a number: “约五百万” (an amount in 万元, e.g. 1200.5)');
    expect(lines(enT)[4]).toBe('The whole file: the table’s header row (序号, 任务（项目）名称 …) is missing: upload the 重点任务（项目）表 downloaded from this case');
  });

  it('titles a file that is no workbook, and one too large', () => {
    expect(errorTitle(new ApiError(415, { statusCode: 415, error: 'UNSUPPORTED_MEDIA_TYPE', message: 'x' }), zhT)).toBe('不是 Excel 工作簿（.xlsx）：请在 Excel 或 WPS 中另存为 .xlsx 后上传');
    expect(errorTitle(new ApiError(413, { statusCode: 413, error: 'PAYLOAD_TOO_LARGE', message: 'x' }), enT)).toBe('The file is too large (5 MB at most)');
  });
});

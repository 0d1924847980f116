import i18next from 'i18next';
import { ApiError } from '../../api/client';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { errorLines, errorTitle } from './api-errors';

const i18n = i18next.createInstance();
void i18n.init({ resources: { 'zh-CN': { translation: zh }, 'en-US': { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false }, initAsync: false });
const zhT = i18n.getFixedT('zh-CN');
const enT = i18n.getFixedT('en-US');
const answer = (status: number, error: string, details?: unknown) => new ApiError(status, { statusCode: status, error, message: `${error} said in English`, details });

describe("the API's error answers in the reader's language", () => {
  it('names each refused field with its label and a translated message', () => {
    const e = answer(400, 'VALIDATION_FAILED', [
      { field: 'cover.contact.email', messages: ['must be an e-mail address like name@example.gov.cn'] },
      { field: 'keyProjects[0].expectedResults', messages: ['must be at most 50 characters (has 51)'] },
    ]);
    expect(errorTitle(e, zhT)).toBe('填写有误，请按提示修改');
    expect(errorLines(e, zhT)).toEqual([
      '申报事务联系人 · 邮箱：应为电子邮箱地址，例如 name@example.gov.cn',
      '附件3 综合试验重点任务（项目）表 第 1 行 · 预期成效：不能超过 50 字（现有 51 字）',
    ]);
  });

  it("states a submit refused for the program's rules, rule by rule, and an unknown rule as the API wrote it", () => {
    const e = answer(422, 'RULE_VIOLATION', [
      { rule: 'tasks.minimum', message: 'plan.selectedTasks: select at least 6 of the 9 pilot tasks (selected 5).' },
      { rule: 'application.missing', message: 'cover.address must be filled in.' },
      { rule: 'window.closed', message: 'The window closed on 2019-04-26.' },
    ]);
    expect(errorLines(e, enT, { minTasks: 6 })).toEqual(['(3) Pilot tasks: choose at least 6 pilot tasks', 'Address of the unit: not filled in', 'The window closed on 2019-04-26.']);
    expect(errorLines(e, zhT, { minTasks: 6 })[0]).toBe('（三）试验重点：至少选择 6 项试验任务');
  });

  it('titles every code it knows in words, and any other by its status', () => {
    expect(errorTitle(answer(409, 'REVISION_CONFLICT'), zhT)).toBe('该申报已被他人修改，请重新加载后再办理。');
    expect(errorTitle(answer(409, 'WINDOW_CLOSED'), enT)).toBe('The application window is closed');
    expect(errorTitle(answer(502, 'BAD_GATEWAY'), zhT)).toBe('出错了（502）');
  });
});

import i18next from 'i18next';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { describeField, translateMessage } from './describe';

const i18n = i18next.createInstance();
void i18n.init({ resources: { 'zh-CN': { translation: zh }, 'en-US': { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false }, initAsync: false });
const zhT = i18n.getFixedT('zh-CN');
const enT = i18n.getFixedT('en-US');

describe("the API's field paths and messages in the reader's language", () => {
  it('labels a field as the form shows it', () => {
    expect(describeField('cover.head.mobile', zhT)).toBe('申报负责人 · 手机');
    expect(describeField('application.cover.contact.email', enT)).toBe('Contact person · E-mail');
    expect(describeField('keyProjects[1].content', zhT)).toBe('附件3 综合试验重点任务（项目）表 第 2 行 · 任务（项目）内容');
    expect(describeField('plan.workItems[0].due', enT)).toBe('(5) Work items item 1 · Due month');
    expect(describeField('plan.targets.perTask.T2', zhT, (c) => (c === 'T2' ? '数据资源开放利用' : c))).toBe('（四）试验目标 · 数据资源开放利用');
    expect(describeField('plan.selectedTasks', zhT)).toBe('（三）试验重点');
    expect(describeField('keyProjects', zhT)).toBe('附件3 综合试验重点任务（项目）表');
    expect(describeField('somethingElse', zhT)).toBe('somethingElse');
  });

  it("translates the domain's validation messages, keeping numbers, and shows an unknown one as written", () => {
    expect(translateMessage('must be a mainland mobile number: 1[3-9] followed by 9 digits', zhT)).toBe('应为 11 位手机号码（1 开头，第二位为 3–9）');
    expect(translateMessage('must be at most 200 characters (has 201)', zhT)).toBe('不能超过 200 字（现有 201 字）');
    expect(translateMessage('must not be before periodStart (2020-01)', enT)).toBe('The end month must not be before the start month (2020-01)');
    expect(translateMessage('must be an amount in 万元: a number ≥ 0 with at most 2 decimals', zhT)).toBe('应为不小于 0 的金额（万元），最多两位小数');
    expect(translateMessage('is not an allowed field', zhT)).toBe('不符合要求：is not an allowed field');
  });
});

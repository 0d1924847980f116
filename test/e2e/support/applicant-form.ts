/**
 * Fills the console's 申报书 editor as a person would, by the labels on the page (Chinese), for the applicant's
 * browser journey. Only what the completeness rules need, plus one key project row.
 */
import type { Page } from 'playwright-core';
import { typeDate } from './browser';

export const SIX_TASKS = ['政务数据统筹整合', '数据资源开放利用', '社会治理大数据应用', '公共服务大数据应用', '行业大数据应用', '大数据产业发展'];
export const CONTENT = '建设区级政务大数据中心，汇聚全区政务数据。';

export async function fillApplication(page: Page, headMobile: string): Promise<void> {
  const text = (name: string) => page.getByRole('textbox', { name, exact: true });
  await text('申报单位地址').fill('广州市天河区天河南二路 1 号');
  await text('申报负责人 姓名').fill('张三');
  await text('申报负责人 手机').fill(headMobile);
  await text('申报事务联系人 姓名').fill('李四');
  await text('申报事务联系人 手机').fill('13912345678');
  await text('申报事务联系人 邮箱').fill('bigdata@thnet.gov.cn');
  await text('一、基本情况').fill('天河区位于广州市中心，面积 137 平方公里。');
  await text('二、大数据发展现状、已开展的工作和取得的成效').fill('已建成区级政务数据共享平台。');
  await text('（一）发展现状').fill('各任务现状如下。');
  await text('（二）总体思路').fill('统筹推进，分步实施。');
  for (const name of SIX_TASKS) await page.getByRole('checkbox', { name: new RegExp(name) }).check();
  await text('总体目标（至 2020-12-31）').fill('到 2020 年底建成省级大数据综合试验区。');
  for (const name of SIX_TASKS) await text(name).fill(`${name}：形成示范应用`);
  await page.getByRole('button', { name: '添加具体任务' }).click();
  await text('具体工作 第 1 项').fill('建设数据中台');
  await typeDate(page.getByLabel('时间节点 第 1 项'), '2019-12');
  await text('责任单位 第 1 项').fill('区政务服务数据管理局');
  await text('（六）政策措施').fill('设立大数据发展专项资金。');
  await page.getByRole('button', { name: '添加一行' }).click();
  await text('任务（项目）名称 第 1 行').fill('政务大数据中心');
  await text('承担单位（投资单位） 第 1 行').fill('区政务服务数据管理局');
  await text('任务（项目）内容 第 1 行').fill(CONTENT);
  await page.getByRole('spinbutton', { name: '总投资（万元） 第 1 行' }).fill('1200.5');
  await typeDate(page.getByLabel('开始月份 第 1 行'), '2019-05');
  await typeDate(page.getByLabel('结束月份 第 1 行'), '2020-12');
  await text('预期成效 第 1 行').fill('汇聚数据 10 亿条');
}

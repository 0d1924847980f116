/** A complete, well-formed application for specs (a district of Guangzhou choosing 6 of the 9 tasks). */
import type { Application } from '../case/application.types';

export const PILOT_TASKS = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'].map((code) => ({ code }));

export function completeApplication(): Application {
  const selected = ['T1', 'T2', 'T3', 'T4', 'T5', 'T8'];
  return {
    cover: {
      unitName: '广州市天河区人民政府',
      address: '广州市天河区天河南二路 1 号',
      head: { name: '张三', mobile: '13800138000' },
      contact: { name: '李四', mobile: '13912345678', fax: '020-38880000', email: 'bigdata@thnet.gov.cn' },
    },
    basicSituation: '天河区位于广州市中心……',
    currentStatus: '已建成区级政务数据共享平台。',
    plan: {
      taskStatus: '各任务现状如下。',
      approach: '统筹推进，分步实施。',
      selectedTasks: selected,
      customTasks: [{ title: '数据要素市场', description: '探索数据交易。' }],
      targets: { overall: '到2020年底建成试验区。', perTask: Object.fromEntries(selected.map((c) => [c, `${c} 目标`])) },
      workItems: [{ title: '建设数据中台', due: '2019-12', responsibleUnit: '区政务数据局' }],
      policyMeasures: '设立专项资金。',
    },
    enterprises: [{ name: '某数据科技有限公司', enteredOn: '2016-05', field: '大数据', products: '数据平台', standing: '国家高新技术企业' }],
    keyProjects: [
      {
        seq: 1,
        name: '政务大数据中心',
        undertakingUnit: '区政务数据局',
        content: '建设区级政务大数据中心。',
        totalInvestment: 1200.5,
        periodStart: '2019-05',
        periodEnd: '2020-12',
        expectedResults: '汇聚数据 10 亿条',
        expectedRevenue: 300,
      },
    ],
  };
}

/**
 * The 2019 Guangdong Big Data Comprehensive Pilot Zone round (粤工信数字产业函〔2019〕452号), as DOMAIN.md tabulates
 * it: the 9 PRD cities with their GB/T 2260 codes and recommendation limits, the 9 pilot tasks, the window and quota.
 */
import type { ProgramSettings } from './program.events';

const d = (code: string, name: string) => ({ code, name });

export const GD_BDPZ_2019_PROGRAM: ProgramSettings = {
  key: 'gd-bdpz-2019',
  name: '广东省大数据综合试验区（2019年）',
  workflow: { key: 'gd-bdpz-2019', version: 1 },
  regions: [
    {
      cityCode: '440100', name: '广州', limit: 3,
      districts: [
        d('440103', '荔湾'), d('440104', '越秀'), d('440105', '海珠'), d('440106', '天河'), d('440111', '白云'), d('440112', '黄埔'),
        d('440113', '番禺'), d('440114', '花都'), d('440115', '南沙'), d('440117', '从化'), d('440118', '增城'),
      ],
    },
    {
      cityCode: '440300', name: '深圳', limit: 3,
      districts: [
        d('440303', '罗湖'), d('440304', '福田'), d('440305', '南山'), d('440306', '宝安'), d('440307', '龙岗'), d('440308', '盐田'),
        d('440309', '龙华'), d('440310', '坪山'), d('440311', '光明'),
      ],
    },
    { cityCode: '440400', name: '珠海', limit: 2, districts: [d('440402', '香洲'), d('440403', '斗门'), d('440404', '金湾')] },
    {
      cityCode: '440600', name: '佛山', limit: 2,
      districts: [d('440604', '禅城'), d('440605', '南海'), d('440606', '顺德'), d('440607', '三水'), d('440608', '高明')],
    },
    {
      cityCode: '440700', name: '江门', limit: 2,
      districts: [
        d('440703', '蓬江'), d('440704', '江海'), d('440705', '新会'), d('440781', '台山'), d('440783', '开平'), d('440784', '鹤山'),
        d('440785', '恩平'),
      ],
    },
    {
      cityCode: '441200', name: '肇庆', limit: 2,
      districts: [
        d('441202', '端州'), d('441203', '鼎湖'), d('441204', '高要'), d('441223', '广宁'), d('441224', '怀集'), d('441225', '封开'),
        d('441226', '德庆'), d('441284', '四会'),
      ],
    },
    {
      cityCode: '441300', name: '惠州', limit: 2,
      districts: [d('441302', '惠城'), d('441303', '惠阳'), d('441322', '博罗'), d('441323', '惠东'), d('441324', '龙门')],
    },
    { cityCode: '441900', name: '东莞', limit: 2, districts: [] },
    { cityCode: '442000', name: '中山', limit: 2, districts: [] },
  ],
  tasks: [
    { code: 'T1', name: '政务数据统筹整合' },
    { code: 'T2', name: '数据资源开放利用' },
    { code: 'T3', name: '社会治理大数据应用' },
    { code: 'T4', name: '公共服务大数据应用' },
    { code: 'T5', name: '行业大数据应用' },
    { code: 'T6', name: '制造业大数据应用' },
    { code: 'T7', name: '创业创新大数据应用' },
    { code: 'T8', name: '大数据产业发展' },
    { code: 'T9', name: '大数据标准体系' },
  ],
  minTasks: 6,
  quota: { min: 3, max: 5 },
  window: { opensOn: '2019-02-27', closesOn: '2019-04-26' },
  targetDate: '2020-12-31',
  // 申报书 "需加盖单位公章", the city's sealed 推荐函, "一式五份".
  paperwork: { sealedApplicationBeforeSubmit: true, recommendationLetterScan: true, paperCopies: 5 },
};

/**
 * The workflow of the 2019 Guangdong big-data pilot zone round (粤工信数字产业函〔2019〕452号). The notice fixes the
 * stages; time limits, rubric, panel and monitoring cadence are *interpretation* (see DOMAIN.md), kept here as data
 * so a later version can change them. Its diagram is gd-bdpz-2019.mmd (a test keeps the two in step).
 */
import type { WorkflowDefinition } from '../definition.types';

/** Shared by every case on this version, so nobody may change it in place. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export const GD_BDPZ_2019: WorkflowDefinition = deepFreeze({
  key: 'gd-bdpz-2019',
  version: 1,
  name: '广东省大数据综合试验区 2019',
  stages: {
    // No limit on drafting: the program window (closing 2019-04-26) governs it.
    draft: {},
    cityAudit: { timeLimit: { duration: 'P10D', unit: 'working' }, reminders: ['P3D', 'P1D'] },
    recommendation: { timeLimit: { duration: 'P10D', unit: 'working' }, reminders: ['P3D'] },
    expertReview: { timeLimit: { duration: 'P20D', unit: 'working' }, reminders: ['P5D'] },
    defense: { enabled: true, timeLimit: { duration: 'P15D', unit: 'working' }, reminders: ['P3D'] },
    siteVisit: { enabled: true, timeLimit: { duration: 'P20D', unit: 'working' }, reminders: ['P5D'] },
    approval: { timeLimit: { duration: 'P15D', unit: 'working' }, reminders: ['P3D'] },
    // No limit in cultivation: a deferred case waits for a later round of "approve one when it is ready".
  },
  panel: { size: 5, aggregation: 'trimmedMean' },
  rubric: [
    { id: 'basis', name: '发展基础', max: 20 },
    { id: 'plan', name: '建设方案', max: 20 },
    { id: 'tasks', name: '试验任务', max: 20 },
    { id: 'investment', name: '重点项目投资', max: 15 },
    { id: 'policy', name: '政策措施', max: 10 },
    { id: 'innovation', name: '创新特色', max: 15 },
  ],
  passThreshold: 70,
  publicity: { duration: 'P7D', unit: 'calendar' },
  monitoring: {
    reportEvery: 'P6M',
    ratings: ['excellent', 'good', 'pass', 'fail'],
    reportGrace: 'P15D',
    missedReportsAsFail: 2,
    rectificationRounds: 1,
  },
  recusal: { homeCity: true, employer: true },
  timeZone: 'Asia/Shanghai',
});

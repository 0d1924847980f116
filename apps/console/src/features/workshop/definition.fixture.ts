/**
 * The seeded workflow definition as `GET /workflows/gd-bdpz-2019/versions/1` answers it, for the workshop's specs
 * (console specs may not import server code: test/boundaries.spec.ts). workflow-model.spec.ts checks its stages against
 * the shipped diagram, so a change of the seeded stages shows up there.
 */
import type { WorkflowDefinition } from './api';

export const SEEDED: WorkflowDefinition = {
  key: 'gd-bdpz-2019',
  version: 1,
  name: '广东省大数据综合试验区 2019',
  stages: {
    draft: {},
    cityAudit: { timeLimit: { duration: 'P10D', unit: 'working' }, reminders: ['P3D', 'P1D'] },
    recommendation: { timeLimit: { duration: 'P10D', unit: 'working' }, reminders: ['P3D'] },
    expertReview: { timeLimit: { duration: 'P20D', unit: 'working' }, reminders: ['P5D'] },
    defense: { enabled: true, timeLimit: { duration: 'P15D', unit: 'working' }, reminders: ['P3D'] },
    siteVisit: { enabled: true, timeLimit: { duration: 'P20D', unit: 'working' }, reminders: ['P5D'] },
    approval: { timeLimit: { duration: 'P15D', unit: 'working' }, reminders: ['P3D'] },
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
  monitoring: { reportEvery: 'P6M', ratings: ['excellent', 'good', 'pass', 'fail'], reportGrace: 'P15D', missedReportsAsFail: 2, rectificationRounds: 1 },
  recusal: { homeCity: true, employer: true },
  timeZone: 'Asia/Shanghai',
};

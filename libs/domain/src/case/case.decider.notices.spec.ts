import type { CaseCommand } from './case.commands';
import type { CaseEvent, CaseHolder } from './case.events';
import { currentHolder, supervisorOf } from './case.holder';
import {
  actors,
  allScored,
  created,
  given,
  inApproval,
  inCityAudit,
  inCultivation,
  inDefense,
  inExpertReview,
  inMonitoring,
  inPublicity,
  inRecommendation,
  PANEL,
  panelFormed,
  PROGRAM_ID,
  programCreated,
  scored,
  refusedBody,
} from './case.spec-helpers';
import type { ProgramEvent } from '../program/program.events';

const DUE = '2019-04-10T00:00:00+08:00';
const returned = [...inCityAudit, { type: 'CaseReturnedForRevision', data: { cityCode: '440100', comment: '补充重点项目表' } } as CaseEvent];
const withdrawn = [...inCityAudit, { type: 'CaseWithdrawn', data: { reason: '不再申报', fromStage: 'cityAudit' } } as CaseEvent];
const recused: CaseEvent = { type: 'ExpertRecused', data: { expertId: 'e2', reason: '回避' } };
const reportFiled: CaseEvent = { type: 'ProgressReportFiled', data: { reportId: 'r1', period: '2019H2', narrative: 'n', indicators: [], projects: [] } };
const cityEvaluated: CaseEvent = { type: 'ProgressEvaluated', data: { period: '2019H2', level: 'city', cityCode: '440100', rating: 'good', comment: 'ok' } };
const provinceEvaluated: CaseEvent = { type: 'ProgressEvaluated', data: { period: '2019H2', level: 'province', rating: 'good', comment: 'ok' } };
/** Tianhe (Guangzhou) jointly with Nanshan (Shenzhen), submitted; Guangzhou has passed its audit. */
const jointHalfAudited: (CaseEvent | ProgramEvent)[] = [
  programCreated,
  {
    type: 'CaseCreated',
    data: {
      caseId: 'j1',
      programId: PROGRAM_ID,
      workflow: { key: 'gd-bdpz-2019', version: 1 },
      applicant: { level: 'district', cityCode: '440100', districtCode: '440106', unitName: '广州市天河区人民政府' },
      partners: [{ cityCode: '440300', districtCode: '440305', unitName: '深圳市南山区人民政府' }],
      cities: ['440100', '440300'],
      createdBy: 'u-th',
    },
  },
  { type: 'CaseSubmitted', data: { cities: ['440100', '440300'] } },
  { type: 'CityAuditPassed', data: { cityCode: '440100', comment: '' } },
];

const entryOf = (history: Parameters<typeof given>): number => given(...history).caseState!.machine.context.entry;
const holderAt = (...history: Parameters<typeof given>) => currentHolder(given(...history).caseState!);

describe('currentHolder', () => {
  it('is the applicant in draft, and the cities that still owe their audit or letter', () => {
    expect(holderAt(...created)).toEqual({ role: 'applicant' });
    expect(holderAt(...returned)).toEqual({ role: 'applicant' });
    expect(holderAt(...inCityAudit)).toEqual({ role: 'city', cityCodes: ['440100'] });
    expect(holderAt(...jointHalfAudited)).toEqual({ role: 'city', cityCodes: ['440300'] });
    expect(holderAt(...inRecommendation)).toEqual({ role: 'city', cityCodes: ['440100'] });
  });

  it('is the province forming a panel, the experts who have not scored, then the province again', () => {
    expect(holderAt(...inExpertReview)).toEqual({ role: 'province' });
    expect(holderAt(...panelFormed)).toEqual({ role: 'expert', expertIds: PANEL });
    expect(holderAt(...panelFormed, scored('e1', 0.8), recused)).toEqual({ role: 'expert', expertIds: ['e3', 'e4', 'e5'] });
    // Everyone left has scored; the recused seat is the province's to fill.
    expect(holderAt(...panelFormed, recused, ...['e1', 'e3', 'e4', 'e5'].map((id) => scored(id, 0.8)))).toEqual({ role: 'province' });
    expect(holderAt(...allScored)).toEqual({ role: 'province' });
  });

  it('is the province from defense to approval and in cultivation', () => {
    for (const history of [inDefense, inPublicity, inApproval, inCultivation]) expect(holderAt(...history)).toEqual({ role: 'province' });
  });

  it('alternates in monitoring: the applicant owes a report, the cities then the province owe its evaluation', () => {
    expect(holderAt(...inMonitoring)).toEqual({ role: 'applicant' });
    expect(holderAt(...inMonitoring, reportFiled)).toEqual({ role: 'city', cityCodes: ['440100'] });
    expect(holderAt(...inMonitoring, reportFiled, cityEvaluated)).toEqual({ role: 'province' });
    expect(holderAt(...inMonitoring, reportFiled, cityEvaluated, provinceEvaluated)).toEqual({ role: 'applicant' });
  });

  it('is nobody once the case is closed; supervisors are the city for the applicant and the province otherwise', () => {
    expect(holderAt(...withdrawn)).toBeUndefined();
    expect(['applicant', 'city', 'expert', 'province'].map((r) => supervisorOf(r as 'applicant'))).toEqual(['city', 'province', 'province', 'province']);
  });
});

describe('MarkOverdue', () => {
  const mark = (stage: 'cityAudit' | 'draft' | 'expertReview', entry: number): CaseCommand => ({ type: 'MarkOverdue', data: { stage, entry, dueAt: DUE } });

  it('marks the current stage entry overdue once, naming the holder and the role it escalates to', () => {
    const entry = entryOf(inCityAudit);
    const holder: CaseHolder = { role: 'city', cityCodes: ['440100'] };
    given(...inCityAudit).when(mark('cityAudit', entry), actors.province).then([
      { type: 'StageOverdueMarked', data: { stage: 'cityAudit', entry, dueAt: DUE, holder, escalatedTo: 'province' } },
    ]);
    given(...returned).when(mark('draft', entryOf(returned)), actors.admin).then([
      { type: 'StageOverdueMarked', data: { stage: 'draft', entry: entryOf(returned), dueAt: DUE, holder: { role: 'applicant' }, escalatedTo: 'city' } },
    ]);
    const d = given(...panelFormed).when(mark('expertReview', entryOf(panelFormed)), actors.province).decision();
    expect(d.caseEvents[0]!.data).toMatchObject({ holder: { role: 'expert', expertIds: PANEL }, escalatedTo: 'province' });
  });

  it('decides nothing for a stale or repeated timer; an older mark without holder still folds', () => {
    const entry = entryOf(inCityAudit);
    given(...inCityAudit).when(mark('cityAudit', entry - 1), actors.province).then([]);
    given(...inCityAudit).when(mark('draft', entry), actors.province).then([]);
    const old: CaseEvent = { type: 'StageOverdueMarked', data: { stage: 'cityAudit', entry, dueAt: DUE } };
    expect(given(...inCityAudit, old).caseState!.overdue).toEqual([old.data]);
    given(...inCityAudit, old).when(mark('cityAudit', entry), actors.province).then([]);
  });

  it('is not for people acting on cases, and checks the due time', () => {
    given(...inCityAudit).when(mark('cityAudit', 2), actors.guangzhou).thenError('FORBIDDEN');
    given(...inCityAudit).when({ type: 'MarkOverdue', data: { stage: 'cityAudit', entry: entryOf(inCityAudit), dueAt: 'soon' } }, actors.province).thenError('VALIDATION_FAILED');
  });
});

describe('SendReminder', () => {
  const remind = (stage: 'cityAudit' | 'draft', entry: number, offset = 'P3D'): CaseCommand => ({ type: 'SendReminder', data: { stage, entry, dueAt: DUE, offset } });
  const entry = entryOf(inCityAudit);
  const sent = (offset: string): CaseEvent => ({
    type: 'StageReminderSent',
    data: { stage: 'cityAudit', entry, dueAt: DUE, offset, holder: { role: 'city', cityCodes: ['440100'] } },
  });

  it('reminds whoever holds the current stage entry, once per offset', () => {
    given(...inCityAudit).when(remind('cityAudit', entry), actors.province).then([sent('P3D')]);
    given(...inCityAudit, sent('P3D')).when(remind('cityAudit', entry), actors.province).then([]);
    given(...inCityAudit, sent('P3D')).when(remind('cityAudit', entry, 'P1D'), actors.province).then([sent('P1D')]);
    expect(given(...inCityAudit, sent('P3D'), sent('P1D')).caseState!.reminders.map((r) => r.offset)).toEqual(['P3D', 'P1D']);
  });

  it('still reminds after the overdue mark, but not for a stage entry that is gone', () => {
    const marked: CaseEvent = { type: 'StageOverdueMarked', data: { stage: 'cityAudit', entry, dueAt: DUE } };
    given(...inCityAudit, marked).when(remind('cityAudit', entry), actors.province).then([sent('P3D')]);
    given(...inCityAudit).when(remind('cityAudit', entry - 1), actors.province).then([]);
    given(...inCityAudit).when(remind('draft', entry), actors.province).then([]);
    given(...returned).when(remind('cityAudit', entry), actors.province).then([]);
    given(...withdrawn).when(remind('cityAudit', entry), actors.province).then([]);
  });

  it('is for the system only and checks its input', () => {
    given(...inCityAudit).when(remind('cityAudit', entry), actors.guangzhou).thenError('FORBIDDEN');
    given(...inCityAudit).when(remind('cityAudit', entry, 'three days'), actors.province).thenError('VALIDATION_FAILED');
  });
});

describe('UrgeCase', () => {
  const urge = (comment = '请加快办理'): CaseCommand => ({ type: 'UrgeCase', data: { comment } });

  it('lets the province press whoever holds the case', () => {
    given(...inCityAudit).when(urge(), actors.province).then([
      { type: 'CaseUrged', data: { comment: '请加快办理', by: { role: 'province' }, holder: { role: 'city', cityCodes: ['440100'] } } },
    ]);
    given(...panelFormed).when(urge(), actors.province).then([
      { type: 'CaseUrged', data: { comment: '请加快办理', by: { role: 'province' }, holder: { role: 'expert', expertIds: PANEL } } },
    ]);
    const d = given(...inDefense).when(urge(), actors.province).decision();
    expect(given(...inDefense, ...d.caseEvents).caseState!.urges).toEqual([d.caseEvents[0]!.data]);
  });

  it('lets a city of the case press the applicant or the cities, never the province or the experts', () => {
    given(...returned).when(urge(), actors.guangzhou).then([
      { type: 'CaseUrged', data: { comment: '请加快办理', by: { role: 'city', cityCode: '440100' }, holder: { role: 'applicant' } } },
    ]);
    given(...inMonitoring).when(urge(), actors.guangzhou).decision();
    given(...jointHalfAudited).when(urge(), actors.guangzhou).then([
      { type: 'CaseUrged', data: { comment: '请加快办理', by: { role: 'city', cityCode: '440100' }, holder: { role: 'city', cityCodes: ['440300'] } } },
    ]);
    given(...inExpertReview).when(urge(), actors.guangzhou).thenError('FORBIDDEN');
    given(...panelFormed).when(urge(), actors.guangzhou).thenError('FORBIDDEN');
    given(...inCityAudit).when(urge(), actors.shenzhen).thenError('NOT_FOUND');
  });

  it('is not for applicants, experts or admins', () => {
    given(...returned).when(urge(), actors.tianhe).thenError('FORBIDDEN');
    given(...panelFormed).when(urge(), actors.e1).thenError('FORBIDDEN');
    given(...inCityAudit).when(urge(), actors.admin).thenError('FORBIDDEN');
  });

  it('needs a comment, and a case that owes something: not a first draft, not a closed case', () => {
    expect(refusedBody('urge', { comment: '  ' }).details).toEqual([{ field: 'comment', messages: ['must not be blank'] }]);
    given(...created).when(urge(), actors.province).thenError('ILLEGAL_TRANSITION');
    given(...withdrawn).when(urge(), actors.province).thenError('ILLEGAL_TRANSITION');
  });
});

describe('NoteDueMoved', () => {
  const FROM = '2027-01-05T15:59:59.999Z';
  const TO = '2027-01-04T15:59:59.999Z';
  const NOTICE = '国办发明电〔2026〕7号';
  const note = (stage: 'cityAudit' | 'draft', entry: number, to = TO): CaseCommand => ({
    type: 'NoteDueMoved',
    data: { stage, entry, from: FROM, to, year: 2027, notice: NOTICE },
  });
  const entry = entryOf(inCityAudit);
  const moved: CaseEvent = {
    type: 'StageDueMoved',
    data: { stage: 'cityAudit', entry, from: FROM, to: TO, year: 2027, notice: NOTICE, holder: { role: 'city', cityCodes: ['440100'] } },
  };

  it('tells whoever holds the current stage entry, once per new due time', () => {
    given(...inCityAudit).when(note('cityAudit', entry), actors.province).then([moved]);
    given(...inCityAudit, moved).when(note('cityAudit', entry), actors.province).then([]);
    expect(given(...inCityAudit, moved).caseState!.dueMoves).toEqual([moved.data]);
  });

  it('decides nothing for an entry that is gone, refuses people, and checks the instants', () => {
    given(...inCityAudit).when(note('cityAudit', entry - 1), actors.province).then([]);
    given(...inCityAudit).when(note('draft', entry), actors.province).then([]);
    given(...inCityAudit).when(note('cityAudit', entry), actors.guangzhou).thenError('FORBIDDEN');
    given(...inCityAudit).when(note('cityAudit', entry, 'monday'), actors.province).thenError('VALIDATION_FAILED');
  });
});

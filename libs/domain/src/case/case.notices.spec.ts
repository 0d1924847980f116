import type { CaseHolder } from './case.events';
import { holderKeys, noticesOf, type CaseNotice, type NoticeScope } from './case.notices';

const TH = 'applicant:440100:440106';
const NS = 'applicant:440300:440305';
/** A joint case of 天河 (Guangzhou) with 南山 (Shenzhen), held by the cities that still owe their audit. */
const scope = (holder: CaseHolder | undefined = { role: 'city', cityCodes: ['440300'] }): NoticeScope => ({
  parties: [TH, NS],
  cities: ['440100', '440300'],
  holder,
});
const of = (type: string, data: unknown, s = scope()): [string, string[], string][] =>
  noticesOf({ type, data }, s).map((n: CaseNotice) => [n.kind, n.recipients, n.detail]);
const EXPERT: CaseHolder = { role: 'expert', expertIds: ['x2'] };

describe('noticesOf', () => {
  it('assignment: each expert seated, formed or as a replacement', () => {
    expect(of('ExpertPanelFormed', { expertIds: ['x1', 'x2', 'x1'] })).toEqual([['assignment', ['expert:x1', 'expert:x2'], '']]);
    expect(of('ExpertReplaced', { recusedExpertId: 'x1', expertId: 'x3' })).toEqual([['assignment', ['expert:x3'], '']]);
  });

  it('reminders, urges and moved due times: the holder the event names, whatever the stage', () => {
    const holder = { role: 'expert', expertIds: ['x1'] };
    expect(of('StageReminderSent', { stage: 'expertReview', holder })).toEqual([['reminder', ['expert:x1'], '']]);
    // In progress evaluation a stage reminder is a reminder too: report-due is the report cadence's.
    expect(of('StageReminderSent', { stage: 'progressEvaluation', holder: { role: 'applicant' } })).toEqual([['reminder', [TH, NS], '']]);
    expect(of('CaseUrged', { comment: 'c', holder: { role: 'city', cityCodes: ['440100'] } })).toEqual([['urge', ['city:440100'], '']]);
    expect(of('StageDueMoved', { to: '2027-01-04T15:59:59.999Z', holder })).toEqual([['due-moved', ['expert:x1'], '2027-01-04T15:59:59.999Z']]);
  });

  it('an event without a holder (older logs) is for the holder of the case before it', () => {
    expect(of('StageReminderSent', { stage: 'expertReview' }, scope(EXPERT))).toEqual([['reminder', ['expert:x2'], '']]);
    expect(of('StageOverdueMarked', { stage: 'expertReview' }, scope(EXPERT))).toEqual([['overdue', ['expert:x2', 'province'], '']]);
    // A terminal case holds nobody: an old mark then tells the province only.
    expect(of('StageOverdueMarked', { stage: 'approved' }, { ...scope(), holder: undefined })).toEqual([['overdue', ['province'], '']]);
  });

  it('overdue to the holder, escalation to the supervisor it names unless that is the holder itself', () => {
    const draft = { holder: { role: 'applicant' }, escalatedTo: 'city' };
    expect(of('StageOverdueMarked', draft)).toEqual([
      ['overdue', [TH, NS], ''],
      ['escalation', ['city:440100', 'city:440300'], ''],
    ]);
    expect(of('StageOverdueMarked', { holder: { role: 'city', cityCodes: ['440300'] }, escalatedTo: 'province' })).toEqual([
      ['overdue', ['city:440300'], ''],
      ['escalation', ['province'], ''],
    ]);
    expect(of('StageOverdueMarked', { holder: { role: 'province' }, escalatedTo: 'province' })).toEqual([['overdue', ['province'], '']]);
    // Anything but `city` is the province (SupervisorRole has no other value).
    expect(of('StageOverdueMarked', { holder: { role: 'expert', expertIds: ['x2'] }, escalatedTo: 'applicant' })).toEqual([
      ['overdue', ['expert:x2'], ''],
      ['escalation', ['province'], ''],
    ]);
  });

  it('publicity, approval and returns go to the parties (and the province, the cities)', () => {
    expect(of('CaseReturnedForRevision', { cityCode: '440100', comment: 'c' })).toEqual([['returned-for-revision', [TH, NS], '']]);
    expect(of('PublicityStarted', {})).toEqual([['publicity-started', [TH, NS, 'province'], '']]);
    expect(of('PublicityEnded', {})).toEqual([['publicity-ended', [TH, NS, 'province'], '']]);
    expect(of('ApprovalGranted', {})).toEqual([['approval', [TH, NS, 'city:440100', 'city:440300'], '']]);
  });

  it('the report cadence: due to the parties, missed with an escalation to the cities, the period as detail', () => {
    expect(of('ProgressReportDue', { period: 'P2' })).toEqual([['report-due', [TH, NS], 'P2']]);
    expect(of('ProgressReportMissed', { period: 'P2' })).toEqual([
      ['report-overdue', [TH, NS], 'P2'],
      ['escalation', ['city:440100', 'city:440300'], 'P2'],
    ]);
  });

  it('a failed evaluation: rectification to the parties and the cities concerned; other ratings nothing', () => {
    expect(of('ProgressEvaluated', { period: 'P1', level: 'city', cityCode: '440300', rating: 'fail' })).toEqual([['rectification', [TH, NS, 'city:440300'], 'P1']]);
    expect(of('ProgressEvaluated', { period: 'P1', level: 'province', rating: 'fail' })).toEqual([
      ['rectification', [TH, NS, 'city:440100', 'city:440300'], 'P1'],
    ]);
    expect(of('ProgressEvaluated', { period: 'P1', level: 'province', rating: 'good' })).toEqual([]);
  });

  it('other events, and notices left with no recipient, give nothing', () => {
    expect(of('CityAuditPassed', { cityCode: '440100' })).toEqual([]);
    expect(of('ExpertPanelFormed', { expertIds: [] })).toEqual([]);
  });
});

describe('holderKeys', () => {
  it('names the holder by scope keys; an unknown holder is undefined', () => {
    expect(holderKeys({ role: 'applicant' }, scope())).toEqual([TH, NS]);
    expect(holderKeys({ role: 'city', cityCodes: ['440100'] }, scope())).toEqual(['city:440100']);
    expect(holderKeys({ role: 'expert', expertIds: ['x1'] }, scope())).toEqual(['expert:x1']);
    expect(holderKeys({ role: 'province' }, scope())).toEqual(['province']);
    expect(holderKeys(undefined, scope())).toBeUndefined();
  });
});

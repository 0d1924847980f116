import type { ProgramEvent } from '../program/program.events';
import type { CaseCommand } from './case.commands';
import type { CaseEvent } from './case.events';
import {
  actors,
  AFTER_PUBLICITY,
  awaitingPublicity,
  BATCH,
  CASE_ID,
  DURING_PUBLICITY,
  given,
  inApproval,
  inDefense,
  inMonitoring,
  inPublicity,
  refusedBody,
} from './case.spec-helpers';

const objection = (objectionId: string, patch: Partial<{ name: string; contact: string; kind: 'person' | 'unit'; receivedOn: string }> = {}): CaseCommand => ({
  type: 'RaiseObjection',
  data: {
    objectionId,
    objector: { kind: patch.kind ?? 'person', name: patch.name ?? '赵六', contact: patch.contact ?? '13800000000' },
    summary: '数据不实',
    receivedOn: patch.receivedOn ?? '2019-08-02',
  },
});
const raised = (objectionId: string): CaseEvent => ({
  type: 'ObjectionRaised',
  data: { objectionId, objector: { kind: 'person', name: '赵六', contact: '13800000000' }, summary: '数据不实', receivedOn: '2019-08-02' },
});
const resolve = (objectionId: string, upheld: boolean, returnTo?: 'expertReview' | 'defense' | 'siteVisit' | 'rejected'): CaseCommand => ({
  type: 'ResolveObjection',
  data: { objectionId, upheld, comment: '经核查', ...(returnTo ? { returnTo } : {}) },
});

describe('StartPublicity', () => {
  const batchOpened: ProgramEvent = { type: 'PublicityBatchOpened', data: { ...BATCH, caseIds: [CASE_ID] } };

  it('starts the case’s publicity from a batch that includes it', () => {
    given(...awaitingPublicity, batchOpened).when({ type: 'StartPublicity', data: BATCH }, actors.province).then([{ type: 'PublicityStarted', data: BATCH }]);
  });

  it('refuses a batch without the case, a case not awaiting publicity, and other roles', () => {
    const other: ProgramEvent = { type: 'PublicityBatchOpened', data: { ...BATCH, caseIds: ['c9'] } };
    given(...awaitingPublicity, other).when({ type: 'StartPublicity', data: BATCH }, actors.province).thenError('RULE_VIOLATION');
    given(...inPublicity).when({ type: 'StartPublicity', data: BATCH }, actors.province).thenError('ILLEGAL_TRANSITION');
    given(...awaitingPublicity, batchOpened).when({ type: 'StartPublicity', data: BATCH }, actors.guangzhou).thenError('FORBIDDEN');
  });
});

describe('RaiseObjection', () => {
  it('records a real-named objection received within the period', () => {
    given(...inPublicity).when(objection('o1'), actors.province, { now: DURING_PUBLICITY }).then([raised('o1')]);
  });

  it('refuses anonymous objections', () => {
    const err = given(...inPublicity).when(objection('o1', { name: ' ' }), actors.province, { now: DURING_PUBLICITY }).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([expect.objectContaining({ rule: 'objection.anonymous' })]);
    given(...inPublicity).when(objection('o1', { contact: '' }), actors.province, { now: DURING_PUBLICITY }).thenError('RULE_VIOLATION');
    given(...inPublicity).when(objection('o1', { kind: 'unit', name: '' }), actors.province, { now: DURING_PUBLICITY }).thenError('RULE_VIOLATION');
  });

  it('refuses objections received outside the period (dates in Asia/Shanghai)', () => {
    given(...inPublicity).when(objection('o1', { receivedOn: '2019-07-31' }), actors.province, { now: DURING_PUBLICITY }).thenError('PUBLICITY_CLOSED');
    given(...inPublicity).when(objection('o1', { receivedOn: '2019-08-08' }), actors.province, { now: AFTER_PUBLICITY }).thenError('PUBLICITY_CLOSED');
    given(...inPublicity).when(objection('o1', { receivedOn: '2019-08-07' }), actors.province, { now: AFTER_PUBLICITY }).decision();
    given(...inPublicity).when(objection('o1', { receivedOn: '2019-08-01' }), actors.province, { now: DURING_PUBLICITY }).decision();
  });

  it('answers PUBLICITY_CLOSED before the period started and after it ended (API.md), not ILLEGAL_TRANSITION', () => {
    const before = given(...awaitingPublicity).when(objection('o1'), actors.province, { now: DURING_PUBLICITY }).thenError('PUBLICITY_CLOSED');
    expect(before.message).toMatch(/has not started/);
    const after = given(...inApproval).when(objection('o1'), actors.province, { now: AFTER_PUBLICITY }).thenError('PUBLICITY_CLOSED');
    expect(after.message).toMatch(/ended at 2019-08-08T00:00:00\+08:00/);
    given(...inMonitoring).when(objection('o1'), actors.province, { now: AFTER_PUBLICITY }).thenError('PUBLICITY_CLOSED');
  });

  it('refuses before publicity (a lifecycle error), and from anyone but the province', () => {
    given(...inDefense).when(objection('o1'), actors.province, { now: DURING_PUBLICITY }).thenError('ILLEGAL_TRANSITION');
    given(...inPublicity).when(objection('o1'), actors.guangzhou, { now: DURING_PUBLICITY }).thenError('FORBIDDEN');
    given(...inApproval).when(objection('o1'), actors.guangzhou, { now: AFTER_PUBLICITY }).thenError('FORBIDDEN');
  });

  it('refuses a repeated objection id and a future receipt date', () => {
    given(...inPublicity, raised('o1')).when(objection('o1'), actors.province, { now: DURING_PUBLICITY }).thenError('RULE_VIOLATION');
    given(...inPublicity).when(objection('o1', { receivedOn: '2019-08-05' }), actors.province, { now: DURING_PUBLICITY }).thenError('VALIDATION_FAILED');
  });
});

describe('ResolveObjection', () => {
  it('dismisses an objection; after the end of the period the last dismissal ends publicity', () => {
    given(...inPublicity, raised('o1')).when(resolve('o1', false), actors.province, { now: DURING_PUBLICITY }).then([
      { type: 'ObjectionResolved', data: { objectionId: 'o1', upheld: false, comment: '经核查' } },
    ]);
    given(...inPublicity, raised('o1')).when(resolve('o1', false), actors.province, { now: AFTER_PUBLICITY }).then([
      { type: 'ObjectionResolved', data: { objectionId: 'o1', upheld: false, comment: '经核查' } },
      { type: 'PublicityEnded', data: { batchId: 'b1' } },
    ]);
    const d = given(...inPublicity, raised('o1'), raised('o2')).when(resolve('o1', false), actors.province, { now: AFTER_PUBLICITY }).decision();
    expect(d.caseEvents).toHaveLength(1);
  });

  it('sends an upheld objection’s case back to the named stage, or rejects it (freeing its slot)', () => {
    const back = given(...inPublicity, raised('o1')).when(resolve('o1', true, 'expertReview'), actors.province, { now: DURING_PUBLICITY }).decision();
    expect(back.programEvents).toEqual([]);
    const returned = given(...inPublicity, raised('o1'), ...back.caseEvents).caseState!;
    expect([returned.stage, returned.substate, returned.review.scores]).toEqual(['expertReview', 'forming', {}]);
    given(...inPublicity, raised('o1'), { type: 'RecommendationSlotUsed', data: { caseId: CASE_ID, cityCode: '440100' } })
      .when(resolve('o1', true, 'rejected'), actors.province, { now: DURING_PUBLICITY })
      .then(
        [{ type: 'ObjectionResolved', data: { objectionId: 'o1', upheld: true, comment: '经核查', returnTo: 'rejected' } }],
        [
          { type: 'RecommendationSlotReleased', data: { caseId: CASE_ID, cityCode: '440100', reason: 'objection o1 upheld: 经核查' } },
          { type: 'CaseClosed', data: { caseId: CASE_ID, outcome: 'rejected' } },
        ],
      );
  });

  it('needs a return stage when upheld, and a known open objection', () => {
    given(...inPublicity, raised('o1')).when(resolve('o1', true), actors.province).thenError('VALIDATION_FAILED');
    given(...inPublicity, raised('o1')).when(resolve('o9', false), actors.province).thenError('NOT_FOUND');
    const done: CaseEvent = { type: 'ObjectionResolved', data: { objectionId: 'o1', upheld: false, comment: 'x' } };
    given(...inPublicity, raised('o1'), raised('o2'), done).when(resolve('o1', false), actors.province).thenError('RULE_VIOLATION');
  });
});

describe('EndPublicity', () => {
  const end: CaseCommand = { type: 'EndPublicity', data: { batchId: 'b1' } };

  it('ends the period at its end and moves the case to approval', () => {
    const s = given(...inPublicity);
    s.when(end, actors.province, { now: AFTER_PUBLICITY }).then([{ type: 'PublicityEnded', data: { batchId: 'b1' } }]);
    s.when(end, actors.province, { now: DURING_PUBLICITY }).thenError('RULE_VIOLATION');
  });

  it('cannot end while an objection is open', () => {
    const err = given(...inPublicity, raised('o1')).when(end, actors.province, { now: AFTER_PUBLICITY }).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([expect.objectContaining({ rule: 'objections.open' })]);
  });

  it('ignores a stale timer (another batch, or the case has moved on)', () => {
    given(...inPublicity).when({ type: 'EndPublicity', data: { batchId: 'b0' } }, actors.province, { now: AFTER_PUBLICITY }).then([]);
    given(...inApproval).when(end, actors.province, { now: AFTER_PUBLICITY }).then([]);
  });
});

describe('GrantApproval', () => {
  /** 2019-10-15 10:00 in Shanghai: after the period (ended 2019-08-08) and after every date used below. */
  const LATER = { now: new Date('2019-10-15T02:00:00Z') };
  const grant = (repliedOn: string, replyLetterNo = '粤工信函〔2019〕9号'): CaseCommand => ({ type: 'GrantApproval', data: { replyLetterNo, repliedOn } });
  const recorded = (caseId: string, batchNo: number, repliedOn: string, replyLetterNo?: string): ProgramEvent =>
    ({ type: 'ApprovalRecorded', data: { caseId, batchNo, repliedOn, ...(replyLetterNo !== undefined ? { replyLetterNo } : {}) } });

  it('grants approval in the first batch, keeping the letter number in the program stream', () => {
    given(...inApproval).when(grant('2019-09-01'), actors.province, LATER).then(
      [{ type: 'ApprovalGranted', data: { replyLetterNo: '粤工信函〔2019〕9号', repliedOn: '2019-09-01', batchNo: 1 } }],
      [recorded(CASE_ID, 1, '2019-09-01', '粤工信函〔2019〕9号')],
    );
  });

  it('shares the batch number with approvals of the same date; a new date takes the next number', () => {
    const earlier = [recorded('x1', 1, '2019-09-01'), recorded('x2', 2, '2019-10-01')];
    expect(given(...inApproval, ...earlier).when(grant('2019-10-01'), actors.province, LATER).decision().programEvents).toEqual([recorded(CASE_ID, 2, '2019-10-01', '粤工信函〔2019〕9号')]);
    expect(given(...inApproval, ...earlier).when(grant('2019-10-02'), actors.province, LATER).decision().programEvents).toEqual([recorded(CASE_ID, 3, '2019-10-02', '粤工信函〔2019〕9号')]);
  });

  it('refuses a reply letter number already used in the program (422 naming the rule)', () => {
    const err = given(...inApproval, recorded('x1', 1, '2019-09-01', '粤工信函〔2019〕9号')).when(grant('2019-09-01'), actors.province, LATER).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([expect.objectContaining({ rule: 'approval.replyLetterNo.unique' })]);
    given(...inApproval, recorded('x1', 1, '2019-09-01', '粤工信函〔2019〕8号')).when(grant('2019-09-01'), actors.province, LATER).decision();
  });

  it('refuses a reply date in the future, before the publicity period ended, or before the latest batch', () => {
    const rulesOf = (e: { details?: unknown }) => (e.details as { rule: string }[]).map((b) => b.rule);
    const future = given(...inApproval).when(grant('2019-10-16'), actors.province, LATER).thenError('RULE_VIOLATION');
    expect(rulesOf(future)).toEqual(['approval.repliedOn.notFuture']);
    // The period ran until 2019-08-08 00:00 (+08:00): its last day is the 7th, a reply may carry the 8th.
    const during = given(...inApproval).when(grant('2019-08-07'), actors.province, LATER).thenError('RULE_VIOLATION');
    expect(rulesOf(during)).toEqual(['approval.repliedOn.afterPublicity']);
    given(...inApproval).when(grant('2019-08-08'), actors.province, LATER).decision();
    // 400 days back, before an earlier batch: both rules are named.
    const old = given(...inApproval, recorded('x1', 1, '2019-09-20')).when(grant('2018-09-10'), actors.province, LATER).thenError('RULE_VIOLATION');
    expect(rulesOf(old)).toEqual(['approval.repliedOn.afterPublicity', 'approval.repliedOn.afterLastBatch']);
    const beforeBatch = given(...inApproval, recorded('x1', 1, '2019-09-20')).when(grant('2019-09-19'), actors.province, LATER).thenError('RULE_VIOLATION');
    expect(rulesOf(beforeBatch)).toEqual(['approval.repliedOn.afterLastBatch']);
  });

  it('is refused once the quota maximum is used', () => {
    const five = ['x1', 'x2', 'x3', 'x4', 'x5'].map((id, i) => recorded(id, i + 1, `2019-09-0${i + 1}`));
    given(...inApproval, ...five).when(grant('2019-10-01'), actors.province, LATER).thenError('QUOTA_REACHED');
    given(...inApproval, ...five.slice(0, 4)).when(grant('2019-10-01'), actors.province, LATER).decision();
  });

  it('is for the province, in approval only', () => {
    given(...inApproval).when(grant('2019-09-01'), actors.guangzhou, LATER).thenError('FORBIDDEN');
    given(...inPublicity).when(grant('2019-09-01'), actors.province, LATER).thenError('ILLEGAL_TRANSITION');
    expect(refusedBody('approval', { replyLetterNo: '粤工信函〔2019〕1号', repliedOn: '2019-9-1' }).details).toEqual([{ field: 'repliedOn', messages: ['must be a date YYYY-MM-DD'] }]);
  });
});

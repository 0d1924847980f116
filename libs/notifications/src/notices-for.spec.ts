import { NOTICE_KINDS, type Notice, type NoticeContext, type NoticeKind } from './notice.types';
import { noticeId, noticesFor, type NoticeEvent } from './notices-for';

const AT = '2019-04-02T02:00:00.000Z';
let seq = 0;
const ev = (type: string, data: unknown, id = `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`): NoticeEvent => ({
  id,
  type,
  data,
  metadata: { at: AT },
});

/** A joint case: 天河 (Guangzhou) with a partner in 南山 (Shenzhen). */
const ctx = (over: Partial<NoticeContext> = {}): NoticeContext => ({
  caseId: 'c1',
  unitName: '广州市天河区人民政府',
  parties: [{ cityCode: '440100', districtCode: '440106' }, { cityCode: '440300', districtCode: '440305' }],
  cities: ['440100', '440300'],
  stage: 'cityAudit',
  holder: { role: 'city', cityCodes: ['440100', '440300'] },
  ...over,
});
const TH = 'applicant:440100:440106';
const NS = 'applicant:440300:440305';

const to = (notices: Notice[]): [NoticeKind, string][] => notices.map((n) => [n.kind, n.recipientKey]);

describe('noticesFor', () => {
  it('assignment: each expert of a new panel, and a replacement', () => {
    expect(to(noticesFor(ev('ExpertPanelFormed', { expertIds: ['x1', 'x2'], method: 'chosen' }), ctx({ stage: 'expertReview' })))).toEqual([
      ['assignment', 'expert:x1'],
      ['assignment', 'expert:x2'],
    ]);
    expect(to(noticesFor(ev('ExpertReplaced', { recusedExpertId: 'x1', expertId: 'x3', method: 'drawn' }), ctx()))).toEqual([['assignment', 'expert:x3']]);
  });

  it('returned for revision: every applicant party, with the city and its comment', () => {
    const [th, ns, ...rest] = noticesFor(ev('CaseReturnedForRevision', { cityCode: '440100', comment: '补充重点项目表' }), ctx());
    expect(rest).toEqual([]);
    expect([th!.recipientKey, ns!.recipientKey]).toEqual([TH, NS]);
    expect(th).toMatchObject({ kind: 'returned-for-revision', caseId: 'c1', at: AT });
    expect(th!.subject).toEqual({ zh: '退回修改：广州市天河区人民政府', en: 'Returned for revision: 广州市天河区人民政府' });
    expect(th!.body.zh).toContain('意见：补充重点项目表');
    expect(th!.body.zh).toContain('440100');
    expect(th!.body.en).toContain('Comment: 补充重点项目表');
  });

  describe('reminders', () => {
    it('go to the holder the event names, with the due time in Shanghai time', () => {
      const data = { stage: 'cityAudit', entry: 2, dueAt: '2019-04-26T09:00:00.000Z', offset: 'P2D', holder: { role: 'city', cityCodes: ['440300'] } };
      const [n, ...rest] = noticesFor(ev('StageReminderSent', data), ctx());
      expect(rest).toEqual([]);
      expect(n).toMatchObject({ kind: 'reminder', recipientKey: 'city:440300' });
      expect(n!.subject.zh).toBe('即将到期（市级审核）：广州市天河区人民政府');
      expect(n!.body.zh).toContain('2019-04-26 17:00');
      expect(n!.body.en).toContain('2019-04-26 17:00 (Asia/Shanghai)');
    });

    it('a due time moved by a published holiday arrangement: the holder, with the new due time', () => {
      const data = { stage: 'cityAudit', entry: 2, from: '2027-01-05T15:59:59.999Z', to: '2027-01-04T15:59:59.999Z', year: 2027, notice: 'n', holder: { role: 'city', cityCodes: ['440300'] } };
      const [n, ...rest] = noticesFor(ev('StageDueMoved', data), ctx());
      expect(rest).toEqual([]);
      expect(n).toMatchObject({ kind: 'due-moved', recipientKey: 'city:440300' });
      expect(n!.body.zh).toContain('2027-01-04 23:59');
    });

    it('without a holder (an older event) go to whoever held the case before it', () => {
      const data = { stage: 'cityAudit', entry: 2, dueAt: '2019-04-26T09:00:00.000Z' };
      const c = ctx({ holder: { role: 'city', cityCodes: ['440300'] } });
      expect(to(noticesFor(ev('StageReminderSent', data), c))).toEqual([['reminder', 'city:440300']]);
    });

    it('in progress evaluation are reminders too (report-due is the report cadence\'s own notice, with a period)', () => {
      const data = { stage: 'progressEvaluation', entry: 9, dueAt: '2019-12-31T16:00:00.000Z', offset: 'P7D', holder: { role: 'applicant' } };
      expect(to(noticesFor(ev('StageReminderSent', data), ctx({ stage: 'progressEvaluation' })))).toEqual([
        ['reminder', TH],
        ['reminder', NS],
      ]);
    });
  });

  describe('overdue and escalation', () => {
    const due = { stage: 'expertReview', entry: 4, dueAt: '2019-05-10T09:00:00.000Z' };

    it('an old mark (no holder): the holder before it and the province', () => {
      const c = ctx({ stage: 'expertReview', holder: { role: 'expert', expertIds: ['x2'] } });
      expect(to(noticesFor(ev('StageOverdueMarked', due), c))).toEqual([
        ['overdue', 'expert:x2'],
        ['overdue', 'province'],
      ]);
    });

    it('a holder escalated to its supervisor: overdue to the holder, escalation to the supervisor', () => {
      const data = { ...due, stage: 'draft', holder: { role: 'applicant' }, escalatedTo: 'city' };
      const notices = noticesFor(ev('StageOverdueMarked', data), ctx({ stage: 'draft' }));
      expect(to(notices)).toEqual([
        ['overdue', TH],
        ['overdue', NS],
        ['escalation', 'city:440100'],
        ['escalation', 'city:440300'],
      ]);
      expect(notices[2]!.subject.zh).toBe('超期督办（起草）：广州市天河区人民政府');
    });

    it('the province supervising itself gets the overdue notice only', () => {
      const data = { ...due, stage: 'approval', holder: { role: 'province' }, escalatedTo: 'province' };
      expect(to(noticesFor(ev('StageOverdueMarked', data), ctx({ stage: 'approval' })))).toEqual([['overdue', 'province']]);
    });

    it('experts escalated to the province', () => {
      const data = { ...due, holder: { role: 'expert', expertIds: ['x2'] }, escalatedTo: 'province' };
      expect(to(noticesFor(ev('StageOverdueMarked', data), ctx()))).toEqual([
        ['overdue', 'expert:x2'],
        ['escalation', 'province'],
      ]);
    });

    it('in progress evaluation an overdue mark is overdue too (report-overdue is ProgressReportMissed\'s)', () => {
      const data = { stage: 'progressEvaluation', entry: 9, dueAt: '2020-01-15T16:00:00.000Z', holder: { role: 'applicant' }, escalatedTo: 'city' };
      expect(to(noticesFor(ev('StageOverdueMarked', data), ctx({ stage: 'progressEvaluation' }))).map(([k]) => k)).toEqual([
        'overdue',
        'overdue',
        'escalation',
        'escalation',
      ]);
    });
  });

  it('urge: the holder, about the stage the case is in, with the comment', () => {
    const data = { comment: '请于本周内完成审核', by: { role: 'province' }, holder: { role: 'city', cityCodes: ['440100', '440300'] } };
    const notices = noticesFor(ev('CaseUrged', data), ctx());
    expect(to(notices)).toEqual([
      ['urge', 'city:440100'],
      ['urge', 'city:440300'],
    ]);
    expect(notices[0]!.subject).toEqual({ zh: '催办（市级审核）：广州市天河区人民政府', en: 'Reminder from the office (cityAudit): 广州市天河区人民政府' });
    expect(notices[0]!.body.zh).toContain('请于本周内完成审核');
  });

  it('publicity start and end: the parties and the province', () => {
    const started = noticesFor(ev('PublicityStarted', { batchId: 'b1', startsAt: '2019-06-03T00:00:00+08:00', endsAt: '2019-06-12T00:00:00+08:00' }), ctx());
    expect(to(started)).toEqual([
      ['publicity-started', TH],
      ['publicity-started', NS],
      ['publicity-started', 'province'],
    ]);
    expect(started[0]!.body.zh).toContain('2019-06-03 00:00 至 2019-06-12 00:00');
    expect(to(noticesFor(ev('PublicityEnded', { batchId: 'b1' }), ctx())).map(([k]) => k)).toEqual(Array(3).fill('publicity-ended'));
  });

  it('approval: the parties and the involved cities, with the reply letter', () => {
    const notices = noticesFor(ev('ApprovalGranted', { replyLetterNo: '粤工信函〔2019〕88号', repliedOn: '2019-07-01', batchNo: 1 }), ctx());
    expect(to(notices)).toEqual([
      ['approval', TH],
      ['approval', NS],
      ['approval', 'city:440100'],
      ['approval', 'city:440300'],
    ]);
    expect(notices[0]!.body.zh).toContain('第 1 批');
    expect(notices[0]!.body.en).toContain('reply letter 粤工信函〔2019〕88号 of 2019-07-01');
  });

  it('rectification: only a failed evaluation, to the parties and the cities concerned', () => {
    const fail = { period: '2019-H2', level: 'province', rating: 'fail', comment: '进度滞后', rectificationDueOn: '2020-03-31' };
    const notices = noticesFor(ev('ProgressEvaluated', fail), ctx({ stage: 'progressEvaluation' }));
    expect(to(notices)).toEqual([
      ['rectification', TH],
      ['rectification', NS],
      ['rectification', 'city:440100'],
      ['rectification', 'city:440300'],
    ]);
    expect(notices[0]!.body.zh).toContain('请于 2020-03-31 前完成整改');
    const cityFail = { ...fail, level: 'city', cityCode: '440300', rectificationDueOn: undefined };
    expect(to(noticesFor(ev('ProgressEvaluated', cityFail), ctx())).map(([, r]) => r)).toEqual([TH, NS, 'city:440300']);
    expect(noticesFor(ev('ProgressEvaluated', { ...fail, rating: 'pass' }), ctx())).toEqual([]);
  });

  it.each(['CaseCreated', 'CaseSubmitted', 'CityAuditPassed', 'ScoresSubmitted', 'UserRegistered', 'SomethingNew'])('%s gives no notice', (type) => {
    expect(noticesFor(ev(type, { cityCode: '440100' }), ctx())).toEqual([]);
  });

  it('ids are deterministic per event, kind and recipient, and free of ":"', () => {
    const e = ev('CaseReturnedForRevision', { cityCode: '440100', comment: 'x' }, 'aaaaaaaa-0000-4000-8000-000000000001');
    const first = noticesFor(e, ctx()).map((n) => n.noticeId);
    expect(noticesFor(e, ctx()).map((n) => n.noticeId)).toEqual(first);
    expect(new Set(first).size).toBe(2);
    expect(first[0]).toBe(noticeId(e.id, 'returned-for-revision', TH));
    expect(first[0]).toMatch(/^[0-9a-f]{32}$/);
    const other = noticesFor({ ...e, id: 'aaaaaaaa-0000-4000-8000-000000000002' }, ctx()).map((n) => n.noticeId);
    expect(other.some((id) => first.includes(id))).toBe(false);
  });

  it('every kind has a Chinese and an English subject and body that differ', () => {
    const seen = new Set<NoticeKind>();
    const events = [
      ev('ExpertPanelFormed', { expertIds: ['x1'] }),
      ev('CaseReturnedForRevision', { cityCode: '440100', comment: 'c' }),
      ev('StageReminderSent', { stage: 'cityAudit', dueAt: AT, holder: { role: 'city', cityCodes: ['440100'] } }),
      ev('StageReminderSent', { stage: 'progressEvaluation', dueAt: AT, holder: { role: 'applicant' } }),
      ev('StageOverdueMarked', { stage: 'cityAudit', dueAt: AT, holder: { role: 'city', cityCodes: ['440100'] }, escalatedTo: 'province' }),
      ev('StageOverdueMarked', { stage: 'progressEvaluation', dueAt: AT, holder: { role: 'applicant' } }),
      ev('CaseUrged', { comment: 'c', holder: { role: 'province' } }),
      ev('StageDueMoved', { stage: 'cityAudit', from: AT, to: AT, holder: { role: 'city', cityCodes: ['440100'] } }),
      ev('PublicityStarted', { startsAt: AT, endsAt: AT }),
      ev('PublicityEnded', {}),
      ev('ApprovalGranted', { replyLetterNo: 'n', repliedOn: '2019-07-01', batchNo: 2 }),
      ev('ProgressEvaluated', { level: 'province', rating: 'fail', period: '2019-H2' }),
      ev('ProgressReportDue', { period: 'P1', dueAt: AT }),
      ev('ProgressReportMissed', { period: 'P1', dueAt: AT }),
    ];
    for (const n of events.flatMap((e) => noticesFor(e, ctx()))) {
      seen.add(n.kind);
      for (const text of [n.subject, n.body]) {
        expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(text.en).toMatch(/^[\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff08\uff09]+$/u);
        expect(text.zh).not.toBe(text.en);
      }
    }
    expect([...seen].sort()).toEqual([...NOTICE_KINDS].sort());
  });
});

describe('noticesFor: report cadence', () => {
  const progress = ctx({ stage: 'progressEvaluation' });

  it('a period that fell due: report-due to every applicant party, with the due time in Shanghai time', () => {
    const notices = noticesFor(ev('ProgressReportDue', { period: 'P1', dueAt: '2020-03-01T02:00:00.000Z' }), progress);
    expect(to(notices)).toEqual([
      ['report-due', TH],
      ['report-due', NS],
    ]);
    expect(notices[0]).toMatchObject({ caseId: 'c1', at: AT });
    expect(notices[0]!.body.zh).toContain('2020-03-01 10:00');
    expect(notices[0]!.body.en).toContain('2020-03-01 10:00 (Asia/Shanghai)');
  });

  it('a missed period: report-overdue to the parties and an escalation to each city of the case', () => {
    const data = { period: 'P2', dueAt: '2020-09-01T02:00:00.000Z', missedInRow: 2, escalatedTo: 'city' };
    const notices = noticesFor(ev('ProgressReportMissed', data), progress);
    expect(to(notices)).toEqual([
      ['report-overdue', TH],
      ['report-overdue', NS],
      ['escalation', 'city:440100'],
      ['escalation', 'city:440300'],
    ]);
    expect(notices[0]!.body.zh).toContain('2020-09-01 10:00');
    expect(notices[2]!.subject.zh).toContain('广州市天河区人民政府');
    // Distinct ids per recipient and kind, stable across a replay of the same event.
    expect(new Set(notices.map((n) => n.noticeId)).size).toBe(4);
    const e = ev('ProgressReportMissed', data, 'aaaaaaaa-0000-4000-8000-0000000000f1');
    expect(noticesFor(e, progress).map((n) => n.noticeId)).toEqual(noticesFor(e, progress).map((n) => n.noticeId));
    expect(noticesFor(e, progress)[2]!.noticeId).toBe(noticeId(e.id, 'escalation', 'city:440100'));
  });

  it('a single-city case escalates to that city only', () => {
    const single = ctx({ stage: 'progressEvaluation', parties: [{ cityCode: '440100', districtCode: '440106' }], cities: ['440100'] });
    const data = { period: 'P1', dueAt: '2020-03-01T02:00:00.000Z', missedInRow: 1, escalatedTo: 'city' };
    expect(to(noticesFor(ev('ProgressReportMissed', data), single))).toEqual([
      ['report-overdue', TH],
      ['escalation', 'city:440100'],
    ]);
  });
});

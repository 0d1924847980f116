import { GD_BDPZ_2019, type WorkflowDefinition } from '@shenbao/workflows';
import { planDeadlines, planPublicityEnd } from './deadline-planner';
import { deadlineId } from './deadline.types';

const sh = (local: string): Date => new Date(`${local}+08:00`);
const endOfDay = (date: string): string => sh(`${date}T23:59:59.999`).toISOString();

function withStages(stages: WorkflowDefinition['stages']): WorkflowDefinition {
  return { ...GD_BDPZ_2019, stages: { ...GD_BDPZ_2019.stages, ...stages } };
}

describe('planDeadlines', () => {
  it('plans the due time and both reminders of a cityAudit entry (P10D working, reminders P3D / P1D)', () => {
    // Entered Fri 2019-04-26. Labour Day 2019: May 1–4 off, Sun Apr 28 and Sun May 5 are workdays.
    // Working days: 04-28, 29, 30, 05-05, 06, 07, 08, 09, 10, 13 → due at the end of Mon 2019-05-13.
    const deadlines = planDeadlines(GD_BDPZ_2019, 'c1', 'cityAudit', 2, sh('2019-04-26T10:00:00'));
    const dueAt = endOfDay('2019-05-13');
    expect(deadlines).toEqual([
      {
        id: 'dl-c1-cityAudit-2-reminder-0',
        caseId: 'c1',
        stage: 'cityAudit',
        entry: 2,
        kind: 'reminder-0',
        dueAt: endOfDay('2019-05-08'),
        action: { type: 'SendReminder', data: { stage: 'cityAudit', entry: 2, dueAt, offset: 'P3D' } },
      },
      {
        id: 'dl-c1-cityAudit-2-reminder-1',
        caseId: 'c1',
        stage: 'cityAudit',
        entry: 2,
        kind: 'reminder-1',
        dueAt: endOfDay('2019-05-10'),
        action: { type: 'SendReminder', data: { stage: 'cityAudit', entry: 2, dueAt, offset: 'P1D' } },
      },
      {
        id: 'dl-c1-cityAudit-2-due',
        caseId: 'c1',
        stage: 'cityAudit',
        entry: 2,
        kind: 'due',
        dueAt,
        action: { type: 'MarkOverdue', data: { stage: 'cityAudit', entry: 2, dueAt } },
      },
    ]);
  });

  it('plans nothing for a stage without a time limit, an untimed stage, or a switched-off one', () => {
    const at = sh('2019-04-26T10:00:00');
    expect(planDeadlines(GD_BDPZ_2019, 'c1', 'draft', 1, at)).toEqual([]);
    expect(planDeadlines(GD_BDPZ_2019, 'c1', 'publicity', 7, at)).toEqual([]);
    expect(planDeadlines(GD_BDPZ_2019, 'c1', 'rejected', 3, at)).toEqual([]);
    const noDefense = withStages({ defense: { enabled: false, timeLimit: { duration: 'P5D', unit: 'working' } } });
    expect(planDeadlines(noDefense, 'c1', 'defense', 5, at)).toEqual([]);
  });

  it('drops a reminder that would fall at or before the entry', () => {
    const def = withStages({ cityAudit: { timeLimit: { duration: 'PT10S', unit: 'calendar' }, reminders: ['PT5S', 'PT10S', 'PT1M'] } });
    const at = new Date('2019-04-26T02:00:00.000Z');
    expect(planDeadlines(def, 'c1', 'cityAudit', 2, at).map((d) => [d.kind, d.dueAt])).toEqual([
      ['reminder-0', '2019-04-26T02:00:05.000Z'],
      ['due', '2019-04-26T02:00:10.000Z'],
    ]);
  });

  it('plans the publicity end at endsAt', () => {
    const deadlines = planDeadlines(GD_BDPZ_2019, 'c1', 'publicity', 9, sh('2019-06-03T09:00:00'), {
      publicity: { batchId: 'b1', endsAt: '2019-06-10T15:59:59.999Z' },
    });
    expect(deadlines).toEqual([
      {
        id: 'dl-c1-publicity-9-end',
        caseId: 'c1',
        stage: 'publicity',
        entry: 9,
        kind: 'end',
        dueAt: '2019-06-10T15:59:59.999Z',
        action: { type: 'EndPublicity', data: { batchId: 'b1', entry: 9 } },
      },
    ]);
    expect(planPublicityEnd('c1', 'publicity', 9, { batchId: 'b1', endsAt: new Date('2019-06-12T00:00:00Z') }, 'end-1').id).toBe(
      'dl-c1-publicity-9-end-1',
    );
  });

  describe('a limit that does not reset on return charges earlier entries', () => {
    it('in calendar time', () => {
      const def = withStages({ cityAudit: { timeLimit: { duration: 'P10D', unit: 'calendar' }, resetOnReturn: false } });
      const earlierEntries = [{ enteredAt: new Date('2019-04-01T00:00:00Z'), leftAt: new Date('2019-04-04T00:00:00Z') }];
      const [due] = planDeadlines(def, 'c1', 'cityAudit', 4, new Date('2019-04-10T00:00:00Z'), { earlierEntries });
      expect(due!.dueAt).toBe('2019-04-17T00:00:00.000Z');
      // The default resets: the same history is ignored.
      const fresh = withStages({ cityAudit: { timeLimit: { duration: 'P10D', unit: 'calendar' } } });
      expect(planDeadlines(fresh, 'c1', 'cityAudit', 4, new Date('2019-04-10T00:00:00Z'), { earlierEntries })[0]!.dueAt).toBe(
        '2019-04-20T00:00:00.000Z',
      );
    });

    it('in working days, and overdue at once when the limit is spent', () => {
      const def = withStages({ cityAudit: { timeLimit: { duration: 'P5D', unit: 'working' }, resetOnReturn: false } });
      // Mon 04-01 → Wed 04-03: 2 working days used; re-entered Mon 04-08 with 3 left → Thu 04-11.
      const earlier = [{ enteredAt: sh('2019-04-01T09:00:00'), leftAt: sh('2019-04-03T09:00:00') }];
      expect(planDeadlines(def, 'c1', 'cityAudit', 4, sh('2019-04-08T09:00:00'), { earlierEntries: earlier })[0]!.dueAt).toBe(
        endOfDay('2019-04-11'),
      );
      const spent = [{ enteredAt: sh('2019-04-01T09:00:00'), leftAt: sh('2019-04-12T09:00:00') }];
      expect(planDeadlines(def, 'c1', 'cityAudit', 4, sh('2019-04-15T09:00:00'), { earlierEntries: spent })[0]!.dueAt).toBe(
        sh('2019-04-15T09:00:00').toISOString(),
      );
    });
  });
});

describe('deadlineId', () => {
  it('joins with dashes and refuses a colon', () => {
    expect(deadlineId('c-1', 'cityAudit', 2, 'reminder-0')).toBe('dl-c-1-cityAudit-2-reminder-0');
    expect(() => deadlineId('c:1', 'cityAudit', 2, 'due')).toThrow(/':'/);
  });
});

describe('planDeadlines on a provisional year', () => {
  it('flags a working-day limit counted into 2027 (no official arrangement yet), and not one inside 2026', () => {
    // Entered Mon 2026-12-21: 22 23 24 25 28 29 30 31, 01-01 off (元旦), 01-04 → the 10th working day is 2027-01-05.
    const crossing = planDeadlines(GD_BDPZ_2019, 'c1', 'cityAudit', 1, sh('2026-12-21T10:00:00'));
    expect(crossing.find((d) => d.kind === 'due')).toMatchObject({ dueAt: endOfDay('2027-01-05'), provisional: true });
    expect(crossing.every((d) => d.provisional === true)).toBe(true);
    const inside = planDeadlines(GD_BDPZ_2019, 'c1', 'cityAudit', 1, sh('2026-11-02T10:00:00'));
    expect(inside.some((d) => 'provisional' in d)).toBe(false);
  });
});

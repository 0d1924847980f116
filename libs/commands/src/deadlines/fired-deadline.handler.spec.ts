import { Logger } from '@nestjs/common';
import { DomainError } from '@shenbao/domain';
import type { CaseCommand } from '@shenbao/domain';
import type { Deadline } from '@shenbao/scheduling';
import type { CaseCommandContext, CaseCommandResult, CaseCommandService } from '../cases/case-command.service';
import { MetricsService } from '../observability/metrics.service';
import { FiredDeadlineHandler, SYSTEM_ACTOR } from './fired-deadline.handler';
import type { ProgramWindowSender } from './program-window.sender';

interface Sent {
  caseId: string;
  command: CaseCommand;
  ctx: CaseCommandContext;
}

function setUp(outcome: (command: CaseCommand) => CaseCommandResult | Error = () => ({ caseId: 'c1', revision: 9, position: 42, stage: 'approval' })) {
  const sent: Sent[] = [];
  const cases = {
    execute: async (caseId: string, command: CaseCommand, ctx: CaseCommandContext): Promise<CaseCommandResult> => {
      sent.push({ caseId, command, ctx });
      const result = outcome(command);
      if (result instanceof Error) throw result;
      return result;
    },
  };
  const metrics = new MetricsService();
  const windows: { programId: string; command: string; correlationId: string }[] = [];
  const sender = {
    remindClosing: async (programId: string, _actor: unknown, correlationId: string) => {
      windows.push({ programId, command: 'RemindWindowClosing', correlationId });
      return { appended: 1, position: 1 };
    },
    close: async (programId: string, _actor: unknown, correlationId: string) => {
      windows.push({ programId, command: 'CloseProgramWindow', correlationId });
      return { appended: 1, position: 2 };
    },
  };
  return { sent, metrics, windows, handler: new FiredDeadlineHandler(cases as unknown as CaseCommandService, metrics, sender as unknown as ProgramWindowSender) };
}

const due: Deadline = {
  id: 'dl-c1-cityAudit-1-due',
  caseId: 'c1',
  stage: 'cityAudit',
  entry: 1,
  kind: 'due',
  dueAt: '2019-03-29T15:59:59.999Z',
  action: { type: 'MarkOverdue', data: { stage: 'cityAudit', entry: 1, dueAt: '2019-03-29T15:59:59.999Z' } },
};
const end: Deadline = {
  id: 'dl-c1-publicity-7-end-1',
  caseId: 'c1',
  stage: 'publicity',
  entry: 7,
  kind: 'end-1',
  dueAt: '2019-08-09T02:00:00.000Z',
  action: { type: 'EndPublicity', data: { batchId: 'b1', entry: 7 } },
};
const reminder: Deadline = {
  id: 'dl-c1-cityAudit-1-reminder-0',
  caseId: 'c1',
  stage: 'cityAudit',
  entry: 1,
  kind: 'reminder-0',
  dueAt: '2019-03-26T15:59:59.999Z',
  action: { type: 'SendReminder', data: { stage: 'cityAudit', entry: 1, dueAt: '2019-03-29T15:59:59.999Z', offset: 'P3D' } },
};

describe('FiredDeadlineHandler', () => {
  beforeAll(() => Logger.overrideLogger(false));
  it('turns a due deadline into MarkOverdue for its stage entry, sent as the system with the timer as correlation', async () => {
    const { handler, sent } = setUp();
    await expect(handler.handle(due)).resolves.toBe('sent');
    expect(sent).toEqual([
      {
        caseId: 'c1',
        command: { type: 'MarkOverdue', data: { stage: 'cityAudit', entry: 1, dueAt: '2019-03-29T15:59:59.999Z' } },
        ctx: { actor: SYSTEM_ACTOR, correlationId: 'dl-c1-cityAudit-1-due' },
      },
    ]);
    expect(SYSTEM_ACTOR).toEqual({ userId: 'system', role: 'province' });
  });

  it('turns an end (or end-<n>) deadline into EndPublicity for its batch', async () => {
    const { handler, sent } = setUp();
    await expect(handler.handle(end)).resolves.toBe('sent');
    expect(sent.map((s) => s.command)).toEqual([{ type: 'EndPublicity', data: { batchId: 'b1' } }]);
  });

  it('turns a reminder-<n> deadline into SendReminder for its stage entry and offset', async () => {
    const { handler, sent, metrics } = setUp();
    await expect(handler.handle(reminder)).resolves.toBe('sent');
    expect(sent).toEqual([
      {
        caseId: 'c1',
        command: { type: 'SendReminder', data: { stage: 'cityAudit', entry: 1, dueAt: '2019-03-29T15:59:59.999Z', offset: 'P3D' } },
        ctx: { actor: SYSTEM_ACTOR, correlationId: 'dl-c1-cityAudit-1-reminder-0' },
      },
    ]);
    expect(await metrics.text()).toMatch(/shenbao_deadlines_fired_total\{action="SendReminder",outcome="sent"\} 1/);
  });

  it('throws a failed reminder so it is retried, and refuses one naming an unknown stage', async () => {
    const { handler } = setUp(() => new DomainError('REVISION_CONFLICT', 'case-c1 has changed'));
    await expect(handler.handle(reminder)).rejects.toThrow('case-c1 has changed');
    const bad: Deadline = { ...reminder, action: { type: 'SendReminder', data: { ...reminder.action.data, stage: 'limbo' } as { stage: string; entry: number; dueAt: string; offset: string } } };
    await expect(setUp().handler.handle(bad)).rejects.toThrow('unknown stage limbo');
  });

  it('settles an end refused while objections are open (resolving the last one ends the period)', async () => {
    const { handler, metrics } = setUp(() => DomainError.rules([{ rule: 'objections.open', message: 'open: o1' }]));
    await expect(handler.handle(end)).resolves.toBe('refused');
    expect(await metrics.text()).toMatch(/shenbao_deadlines_fired_total\{action="EndPublicity",outcome="refused"\} 1/);
  });

  it('throws (to be retried) when the period is still running: done would leave it open with no timer', async () => {
    const { handler } = setUp(() => DomainError.rules([{ rule: 'publicity.running', message: 'runs until …' }]));
    await expect(handler.handle(end)).rejects.toThrow('runs until');
  });

  it('throws any other failure so the timer is retried and, in the end, kept as failed', async () => {
    const { handler, metrics } = setUp(() => new DomainError('REVISION_CONFLICT', 'case-c1 has changed'));
    await expect(handler.handle(due)).rejects.toThrow('case-c1 has changed');
    expect(await metrics.text()).toMatch(/shenbao_deadlines_fired_total\{action="MarkOverdue",outcome="error"\} 1/);
  });

  it('refuses a deadline naming a stage that does not exist', async () => {
    const { handler, sent } = setUp();
    const bad: Deadline = { ...due, action: { type: 'MarkOverdue', data: { stage: 'limbo', entry: 1, dueAt: due.dueAt } } };
    await expect(handler.handle(bad)).rejects.toThrow('unknown stage limbo');
    expect(sent).toEqual([]);
  });
  describe('report cadence and program window', () => {
    const reportDue: Deadline = {
      id: 'dl-c1-progressEvaluation-9-report-due-2',
      caseId: 'c1',
      stage: 'progressEvaluation',
      entry: 9,
      kind: 'report-due-2',
      dueAt: '2020-09-01T02:00:00.000Z',
      action: { type: 'MarkReportDue', data: { period: 'P2', entry: 9, dueAt: '2020-09-01T02:00:00.000Z' } },
    };
    const reportMissed: Deadline = {
      ...reportDue,
      id: 'dl-c1-progressEvaluation-9-report-missed-2',
      kind: 'report-missed-2',
      dueAt: '2020-09-16T02:00:00.000Z',
      action: { type: 'MarkReportMissed', data: { period: 'P2', entry: 9, dueAt: '2020-09-01T02:00:00.000Z' } },
    };
    const windowDeadline = (kind: 'window-closing' | 'window-closed'): Deadline => ({
      id: `dl-program-p1-${kind}`,
      caseId: 'program-p1',
      stage: 'window',
      entry: 0,
      kind,
      dueAt: '2019-04-22T16:00:00.000Z',
      action: { type: kind === 'window-closing' ? 'RemindWindowClosing' : 'CloseProgramWindow', data: { programId: 'p1', closesOn: '2019-04-26' } },
    });

    it('turns report-due-<n> into MarkReportDue for the period, with the period due time (no entry)', async () => {
      const { handler, sent, windows } = setUp();
      await expect(handler.handle(reportDue)).resolves.toBe('sent');
      expect(sent).toEqual([
        {
          caseId: 'c1',
          command: { type: 'MarkReportDue', data: { period: 'P2', dueAt: '2020-09-01T02:00:00.000Z' } },
          ctx: { actor: SYSTEM_ACTOR, correlationId: 'dl-c1-progressEvaluation-9-report-due-2' },
        },
      ]);
      expect(windows).toEqual([]);
    });

    it('turns report-missed-<n> into MarkReportMissed carrying the due time, not the grace end', async () => {
      const { handler, sent, metrics } = setUp();
      await expect(handler.handle(reportMissed)).resolves.toBe('sent');
      expect(sent).toEqual([
        {
          caseId: 'c1',
          command: { type: 'MarkReportMissed', data: { period: 'P2', dueAt: '2020-09-01T02:00:00.000Z' } },
          ctx: { actor: SYSTEM_ACTOR, correlationId: 'dl-c1-progressEvaluation-9-report-missed-2' },
        },
      ]);
      expect(await metrics.text()).toMatch(/shenbao_deadlines_fired_total\{action="MarkReportMissed",outcome="sent"\} 1/);
    });

    it('throws a failed report mark so it is retried', async () => {
      const { handler } = setUp(() => new DomainError('REVISION_CONFLICT', 'case-c1 has changed'));
      await expect(handler.handle(reportDue)).rejects.toThrow('case-c1 has changed');
    });

    it('sends window-closing and window-closed to the program window sender, never to a case', async () => {
      const { handler, sent, windows, metrics } = setUp();
      await expect(handler.handle(windowDeadline('window-closing'))).resolves.toBe('sent');
      await expect(handler.handle(windowDeadline('window-closed'))).resolves.toBe('sent');
      expect(windows).toEqual([
        { programId: 'p1', command: 'RemindWindowClosing', correlationId: 'dl-program-p1-window-closing' },
        { programId: 'p1', command: 'CloseProgramWindow', correlationId: 'dl-program-p1-window-closed' },
      ]);
      expect(sent).toEqual([]);
      expect(await metrics.text()).toMatch(/shenbao_deadlines_fired_total\{action="CloseProgramWindow",outcome="sent"\} 1/);
    });

    it('throws (to be retried) when the window sender fails, e.g. the last day is still running', async () => {
      const metrics = new MetricsService();
      const failing = { remindClosing: async () => ({ appended: 0, position: 0 }), close: async () => Promise.reject(DomainError.rules([{ rule: 'window.open', message: 'open until …' }])) };
      const handler = new FiredDeadlineHandler({} as unknown as CaseCommandService, metrics, failing as unknown as ProgramWindowSender);
      await expect(handler.handle(windowDeadline('window-closed'))).rejects.toThrow('open until');
      expect(await metrics.text()).toMatch(/shenbao_deadlines_fired_total\{action="CloseProgramWindow",outcome="error"\} 1/);
    });
  });
});

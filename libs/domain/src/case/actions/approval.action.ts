/**
 * `POST /cases/:id/approval {replyLetterNo, repliedOn}`: the province approves with its formal reply (函复); the
 * program counts it against the quota and groups approvals replied on one date into a batch.
 */
import { DomainError } from '../../errors';
import { dateIn, PROGRAM_TIME_ZONE } from '../../program/program.dates';
import { approvalBatchNoFor, approvalsUsed, latestApprovalDate, replyLetterUsed } from '../../program/program.queries';
import { approvalBreaches } from '../../rules/letters.rules';
import type { Message } from '../../shared/decider';
import { object, text } from '../../shared/input-schema';
import { can, rule } from '../case.guard-kit';
import { defineCaseAction } from './case-action';

export type GrantApproval = Message<'GrantApproval', { replyLetterNo: string; repliedOn: string }>;

export const approval = defineCaseAction<'approval', GrantApproval>({
  name: 'approval',
  commandType: 'GrantApproval',
  route: { method: 'POST', path: 'approval', status: 200, summary: 'Grant approval with the reply letter (province)', operationId: 'GrantApprovalController_approve' },
  input: object('GrantApprovalDto', {
    replyLetterNo: text(100, { example: '粤工信数字产业函〔2019〕900号' }),
    repliedOn: text(10, { format: 'date', example: '2019-08-01', description: 'YYYY-MM-DD; approvals replied on the same date form one batch' }),
  }),
  toCommand: (body) => ({ type: 'GrantApproval', data: { replyLetterNo: body.replyLetterNo as string, repliedOn: body.repliedOn as string } }),
  guard: {
    roles: ['province'],
    stage: (s, _a, ctx) => can(s, ctx, { type: 'ApprovalGranted' }),
    rules: (_s, _a, ctx) =>
      approvalsUsed(ctx.program) >= ctx.program.settings.quota.max
        ? rule('QUOTA_REACHED', 'quota.max', `All ${ctx.program.settings.quota.max} approvals of this program are used.`)
        : null,
  },
  decide: (cmd, s, ctx) => {
    const { replyLetterNo, repliedOn } = cmd.data;
    const endsAt = s.publicity.endsAt;
    const breaches = approvalBreaches({
      replyLetterNo,
      repliedOn,
      today: dateIn(ctx.now, PROGRAM_TIME_ZONE),
      publicityEndedOn: endsAt === undefined ? undefined : dateIn(new Date(endsAt), PROGRAM_TIME_ZONE),
      latestBatchOn: latestApprovalDate(ctx.program),
      letterUsed: replyLetterUsed(ctx.program, replyLetterNo),
    });
    if (breaches.length > 0) throw DomainError.rules(breaches);
    const batchNo = approvalBatchNoFor(ctx.program, repliedOn);
    return {
      caseEvents: [{ type: 'ApprovalGranted', data: { replyLetterNo, repliedOn, batchNo } }],
      programEvents: [{ type: 'ApprovalRecorded', data: { caseId: s.caseId, batchNo, repliedOn, replyLetterNo } }],
    };
  },
});

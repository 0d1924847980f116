/**
 * The sealed scans the seeded program's paperwork asks for (gd-bdpz-2019: the 申报书 before submitting, each city's
 * 推荐函 before it recommends), for the suites that drive cases through submit and recommendation without being about
 * paperwork. Over HTTP: `CaseHttp.attachScan` uploads a small real PDF. Through the deciders (the seeders):
 * `decideWithScans` decides the missing scan's AddAttachment before the command and appends both together (no blob
 * behind it: those suites never download it). Paperwork's own rules are tested in case.paperwork.spec.ts and
 * test/e2e/paperwork.e2e-spec.ts.
 */
import { decideCase, evolveCase } from '@shenbao/domain';
import type { AddAttachment, CaseCommand, CaseDecideContext, CaseDecision, CaseFold } from '@shenbao/domain';

/** The scan the program asks for before `command`, when the case lacks it. */
export function scanBefore(command: CaseCommand, state: CaseFold, ctx: CaseDecideContext): AddAttachment | undefined {
  const paperwork = ctx.program.settings.paperwork;
  if (!state || !paperwork) return undefined;
  const scan = (kind: 'sealedApplication' | 'recommendationLetter'): AddAttachment => ({
    type: 'AddAttachment',
    data: {
      attachmentId: `${state.caseId.slice(0, 24)}-${kind}-${ctx.actor.cityCode ?? ''}`.slice(0, 64),
      kind, name: `${kind}.pdf`, size: 1024, mediaType: 'application/pdf', sha256: 'e3'.repeat(32),
    },
  });
  if (command.type === 'SubmitCase' && paperwork.sealedApplicationBeforeSubmit && !state.attachments.some((a) => a.kind === 'sealedApplication')) {
    return scan('sealedApplication');
  }
  if (
    command.type === 'IssueRecommendation' && paperwork.recommendationLetterScan &&
    !state.attachments.some((a) => a.kind === 'recommendationLetter' && a.uploadedBy.cityCode === ctx.actor.cityCode)
  ) {
    return scan('recommendationLetter');
  }
  return undefined;
}

/** `decideCase`, preceded by the scan the program asks for when the case lacks it (both decided on the same state). */
export function decideWithScans(command: CaseCommand, state: CaseFold, ctx: CaseDecideContext): CaseDecision {
  const scan = scanBefore(command, state, ctx);
  if (!scan) return decideCase(command, state, ctx);
  const first = decideCase(scan, state, ctx);
  const after = first.caseEvents.reduce<CaseFold>((s, e) => evolveCase(ctx.definition, s, e), state);
  const then = decideCase(command, after, ctx);
  return { caseEvents: [...first.caseEvents, ...then.caseEvents], programEvents: [...first.programEvents, ...then.programEvents] };
}

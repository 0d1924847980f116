/**
 * The program's paperwork rules (422 RULE_VIOLATION, each naming the document), when its settings ask for them
 * (`ProgramSettings.paperwork`; the seeded gd-bdpz-2019 does):
 * - `paperwork.sealedApplication`: the applicant submits only once the scan of the sealed 申报书 is attached
 *   (kind `sealedApplication`);
 * - `paperwork.recommendationLetter`: a city recommends only once it attached the scan of its own sealed 推荐函
 *   (kind `recommendationLetter`, uploaded by an officer of that city).
 */
import type { RuleBreach } from '../errors';
import type { AttachmentAdded } from '../case/case.events';
import type { PaperworkSettings } from '../program/program.events';

type Attached = Pick<AttachmentAdded['data'], 'kind' | 'uploadedBy'>;

export function missingForSubmitScan(attachments: readonly Attached[], paperwork: PaperworkSettings | undefined): RuleBreach[] {
  if (!paperwork?.sealedApplicationBeforeSubmit || attachments.some((a) => a.kind === 'sealedApplication')) return [];
  return [{
    rule: 'paperwork.sealedApplication',
    message: 'The program asks for the sealed application (申报书, 加盖单位公章) before submitting: attach its scan as a sealedApplication (POST /cases/:id/attachments).',
  }];
}

export function missingRecommendationScan(attachments: readonly Attached[], paperwork: PaperworkSettings | undefined, cityCode: string): RuleBreach[] {
  if (!paperwork?.recommendationLetterScan) return [];
  if (attachments.some((a) => a.kind === 'recommendationLetter' && a.uploadedBy.cityCode === cityCode)) return [];
  return [{
    rule: 'paperwork.recommendationLetter',
    message: `The program asks for the city's sealed recommendation letter (推荐函, 加盖公章) before recommending: city ${cityCode} must attach its scan as a recommendationLetter (POST /cases/:id/attachments).`,
  }];
}

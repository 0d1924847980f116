/** The NoticeContext of a case, from the domain's folded CaseState. */
import { currentHolder, type CaseState } from '@shenbao/domain';
import type { NoticeContext } from './notice.types';

export function noticeContextOf(state: CaseState): NoticeContext {
  const party = (p: { cityCode: string; districtCode?: string }) =>
    p.districtCode !== undefined ? { cityCode: p.cityCode, districtCode: p.districtCode } : { cityCode: p.cityCode };
  const holder = currentHolder(state);
  return {
    caseId: state.caseId,
    // The saved form's unit name is the one the applicant chose last.
    unitName: state.application?.cover.unitName || state.applicant.unitName,
    parties: [party(state.applicant), ...state.partners.map(party)],
    cities: [...state.cities],
    stage: state.stage,
    ...(holder ? { holder } : {}),
  };
}

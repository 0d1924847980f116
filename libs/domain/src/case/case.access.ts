/**
 * Who may see a case, and what of it. Visibility decides NOT_FOUND (a case the caller may not see does not exist
 * for them); the action guards (case.guards.ts) then decide FORBIDDEN by role.
 */
import type { Actor } from '../shared/actor';
import type { Party } from './case.events';
import type { CaseState } from './case.state';

const sameDistrict = (p: Party, a: Actor): boolean => p.cityCode === a.cityCode && (p.districtCode ?? '') === (a.districtCode ?? '');

/**
 * An applicant account acts for one unit: a district government (city + district) or a city department (city
 * only). It owns the case when it is the applicant, and shares it when it is one of the joint partners.
 */
export function isCaseParty(state: CaseState, actor: Actor): boolean {
  if (actor.role !== 'applicant' || !actor.cityCode) return false;
  return sameDistrict(state.applicant, actor) || state.partners.some((p) => sameDistrict(p, actor));
}

/** Experts on the current panel who have not recused. */
export const activePanel = (state: CaseState): string[] =>
  state.machine.context.panel.filter((id) => !state.machine.context.recused.includes(id));

export function isActivePanelist(state: CaseState, actor: Actor): boolean {
  return actor.role === 'expert' && !!actor.expertId && activePanel(state).includes(actor.expertId);
}

export function canSeeCase(state: CaseState, actor: Actor): boolean {
  switch (actor.role) {
    case 'admin':
    case 'province':
      return true;
    case 'city':
      return !!actor.cityCode && state.cities.includes(actor.cityCode);
    case 'applicant':
      return isCaseParty(state, actor);
    case 'expert':
      return isActivePanelist(state, actor);
    default: {
      const never: never = actor.role;
      return never;
    }
  }
}

/**
 * The case as this caller may see it. Experts score independently: until the review is concluded an expert sees
 * only its own score sheet. Objectors' identities are for the province only.
 */
export function caseViewFor(state: CaseState, actor: Actor): CaseState {
  let view = state;
  if (actor.role === 'expert' && !state.review.conclusion) {
    const own = actor.expertId ? state.review.scores[actor.expertId] : undefined;
    view = { ...view, review: { ...view.review, scores: own && actor.expertId ? { [actor.expertId]: own } : {} } };
  }
  if (actor.role !== 'province' && view.publicity.objections.length > 0) {
    const objections = view.publicity.objections.map((o) => ({ ...o, objector: { kind: o.objector.kind, name: '', contact: '' } }));
    view = { ...view, publicity: { ...view.publicity, objections } };
  }
  return view;
}

/**
 * Who may see a case, and what of it. Visibility decides NOT_FOUND (a case the caller may not see does not exist
 * for them); the action guards (case.guards.ts) then decide FORBIDDEN by role.
 */
import type { Actor } from '../shared/actor';
import type { Party } from './case.events';
import type { CaseState, ReviewData } from './case.state';

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

/** Who may know experts' identities and individual scores: the province (and administrators) only. */
export const seesExperts = (actor: Actor): boolean => actor.role === 'province' || actor.role === 'admin';

/** A holder as told to someone who may not know experts' identities: the role stays, which experts goes. */
export function holderFor<H extends { expertIds?: string[] } | undefined>(holder: H, actor: Actor): H {
  if (!holder || seesExperts(actor) || holder.expertIds === undefined) return holder;
  const { expertIds: _hidden, ...rest } = holder;
  return rest as H;
}

/** The experts' comments without names, in a fixed order that says nothing about who wrote which. */
export const anonymousComments = (review: ReviewData): string[] =>
  Object.values(review.scores).map((x) => x.comment.trim()).filter((c) => c !== '').sort();

/**
 * The review as the applicant and the cities may see it (DOMAIN.md, "Confidentiality"): nothing while it runs; once
 * concluded, the outcome and the aggregate score (the conclusion) and the comments without names. Panel, recusals,
 * replacements and score sheets — the experts' identities and individual scores — are the province's.
 */
function partyReview(review: ReviewData): ReviewData {
  const base: ReviewData = { recusals: [], replacements: [], scores: {} };
  return review.conclusion ? { ...base, conclusion: review.conclusion, comments: anonymousComments(review) } : base;
}

/**
 * The case as this caller may see it. Experts score independently: until the review is concluded an expert sees
 * only its own score sheet. Experts' identities and individual scores are the province's: the applicant and the
 * cities see the review only as `partyReview` gives it, the defense panel without names, and whom an overdue mark
 * named only by role. Objectors' identities are for the province only.
 */
export function caseViewFor(state: CaseState, actor: Actor): CaseState {
  let view = state;
  if (actor.role === 'expert' && !state.review.conclusion) {
    const own = actor.expertId ? state.review.scores[actor.expertId] : undefined;
    view = { ...view, review: { ...view.review, scores: own && actor.expertId ? { [actor.expertId]: own } : {} } };
  }
  if (actor.role === 'applicant' || actor.role === 'city') {
    const schedule = view.defense.schedule;
    view = {
      ...view,
      review: partyReview(view.review),
      defense: schedule ? { ...view.defense, schedule: { ...schedule, panelExpertIds: [] } } : view.defense,
      overdue: view.overdue.map((o) => (o.holder ? { ...o, holder: holderFor(o.holder, actor) } : o)),
      reminders: view.reminders.map((r) => ({ ...r, holder: holderFor(r.holder, actor) })),
      urges: view.urges.map((u) => ({ ...u, holder: holderFor(u.holder, actor) })),
    };
  }
  if (actor.role !== 'province' && view.publicity.objections.length > 0) {
    const objections = view.publicity.objections.map((o) => ({ ...o, objector: { kind: o.objector.kind, name: '', contact: '' } }));
    view = { ...view, publicity: { ...view.publicity, objections } };
  }
  return view;
}

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
 * The review as an expert of its panel may see it: its own score sheet and recusal, never the others' names or
 * sheets; once concluded, what the applicant sees too (the outcome, the aggregate score, the comments without names).
 */
function expertReview(review: ReviewData, expertId: string | undefined): ReviewData {
  const own = expertId !== undefined ? review.scores[expertId] : undefined;
  return {
    ...partyReview(review),
    recusals: review.recusals.filter((r) => r.expertId === expertId),
    scores: own && expertId !== undefined ? { [expertId]: own } : {},
  };
}

/**
 * The case as this caller may see it (DOMAIN.md, "Confidentiality"). Experts' identities and individual scores are
 * the province's, and each expert's for its own: the applicant and the cities see the review only as `partyReview`
 * gives it, an expert as `expertReview` gives it; the defense panel names at most the caller, and whom an overdue
 * mark, reminder or urge named is told only by role. Objectors' identities are for the province only.
 */
export function caseViewFor(state: CaseState, actor: Actor): CaseState {
  let view = state;
  if (!seesExperts(actor)) {
    const schedule = view.defense.schedule;
    const self = actor.role === 'expert' ? actor.expertId : undefined;
    view = {
      ...view,
      review: actor.role === 'expert' ? expertReview(view.review, self) : partyReview(view.review),
      defense: schedule ? { ...view.defense, schedule: { ...schedule, panelExpertIds: schedule.panelExpertIds.filter((id) => id === self) } } : view.defense,
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

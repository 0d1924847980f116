/**
 * The body of `GET /cases/:id/history`: every event of the case stream with who, when and its hash, redacted for
 * the caller by the same rules as the case view (the domain's `caseViewFor`):
 * - experts' identities and individual scores are the province's, and each expert's for its own: the applicant, the
 *   cities and the experts see that a panel was formed, an expert recused or was replaced and a sheet was submitted,
 *   but not who (nor the draw's pool); of another's sheet only its comment, once the review is concluded; defense
 *   panels (an expert: itself at most) and the holders named by overdue marks, reminders and urges without experts'
 *   ids;
 * - an expert's account id on the events it made is shown to the province and to that expert only, and so is its
 *   display name: a name is given only beside an id the caller may see;
 * - an objector's identity is for the province only.
 * `redacted: true` marks an item whose data (or actor) was cut.
 */
import { holderFor, seesExperts } from '@shenbao/domain';
import type { Actor, CaseHolder, DefenseScheduled, ExpertPanelFormed, ExpertReplaced, ObjectionRaised, ScoresSubmitted } from '@shenbao/domain';
import type { StoredEvent } from '@shenbao/event-store';

export interface HistoryItem {
  position: number;
  revision: number;
  type: string;
  at: string;
  /** `name`: the account's display name, given only with its id (so never an expert's to whom the id is not shown). */
  actor: { id: string; role: string; name?: string };
  data: unknown;
  hash: string;
  redacted?: true;
}

/**
 * Event data as someone who may not know the experts sees it (the applicant, the cities, and an expert — who may
 * know itself: `self`), or undefined when nothing in it names an expert.
 */
function withoutExperts(event: StoredEvent, actor: Actor, reviewConcludedLater: boolean, self: string | undefined): unknown {
  switch (event.type) {
    case 'ExpertPanelFormed': {
      const { expertIds, method } = event.data as ExpertPanelFormed['data'];
      return { method, size: expertIds.length };
    }
    case 'ExpertRecused':
      return self !== undefined && (event.data as { expertId: string }).expertId === self ? undefined : {};
    case 'ExpertReplaced':
      return { method: (event.data as ExpertReplaced['data']).method };
    case 'ScoresSubmitted': {
      const { expertId, comment } = event.data as ScoresSubmitted['data'];
      if (self !== undefined && expertId === self) return undefined;
      return reviewConcludedLater ? { comment } : {};
    }
    case 'DefenseScheduled': {
      const data = event.data as DefenseScheduled['data'];
      return { ...data, panelExpertIds: data.panelExpertIds.filter((id) => id === self) };
    }
    case 'StageOverdueMarked':
    case 'StageReminderSent':
    case 'CaseUrged': {
      const data = event.data as { holder?: CaseHolder };
      return data.holder?.expertIds === undefined ? undefined : { ...data, holder: holderFor(data.holder, actor) };
    }
    default:
      return undefined;
  }
}

/** The event's data as this caller may see it, or undefined when it may see all of it. */
export function redactedData(event: StoredEvent, actor: Actor, reviewConcludedLater: boolean): unknown {
  if (event.type === 'ObjectionRaised' && actor.role !== 'province') {
    const data = event.data as ObjectionRaised['data'];
    // The same cut as caseViewFor: the kind stays, the name, contact and evidence go.
    return { ...data, objector: { kind: data.objector.kind, name: '', contact: '' } };
  }
  if (seesExperts(actor)) return undefined;
  return withoutExperts(event, actor, reviewConcludedLater, actor.role === 'expert' ? actor.expertId : undefined);
}

/** Who did it, as this caller may see it: an expert's account is named only to the province and to that expert. */
const actorFor = (event: StoredEvent, actor: Actor): { id: string; role: string } =>
  event.metadata.role === 'expert' && !seesExperts(actor) && event.metadata.actor !== actor.userId
    ? { id: '', role: 'expert' }
    : { id: event.metadata.actor, role: event.metadata.role };

/** A user's display name by account id (undefined for an id that names no account, such as `system`). */
export type NameOf = (userId: string) => string | undefined;

export function toHistory(events: StoredEvent[], actor: Actor, nameOf: NameOf = () => undefined): { items: HistoryItem[] } {
  const items: HistoryItem[] = [];
  let concludedLater = false;
  // Walk backwards so each score sheet knows whether a conclusion of its review comes after it.
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'ExpertReviewConcluded') concludedLater = true;
    const data = redactedData(e, actor, concludedLater);
    const who = actorFor(e, actor);
    const redacted = data !== undefined || who.id !== e.metadata.actor;
    const name = who.id === '' ? undefined : nameOf(who.id);
    // A panel starts a review: a conclusion after it belongs to that review, not to the sheets of an earlier one.
    if (e.type === 'ExpertPanelFormed') concludedLater = false;
    items.push({
      position: e.position,
      revision: e.revision,
      type: e.type,
      at: e.metadata.at,
      actor: name === undefined ? who : { ...who, name },
      data: data === undefined ? e.data : data,
      hash: e.metadata.hash,
      ...(redacted ? { redacted: true as const } : {}),
    });
  }
  return { items: items.reverse() };
}

/**
 * The body of `GET /cases/:id/history`: every event of the case stream with who, when and its hash, redacted for
 * the caller by the same rules as the case view (the domain's `caseViewFor`):
 * - experts score independently: another expert's score sheet stays hidden from an expert until a conclusion of
 *   the review follows it in the stream;
 * - an objector's identity is for the province only.
 * `redacted: true` marks an item whose data was cut.
 */
import type { Actor, ObjectionRaised, ScoresSubmitted } from '@shenbao/domain';
import type { StoredEvent } from '@shenbao/event-store';

export interface HistoryItem {
  position: number;
  revision: number;
  type: string;
  at: string;
  actor: { id: string; role: string };
  data: unknown;
  hash: string;
  redacted?: true;
}

/** The event's data as this caller may see it, or undefined when it may see all of it. */
export function redactedData(event: StoredEvent, actor: Actor, reviewConcludedLater: boolean): unknown {
  if (event.type === 'ScoresSubmitted' && actor.role === 'expert' && !reviewConcludedLater) {
    const { expertId } = event.data as ScoresSubmitted['data'];
    return expertId === actor.expertId ? undefined : {};
  }
  if (event.type === 'ObjectionRaised' && actor.role !== 'province') {
    const data = event.data as ObjectionRaised['data'];
    // The same cut as caseViewFor: the kind stays, the name, contact and evidence go.
    return { ...data, objector: { kind: data.objector.kind, name: '', contact: '' } };
  }
  return undefined;
}

export function toHistory(events: StoredEvent[], actor: Actor): { items: HistoryItem[] } {
  const items: HistoryItem[] = [];
  let concludedLater = false;
  // Walk backwards so each score sheet knows whether a conclusion of its review comes after it.
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'ExpertReviewConcluded') concludedLater = true;
    const redacted = redactedData(e, actor, concludedLater);
    // A panel starts a review: a conclusion after it belongs to that review, not to the sheets of an earlier one.
    if (e.type === 'ExpertPanelFormed') concludedLater = false;
    items.push({
      position: e.position,
      revision: e.revision,
      type: e.type,
      at: e.metadata.at,
      actor: { id: e.metadata.actor, role: e.metadata.role },
      data: redacted === undefined ? e.data : redacted,
      hash: e.metadata.hash,
      ...(redacted === undefined ? {} : { redacted: true as const }),
    });
  }
  return { items: items.reverse() };
}

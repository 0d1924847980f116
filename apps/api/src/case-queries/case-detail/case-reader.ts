/**
 * Loads a case for the read routes straight from its stream (never from a read model, so a detail is always current
 * and `asOf` can replay any earlier moment): the events, the folded state, its workflow version, and the program it
 * belongs to. A case the caller may not see is NOT_FOUND, exactly as for commands.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, canSeeCase, caseStream, foldCase } from '@shenbao/domain';
import type { Actor, CaseEvent, CaseState, ProgramState } from '@shenbao/domain';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { StreamLoader, WorkflowCatalog } from '@shenbao/commands';
import { EVENT_STORE } from '@shenbao/host';

export interface LoadedCase {
  /** The whole stream, in revision order. */
  events: StoredEvent[];
  state: CaseState;
  definition: WorkflowDefinition;
}

const asMessages = <E>(events: StoredEvent[]): E[] => events.map((e) => ({ type: e.type, data: e.data }) as E);

/**
 * Who may read a case: the domain's visibility, plus an applicant account's own drafts (the case list shows a case
 * to the user who created it, so its detail must open too).
 */
export function mayRead(state: CaseState, actor: Actor): boolean {
  return canSeeCase(state, actor) || (actor.role === 'applicant' && state.createdBy === actor.userId);
}

export const caseNotFound = (id: string): DomainError => new DomainError('NOT_FOUND', `No case ${id} visible to you.`);

/** The events of a stream up to an instant: the prefix before the first event recorded after it. */
export function eventsAsOf(events: StoredEvent[], asOf: string): StoredEvent[] {
  const limit = Date.parse(asOf);
  const after = events.findIndex((e) => Date.parse(e.metadata.at) > limit);
  return after === -1 ? events : events.slice(0, after);
}

@Injectable()
export class CaseReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalog: WorkflowCatalog,
    private readonly streams: StreamLoader,
  ) {}

  /** The case when it exists and the actor may read it; NOT_FOUND otherwise. */
  async loadVisible(caseId: string, actor: Actor): Promise<LoadedCase> {
    const events = await this.store.readStream(caseStream(caseId));
    const first = events[0];
    if (!first || first.type !== 'CaseCreated') throw caseNotFound(caseId);
    const { key, version } = (first.data as Extract<CaseEvent, { type: 'CaseCreated' }>['data']).workflow;
    const definition = await this.definition(key, version);
    const state = this.fold(definition, events);
    if (!state || !mayRead(state, actor)) throw caseNotFound(caseId);
    return { events, state, definition };
  }

  fold(definition: WorkflowDefinition, events: StoredEvent[]): CaseState | null {
    return foldCase(definition, asMessages<CaseEvent>(events));
  }

  /**
   * The program as stored now, from the commands' cached fold (only the events after it are read): a program stream
   * grows with its cases, so folding it whole made every detail read cost O(cases in the program).
   */
  async program(programId: string): Promise<ProgramState | null> {
    return (await this.streams.loadProgram(programId))?.state ?? null;
  }

  private async definition(key: string, version: number): Promise<WorkflowDefinition> {
    let published = this.catalog.get(key, version);
    if (!published) {
      // Published through another API process since this one last looked.
      await this.catalog.catchUp();
      published = this.catalog.get(key, version);
    }
    if (!published) throw new Error(`Workflow ${key}@${version} of a stored case is not in the log`);
    return published.definition;
  }
}

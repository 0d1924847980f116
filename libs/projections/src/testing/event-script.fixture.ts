/**
 * Test helper: appends hand-built events (shapes from the domain's event catalogue) to a MemoryEventStore, with a
 * clock that advances one minute per event so timestamps are distinct and deterministic.
 */
import { MemoryEventStore, type EventMetadata, type NewEvent } from '@shenbao/event-store';
import { GD_BDPZ_2019, foldCaseEvents, stageOf, type CaseMachineEvent, type Stage, type WorkflowDefinition } from '@shenbao/workflows';
import type { CaseEvent, ProgramEvent } from '@shenbao/domain';
import type { ResolveDefinition } from '../shared/case-states';

export const resolveGd: ResolveDefinition = (key, version) =>
  key === GD_BDPZ_2019.key && version === GD_BDPZ_2019.version ? GD_BDPZ_2019 : undefined;

export interface Write {
  stream: string;
  event: CaseEvent | ProgramEvent | { type: string; data: unknown };
}

export class EventScript {
  readonly store = new MemoryEventStore();
  private tick = 0;
  private seq = 0;

  /** Appends one case event; returns its global position. */
  async onCase(caseId: string, event: CaseEvent, role = 'applicant'): Promise<number> {
    return this.atomic([{ stream: `case-${caseId}`, event }], role);
  }

  async onProgram(programId: string, event: ProgramEvent, role = 'admin'): Promise<number> {
    return this.atomic([{ stream: `program-${programId}`, event }], role);
  }

  /** Several streams in one atomic append (a case and its program), as the command handlers do. */
  async atomic(writes: Write[], role = 'province'): Promise<number> {
    const at = new Date(Date.UTC(2019, 2, 1, 1, 0) + this.tick++ * 60_000).toISOString();
    const metadata: EventMetadata = {
      actor: `u-${role}`,
      role,
      at,
      correlationId: `corr-${this.tick}`,
      causationId: `cmd-${this.tick}`,
      schemaVersion: 1,
    };
    const byStream = new Map<string, NewEvent[]>();
    for (const w of writes) {
      const list = byStream.get(w.stream) ?? [];
      list.push({ id: `ev-${++this.seq}`, type: w.event.type, data: w.event.data, metadata });
      byStream.set(w.stream, list);
    }
    const result = await this.store.append(
      [...byStream].map(([stream, events]) => ({ stream, expectedRevision: 'any' as const, events })),
    );
    return result.position;
  }

  /** The machine's stage-entry counter for a case now (what the deadline machinery names in StageOverdueMarked). */
  async entryOf(caseId: string, definition: WorkflowDefinition = GD_BDPZ_2019): Promise<number> {
    const events = await this.store.readStream(`case-${caseId}`);
    return foldCaseEvents(definition, events as unknown as CaseMachineEvent[]).context.entry;
  }

  /** The case's stage now (what reminders, urges and overdue marks name). */
  async stageOf(caseId: string, definition: WorkflowDefinition = GD_BDPZ_2019): Promise<Stage> {
    const events = await this.store.readStream(`case-${caseId}`);
    return stageOf(foldCaseEvents(definition, events as unknown as CaseMachineEvent[]));
  }
}

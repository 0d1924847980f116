/**
 * The programs, folded from the program streams without their per-case index, for `GET /programs[/:id]`; persisted
 * with its checkpoint in app.sqlite, so a start reads only the program events after it (persisted-read-model.ts).
 * Commands never decide on this: they load the program stream itself (cases/loading/stream-loader.ts).
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { evolveProgram } from '@shenbao/domain';
import type { ProgramEvent, ProgramState } from '@shenbao/domain';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import type { AppDatabase } from '@shenbao/commands';
import { PersistedReadModel, MetricsService } from '@shenbao/commands';
import { APP_DATABASE, EVENT_STORE } from '@shenbao/host';

export interface ProgramRecord {
  state: ProgramState;
  createdAt: string;
  updatedAt: string;
}

const PREFIX = 'program-';
/**
 * What the view shows: settings, recommendation slots, batches, approvals. Not the per-case index (`CaseRegistered`,
 * `CaseClosed`), which grows with the cases: reading and folding it made every start cost O(cases), copying it at
 * every event O(cases²). So `updatedAt` is the last change of what the view shows.
 */
const TYPES = new Set<string>([
  'ProgramCreated',
  'RecommendationSlotUsed',
  'RecommendationSlotReleased',
  'PublicityBatchOpened',
  'ApprovalRecorded',
] satisfies ProgramEvent['type'][]);

@Injectable()
export class ProgramDirectory extends PersistedReadModel<ProgramRecord> implements OnModuleInit {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Optional() @Inject(APP_DATABASE) db?: AppDatabase, @Optional() metrics?: MetricsService) {
    super(store, db, { name: 'programs', version: 1, types: [...TYPES] }, metrics);
  }

  async onModuleInit(): Promise<void> {
    await this.catchUp();
  }

  protected apply(stored: StoredEvent): void {
    if (!stored.stream.startsWith(PREFIX) || !TYPES.has(stored.type)) return;
    const id = stored.stream.slice(PREFIX.length);
    const current = this.rows.get(id);
    const state = evolveProgram(current?.state ?? null, { type: stored.type, data: stored.data } as ProgramEvent);
    if (!state) return;
    this.put(id, { state, createdAt: current?.createdAt ?? stored.metadata.at, updatedAt: stored.metadata.at });
  }

  byId(id: string): ProgramRecord | undefined {
    return this.rows.get(id);
  }

  /** Ordered by key, after `afterKey` (exclusive). */
  list(limit: number, afterKey?: string): ProgramRecord[] {
    return [...this.rows.values()]
      .filter((p) => afterKey === undefined || p.state.settings.key > afterKey)
      .sort((a, b) => (a.state.settings.key < b.state.settings.key ? -1 : 1))
      .slice(0, limit);
  }
}

/**
 * The expert pool as a list, folded from the expert streams; persisted with its checkpoint in app.sqlite, so a start
 * reads only the expert events after it (persisted-read-model.ts). Callers depend on the `ExpertDirectory` interface.
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import type { ExpertEvent } from '@shenbao/domain';
import type { AppDatabase } from '../infrastructure/app-database';
import { PersistedReadModel } from '../infrastructure/persisted-read-model';
import { MetricsService } from '../observability/metrics.service';
import { APP_DATABASE, EVENT_STORE } from '@shenbao/host';

export interface ExpertRecord {
  id: string;
  name: string;
  homeCityCode: string;
  employer: string;
  fields: string[];
  active: boolean;
  createdAt: string;
}

export interface ExpertDirectory {
  catchUp(): Promise<void>;
  byId(id: string): ExpertRecord | undefined;
  /** Ordered by id, after `afterId` (exclusive). */
  list(limit: number, afterId?: string): ExpertRecord[];
}

export const EXPERT_DIRECTORY = Symbol('EXPERT_DIRECTORY');
const TYPES = new Set<string>(['ExpertRegistered', 'ExpertUpdated', 'ExpertRetired']);

@Injectable()
export class InMemoryExpertDirectory extends PersistedReadModel<ExpertRecord> implements ExpertDirectory, OnModuleInit {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Optional() @Inject(APP_DATABASE) db?: AppDatabase, @Optional() metrics?: MetricsService) {
    super(store, db, { name: 'experts', version: 1, types: [...TYPES] }, metrics);
  }

  async onModuleInit(): Promise<void> {
    await this.catchUp();
  }

  protected apply(stored: StoredEvent): void {
    if (!TYPES.has(stored.type)) return;
    const event = { type: stored.type, data: stored.data } as ExpertEvent;
    switch (event.type) {
      case 'ExpertRegistered': {
        const { expertId, ...profile } = event.data;
        this.put(expertId, { id: expertId, ...profile, fields: [...profile.fields], active: true, createdAt: stored.metadata.at });
        return;
      }
      case 'ExpertUpdated': {
        const { expertId, ...changes } = event.data;
        const e = this.rows.get(expertId);
        if (e) this.put(expertId, Object.assign(e, changes));
        return;
      }
      case 'ExpertRetired': {
        const e = this.rows.get(event.data.expertId);
        if (e) this.put(e.id, { ...e, active: false });
        return;
      }
    }
  }

  byId(id: string): ExpertRecord | undefined {
    return this.rows.get(id);
  }

  list(limit: number, afterId?: string): ExpertRecord[] {
    return [...this.rows.values()]
      .filter((e) => afterId === undefined || e.id > afterId)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit);
  }
}

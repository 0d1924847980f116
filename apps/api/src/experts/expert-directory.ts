/**
 * The expert pool as a list, folded from the expert streams. In memory for now; libs/projections will provide a
 * durable read model (panel draws will need one), so callers depend on the `ExpertDirectory` interface.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import type { ExpertEvent } from '@shenbao/domain';
import { CatchUpReadModel } from '../infrastructure/catch-up-read-model';
import { EVENT_STORE } from '../infrastructure/tokens';

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
export class InMemoryExpertDirectory extends CatchUpReadModel implements ExpertDirectory, OnModuleInit {
  private readonly experts = new Map<string, ExpertRecord>();

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, [...TYPES]);
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
        this.experts.set(expertId, { id: expertId, ...profile, fields: [...profile.fields], active: true, createdAt: stored.metadata.at });
        return;
      }
      case 'ExpertUpdated': {
        const { expertId, ...changes } = event.data;
        const e = this.experts.get(expertId);
        if (e) Object.assign(e, changes);
        return;
      }
      case 'ExpertRetired': {
        const e = this.experts.get(event.data.expertId);
        if (e) e.active = false;
        return;
      }
    }
  }

  byId(id: string): ExpertRecord | undefined {
    return this.experts.get(id);
  }

  list(limit: number, afterId?: string): ExpertRecord[] {
    return [...this.experts.values()]
      .filter((e) => afterId === undefined || e.id > afterId)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit);
  }
}

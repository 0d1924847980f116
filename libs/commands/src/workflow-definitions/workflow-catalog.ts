/**
 * The published workflow definitions by key and version, folded from the workflow streams (every version is
 * immutable, so this only grows); persisted with its checkpoint in app.sqlite, so a start reads only the versions
 * published after it (persisted-read-model.ts).
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import type { WorkflowVersionPublished } from '@shenbao/domain';
import type { WorkflowDefinition } from '@shenbao/workflows';
import type { AppDatabase } from '../infrastructure/app-database';
import { PersistedReadModel } from '../infrastructure/persisted-read-model';
import { MetricsService } from '../observability/metrics.service';
import { APP_DATABASE, EVENT_STORE } from '@shenbao/host';

export interface PublishedVersion {
  key: string;
  version: number;
  definition: WorkflowDefinition;
  publishedAt: string;
}

export interface WorkflowSummary {
  key: string;
  name: string;
  latestVersion: number;
  versions: { version: number; name: string; publishedAt: string }[];
}

@Injectable()
export class WorkflowCatalog extends PersistedReadModel<PublishedVersion[]> implements OnModuleInit {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Optional() @Inject(APP_DATABASE) db?: AppDatabase, @Optional() metrics?: MetricsService) {
    super(store, db, { name: 'workflows', version: 1, types: ['WorkflowVersionPublished'] }, metrics);
  }

  async onModuleInit(): Promise<void> {
    await this.catchUp();
  }

  protected apply(stored: StoredEvent): void {
    if (stored.type !== 'WorkflowVersionPublished') return;
    const { key, version, definition } = (stored as unknown as WorkflowVersionPublished & StoredEvent).data;
    const versions = this.rows.get(key) ?? [];
    versions.push({ key, version, definition, publishedAt: stored.metadata.at });
    versions.sort((a, b) => a.version - b.version);
    this.put(key, versions);
  }

  get(key: string, version: number): PublishedVersion | undefined {
    return this.rows.get(key)?.find((v) => v.version === version);
  }

  list(): WorkflowSummary[] {
    return [...this.rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, versions]) => {
        const latest = versions[versions.length - 1];
        return {
          key,
          name: latest.definition.name,
          latestVersion: latest.version,
          versions: versions.map((v) => ({ version: v.version, name: v.definition.name, publishedAt: v.publishedAt })),
        };
      });
  }
}

/**
 * The published workflow definitions by key and version, folded from the workflow streams (in memory; every
 * version is immutable, so this is a cache that only grows).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import type { WorkflowVersionPublished } from '@shenbao/domain';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { CatchUpReadModel } from '../infrastructure/catch-up-read-model';
import { EVENT_STORE } from '../infrastructure/tokens';

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
export class WorkflowCatalog extends CatchUpReadModel implements OnModuleInit {
  private readonly byKey = new Map<string, PublishedVersion[]>();

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, ['WorkflowVersionPublished']);
  }

  async onModuleInit(): Promise<void> {
    await this.catchUp();
  }

  protected apply(stored: StoredEvent): void {
    if (stored.type !== 'WorkflowVersionPublished') return;
    const { key, version, definition } = (stored as unknown as WorkflowVersionPublished & StoredEvent).data;
    const versions = this.byKey.get(key) ?? [];
    versions.push({ key, version, definition, publishedAt: stored.metadata.at });
    versions.sort((a, b) => a.version - b.version);
    this.byKey.set(key, versions);
  }

  get(key: string, version: number): PublishedVersion | undefined {
    return this.byKey.get(key)?.find((v) => v.version === version);
  }

  list(): WorkflowSummary[] {
    return [...this.byKey.entries()]
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

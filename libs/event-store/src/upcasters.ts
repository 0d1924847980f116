/**
 * Upcasters lift events stored under an older schema to the current one when they are read. Stored rows are never
 * rewritten (the hash chain covers the stored form), so every read path of every adapter goes through `upcast`.
 */
import { EventStoreError } from './errors';
import type { StoredEvent, Upcaster } from './port';

export class UpcasterRegistry {
  private readonly byType = new Map<string, Map<number, Upcaster>>();

  /** Registers the step from `fromVersion` to `fromVersion + 1` for `type`. */
  register(type: string, fromVersion: number, upcaster: Upcaster): this {
    if (!Number.isInteger(fromVersion)) throw new EventStoreError(`upcaster ${type}: fromVersion must be an integer`);
    let versions = this.byType.get(type);
    if (!versions) {
      versions = new Map();
      this.byType.set(type, versions);
    }
    if (versions.has(fromVersion)) throw new EventStoreError(`upcaster ${type} v${fromVersion} is already registered`);
    versions.set(fromVersion, upcaster);
    return this;
  }

  get isEmpty(): boolean {
    return this.byType.size === 0;
  }

  /**
   * Applies matching steps until none matches. Each step raises schemaVersion by one, so the loop ends even when an
   * upcaster renames the type.
   */
  upcast(event: StoredEvent): StoredEvent {
    let current = event;
    for (;;) {
      const version = current.metadata.schemaVersion;
      const step = this.byType.get(current.type)?.get(version);
      if (!step) return current;
      const next = step(current);
      current = { ...next, metadata: { ...next.metadata, schemaVersion: version + 1 } };
    }
  }
}

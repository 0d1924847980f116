/** Test fixture: appends one event to a stream of any type, with fixed metadata (read models' specs). */
import { randomUUID } from 'node:crypto';
import type { EventStore } from '@shenbao/event-store';

const meta = { actor: 'system', role: 'admin', at: '2026-03-02T08:00:00.000Z', correlationId: 'c', causationId: 'c', schemaVersion: 1 };

export async function appendEvent(store: EventStore, stream: string, type: string, data: unknown = {}): Promise<void> {
  await store.append([{ stream, expectedRevision: 'any', events: [{ id: randomUUID(), type, data, metadata: meta }] }]);
}

/**
 * Helpers for the contract suite and adapter specs: event factories, a bounded subscription reader, and the
 * one-byte change that tamper hooks apply to stored JSON text.
 */
import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent, StoredEvent, Subscription } from './port';

export function newEvent(data: Record<string, unknown> = {}, overrides: Partial<NewEvent> = {}): NewEvent {
  const metadata: EventMetadata = {
    actor: 'u-1',
    role: 'applicant',
    at: '2026-03-01T08:00:00.000Z',
    correlationId: 'corr-1',
    causationId: 'cmd-1',
    schemaVersion: 1,
    ...overrides.metadata,
  };
  return { id: randomUUID(), type: 'TestHappened', data: { note: 'note', ...data }, ...overrides, metadata };
}

export function eventsAt(instants: string[]): NewEvent[] {
  return instants.map((at, i) => newEvent({ i }, { metadata: { ...newEvent().metadata, at } }));
}

/** Reads `count` events from a subscription, failing (not hanging) when they do not all arrive in time. */
export async function take(subscription: Subscription, count: number, timeoutMs = 5000): Promise<StoredEvent[]> {
  const seen: StoredEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void subscription.close();
      reject(new Error(`subscription delivered ${seen.length} of ${count} events within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const reading = (async () => {
    if (count === 0) return seen;
    for await (const event of subscription) {
      seen.push(event);
      if (seen.length >= count) break;
    }
    return seen;
  })();
  try {
    return await Promise.race([reading, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Changes one character of the first string value in a JSON text (keeps it valid JSON), as a tamperer editing a
 * stored row would.
 */
export function changeOneByte(json: string): string {
  const at = json.indexOf(':"') + 2;
  const char = json[at];
  if (at < 2 || char === undefined || !/[0-9A-Za-z]/.test(char)) throw new Error(`no string value to tamper in ${json}`);
  const replacement = char === 'x' ? 'y' : 'x';
  return json.slice(0, at) + replacement + json.slice(at + 1);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

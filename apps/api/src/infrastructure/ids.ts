/**
 * Ids: random uuids for everything a user creates; time-ordered ones for events; name-based ones where a write must
 * be repeatable (seeding).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/**
 * A uuid for a new event (RFC 9562 version 7: 48 bits of Unix milliseconds, then 74 random bits). The event store
 * keeps a unique index on event ids; random (v4) ids land on a random page of that index on every append, so each
 * group commit dirtied one index page per event, while ids that grow with time all land at its end. Measured in
 * BENCHMARKS.md. Ids from one millisecond are unordered among themselves, which the index does not mind.
 */
export function newEventId(now = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  return formatUuid(b.toString('hex'));
}

/** A stable uuid (RFC 9562 v8 layout) for a name, so seeding the same thing twice yields the same event id. */
export function nameBasedId(name: string): string {
  const h = createHash('sha256').update(`shenbao:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  return formatUuid(h.subarray(0, 16).toString('hex'));
}

function formatUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

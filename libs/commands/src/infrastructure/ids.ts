/**
 * Ids: random uuids for everything a user creates; time-ordered ones for events; name-based ones where a write must
 * be repeatable (seeding).
 */
import { createHash, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/**
 * A uuid for a new event (RFC 9562 version 7: 48 bits of Unix milliseconds, then 74 random bits). The event store
 * keeps a unique index on event ids; random (v4) ids land on a random page of that index on every append, so each
 * group commit dirtied one index page per event, while ids that grow with time all land at its end. Measured in
 * BENCHMARKS.md. Ids from one millisecond are unordered among themselves, which the index does not mind.
 */
export function newEventId(now = Date.now()): string {
  // randomUUID draws from a cached entropy pool (randomBytes per call measured ~20 times slower); its variant bits
  // are already right, and its version nibble is replaced by 7 along with the first 48 bits.
  const random = randomUUID();
  const ms = now.toString(16).padStart(12, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${random.slice(15)}`;
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

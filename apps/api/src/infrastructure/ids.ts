/** Ids: random uuids for everything a user creates; name-based ones where a write must be repeatable (seeding). */
import { createHash, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/** A stable uuid (RFC 9562 v8 layout) for a name, so seeding the same thing twice yields the same event id. */
export function nameBasedId(name: string): string {
  const h = createHash('sha256').update(`shenbao:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

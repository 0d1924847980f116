/**
 * Monitoring answers kept between reads: a program's answer for one scope (all zones, or one city's) stays valid
 * while the read models stand at the same position (no event since) and the clock has not reached the answer's next
 * change (`MonitoringAnswer.validUntil`: a period falling due or missed, midnight). The provincial office re-reads
 * a 200-zone program far more often than any of its zones changes, and working the answer out again costs several
 * milliseconds of CPU each time.
 */
import { LruMap } from '@shenbao/event-store';
import type { ZoneView } from './monitoring.view';

/** Programs × scopes kept; an answer of 200 zones is a few hundred kB. */
const CAPACITY = 32;

interface Entry {
  position: number;
  validUntil: number;
  view: { zones: ZoneView[] };
}

export class MonitoringAnswers {
  private readonly entries = new LruMap<string, Entry>(CAPACITY);

  /** The answer kept for `key` when it still holds at `position` and `now`. */
  get(key: string, position: number, now: Date): { zones: ZoneView[] } | undefined {
    const e = this.entries.get(key);
    return e !== undefined && e.position === position && now.getTime() < e.validUntil ? e.view : undefined;
  }

  set(key: string, position: number, validUntil: number, view: { zones: ZoneView[] }): void {
    this.entries.set(key, { position, validUntil, view });
  }
}

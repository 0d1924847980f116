/**
 * The integrity rules of the command path: the chain hash new streams get, and the streams the integrity check found broken (integrity/integrity.service.ts fills it). A command that would
 * append to one is refused before anything is stored: 403 FORBIDDEN with `details.reason: "integrityIncident"` and
 * the stream, position and kind — the API's error codes are binding, and like `passwordChangeRequired` this is a
 * refusal of an action the caller's role would allow, for a reason named in details. An operator restores the stream
 * from a backup; appending to a chain that no longer verifies would bury the damage under new, validly linked events.
 */
import { Injectable } from '@nestjs/common';
import { DomainError } from '@shenbao/domain';
import { isBlobIncident } from '@shenbao/event-store';
import type { ChainHash, IntegrityIncident } from '@shenbao/event-store';
import type { AppDatabase } from './app-database';

const RELOAD_MS = 5000;

/** The incidents app.sqlite holds (none while the integrity check never ran on this DATA_DIR). */
export function incidentsIn(db: AppDatabase): IntegrityIncident[] {
  try {
    return db.prepare('SELECT stream, position, kind, detail, detected_at AS detectedAt FROM integrity_incidents').all() as IntegrityIncident[];
  } catch {
    return [];
  }
}

@Injectable()
export class IntegrityGuard {
  private readonly broken = new Map<string, IntegrityIncident>();

  private loadedAt = 0;

  constructor(
    /** The chain hash commands ask for: a new stream is chained with it (INTEGRITY_ALGORITHM=sm: SM3), an existing one keeps its own. */
    readonly newStreamHash: ChainHash = 'sha256',
    /**
     * The incidents kept in app.sqlite, read at most every RELOAD_MS: a process without the integrity check (apps/worker)
     * learns of them there, the API's own check also adds them as it finds them.
     */
    private readonly load?: () => IntegrityIncident[],
  ) {}

  /**
   * Marks the incident's stream broken (the first incident per stream is kept). An incident without a stream names
   * none; an attachment's changed or missing bytes break no stream (its chain still verifies, and the case goes on:
   * storing the same file again, or restoring it from a backup, mends the blob).
   */
  add(incident: IntegrityIncident): void {
    if (isBlobIncident(incident.kind)) return;
    if (incident.stream !== '' && !this.broken.has(incident.stream)) this.broken.set(incident.stream, incident);
  }

  isBroken(stream: string): boolean {
    return this.broken.has(stream);
  }

  /** Throws when one of the streams is broken. */
  check(streams: readonly string[]): void {
    if (this.load && Date.now() - this.loadedAt > RELOAD_MS) {
      this.loadedAt = Date.now();
      for (const incident of this.load()) this.add(incident);
    }
    for (const stream of streams) {
      const incident = this.broken.get(stream);
      if (!incident) continue;
      throw new DomainError(
        'FORBIDDEN',
        `Stream ${stream} failed its integrity check (${incident.kind} at position ${incident.position}): nothing more is appended to it until an operator restores it.`,
        { reason: 'integrityIncident', stream, position: incident.position, kind: incident.kind },
      );
    }
  }
}

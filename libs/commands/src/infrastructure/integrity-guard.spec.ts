import Database from 'better-sqlite3';
import { isDomainError } from '@shenbao/domain';
import type { IntegrityIncident } from '@shenbao/event-store';
import { IntegrityGuard, incidentsIn } from './integrity-guard';

const incident: IntegrityIncident = { stream: 'case-1', position: 7, kind: 'changed', detail: 'x', detectedAt: '2026-01-01T00:00:00.000Z' };

describe('IntegrityGuard', () => {
  it('refuses a broken stream with FORBIDDEN, details.reason integrityIncident, stream, position and kind', () => {
    const guard = new IntegrityGuard();
    guard.check(['case-1']);
    guard.add(incident);
    guard.add({ ...incident, stream: '' }); // names no stream: refuses nothing
    let thrown: unknown;
    try {
      guard.check(['case-2', 'case-1']);
    } catch (e) {
      thrown = e;
    }
    expect(isDomainError(thrown) && thrown.code).toBe('FORBIDDEN');
    expect((thrown as { details: unknown }).details).toEqual({ reason: 'integrityIncident', stream: 'case-1', position: 7, kind: 'changed' });
    expect(() => guard.check(['case-2', ''])).not.toThrow();
  });

  it('learns the incidents kept in app.sqlite (a process without the check: apps/worker)', () => {
    const db = new Database(':memory:');
    expect(incidentsIn(db)).toEqual([]);
    db.exec('CREATE TABLE integrity_incidents (stream TEXT, position INTEGER, kind TEXT, detail TEXT, detected_at TEXT)');
    db.prepare('INSERT INTO integrity_incidents VALUES (?, ?, ?, ?, ?)').run('case-1', 7, 'changed', 'x', incident.detectedAt);
    const guard = new IntegrityGuard('sha256', () => incidentsIn(db));
    expect(() => guard.check(['case-1'])).toThrow('Stream case-1 failed its integrity check (changed at position 7)');
  });
});

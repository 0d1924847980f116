/**
 * The benchmark's client loops, all in this process against one server:
 *  - save loops: one per applicant, `PUT /cases/:id/application` back to back with If-Match (its last revision) and
 *    an Idempotency-Key, recording each acknowledged (200) save's latency, revision, position and marker;
 *  - a health loop: `GET /health` back to back, one at a time;
 *  - visibility probes: save, then poll `GET /cases?programId=…` until the case's row shows a revision ≥ the one
 *    the save acknowledged; the time from the save's response to the poll response that shows it is the
 *    command-response → visible-in-case-list latency (it includes that poll's own round trip).
 */
import { summarize } from './http-client';
import type { HttpClient, JsonClient, LatencySummary } from './http-client';
import { API, applicationFor } from './setup';
import type { Applicant } from './setup';

export interface Ack {
  caseId: string;
  marker: string;
  revision: number;
  position: number;
}

export interface SaveStats {
  acks: Ack[];
  /** Latencies (ms) of acknowledged saves sent inside the measured window. */
  latencies: number[];
  /** Non-200 answers by status, and transport errors. */
  failures: Record<string, number>;
  /** Saves that may or may not have been appended (transport error / timeout): their markers. */
  unknown: Set<string>;
}

export const newSaveStats = (): SaveStats => ({ acks: [], latencies: [], failures: {}, unknown: new Set() });

/** Every acknowledged and every uncertain save of `parts` (warm-up, measured, probes), for the history check. */
export function allSaves(...parts: SaveStats[]): SaveStats {
  const all = newSaveStats();
  for (const s of parts) {
    all.acks.push(...s.acks);
    for (const m of s.unknown) all.unknown.add(m);
  }
  return all;
}

export interface LoopOptions {
  client: HttpClient;
  runId: string;
  idempotency: boolean;
}

/** Per-applicant save counter, so markers stay unique across phases. */
const counters = new Map<string, number>();

/** One save; resolves to the ack (and records it) or undefined. Updates the applicant's revision. */
export async function saveOnce(o: LoopOptions, a: Applicant, stats: SaveStats, record: boolean): Promise<{ ack: Ack; ms: number } | undefined> {
  const n = (counters.get(a.caseId) ?? 0) + 1;
  counters.set(a.caseId, n);
  const marker = `${a.username}#${n}`;
  const headers: Record<string, string> = { 'if-match': `"${a.revision}"` };
  if (o.idempotency) headers['idempotency-key'] = `${o.runId}-${a.username}-${n}`;
  const body = applicationFor(`${a.districtCode} 区人民政府`, marker, n);
  let res;
  try {
    res = await o.client.send<{ revision: number; position: number; details?: { currentRevision?: number } }>('PUT', `${API}/cases/${a.caseId}/application`, { token: a.token, body, headers });
  } catch {
    stats.failures.transport = (stats.failures.transport ?? 0) + 1;
    stats.unknown.add(marker);
    return undefined;
  }
  if (res.status !== 200) {
    stats.failures[String(res.status)] = (stats.failures[String(res.status)] ?? 0) + 1;
    const current = res.body.details?.currentRevision;
    if (res.status === 409 && typeof current === 'number') a.revision = current;
    return undefined;
  }
  a.revision = res.body.revision;
  const ack = { caseId: a.caseId, marker, revision: res.body.revision, position: res.body.position };
  stats.acks.push(ack);
  if (record) stats.latencies.push(res.ms);
  return { ack, ms: res.ms };
}

export async function saveLoop(o: LoopOptions, a: Applicant, stats: SaveStats, until: number): Promise<void> {
  while (Date.now() < until) await saveOnce(o, a, stats, true);
}

export interface HealthStats {
  ok: number;
  other: number;
  latencies: number[];
}

export async function healthLoop(client: JsonClient, until: number): Promise<HealthStats> {
  const stats: HealthStats = { ok: 0, other: 0, latencies: [] };
  while (Date.now() < until) {
    const res = await client.send('GET', '/health').catch(() => undefined);
    if (res?.status === 200) {
      stats.ok += 1;
      stats.latencies.push(res.ms);
    } else stats.other += 1;
  }
  return stats;
}

export interface VisibilityStats {
  latencies: number[];
  polls: number;
  /** Saves whose row did not show the revision within the poll limit. */
  timedOut: number;
}

const VISIBILITY_LIMIT_MS = 5000;

export async function visibilityProbe(o: LoopOptions, a: Applicant, programId: string, stats: SaveStats, vis: VisibilityStats, until: number): Promise<void> {
  const listPath = `${API}/cases?programId=${encodeURIComponent(programId)}&limit=50`;
  while (Date.now() < until) {
    const saved = await saveOnce(o, a, stats, false);
    if (!saved) continue;
    const acked = process.hrtime.bigint();
    const giveUp = Date.now() + VISIBILITY_LIMIT_MS;
    for (;;) {
      const res = await o.client.send<{ items: { id: string; revision: number }[] }>('GET', listPath, { token: a.token }).catch(() => undefined);
      vis.polls += 1;
      const row = res?.status === 200 ? res.body.items.find((i) => i.id === a.caseId) : undefined;
      if (row && row.revision >= saved.ack.revision) {
        vis.latencies.push(Number(process.hrtime.bigint() - acked) / 1e6);
        break;
      }
      if (Date.now() > giveUp) {
        vis.timedOut += 1;
        break;
      }
    }
  }
}

export interface HistoryCheck {
  cases: number;
  acknowledged: number;
  savedEvents: number;
  missing: number;
  duplicated: number;
  revisionMismatches: number;
  /** ApplicationSaved events no ack accounts for (only possible for saves whose answer was lost). */
  unacknowledgedEvents: number;
  ok: boolean;
}

interface HistoryItem {
  revision: number;
  type: string;
  data: unknown;
}

/** Every acknowledged save is in its case's history exactly once, at the acknowledged revision. */
export async function checkHistory(
  client: HttpClient,
  applicants: Applicant[],
  stats: SaveStats,
  markerOf: (data: unknown) => string | undefined,
): Promise<HistoryCheck> {
  const acksByMarker = new Map(stats.acks.map((a) => [a.marker, a]));
  const seen = new Map<string, number>();
  let savedEvents = 0;
  let revisionMismatches = 0;
  let unacknowledgedEvents = 0;
  for (const a of applicants) {
    const { items } = await client.expect<{ items: HistoryItem[] }>(200, 'GET', `${API}/cases/${a.caseId}/history`, { token: a.token });
    for (const item of items) {
      if (item.type !== 'ApplicationSaved') continue;
      savedEvents += 1;
      const marker = markerOf((item.data as { application?: unknown }).application);
      const ack = marker === undefined ? undefined : acksByMarker.get(marker);
      if (marker === undefined || !ack) {
        if (marker === undefined || !stats.unknown.has(marker)) unacknowledgedEvents += 1;
        continue;
      }
      seen.set(marker, (seen.get(marker) ?? 0) + 1);
      if (ack.revision !== item.revision || ack.caseId !== a.caseId) revisionMismatches += 1;
    }
  }
  const missing = stats.acks.filter((a) => !seen.has(a.marker)).length;
  const duplicated = [...seen.values()].filter((n) => n > 1).length;
  return {
    cases: applicants.length,
    acknowledged: stats.acks.length,
    savedEvents,
    missing,
    duplicated,
    revisionMismatches,
    unacknowledgedEvents,
    ok: missing === 0 && duplicated === 0 && revisionMismatches === 0 && unacknowledgedEvents === 0,
  };
}

export function latency(values: number[]): LatencySummary {
  return summarize(values);
}

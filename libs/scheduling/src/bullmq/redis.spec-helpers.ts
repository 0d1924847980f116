/**
 * Shared by the BullMQ adapter's integration tests: a unique key prefix per test on the real Redis
 * (127.0.0.1:6379 unless REDIS_URL says otherwise), cleanup by prefix (SCAN + UNLINK, never FLUSH), condition waits,
 * and case events for building logs.
 */
import { createHash, randomBytes } from 'node:crypto';
import IORedis, { type Redis } from 'ioredis';
import type { MemoryEventStore, NewEvent } from '@shenbao/event-store';
import { GD_BDPZ_2019, type WorkflowDefinition } from '@shenbao/workflows';
import type { Deadline } from '../deadline.types';
import { deleteKeys } from './redis-connection';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniquePrefix(): string {
  return `test-${randomBytes(6).toString('hex')}`;
}

export function adminRedis(): Redis {
  return new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 });
}

/** Every key of a test (what "Redis lost its data" looks like to the app, without touching anyone else's keys). */
export async function dropPrefix(redis: Redis, prefix: string): Promise<number> {
  return deleteKeys(redis, `${prefix}:*`);
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A promise a test opens by hand (a handler that blocks until told). */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

export const resolveDefinition = (key: string, version: number): WorkflowDefinition => {
  if (key === GD_BDPZ_2019.key && version === GD_BDPZ_2019.version) return GD_BDPZ_2019;
  throw new Error(`unknown workflow ${key}@${version}`);
};

const GZ = '440100';
/** A Shanghai-time wall clock reading as an ISO instant. */
export const sh = (local: string): string => new Date(`${local}+08:00`).toISOString();

let seq = 0;
function event(type: string, data: unknown, at: string): NewEvent {
  seq += 1;
  return {
    id: `00000000-0000-4000-9000-${String(seq).padStart(12, '0')}`,
    type,
    data,
    metadata: { actor: 'u1', role: 'province', at, correlationId: `c${seq}`, causationId: `c${seq}`, schemaVersion: 1 },
  };
}

export const caseEvents = {
  created: (caseId: string, at: string) =>
    event(
      'CaseCreated',
      {
        caseId,
        programId: 'p1',
        workflow: { key: GD_BDPZ_2019.key, version: GD_BDPZ_2019.version },
        applicant: { cityCode: GZ, districtCode: '440106', unitName: '天河区人民政府', level: 'district' },
        partners: [],
        cities: [GZ],
        createdBy: 'u1',
      },
      at,
    ),
  submitted: (at: string) => event('CaseSubmitted', { cities: [GZ] }, at),
  returned: (at: string) => event('CaseReturnedForRevision', { cityCode: GZ, comment: '补充材料' }, at),
  auditPassed: (at: string) => event('CityAuditPassed', { cityCode: GZ, comment: 'ok' }, at),
  recommended: (at: string) =>
    event('RecommendationIssued', { cityCode: GZ, letterNo: '穗工信函〔2019〕1号', issuedOn: '2019-04-20', statement: '属实' }, at),
  overdue: (stage: string, entry: number, dueAt: string, at: string) => event('StageOverdueMarked', { stage, entry, dueAt }, at),
};

export async function appendCase(store: MemoryEventStore, caseId: string, ...events: NewEvent[]): Promise<void> {
  await store.append([{ stream: `case-${caseId}`, expectedRevision: 'any', events }]);
}

/** An event id derived from the deadline id: the effect of a deadline handled twice is stored once. */
export function effectEventId(deadlineId: string): string {
  const h = createHash('sha256').update(deadlineId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A stand-in for a fired deadline's command in the worker's own tests: one event appended to the case stream, stored
 * once because its id comes from the deadline id. Production events have random ids and rely on the decider instead;
 * that path is tested in test/e2e/redis-deadline-takeover.e2e-spec.ts.
 */
export async function applyEffect(store: MemoryEventStore, d: Deadline): Promise<void> {
  const at = new Date().toISOString();
  await store.append([
    {
      stream: `case-${d.caseId}`,
      expectedRevision: 'any',
      events: [
        {
          id: effectEventId(d.id),
          type: 'StageOverdueMarked',
          data: { stage: d.stage, entry: d.entry, dueAt: d.dueAt },
          metadata: { actor: 'system', role: 'system', at, correlationId: d.id, causationId: d.id, schemaVersion: 1 },
        },
      ],
    },
  ]);
}

/** A deadline of case `caseId` due `inMs` from now (real clock). */
export function deadlineIn(caseId: string, inMs: number, entry = 2): Deadline {
  const dueAt = new Date(Date.now() + inMs).toISOString();
  return {
    id: `dl-${caseId}-cityAudit-${entry}-due`,
    caseId,
    stage: 'cityAudit',
    entry,
    kind: 'due',
    dueAt,
    action: { type: 'MarkOverdue', data: { stage: 'cityAudit', entry, dueAt } },
  };
}

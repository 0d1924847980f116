/**
 * The world of the Redis deadline e2e suite: an API booted on Redis under a prefix of its own (REDIS_PREFIX), with a
 * LiveClock, a seeder (cases through the deciders and the app's CommandRunner) and helpers over one program; and
 * apps/worker started in-process on the same DATA_DIR.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { caseStream, foldCase } from '@shenbao/domain';
import type { Actor, CaseEvent } from '@shenbao/domain';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import type { Deadline } from '@shenbao/scheduling';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import { createWorker } from '../../../apps/worker/src/worker.app';
import { loadConfig, EVENT_STORE } from '@shenbao/host';
import { DEADLINE_BACKEND, DeadlinesService } from '@shenbao/commands';
import type { DeadlineBackend } from '@shenbao/commands';
import { CaseSeeder } from './case-seeding';
import { prov, seedAwaitingPublicity, seedInCityAudit } from './guangzhou-journeys';
import { REDIS_URL } from './redis-test';
import type { LiveClock } from './redis-test';
import { bootTestApp } from './test-app';
import type { TestApp } from './test-app';
import { until } from './until';

export const P = 'p-redis';
export const T0 = new Date('2019-03-15T02:00:00Z');
export const METRICS_TOKEN = 'redis-deadlines-metrics-token-0123456789';
/** Publicity periods here last this long (real time), so BullMQ fires the end within the test. */
export const SHORT_PERIOD_DAYS = 2 / 86400;

export const admin: Actor = { userId: 'u-admin', role: 'admin' };
export { prov };

export { until };

/** An API booted on Redis, with its clock and seeder (cases through the deciders and the app's CommandRunner). */
export class World {
  readonly seed: CaseSeeder;

  constructor(
    readonly t: TestApp,
    readonly clock: LiveClock,
    readonly prefix: string,
  ) {
    this.seed = new CaseSeeder(t.app, clock);
  }

  get store(): EventStore {
    return this.t.app.get<EventStore>(EVENT_STORE);
  }

  get deadlines(): DeadlinesService {
    return this.t.app.get(DeadlinesService);
  }

  get backend(): DeadlineBackend {
    return this.t.app.get<DeadlineBackend>(DEADLINE_BACKEND);
  }

  /** Created, form saved and submitted: in cityAudit. Returns the submission's position. */
  inCityAudit(caseId: string, districtCode: string): Promise<number> {
    return seedInCityAudit(this.seed, P, caseId, districtCode);
  }

  /** Recommended, reviewed, defended and visited: awaiting publicity. */
  awaitingPublicity(caseId: string, districtCode: string): Promise<void> {
    return seedAwaitingPublicity(this.seed, P, caseId, districtCode);
  }

  async ofType(caseId: string, type: string): Promise<StoredEvent[]> {
    return (await this.store.readStream(caseStream(caseId))).filter((e) => e.type === type);
  }

  async stage(caseId: string): Promise<string | undefined> {
    const events = await this.store.readStream(caseStream(caseId));
    return foldCase(GD_BDPZ_2019, events.map((e) => ({ type: e.type, data: e.data }) as CaseEvent))?.stage;
  }

  async reaches(caseId: string, stage: string, timeoutMs?: number): Promise<void> {
    await until(`${caseId} in ${stage}`, async () => ((await this.stage(caseId)) === stage ? true : undefined), timeoutMs);
  }

  /** The pending deadline of `kind` for the case, once the consumer (here or in apps/worker) has applied `position`. */
  async pendingDeadline(caseId: string, kind: string, position?: number): Promise<Deadline> {
    expect(await this.deadlines.caughtUp(position, 10_000)).toBe(true);
    const found = (await this.deadlines.pending()).find((d) => d.caseId === caseId && d.kind === kind);
    if (!found) throw new Error(`no pending ${kind} deadline for ${caseId}`);
    return found;
  }

  async pendingIds(): Promise<string[]> {
    return (await this.deadlines.pending()).map((d) => d.id).sort();
  }

  metrics(): Promise<string> {
    return this.t
      .http()
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200)
      .then((res) => res.text);
  }
}

export async function boot(prefix: string, clock: LiveClock, workers: 'inline' | 'external'): Promise<World> {
  const t = await bootTestApp({ REDIS_URL, REDIS_PREFIX: prefix, WORKERS: workers, METRICS_TOKEN }, { clock: clock.now });
  return new World(t, clock, prefix);
}

/** apps/worker, in this process, on the API's DATA_DIR and Redis prefix. */
export function startWorker(w: World): Promise<INestApplicationContext> {
  const config = loadConfig({ DATA_DIR: w.t.dataDir, REDIS_URL, REDIS_PREFIX: w.prefix, LOG_LEVEL: 'silent' });
  return createWorker(config, { clock: w.clock.now });
}


/**
 * The worker's health signal. It serves no HTTP, so every few seconds it checks what /health checks for the API —
 * the deadline consumer follows the log, Redis answers a PING — and rewrites `worker.heartbeat` in DATA_DIR with the
 * time and the outcome. `healthcheck.ts` (the container's health check) reads it back: healthy when the last beat
 * was good and recent. A hung process stops beating, so its file goes stale as surely as a failing check.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig, RedisProbe } from '@shenbao/host';
import { DeadlinesService } from '@shenbao/commands';
import { REDIS_PROBE, APP_CONFIG } from '@shenbao/host';

export const HEARTBEAT_MS = 10_000;
/** Three missed beats. */
export const STALE_MS = 3 * HEARTBEAT_MS;
const PING_TIMEOUT_MS = 1000;

export interface Beat {
  at: string;
  ok: boolean;
  reason?: string;
}

export const heartbeatFile = (dataDir: string): string => join(dataDir, 'worker.heartbeat');

/** Whether a heartbeat file's content shows a healthy worker at `now`, and why not. */
export function judgeHeartbeat(content: string | undefined, now: number): { healthy: boolean; message: string } {
  if (content === undefined) return { healthy: false, message: 'no heartbeat yet (the worker has not started, or DATA_DIR differs)' };
  let beat: Beat;
  try {
    beat = JSON.parse(content) as Beat;
  } catch {
    return { healthy: false, message: 'the heartbeat file is not JSON' };
  }
  const age = now - Date.parse(beat.at);
  if (!(age <= STALE_MS)) return { healthy: false, message: `the last heartbeat is ${Math.round(age / 1000)} s old (the worker is stopped or hung)` };
  if (!beat.ok) return { healthy: false, message: `unhealthy: ${beat.reason ?? 'no reason given'}` };
  return { healthy: true, message: `healthy (last beat ${Math.round(age / 1000)} s ago)` };
}

@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Heartbeat');
  private timer: NodeJS.Timeout | undefined;
  private lastOk: boolean | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deadlines: DeadlinesService,
    @Inject(REDIS_PROBE) private readonly redis: RedisProbe | null,
  ) {}

  onApplicationBootstrap(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Checks, writes the heartbeat file, and returns what it wrote. */
  async beat(now: Date = new Date()): Promise<Beat> {
    const problems: string[] = [];
    const status = await this.deadlines.status();
    if (!status.up) problems.push(`deadline consumer ${status.state}${status.error ? `: ${status.error}` : ''}`);
    if (this.redis) {
      await this.redis.ping(PING_TIMEOUT_MS).catch((e: unknown) => problems.push(`Redis: ${e instanceof Error ? e.message : String(e)}`));
    }
    const beat: Beat = { at: now.toISOString(), ok: problems.length === 0, ...(problems.length > 0 ? { reason: problems.join('; ') } : {}) };
    const file = heartbeatFile(this.config.dataDir);
    // Written aside and renamed, so the health check never reads half a file.
    writeFileSync(`${file}.tmp`, `${JSON.stringify(beat)}\n`);
    renameSync(`${file}.tmp`, file);
    if (beat.ok !== this.lastOk) {
      if (beat.ok) this.logger.log('Healthy.');
      else this.logger.warn(`Unhealthy: ${beat.reason}`);
    }
    this.lastOk = beat.ok;
    return beat;
  }
}

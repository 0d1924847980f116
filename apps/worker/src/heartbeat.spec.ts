import { Logger } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig, RedisProbe } from '@shenbao/host';
import type { DeadlinesService } from '@shenbao/commands';
import { heartbeatFile, judgeHeartbeat, STALE_MS, WorkerHeartbeat } from './heartbeat';

const AT = Date.parse('2026-05-01T08:00:00.000Z');

describe('judgeHeartbeat', () => {
  const beat = (ok: boolean, at = AT, reason?: string) => JSON.stringify({ at: new Date(at).toISOString(), ok, ...(reason ? { reason } : {}) });

  it('is healthy only for a good beat no older than three intervals', () => {
    expect(judgeHeartbeat(beat(true), AT + STALE_MS).healthy).toBe(true);
    expect(judgeHeartbeat(beat(true), AT + STALE_MS + 1)).toEqual({ healthy: false, message: expect.stringContaining('30 s old') });
    expect(judgeHeartbeat(beat(false, AT, 'Redis: down'), AT)).toEqual({ healthy: false, message: 'unhealthy: Redis: down' });
    expect(judgeHeartbeat(undefined, AT)).toEqual({ healthy: false, message: expect.stringContaining('no heartbeat yet') });
    expect(judgeHeartbeat('{', AT).healthy).toBe(false);
  });
});

describe('WorkerHeartbeat', () => {
  let dataDir: string;
  // Its log lines (healthy / unhealthy) are not what these tests look at.
  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'shenbao-heartbeat-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  function heartbeat(up: boolean, redis: 'up' | 'down' | 'none'): WorkerHeartbeat {
    const deadlines = { status: async () => ({ up, state: up ? 'running' : 'failed', error: up ? undefined : 'disk full' }) } as unknown as DeadlinesService;
    const probe =
      redis === 'none' ? null : ({ ping: async () => (redis === 'up' ? 1 : Promise.reject(new Error('Redis did not answer within 1000 ms'))) } as unknown as RedisProbe);
    return new WorkerHeartbeat({ dataDir } as AppConfig, deadlines, probe);
  }

  it('writes a good beat when the deadline consumer runs and Redis answers', async () => {
    await heartbeat(true, 'up').beat(new Date(AT));
    expect(judgeHeartbeat(readFileSync(heartbeatFile(dataDir), 'utf8'), AT + 1000)).toEqual({ healthy: true, message: 'healthy (last beat 1 s ago)' });
  });

  it('writes a bad beat naming what failed', async () => {
    const beat = await heartbeat(false, 'down').beat(new Date(AT));
    expect(beat).toEqual({ at: new Date(AT).toISOString(), ok: false, reason: 'deadline consumer failed: disk full; Redis: Redis did not answer within 1000 ms' });
    expect(judgeHeartbeat(readFileSync(heartbeatFile(dataDir), 'utf8'), AT).healthy).toBe(false);
  });
});
